/**
 * Scenarios of the oracle's subset (see oracle.ts): client mode, one session, no extensions,
 * fixed durations and outcomes, no start-up or delivery delay, no busy triggers.
 * @module
 */
import fc from 'fast-check';
import type { ScenarioFile } from '../../models/pbt/index.js';

const RECORDS = ['Customer: 10000', 'Customer: 20000'] as const;
const PAGES = ['page0', 'page1'] as const;

const enqueue = fc
  .record(
    {
      codeunit: fc.constantFrom(50100, 50101, 50102),
      timeoutMs: fc.oneof(fc.integer({ min: 1, max: 250 }), fc.constantFrom(0, -5, 100000)),
      errorLevel: fc.constantFrom('Ignore', 'Warning', 'Error'),
      useReturnValue: fc.boolean(),
      taskIdVar: fc.constant('TaskId'),
    },
    { requiredKeys: ['codeunit'] },
  )
  .map((e) => ({ enqueue: e }));
const cancel = fc.oneof(fc.constant({ cancel: { taskIdVar: 'TaskId' } }), fc.integer({ min: 1, max: 4 }).map((id) => ({ cancel: { taskId: id } })));
const userCode = fc.array(fc.oneof({ weight: 5, arbitrary: enqueue }, { weight: 2, arbitrary: cancel }, { weight: 1, arbitrary: fc.constant({ error: 'stop' }) }), { maxLength: 3 });

const page = fc.record({
  triggers: fc.record({
    OnAfterGetCurrRecord: userCode,
    OnPageBackgroundTaskCompleted: fc.constantFrom([], [{ error: 'in completion' }]),
    OnPageBackgroundTaskError: fc.constantFrom([], [{ setIsHandled: true }], [{ setIsHandled: false }], [{ error: 'in error trigger' }], [{ setIsHandled: true }, { error: 'late' }]),
  }),
});

const step = fc.oneof(
  { weight: 3, arbitrary: fc.record({ navigate: fc.constantFrom(...PAGES), record: fc.constantFrom(...RECORDS) }) },
  { weight: 2, arbitrary: fc.record({ open: fc.constantFrom(...PAGES), record: fc.constantFrom(...RECORDS) }) },
  { weight: 1, arbitrary: fc.record({ close: fc.constantFrom(...PAGES) }) },
  { weight: 2, arbitrary: fc.record({ call: fc.constantFrom(...PAGES), e: enqueue }).map((s) => ({ call: s.call, enqueue: s.e.enqueue })) },
  { weight: 2, arbitrary: fc.record({ call: fc.constantFrom(...PAGES), c: cancel }).map((s) => ({ call: s.call, cancel: s.c.cancel })) },
);

const codeunit = fc.record({ durationMs: fc.integer({ min: 0, max: 200 }), outcome: fc.constantFrom('complete', 'error'), results: fc.constant({ done: 'yes' }) });

/** Scenarios of the oracle subset. */
export const oracleScenarioArbitrary: fc.Arbitrary<ScenarioFile> = fc
  .record({
    server: fc.record({
      childSessionsMaxConcurrency: fc.integer({ min: 1, max: 3 }),
      childSessionsMaxQueueLength: fc.integer({ min: 0, max: 3 }),
      pageBackgroundTaskDefaultTimeout: fc.integer({ min: 1, max: 300 }),
      pageBackgroundTaskMaxTimeout: fc.integer({ min: 1, max: 300 }),
    }),
    codeunits: fc.tuple(codeunit, codeunit, codeunit),
    pages: fc.tuple(page, page),
    first: fc.constantFrom(...RECORDS),
    steps: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 120 }), step }), { maxLength: 8 }),
  })
  .map((g) => {
    let at = 0;
    const script: Record<string, unknown>[] = [{ atMs: 0, open: 'page0', record: g.first }];
    for (const s of g.steps) script.push({ atMs: (at += s.gap), ...s.step });
    return {
      version: 1, name: 'oracle subset', mode: 'client', server: g.server,
      codeunits: { '50100': g.codeunits[0], '50101': g.codeunits[1], '50102': g.codeunits[2] },
      sessions: [{ id: 'user1', pages: { page0: g.pages[0], page1: g.pages[1] }, script }],
      limits: { maxEvents: 5000 },
    } as unknown as ScenarioFile;
  });
