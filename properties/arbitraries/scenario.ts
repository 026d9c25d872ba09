/**
 * fast-check arbitraries that generate whole scenarios as structure: plain scenario objects
 * that `compileScenario` accepts (version 1 format), so a failing property shrinks to a small
 * scenario that can be saved and replayed with `pbtsim run`. Limits are kept small so that
 * boundaries are hit often: 1–3 slots, a queue of 0–4, timeouts near the default and the
 * clamp, codeunits that finish around them.
 * @module
 */
import fc from 'fast-check';
import type { ScenarioFile } from '../../models/pbt/index.js';

/** What a generated scenario may contain. */
export interface ScenarioArbitraryOptions {
  /** Allow `mode: "headless"` (inline tasks). Default true. */
  readonly headless?: boolean;
  /** Allow `busyMs` statements and `call … busyMs` steps. Default true. */
  readonly busy?: boolean;
  /** Allow random durations (uniform, exponential) and error probabilities. Default true. */
  readonly random?: boolean;
  /** Allow enqueue and cancel statements in callback triggers (re-enqueue chains). Default true. */
  readonly callbackTasks?: boolean;
  /** Give the steps of one session distinct times (no two user actions at one instant). Default false. */
  readonly distinctStepTimes?: boolean;
  /** Allow a delivery delay (idle-scheduler latency) above 0. Default true. */
  readonly deliveryDelay?: boolean;
  /** Sometimes delay the release of a slot after a cancel or an end (policies A30, A31). Default true. */
  readonly releaseDelays?: boolean;
  /** Most parent sessions. Default 2. */
  readonly maxSessions?: number;
  /** Most pages per session. Default 2. */
  readonly maxPages?: number;
  /** Most script steps per session (besides the first open). Default 7. */
  readonly maxSteps?: number;
  /** Most statements per trigger. Default 3. */
  readonly maxStatements?: number;
  /** Allow page extensions. Default true. */
  readonly extensions?: boolean;
  /** Event budget of each scenario (re-enqueue loops stop there). Default 800. */
  readonly maxEvents?: number;
}

/** Resolved options. @internal */
type Resolved = Required<ScenarioArbitraryOptions>;

const RECORDS = ['Customer: 10000', 'Customer: 20000', 'Customer: 30000'] as const;
const CODEUNITS = [50100, 50101, 50102] as const;
const VARS = ['TaskId', 'OtherId'] as const;

type Json = Record<string, unknown>;

/** Timeouts to request: none, 0, negative, small, around the clamp, huge. */
function timeoutArb(maxMs: number, dfltMs: number): fc.Arbitrary<number | undefined> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, -120000) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 400 }) },
    { weight: 2, arbitrary: fc.constantFrom(maxMs - 1, maxMs, maxMs + 1, dfltMs).filter((v) => v !== 0) },
    { weight: 1, arbitrary: fc.constantFrom(2_147_483_647, 10_000_000) },
  );
}

function enqueueArb(maxMs: number, dfltMs: number): fc.Arbitrary<Json> {
  return fc
    .record(
      {
        codeunit: fc.constantFrom(...CODEUNITS),
        timeoutMs: timeoutArb(maxMs, dfltMs),
        errorLevel: fc.constantFrom('Ignore', 'Warning', 'Error'),
        useReturnValue: fc.boolean(),
        taskIdVar: fc.constantFrom(...VARS),
        parameters: fc.record({ Wait: fc.constantFrom('0', '30', '150', 'abc') }),
      },
      { requiredKeys: ['codeunit'] },
    )
    .map((a) => {
      const out: Json = { ...a };
      if (out['timeoutMs'] === undefined) delete out['timeoutMs'];
      return { enqueue: out };
    });
}

function cancelArb(): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...VARS).map((v) => ({ cancel: { taskIdVar: v } })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 }).map((id) => ({ cancel: { taskId: id, useReturnValue: true } })) },
  );
}

function userTriggerStatements(o: Resolved, maxMs: number, dfltMs: number): fc.Arbitrary<Json[]> {
  const choices: fc.WeightedArbitrary<Json>[] = [
    { weight: 6, arbitrary: enqueueArb(maxMs, dfltMs) },
    { weight: 2, arbitrary: cancelArb() },
    { weight: 1, arbitrary: fc.constant({ error: 'The trigger raised an error' }) },
  ];
  if (o.busy) choices.push({ weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }).map((ms) => ({ busyMs: ms })) });
  return fc.array(fc.oneof(...choices), { maxLength: o.maxStatements });
}

