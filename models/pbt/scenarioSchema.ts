/**
 * The scenario file format (version 1), as a zod schema. The names follow the scenario format
 * contract (docs/scenario-format.md) exactly; additions are AL-shaped. Every property carries a
 * description and the shared parts (statement, step, duration, timespan …) are `$defs`, so
 * `pbtsim schema` publishes a small JSON Schema with hover help for editors ({@link scenarioJsonSchema}).
 * The messages for invalid files are produced from that JSON Schema (scenarioCheck.ts), so what
 * an editor shows and what `pbtsim validate` says agree.
 * @module
 */
import { z } from 'zod';
import { DEFAULT_POLICIES, POLICY_TABLE } from './policies.js';
import { MAX_CODEUNIT_ID, MAX_MS, NOT_RESERVED } from './scenarioLimits.js';

const ms = (description: string): z.ZodNumber => z.number().int().min(0).max(MAX_MS).meta({ title: 'an integer number of milliseconds', description });
const count = (title: string, description: string, min = 1): z.ZodNumber => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER).meta({ title, description });
const text = (description: string): z.ZodString => z.string().meta({ title: 'a text', description });
const nonEmpty = (description: string): z.ZodString => z.string().min(1).meta({ title: 'a non-empty text', description });
const flag = (description: string): z.ZodBoolean => z.boolean().meta({ title: 'true or false', description });

/** A name the user picks (page, parameter, variable, session, extension): not a reserved JavaScript name. */
const name = z.string().min(1).regex(NOT_RESERVED).meta({
  id: 'name',
  title: 'a name',
  description: 'A non-empty name. The names every JavaScript object already has (__proto__, constructor, toString, valueOf, hasOwnProperty …) are refused.',
});
const named = (description: string): z.ZodString => name.meta({ description });
const codeunitId = z.number().int().min(1).max(MAX_CODEUNIT_ID).meta({ title: 'a codeunit ID (an integer from 1 to 2147483647)', description: 'The ID of a codeunit defined under "codeunits".' });

const timespan = z.union([
  z.number().int().min(0).max(MAX_MS).meta({ title: 'an integer number of milliseconds' }),
  z.string().regex(/^\d{1,2}:[0-5]\d:[0-5]\d(\.\d{1,3})?$/).meta({ title: 'a timespan "hh:mm:ss[.fff]" such as "00:02:00" (or an integer number of milliseconds)' }),
]).meta({ id: 'timespan', title: 'a timespan "hh:mm:ss[.fff]" (e.g. "00:02:00") or an integer number of milliseconds', description: 'A Business Central timespan "hh:mm:ss[.fff]" (e.g. "00:02:00" is two minutes) or an integer number of milliseconds.' });
const textDict = z.record(name, z.string().meta({ title: 'a text' })).meta({ id: 'textDictionary', title: 'an object of texts (name → text)', description: 'A Dictionary of [Text, Text]: each key a name, each value a text.' });
const errorLevel = z.enum(['Ignore', 'Warning', 'Error']).meta({ description: 'PageBackgroundTaskErrorLevel: how an error of the task is shown when no trigger handles it (default Error).' });

