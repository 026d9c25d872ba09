/**
 * The scenario file format (version 1), as a zod schema. The names follow
 * design/architecture.md ("Scenario file format") exactly; additions are AL-shaped.
 * `pbtsim schema` publishes {@link scenarioJsonSchema} for editors (`"$schema"`).
 * @module
 */
import { z } from 'zod';
import { DEFAULT_POLICIES, POLICY_TABLE } from './policies.js';

const nonNegInt = z.number().int().nonnegative();
const timespan = z.union([
  nonNegInt,
  z.string().regex(/^\d{1,2}:[0-5]\d:[0-5]\d(\.\d{1,3})?$/, 'a timespan "hh:mm:ss[.fff]"'),
]);
const textDict = z.record(z.string(), z.string());
const errorLevel = z.enum(['Ignore', 'Warning', 'Error']);
const recordId = z.string().min(1).nullable();

/** Durations of a codeunit's work. */
const duration = z.union([
  nonNegInt,
  z.strictObject({ parameter: z.string().min(1) }),
  z.strictObject({ uniform: z.strictObject({ minMs: nonNegInt, maxMs: nonNegInt }) }),
  z.strictObject({ exponential: z.strictObject({ meanMs: z.number().positive().finite() }) }),
  z.strictObject({ normal: z.strictObject({ meanMs: z.number().nonnegative().finite(), sdMs: z.number().nonnegative().finite() }) }),
  z.strictObject({ lognormal: z.strictObject({ medianMs: z.number().positive().finite(), sigma: z.number().nonnegative().finite() }) }),
]);

const codeunit = z.strictObject({
  durationMs: duration,
  outcome: z.union([z.enum(['complete', 'error']), z.strictObject({ errorProbability: z.number().min(0).max(1) })]).optional(),
  results: z.union([textDict, z.array(textDict)]).optional(),
  error: z.strictObject({ code: z.string().min(1).optional(), text: z.string().optional(), callStack: z.string().optional() }).optional(),
  writes: z.array(z.strictObject({ table: z.number().int().positive(), temporary: z.boolean().optional(), afterMs: nonNegInt.optional() })).optional(),
  /** .NET automation calls `"Method,Assembly"` (PBT-CHD-06): refused unless the server allows them. */
  automation: z.array(z.string().min(1)).optional(),
  /** The codeunit starts a background session (StartSession) that writes for it (PBT-CHD-09). */
  startsBackgroundSession: z.boolean().optional(),
  dialog: z.boolean().optional(),
});

const enqueueArgs = z.strictObject({
  codeunit: z.number().int(),
  parameters: textDict.optional(),
  timeoutMs: z.number().int().optional(),
  errorLevel: errorLevel.optional(),
  useReturnValue: z.boolean().optional(),
  taskIdVar: z.string().min(1).optional(),
});
const cancelArgs = z.union([
  z.strictObject({ taskId: z.number().int(), useReturnValue: z.boolean().optional() }),
  z.strictObject({ taskIdVar: z.string().min(1), useReturnValue: z.boolean().optional() }),
]);

/** One AL statement of a trigger or a `call` step. */
const baseStatement = z.union([
  z.strictObject({ enqueue: enqueueArgs }),
  z.strictObject({ cancel: cancelArgs }),
  z.strictObject({ setIsHandled: z.boolean() }),
  z.strictObject({ error: z.union([z.string(), z.strictObject({ text: z.string(), code: z.string().optional() })]) }),
  z.strictObject({ busyMs: nonNegInt }),
  z.strictObject({ setVar: z.strictObject({ name: z.string().min(1), value: z.number().int() }) }),
  z.strictObject({ exitIfTaskIdIsNot: z.string().min(1) }),
  z.strictObject({ dialog: z.enum(['Confirm', 'Message', 'StrMenu', 'RunModal']) }),
  z.strictObject({ notification: z.string() }),
  z.strictObject({ write: z.strictObject({ table: z.number().int().positive(), temporary: z.boolean().optional() }) }),
  z.strictObject({ update: z.strictObject({ saveRecord: z.boolean().optional() }) }),
]);
/** `for i := 1 to times do <statement>`; expanded when the scenario is compiled. */
const statement = z.union([
  baseStatement,
  z.strictObject({ repeat: z.strictObject({ times: z.number().int().min(1).max(10_000), statement: baseStatement }) }),
]);

const triggerNames = [
  'OnOpenPage',
  'OnAfterGetRecord',
  'OnAfterGetCurrRecord',
  'OnPageBackgroundTaskCompleted',
  'OnPageBackgroundTaskError',
] as const;
const triggers = z.strictObject(Object.fromEntries(triggerNames.map((n) => [n, z.array(statement).optional()])) as Record<(typeof triggerNames)[number], z.ZodOptional<z.ZodArray<typeof statement>>>);

