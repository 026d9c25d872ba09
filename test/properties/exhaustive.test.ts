// Small-scope exhaustive mode: for tiny scenarios (≤ 4 tasks, ≤ 2 pages) every ordering of
// same-(time, rank) events is enumerated through the engine tie breaker; every invariant holds
// on each ordering.
import test from 'ava';
import fc from 'fast-check';
import { compileScenario, runScenario } from '../../models/pbt/index.js';
import { scenarioArbitrary, seedArbitrary, TINY } from '../../properties/arbitraries/scenario.js';
import { exploreOrderings } from '../../properties/orderings.js';
import { DEFAULT_SEED, envInt } from '../../properties/suite.js';

const SCENARIOS = envInt('PBTSIM_EXHAUSTIVE', 40);
const SEED = envInt('PBTSIM_SEED', DEFAULT_SEED);

test(`exhaustive: every same-instant ordering of ${SCENARIOS} tiny scenarios satisfies every invariant`, (t) => {
  let orderings = 0;
  let branching = 0;
  let explored = 0;
  for (const [scenario, seed] of fc.sample(fc.tuple(scenarioArbitrary(TINY), seedArbitrary), { numRuns: SCENARIOS * 3, seed: SEED })) {
    if (explored >= SCENARIOS) break;
    const fifo = runScenario(compileScenario(scenario), { seed, autoFreeze: false });
    if (fifo.result.tasks.length > 4 || fifo.result.tasks.length === 0) continue;
    explored++;
    const x = exploreOrderings(scenario, { seed, maxOrderings: 500 });
    if (x.failure !== null) return t.fail(`ordering ${JSON.stringify(x.failure.choices)} of ${JSON.stringify(scenario)} (seed ${seed}) violates: ${x.failure.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ')}`);
    orderings += x.orderings;
    if (x.orderings > 1) branching++;
  }
  t.log(`${explored} scenarios, ${orderings} orderings, ${branching} with more than one ordering`);
  t.true(explored >= SCENARIOS / 2, `only ${explored} tiny scenarios with 1-4 tasks`);
  t.true(branching > 0, 'no scenario had a same-instant choice: the exploration would be vacuous');
});

test('exhaustive: the explorer enumerates exactly the orderings of independent ties', (t) => {
  // Two sessions whose pages open at the same instant: 2 user steps tie, then their starts tie,
  // then their deliveries tie: 2 × 2 × 2 = 8 orderings, all with the same per-task outcomes.
  const session = (id: string): unknown => ({ id, pages: { p: { triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 1 } }] } } }, script: [{ atMs: 0, open: 'p', record: 'R' }] });
  const scenario = { version: 1, name: 'ties', codeunits: { '1': { durationMs: 10 } }, sessions: [session('a'), session('b')] };
  const x = exploreOrderings(scenario as never, { seed: 1 });
  t.is(x.failure, null);
  t.false(x.truncated);
  t.is(x.distinctOutcomes, 1);
  t.true(x.orderings >= 8, `${x.orderings} orderings`);
});

test('exhaustive: a violating ordering is reported with its choices', (t) => {
  // Under the concurrencyOffByOne fault nothing depends on order: the first ordering fails.
  const scenario = { version: 1, name: 'cap', server: { childSessionsMaxConcurrency: 1 }, codeunits: { '1': { durationMs: 10 } },
    sessions: [{ id: 'a', pages: { p: { triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 1 } }, { enqueue: { codeunit: 1 } }] } } }, script: [{ atMs: 0, open: 'p', record: 'R' }] }] };
  const x = exploreOrderings(scenario as never, { seed: 1, faults: ['concurrencyOffByOne'] });
  t.not(x.failure, null);
  t.true(x.failure!.violations.some((v) => v.invariant === 'maxConcurrency'));
});