/** Durations of a codeunit's work. */
const duration = z.union([
  z.number().int().min(0).max(MAX_MS).meta({ title: 'an integer number of milliseconds', description: 'A fixed duration in milliseconds.' }),
  z.strictObject({ parameter: named('The name of the task parameter whose text is the duration in milliseconds (PBT-CHD-07).') })
    .meta({ title: '{"parameter": "<name>"}', description: 'Read from the task\'s parameters, as an integer text (PBT-CHD-07).' }),
  z.strictObject({ uniform: z.strictObject({ minMs: ms('Smallest duration.'), maxMs: ms('Largest duration (at least minMs).') }).meta({ description: 'Uniformly distributed between minMs and maxMs.' }) })
    .meta({ title: '{"uniform": {"minMs", "maxMs"}}', description: 'A uniform random duration (stream duration/<codeunit>).' }),
  z.strictObject({ exponential: z.strictObject({ meanMs: z.number().positive().max(MAX_MS).meta({ title: 'a number of milliseconds above 0', description: 'Mean duration.' }) }).meta({ description: 'Exponentially distributed with the given mean.' }) })
    .meta({ title: '{"exponential": {"meanMs"}}', description: 'An exponential random duration.' }),
  z.strictObject({ normal: z.strictObject({ meanMs: z.number().min(0).max(MAX_MS).meta({ title: 'a number of milliseconds', description: 'Mean duration.' }), sdMs: z.number().min(0).max(MAX_MS).meta({ title: 'a number of milliseconds', description: 'Standard deviation; negative draws become 0.' }) }).meta({ description: 'Normally distributed.' }) })
    .meta({ title: '{"normal": {"meanMs", "sdMs"}}', description: 'A normal random duration.' }),
  z.strictObject({ lognormal: z.strictObject({ medianMs: z.number().positive().max(MAX_MS).meta({ title: 'a number of milliseconds above 0', description: 'Median duration.' }), sigma: z.number().min(0).max(10).meta({ title: 'a number from 0 to 10', description: 'Standard deviation of the logarithm.' }) }).meta({ description: 'Log-normally distributed.' }) })
    .meta({ title: '{"lognormal": {"medianMs", "sigma"}}', description: 'A log-normal random duration.' }),
]).meta({ id: 'duration', title: 'a duration', description: 'A duration in milliseconds: an integer, {"parameter": …}, {"uniform": …}, {"exponential": …}, {"normal": …} or {"lognormal": …}. Random draws come from the stream duration/<codeunit> (think/<session> for browse).' });

const results = textDict.meta({ description: 'What SetBackgroundTaskResult receives.' });
const codeunit = z.strictObject({
  durationMs: duration.meta({ description: 'How long the codeunit runs.' }),
  outcome: z.union([
    z.enum(['complete', 'error']).meta({ title: '"complete" or "error"' }),
    z.strictObject({ errorProbability: z.number().min(0).max(1).meta({ title: 'a probability from 0 to 1', description: 'Chance that a run fails (stream outcome/<codeunit>).' }) }).meta({ title: '{"errorProbability": p}' }),
  ]).optional().meta({ title: 'an outcome', description: '"complete" (default), "error", or {"errorProbability": p}.' }),
  results: z.union([results.meta({ title: 'an object of texts' }), z.array(results).meta({ title: 'a list of objects of texts' })]).optional()
    .meta({ title: 'results', description: 'The dictionary given to SetBackgroundTaskResult, or a list of them (several calls, A19); omitted = empty Results.' }),
  error: z.strictObject({
    code: nonEmpty('Error code (default Dialog).').optional(),
    text: text('Error text.').optional(),
    callStack: text('Call stack text.').optional(),
  }).optional().meta({ description: 'The error of a failing run.' }),
  writes: z.array(z.strictObject({
    table: count('a table number (an integer >= 1)', 'Table number.'),
    temporary: flag('A temporary table: the write succeeds (PBT-CHD-C01).').optional(),
    afterMs: ms('When, after the run starts, the write happens.').optional(),
  }).meta({ description: 'A database write of the codeunit.' })).optional().meta({ description: 'Database writes: a real write fails the task with a permission error (PBT-CHD-01).' }),
  automation: z.array(nonEmpty('"Method,Assembly".')).optional().meta({ description: '.NET automation calls "Method,Assembly" (PBT-CHD-06): refused unless the server allows them.' }),
  startsBackgroundSession: flag('The codeunit starts a background session (StartSession) that writes for it (PBT-CHD-09).').optional(),
  dialog: flag('The codeunit tries to show UI, which fails (PBT-CHD-03).').optional(),
}).meta({ id: 'codeunit', title: 'a codeunit', description: 'What a task codeunit does when it runs in a child session.' });