const page = z.strictObject({
  kind: z.enum(['card', 'list', 'part', 'roleCenter']).optional(),
  /** Part pages hosted on this page (FactBoxes, Role Center parts): they open, move and close with it. */
  parts: z.array(z.string().min(1)).optional(),
  triggers: triggers.optional(),
  extensions: z.array(z.strictObject({ name: z.string().min(1), triggers: triggers.optional() })).optional(),
});

const at = { atMs: nonNegInt };
const step = z.union([
  z.strictObject({ ...at, open: z.string().min(1), record: recordId.optional() }),
  z.strictObject({ ...at, navigate: z.string().min(1), record: recordId }),
  z.strictObject({ ...at, fetchRows: z.string().min(1), records: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ ...at, close: z.string().min(1) }),
  z.strictObject({ ...at, call: z.string().min(1), enqueue: enqueueArgs }),
  z.strictObject({ ...at, call: z.string().min(1), cancel: cancelArgs }),
  z.strictObject({ ...at, call: z.string().min(1), busyMs: nonNegInt }),
  z.strictObject({ ...at, call: z.string().min(1), statements: z.array(statement) }),
  z.strictObject({
    ...at,
    browse: z.string().min(1),
    records: z.array(z.string().min(1)).min(1),
    moves: z.number().int().positive(),
    thinkMs: duration,
  }),
  z.strictObject({
    ...at,
    runPageBackgroundTask: z.strictObject({
      page: z.string().min(1),
      codeunit: z.number().int(),
      parameters: textDict.optional(),
      runCompletionTriggers: z.boolean().optional(),
    }),
  }),
  z.strictObject({ ...at, endSession: z.literal(true) }),
]);

const server = z.strictObject({
  /** `online`: Business Central online's fixed limits (PBT-CFG-06, PBT-CONC-04); `onPrem` (default): configurable. */
  profile: z.enum(['onPrem', 'online']).optional(),
  childSessionsMaxConcurrency: z.number().int().positive().optional(),
  childSessionsMaxQueueLength: nonNegInt.optional(),
  pageBackgroundTaskDefaultTimeout: timespan.optional(),
  pageBackgroundTaskMaxTimeout: timespan.optional(),
  childSessionStartupMs: nonNegInt.optional(),
  deliveryDelayMs: nonNegInt.optional(),
  /** PageBackgroundTaskAllowedAutomationMethods: `(Method,Assembly)` pairs (PBT-CFG-05). */
  pageBackgroundTaskAllowedAutomationMethods: z.string().optional(),
});

// Each policy accepts exactly its alternatives (so editors can offer them), numbers are >= 0 ms.
const policyShape = Object.fromEntries(
  Object.entries(DEFAULT_POLICIES).map(([k, v]) => {
    const alternatives = POLICY_TABLE.find((p) => p.name === k)?.alternatives;
    if (typeof v === 'number') return [k, nonNegInt.optional()];
    if (typeof v === 'boolean') return [k, z.boolean().optional()];
    return [k, (Array.isArray(alternatives) ? z.enum(alternatives.map(String) as [string, ...string[]]) : z.string()).optional()];
  }),
) as Record<string, z.ZodOptional<z.ZodTypeAny>>;

/** The scenario schema (zod). Semantic checks (references, versions, ordering) are in `loadScenario`. */
export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.union([z.number().int().nonnegative(), z.string().min(1)]).optional(),
  mode: z.enum(['client', 'headless']).optional(),
  server: server.optional(),
  serverUpdates: z.array(z.strictObject({ atMs: nonNegInt, server })).optional(),
  policies: z.strictObject(policyShape).optional(),
  codeunits: z.record(z.string().regex(/^\d+$/, 'a codeunit ID (digits)'), codeunit),
  sessions: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        /** The company the session works in; child sessions open the same one (PBT-CHD-04). */
        company: z.string().min(1).optional(),
        pages: z.record(z.string().min(1), page),
        script: z.array(step),
      }),
    )
    .min(1),
  limits: z.strictObject({ untilMs: nonNegInt.optional(), maxEvents: z.number().int().positive().optional() }).optional(),
});

/** A scenario as written in a file (after schema validation). */
export type ScenarioFile = z.infer<typeof scenarioSchema>;
/** One AL statement. */
export type Statement = z.infer<typeof statement>;
/** One script step. */
export type ScriptStep = z.infer<typeof step>;
/** A codeunit behaviour. */
export type CodeunitSpec = z.infer<typeof codeunit>;
/** A page definition. */
export type PageSpec = z.infer<typeof page>;
/** Arguments of an enqueue statement. */
export type EnqueueArgs = z.infer<typeof enqueueArgs>;
/** Arguments of a cancel statement. */
export type CancelArgs = z.infer<typeof cancelArgs>;
/** A duration specification. */
export type DurationSpec = z.infer<typeof duration>;
/** Trigger names a page may define. */
export type TriggerName = (typeof triggerNames)[number];
/** Trigger code by name. */
export type TriggerMap = Partial<Record<TriggerName, Statement[]>>;

/** The JSON Schema (draft 2020-12) of the scenario format, for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://pbtsim.dev/schema/scenario-v1.json', title: 'pbtsim scenario (version 1)' };
}