function callbackStatements(o: Resolved, maxMs: number, dfltMs: number, error: boolean): fc.Arbitrary<Json[]> {
  const choices: fc.WeightedArbitrary<Json>[] = [
    { weight: 2, arbitrary: fc.constant({ error: 'The callback raised an error' }) },
    { weight: 1, arbitrary: fc.constantFrom(...VARS).map((v) => ({ exitIfTaskIdIsNot: v })) },
  ];
  if (error) choices.push({ weight: 4, arbitrary: fc.boolean().map((b) => ({ setIsHandled: b })) });
  if (o.callbackTasks) choices.push({ weight: 2, arbitrary: enqueueArb(maxMs, dfltMs) }, { weight: 1, arbitrary: cancelArb() });
  if (o.busy) choices.push({ weight: 2, arbitrary: fc.integer({ min: 1, max: 120 }).map((ms) => ({ busyMs: ms })) });
  return fc.array(fc.oneof(...choices), { maxLength: o.maxStatements });
}

function triggersArb(o: Resolved, maxMs: number, dfltMs: number): fc.Arbitrary<Json> {
  return fc.record(
    {
      OnOpenPage: userTriggerStatements(o, maxMs, dfltMs),
      OnAfterGetRecord: userTriggerStatements(o, maxMs, dfltMs),
      OnAfterGetCurrRecord: userTriggerStatements(o, maxMs, dfltMs),
      OnPageBackgroundTaskCompleted: callbackStatements(o, maxMs, dfltMs, false),
      OnPageBackgroundTaskError: callbackStatements(o, maxMs, dfltMs, true),
    },
    { requiredKeys: [] },
  );
}

function pageArb(o: Resolved, maxMs: number, dfltMs: number): fc.Arbitrary<Json> {
  return fc.record(
    {
      kind: fc.constantFrom('card', 'list', 'part'),
      triggers: triggersArb(o, maxMs, dfltMs),
      extensions: o.extensions
        ? fc.array(triggersArb(o, maxMs, dfltMs), { maxLength: 2 }).map((ts) => ts.map((triggers, i) => ({ name: `Ext${i}`, triggers })))
        : fc.constant([]),
    },
    { requiredKeys: ['triggers'] },
  );
}

function codeunitArb(o: Resolved): fc.Arbitrary<Json> {
  const durations: fc.WeightedArbitrary<unknown>[] = [
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 300 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1) },
    { weight: 1, arbitrary: fc.constant({ parameter: 'Wait' }) },
  ];
  if (o.random) {
    durations.push(
      { weight: 1, arbitrary: fc.record({ minMs: fc.integer({ min: 0, max: 100 }), span: fc.integer({ min: 0, max: 200 }) }).map((u) => ({ uniform: { minMs: u.minMs, maxMs: u.minMs + u.span } })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((m) => ({ exponential: { meanMs: m } })) },
    );
  }
  const outcomes: fc.WeightedArbitrary<unknown>[] = [{ weight: 4, arbitrary: fc.constantFrom('complete', 'error') }];
  if (o.random) outcomes.push({ weight: 1, arbitrary: fc.constantFrom(0.25, 0.5).map((p) => ({ errorProbability: p })) });
  return fc.record(
    {
      durationMs: fc.oneof(...durations),
      outcome: fc.oneof(...outcomes),
      results: fc.oneof(fc.constant({ total: '42' }), fc.constant({}), fc.constant([{ a: '1' }, { b: '2' }])),
      error: fc.record({ code: fc.constantFrom('NDBCS:Deadlock', 'DB:FatalCode'), text: fc.constant('The codeunit failed') }),
      writes: fc.constantFrom([{ table: 50125, temporary: true }], [{ table: 50125, afterMs: 5 }]),
    },
    { requiredKeys: ['durationMs'] },
  );
}

function stepArb(o: Resolved, pages: readonly string[], maxMs: number, dfltMs: number): fc.Arbitrary<Json> {
  const page = fc.constantFrom(...pages);
  const rec = fc.constantFrom(...RECORDS);
  const steps: fc.WeightedArbitrary<Json>[] = [
    { weight: 2, arbitrary: fc.record({ open: page, record: rec }) },
    { weight: 4, arbitrary: fc.record({ navigate: page, record: rec }) },
    { weight: 2, arbitrary: fc.record({ close: page }) },
    { weight: 3, arbitrary: fc.record({ call: page, e: enqueueArb(maxMs, dfltMs) }).map((s) => ({ call: s.call, enqueue: s.e['enqueue'] })) },
    { weight: 2, arbitrary: fc.record({ call: page, c: cancelArb() }).map((s) => ({ call: s.call, cancel: s.c['cancel'] })) },
    { weight: 1, arbitrary: fc.record({ fetchRows: page, records: fc.uniqueArray(rec, { minLength: 1, maxLength: 3 }) }) },
  ];
  if (o.busy) steps.push({ weight: 1, arbitrary: fc.record({ call: page, busyMs: fc.integer({ min: 1, max: 150 }) }) });
  return fc.oneof(...steps);
}