const enqueueArgs = z.strictObject({
  codeunit: codeunitId,
  parameters: textDict.optional().meta({ description: 'The task\'s parameters (Dictionary of [Text, Text]).' }),
  timeoutMs: z.number().int().min(-MAX_MS).max(MAX_MS).optional().meta({ title: 'an integer number of milliseconds (e.g. 120000 for 2 minutes)', description: 'Requested timeout in milliseconds (e.g. 120000 for 2 minutes); 0 or below uses the default (A4), above the maximum is clamped (A5).' }),
  errorLevel: errorLevel.optional(),
  useReturnValue: flag('true: `Ok := CurrPage.EnqueueBackgroundTask(…)` returns false when queuing fails; false (default): a runtime error.').optional(),
  taskIdVar: named('The page variable that receives the TaskId.').optional(),
}).meta({ id: 'enqueue', title: 'enqueue arguments', description: 'CurrPage.EnqueueBackgroundTask(TaskId, Codeunit, Parameters, Timeout, ErrorLevel).' });
const cancelArgs = z.union([
  z.strictObject({ taskId: z.number().int().meta({ title: 'an integer', description: 'A literal TaskId.' }), useReturnValue: flag('Use the Boolean result.').optional() }).meta({ title: '{"taskId": n}' }),
  z.strictObject({ taskIdVar: named('The page variable holding the TaskId.'), useReturnValue: flag('Use the Boolean result.').optional() }).meta({ title: '{"taskIdVar": "<name>"}' }),
]).meta({ id: 'cancel', title: 'cancel arguments', description: 'CurrPage.CancelBackgroundTask(TaskId), by a literal taskId or a page variable taskIdVar.' });

/** One AL statement of a trigger or a `call` step. */
const baseStatement = z.union([
  z.strictObject({ enqueue: enqueueArgs }).meta({ title: '{"enqueue": {…}}', description: 'CurrPage.EnqueueBackgroundTask.' }),
  z.strictObject({ cancel: cancelArgs }).meta({ title: '{"cancel": {…}}', description: 'CurrPage.CancelBackgroundTask.' }),
  z.strictObject({ setIsHandled: flag('IsHandled := value (in the error trigger).') }).meta({ title: '{"setIsHandled": true}' }),
  z.strictObject({ error: z.union([text('The error text.'), z.strictObject({ text: text('The error text.'), code: nonEmpty('The error code.').optional() }).meta({ title: '{"text", "code"?}' })]).meta({ title: 'a text or {"text", "code"?}', description: 'Error(...): raise an error in the trigger.' }) }).meta({ title: '{"error": "text"}' }),
  z.strictObject({ busyMs: ms('The trigger\'s own code keeps the parent session busy this long.') }).meta({ title: '{"busyMs": n}' }),
  z.strictObject({ setVar: z.strictObject({ name: named('The page variable.'), value: z.number().int().meta({ title: 'an integer', description: 'The value.' }) }).meta({ description: 'Assigns a page global, e.g. TaskId := 0.' }) }).meta({ title: '{"setVar": {"name", "value"}}' }),
  z.strictObject({ exitIfTaskIdIsNot: named('The page variable compared with the trigger\'s TaskId.') }).meta({ title: '{"exitIfTaskIdIsNot": "<name>"}', description: 'if TaskId <> Var then exit;' }),
  z.strictObject({ dialog: z.enum(['Confirm', 'Message', 'StrMenu', 'RunModal']).meta({ description: 'A modal dialog (a runtime error in callback triggers, A14).' }) }).meta({ title: '{"dialog": "Confirm"}' }),
  z.strictObject({ notification: text('The notification\'s message.') }).meta({ title: '{"notification": "text"}' }),
  z.strictObject({ write: z.strictObject({ table: count('a table number (an integer >= 1)', 'Table number.'), temporary: flag('A temporary table.').optional() }).meta({ description: 'A database write from a trigger (allowed, PBT-TRG-07).' }) }).meta({ title: '{"write": {"table"}}' }),
  z.strictObject({ update: z.strictObject({ saveRecord: flag('CurrPage.Update(SaveRecord).').optional() }).meta({ description: 'CurrPage.Update.' }) }).meta({ title: '{"update": {}}' }),
]).meta({ id: 'simpleStatement', title: 'a statement', description: 'One AL statement.' });
/** `for i := 1 to times do <statement>`; expanded when the scenario is compiled. */
const statement = z.union([
  baseStatement,
  z.strictObject({
    repeat: z.strictObject({
      times: z.number().int().min(1).max(10_000).meta({ title: 'an integer from 1 to 10000', description: 'How many times.' }),
      statement: baseStatement.meta({ description: 'The statement to repeat (not itself a repeat).' }),
    }).meta({ description: 'for i := 1 to times do <statement>.' }),
  }).meta({ title: '{"repeat": {"times", "statement"}}' }),
]).meta({ id: 'statement', title: 'a statement', description: 'One AL statement: enqueue, cancel, setIsHandled, error, busyMs, setVar, exitIfTaskIdIsNot, dialog, notification, write, update or repeat.' });
const statements = (description: string): z.ZodOptional<z.ZodArray<typeof statement>> => z.array(statement).optional().meta({ description });

