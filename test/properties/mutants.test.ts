// The proof that the suites can fail: every model fault (models/pbt/faults.ts) is killed within
// the default run count, by the invariant written for its rule; every trace mutant is caught.
import test from 'ava';
import fc from 'fast-check';
import { FAULT_NAMES, type Fault } from '../../models/pbt/index.js';
import { checkTrace } from '../../properties/index.js';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { checkScenario } from '../../properties/harness.js';
import { DEFAULT_RUNS, DEFAULT_SEED, envInt, huntMutant } from '../../properties/suite.js';
import { TRACE_MUTANTS } from '../../properties/traceMutants.js';

const RUNS = envInt('PBTSIM_RUNS', DEFAULT_RUNS);
const SEED = envInt('PBTSIM_SEED', DEFAULT_SEED);

/** The kill table: which invariant is written to catch each fault. */
export const EXPECTED_KILLER: Readonly<Record<Fault, string>> = {
  noTimeoutClamp: 'effectiveTimeout',
  concurrencyOffByOne: 'maxConcurrency',
  lifoQueue: 'fifoStart',
  callbackAfterCancel: 'noTriggerAfterCancel',
  timeoutFromEnqueue: 'effectiveTimeout',
  queueLimitOffByOne: 'queueLength',
  errorLevelIgnored: 'errorSurface',
  recordChangeNotCancelling: 'cancelOnLifetime',
  noDeliveryRecordCheck: 'triggerOnSamePage',
  wrongTimeoutErrorCode: 'timeoutErrorCode',
  resultsAltered: 'resultsUnchanged',
  deliverWhileBusy: 'deliverySerialized',
  noRefillAfterCancel: 'noIdleSlot',
  enqueueFailureSilent: 'enqueueFailure',
  timeoutIgnored: 'effectiveTimeout',
  noTriggerOnTimeout: 'deliveryMatchesOutcome',
  endTwice: 'exactlyOneOutcome',
  cancelReturnsFalse: 'cancelReturnValue',
  startWhileFull: 'maxConcurrency',
};

test('the kill table covers every model fault', (t) => {
  t.deepEqual(Object.keys(EXPECTED_KILLER).sort(), [...FAULT_NAMES].sort());
});

for (const fault of FAULT_NAMES) {
  test(`mutant ${fault} is killed by ${EXPECTED_KILLER[fault]} within ${RUNS} runs`, (t) => {
    // Only the expected invariant counts, so the kill is attributed honestly.
    const hunt = huntMutant(fault, RUNS, SEED, undefined);
    t.true(hunt.killed, `${fault} survived ${hunt.runs} runs`);
    const own = fc.check(
      fc.property(scenarioArbitrary(), seedArbitrary, (scenario, seed) => checkScenario(scenario, { seed, faults: [fault], invariants: [EXPECTED_KILLER[fault]] }).violations.length === 0),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    t.true(own.failed, `${EXPECTED_KILLER[fault]} alone does not kill ${fault} within ${RUNS} runs (first killers: ${hunt.killedBy.join(', ')})`);
    t.log(`${fault}: killed after ${hunt.runs} run(s) by ${hunt.killedBy.join(', ')}; ${EXPECTED_KILLER[fault]} alone after ${own.numRuns}`);
  });
}

test('the fault-free model is not flagged on the scenarios that kill the mutants', (t) => {
  for (const fault of FAULT_NAMES) {
    const hunt = huntMutant(fault, RUNS, SEED);
    if (hunt.counterexample === null) continue;
    const clean = checkScenario(hunt.counterexample.scenario, { seed: hunt.counterexample.seed });
    t.deepEqual(clean.violations, [], `the counterexample of ${fault} also fails without the fault`);
  }
});

for (const m of TRACE_MUTANTS) {
  test(`trace mutant ${m.name} is caught by ${m.caughtBy}`, (t) => {
    let applied = 0;
    for (const [scenario, seed] of fc.sample(fc.tuple(scenarioArbitrary(), seedArbitrary), { numRuns: RUNS, seed: SEED })) {
      const run = checkScenario(scenario, { seed, invariants: [] });
      const bad = m.apply(run.trace);
      if (bad === null) continue;
      applied++;
      t.deepEqual(checkTrace(run.trace, [m.caughtBy]), [], 'the intact trace passes');
      const v = checkTrace(bad, [m.caughtBy]);
      if (v.length === 0) return t.fail(`${m.name} slipped past ${m.caughtBy} (seed ${seed}): ${JSON.stringify(scenario)}`);
    }
    t.true(applied > 0, `${m.name} never applied in ${RUNS} runs`);
  });
}