function sessionArb(o: Resolved, id: string, maxMs: number, dfltMs: number): fc.Arbitrary<Json> {
  return fc.integer({ min: 1, max: o.maxPages }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `page${i}`);
    return fc
      .record({
        pages: fc.tuple(...names.map(() => pageArb(o, maxMs, dfltMs))),
        steps: fc.array(fc.record({ gap: fc.integer({ min: o.distinctStepTimes ? 1 : 0, max: 150 }), step: stepArb(o, names, maxMs, dfltMs) }), { maxLength: o.maxSteps }),
        endSession: fc.boolean(),
        firstRecord: fc.constantFrom(...RECORDS),
        // Sometimes page0 hosts page1 as a part (a FactBox): they open, move and close together.
        hostsPart: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      })
      .map((s) => {
        let at = 0;
        const script: Json[] = [{ atMs: 0, open: 'page0', record: s.firstRecord }];
        for (const st of s.steps) {
          at += st.gap;
          script.push({ atMs: at, ...st.step });
        }
        if (s.endSession) script.push({ atMs: at + 400, endSession: true });
        const pages: Record<string, Json> = Object.fromEntries(names.map((name, i) => [name, s.pages[i]!]));
        if (s.hostsPart && n >= 2) {
          pages['page0'] = { ...pages['page0'], parts: ['page1'] };
          pages['page1'] = { ...pages['page1'], kind: 'part' };
        }
        return { id, pages, script };
      });
  });
}

/**
 * Scenarios as structure (see the module comment).
 * @param options - what the scenarios may contain
 * @returns an arbitrary of scenario objects accepted by `compileScenario`
 */
export function scenarioArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<ScenarioFile> {
  const o: Resolved = {
    headless: options.headless ?? true, busy: options.busy ?? true, random: options.random ?? true,
    callbackTasks: options.callbackTasks ?? true, deliveryDelay: options.deliveryDelay ?? true, distinctStepTimes: options.distinctStepTimes ?? false,
    releaseDelays: options.releaseDelays ?? true,
    maxSessions: options.maxSessions ?? 2, maxPages: options.maxPages ?? 2, maxSteps: options.maxSteps ?? 7,
    maxStatements: options.maxStatements ?? 3, extensions: options.extensions ?? true, maxEvents: options.maxEvents ?? 800,
  };
  const server = fc.record({
    childSessionsMaxConcurrency: fc.integer({ min: 1, max: 3 }),
    childSessionsMaxQueueLength: fc.integer({ min: 0, max: 4 }),
    pageBackgroundTaskDefaultTimeout: fc.integer({ min: 1, max: 400 }),
    pageBackgroundTaskMaxTimeout: fc.integer({ min: 1, max: 500 }),
    childSessionStartupMs: fc.constantFrom(0, 0, 0, 5, 20),
    deliveryDelayMs: o.deliveryDelay ? fc.constantFrom(0, 0, 0, 3, 10) : fc.constant(0),
  });
  return server.chain((srv) => {
    const maxMs = srv.pageBackgroundTaskMaxTimeout;
    const dfltMs = srv.pageBackgroundTaskDefaultTimeout;
    return fc
      .record({
        headless: o.headless ? fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
        codeunits: fc.tuple(codeunitArb(o), codeunitArb(o), codeunitArb(o)),
        sessions: fc.integer({ min: 1, max: o.maxSessions }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => sessionArb(o, `user${i + 1}`, maxMs, dfltMs)))),
        // One scenario in eight keeps freed slots taken for a while (A30/A31 delays).
        releaseDelays: o.releaseDelays
          ? fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ cancelSlotReleaseDelayMs: fc.constantFrom(0, 5, 30), closeSlotReleaseDelayMs: fc.constantFrom(0, 5, 30) }) })
          : fc.constant(null),
      })
      .map((g): ScenarioFile => ({
        version: 1,
        name: 'generated scenario',
        mode: g.headless ? 'headless' : 'client',
        server: srv,
        ...(g.releaseDelays !== null ? { policies: g.releaseDelays } : {}),
        codeunits: Object.fromEntries(CODEUNITS.map((id, i) => [String(id), g.codeunits[i]!])),
        sessions: g.sessions,
        limits: { untilMs: 60_000, maxEvents: o.maxEvents },
      }) as unknown as ScenarioFile);
  });
}

/**
 * Scenarios whose per-task outcomes the spec fixes whatever the order of same-instant events
 * (see docs/properties.md, "Same-instant sensitivity"): fixed durations and outcomes (no random
 * draws whose order could swap), no busy triggers, no enqueue or cancel in callbacks, no
 * delivery delay, and user actions of one session at distinct instants.
 */
export const NO_RACE: ScenarioArbitraryOptions = { random: false, busy: false, callbackTasks: false, deliveryDelay: false, distinctStepTimes: true, releaseDelays: false };

/** The engine seed: a non-shrinking input, drawn separately from the scenario. */
export const seedArbitrary: fc.Arbitrary<number> = fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff }));

/** Tiny scenarios for exhaustive exploration: one session, ≤ 2 pages, ≤ 3 steps, few statements. */
export const TINY: ScenarioArbitraryOptions = { maxSessions: 1, maxPages: 2, maxSteps: 3, maxStatements: 2, callbackTasks: false, extensions: false, maxEvents: 400, releaseDelays: false };