const triggerNames = [
  'OnOpenPage',
  'OnAfterGetRecord',
  'OnAfterGetCurrRecord',
  'OnPageBackgroundTaskCompleted',
  'OnPageBackgroundTaskError',
] as const;
const TRIGGER_HELP: Readonly<Record<(typeof triggerNames)[number], string>> = {
  OnOpenPage: 'Runs when the page opens (before its record is known: an enqueue here is cancelled by the first record load, PBT-ENQ-07).',
  OnAfterGetRecord: 'Runs for each row a list fetches (PBT-ENQ-08).',
  OnAfterGetCurrRecord: 'Runs when the current record is set: on open and on every navigate.',
  OnPageBackgroundTaskCompleted: 'Runs when a task completed (TaskId, Results).',
  OnPageBackgroundTaskError: 'Runs when a task failed or timed out (TaskId, ErrorCode, ErrorText, ErrorCallStack, IsHandled).',
};
const triggers = z.strictObject(Object.fromEntries(triggerNames.map((n) => [n, statements(TRIGGER_HELP[n])])) as Record<(typeof triggerNames)[number], z.ZodOptional<z.ZodArray<typeof statement>>>)
  .meta({ id: 'triggers', title: 'triggers', description: 'AL triggers of the page, each a list of statements.' });

const page = z.strictObject({
  kind: z.enum(['card', 'list', 'part', 'roleCenter']).optional().meta({ description: 'card, list, part (shows no data until its tasks end, PBT-LIM-01) or roleCenter.' }),
  parts: z.array(named('A page of this session.')).optional().meta({ description: 'Part pages hosted on this page (FactBoxes, Role Center parts): they open, move and close with it.' }),
  triggers: triggers.optional(),
  extensions: z.array(z.strictObject({ name: named('The extension\'s name.'), triggers: triggers.optional() }).meta({ description: 'A page extension.' }))
    .optional().meta({ description: 'Page extensions; their triggers run after the page\'s own (A15).' }),
}).meta({ id: 'page', title: 'a page', description: 'A page: its kind, hosted parts, triggers and extensions.' });

