// Differential property: the model and the independent oracle (properties/oracle/) give the
// same per-task outcomes on generated scenarios of the oracle's subset.
import test from 'ava';
import fc from 'fast-check';
import { compileScenario, runScenario } from '../../models/pbt/index.js';
import { oracle } from '../../properties/oracle/oracle.js';
import { oracleScenarioArbitrary } from '../../properties/oracle/arbitrary.js';
import { DEFAULT_RUNS, DEFAULT_SEED, envInt } from '../../properties/suite.js';

const RUNS = envInt('PBTSIM_RUNS', DEFAULT_RUNS) * 3;
const SEED = envInt('PBTSIM_SEED', DEFAULT_SEED);
const FIELDS = ['taskId', 'page', 'record', 'enqueuedAtMs', 'effectiveTimeoutMs', 'outcome', 'cancelReason', 'startedAtMs', 'endedAtMs', 'trigger', 'delivery', 'surfacedAs'] as const;

test(`oracle: model and oracle agree on every task (${RUNS} scenarios)`, (t) => {
  let tasks = 0;
  fc.assert(
    fc.property(oracleScenarioArbitrary, fc.noShrink(fc.nat()), (scenario, seed) => {
      const model = runScenario(compileScenario(scenario), { seed, autoFreeze: false });
      if (!model.run.ok) throw new Error(`model run failed: ${model.run.error.message}`);
      const want = oracle(scenario as unknown as Record<string, unknown>);
      const got = model.result.tasks.map((x) => Object.fromEntries(FIELDS.map((k) => [k, x[k]])));
      const exp = want.tasks.map((x) => Object.fromEntries(FIELDS.map((k) => [k, x[k]])));
      tasks += exp.length;
      const a = JSON.stringify(got);
      const b = JSON.stringify(exp);
      if (a !== b) throw new Error(`per-task outcomes differ\nmodel  ${a}\noracle ${b}`);
      const calls = JSON.stringify(model.result.enqueueCalls.map((c) => [c.atMs, c.page, c.ok, c.taskId, c.runtimeError !== null]));
      const oc = JSON.stringify(want.calls.map((c) => [c.atMs, c.page, c.ok, c.taskId, c.raised]));
      if (calls !== oc) throw new Error(`enqueue calls differ\nmodel  ${calls}\noracle ${oc}`);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.true(tasks > RUNS, `only ${tasks} tasks in ${RUNS} scenarios`);
});

test('oracle: a known scenario (Customer Card docs example, reduced) gives the documented outcomes', (t) => {
  const scenario = {
    version: 1, name: 'docs', server: { pageBackgroundTaskDefaultTimeout: 120000 },
    codeunits: { '50100': { durationMs: 1000, results: { after: 'x' } } },
    sessions: [{ id: 'u', pages: { card: { triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 50100, timeoutMs: 10000, taskIdVar: 'T' } }] } } },
      script: [{ atMs: 0, open: 'card', record: 'C1' }, { atMs: 400, navigate: 'card', record: 'C2' }] }],
  };
  const o = oracle(scenario);
  t.deepEqual(o.tasks.map((x) => [x.outcome, x.cancelReason, x.startedAtMs, x.endedAtMs, x.trigger, x.delivery]), [
    ['cancelled', 'recordChanged', 0, 400, null, null],
    ['completed', null, 400, 1400, 'OnPageBackgroundTaskCompleted', 'delivered'],
  ]);
});

// The differential property is not vacuous: it tells these faulty models apart from the oracle.
const DETECTED = ['noTimeoutClamp', 'concurrencyOffByOne', 'callbackAfterCancel', 'timeoutFromEnqueue', 'queueLimitOffByOne', 'errorLevelIgnored',
  'recordChangeNotCancelling', 'enqueueFailureSilent', 'timeoutIgnored', 'noTriggerOnTimeout'] as const;
for (const fault of DETECTED) {
  test(`oracle: the differential property detects the ${fault} mutant`, (t) => {
    const r = fc.check(
      fc.property(oracleScenarioArbitrary, fc.noShrink(fc.nat()), (scenario, seed) => {
        const model = runScenario(compileScenario(scenario, '<oracle>', new Set([fault])), { seed, autoFreeze: false });
        const want = oracle(scenario as unknown as Record<string, unknown>);
        const pick = (xs: readonly Record<string, unknown>[]): string => JSON.stringify(xs.map((x) => FIELDS.map((k) => x[k])));
        return pick(model.result.tasks as unknown as Record<string, unknown>[]) === pick(want.tasks as unknown as Record<string, unknown>[])
          && JSON.stringify(model.result.enqueueCalls.map((c) => [c.ok, c.runtimeError !== null])) === JSON.stringify(want.calls.map((c) => [c.ok, c.raised]));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    t.true(r.failed, `model with ${fault} agreed with the oracle on ${RUNS} scenarios`);
  });
}