const atMs = ms('When the user acts (virtual time). User actions that arrive while a trigger of the session runs wait until it ends.');
const pageRef = (description: string): z.ZodString => named(`${description} (a page of this session).`);
const step = z.union([
  z.strictObject({ atMs, open: pageRef('Opens the page'), record: z.string().min(1).nullable().optional().meta({ title: 'a record ID text or null', description: 'The record shown, e.g. "Customer: 10000"; null or omitted: none.' }) })
    .meta({ title: '{"atMs", "open", "record"?}', description: 'Opens a page (runs OnOpenPage, then OnAfterGetCurrRecord when it has a record).' }),
  z.strictObject({ atMs, navigate: pageRef('Moves the page'), record: z.string().min(1).nullable().meta({ title: 'a record ID text or null', description: 'The new record; a different ID cancels the page\'s tasks (PBT-CAN-03).' }) })
    .meta({ title: '{"atMs", "navigate", "record"}', description: 'Moves an open page to another record.' }),
  z.strictObject({ atMs, fetchRows: pageRef('The list that fetches'), records: z.array(z.string().min(1).meta({ title: 'a record ID text' })).min(1).meta({ description: 'The rows fetched; OnAfterGetRecord runs per row (PBT-ENQ-08).' }) })
    .meta({ title: '{"atMs", "fetchRows", "records"}', description: 'A list page fetches rows.' }),
  z.strictObject({ atMs, close: pageRef('Closes the page') }).meta({ title: '{"atMs", "close"}', description: 'Closes a page (and its parts); its tasks are cancelled.' }),
  z.strictObject({ atMs, call: pageRef('The page whose action runs'), enqueue: enqueueArgs }).meta({ title: '{"atMs", "call", "enqueue"}', description: 'An action that enqueues a task.' }),
  z.strictObject({ atMs, call: pageRef('The page whose action runs'), cancel: cancelArgs }).meta({ title: '{"atMs", "call", "cancel"}', description: 'An action that cancels a task.' }),
  z.strictObject({ atMs, call: pageRef('The page whose action runs'), busyMs: ms('The action\'s code keeps the session busy this long.') }).meta({ title: '{"atMs", "call", "busyMs"}', description: 'An action that keeps the session busy.' }),
  z.strictObject({ atMs, call: pageRef('The page whose action runs'), statements: z.array(statement).meta({ description: 'The action\'s code.' }) }).meta({ title: '{"atMs", "call", "statements"}', description: 'An action with code.' }),
  z.strictObject({
    atMs: ms('When the first move happens: at atMs the page opens on records[0] (or, if it is open, moves to records[0]); each later move comes thinkMs after the previous one started.'),
    browse: pageRef('The page the user moves through'),
    records: z.array(z.string().min(1).meta({ title: 'a record ID text' })).min(1).meta({ description: 'Records visited in turn (cycling when moves exceeds their number).' }),
    moves: count('an integer >= 1', 'How many moves, the first at atMs.'),
    thinkMs: duration.meta({ description: 'Time between moves (a duration without parameter, stream think/<session>).' }),
  }).meta({ title: '{"atMs", "browse", "records", "moves", "thinkMs"}', description: 'A user moving from record to record.' }),
  z.strictObject({
    atMs,
    runPageBackgroundTask: z.strictObject({
      page: pageRef('The page whose task runs'),
      codeunit: codeunitId,
      parameters: textDict.optional().meta({ description: 'The task\'s parameters.' }),
      runCompletionTriggers: flag('Run the completion triggers afterwards (default false).').optional(),
    }).meta({ description: 'TestPage.RunPageBackgroundTask.' }),
  }).meta({ title: '{"atMs", "runPageBackgroundTask"}', description: 'The TestPage method (headless tests).' }),
  z.strictObject({ atMs, endSession: z.literal(true).meta({ description: 'Ends the session (no step may follow).' }) }).meta({ title: '{"atMs", "endSession": true}', description: 'The user ends the session.' }),
]).meta({ id: 'step', title: 'a script step', description: 'One user action at atMs: open, navigate, fetchRows, close, call, browse, runPageBackgroundTask or endSession.' });

const server = z.strictObject({
  profile: z.enum(['onPrem', 'online']).optional().meta({ description: 'online: Business Central online\'s fixed limits (PBT-CFG-06, PBT-CONC-04); onPrem (default): configurable.' }),
  childSessionsMaxConcurrency: count('an integer >= 1', 'ChildSessionsMaxConcurrency (default 5).').optional(),
  childSessionsMaxQueueLength: count('an integer >= 0', 'ChildSessionsMaxQueueLength (default 100).', 0).optional(),
  pageBackgroundTaskDefaultTimeout: timespan.optional().meta({ description: 'PageBackgroundTaskDefaultTimeout (default "00:02:00").' }),
  pageBackgroundTaskMaxTimeout: timespan.optional().meta({ description: 'PageBackgroundTaskMaxTimeout (default "00:10:00").' }),
  childSessionStartupMs: ms('Simulated cost of starting a child session (OpenCompany, PBT-CONC-08); default 0.').optional(),
  deliveryDelayMs: ms('Idle scheduler latency before a callback trigger runs (A32); default 0.').optional(),
  pageBackgroundTaskAllowedAutomationMethods: text('PageBackgroundTaskAllowedAutomationMethods: "(Method,Assembly)" pairs, comma-separated (PBT-CFG-05).').optional(),
}).meta({ id: 'server', title: 'server settings', description: 'Business Central server settings (defaults as shipped).' });

// Each policy accepts exactly its alternatives (so editors can offer them), numbers are >= 0 ms.
const policyShape = Object.fromEntries(
  Object.entries(DEFAULT_POLICIES).map(([k, v]) => {
    const info = POLICY_TABLE.find((p) => p.name === k);
    const description = `${info?.gaps.join(', ') ?? ''}: default ${JSON.stringify(v)}. ${info?.meaning ?? ''}`;
    if (typeof v === 'number') return [k, ms(description).optional()];
    if (typeof v === 'boolean') return [k, flag(description).optional()];
    const alternatives = info?.alternatives;
    return [k, (Array.isArray(alternatives) ? z.enum(alternatives.map(String) as [string, ...string[]]) : z.string()).meta({ description }).optional()];
  }),
) as Record<string, z.ZodOptional<z.ZodTypeAny>>;

const session = z.strictObject({
  id: named('The session\'s ID (unique).'),
  company: nonEmpty('The company the session works in; child sessions open the same one (PBT-CHD-04).').optional(),
  pages: z.record(name, page).meta({ title: 'an object of pages (name → page)', description: 'The session\'s pages, by name.' }),
  script: z.array(step).meta({ title: 'a list of script steps', description: 'The user\'s actions in virtual time.' }),
}).meta({ id: 'session', title: 'a session', description: 'A parent (client) session: its pages and the user\'s script.' });

/** The scenario schema (zod). Semantic checks (references, versions, ordering) are in `loadScenario`. */
export const scenarioSchema = z.strictObject({
  $schema: text('Path or URL of this JSON Schema (for editors).').optional(),
  version: z.literal(1).meta({ description: 'The format version: 1.' }),
  name: nonEmpty('Shown in results and reports; default: the file\'s base name.').optional(),
  description: text('Free text.').optional(),
  seed: z.union([
    z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ title: 'an integer seed' }),
    z.string().min(1).meta({ title: 'a text seed' }),
  ]).optional().meta({ title: 'a seed (an integer from 0 or a non-empty text)', description: 'Master seed; --seed overrides; without either, seed 0 is used and the result warns.' }),
  mode: z.enum(['client', 'headless']).optional().meta({ description: 'client (default) or headless (web service / test session: tasks run inline, PBT-LIM-02, PBT-TST-C01).' }),
  server: server.optional(),
  serverUpdates: z.array(z.strictObject({ atMs: ms('When the settings change.'), server }).meta({ description: 'A dynamic settings update.' }))
    .optional().meta({ description: 'Dynamically updated server settings (PBT-CONC-04, A29).' }),
  policies: z.strictObject(policyShape).optional().meta({ description: 'Overrides of the policy defaults (docs/policies.md).' }),
  codeunits: z.record(z.string().regex(/^\d+$/).meta({ title: 'a codeunit ID (digits)' }), codeunit).meta({ title: 'an object of codeunits (ID → codeunit)', description: 'What each task codeunit does, by codeunit ID.' }),
  sessions: z.array(session).min(1).meta({ title: 'a list of sessions', description: 'Parent (client) sessions, at least one.' }),
  limits: z.strictObject({
    untilMs: ms('Stop time: the run ends normally there (with a warning if events remain).').optional(),
    maxEvents: count('an integer >= 1', 'Event budget (default 1000000); exceeding it stops the run with exit 2.').optional(),
  }).optional().meta({ description: 'Stop time and event budget.' }),
}).meta({ title: 'pbtsim scenario (version 1)', description: 'A pbtsim scenario: Business Central page background tasks in virtual time (docs/scenario-format.md).' });

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

let cached: Record<string, unknown> | undefined;

/** The JSON Schema (draft 2020-12) of the scenario format, for editors (computed once). */
export function scenarioJsonSchema(): Record<string, unknown> {
  if (cached === undefined) {
    const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
    cached = { $schema: schema['$schema'], $id: 'https://pbtsim.dev/schema/scenario-v1.json', ...schema };
  }
  return structuredClone(cached);
}
