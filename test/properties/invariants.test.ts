// Every invariant holds on generated scenarios (fast-check, shrinking to small scenarios).
// Runs per property: PBTSIM_RUNS (default DEFAULT_RUNS = 100); seed: PBTSIM_SEED.
import test from 'ava';
import fc from 'fast-check';
import { INVARIANTS } from '../../properties/index.js';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { DEFAULT_RUNS, DEFAULT_SEED, envInt, invariantProperty, RunCache } from '../../properties/suite.js';

const RUNS = envInt('PBTSIM_RUNS', DEFAULT_RUNS);
const SEED = envInt('PBTSIM_SEED', DEFAULT_SEED);
const cache = new RunCache(RUNS * 2);

for (const inv of INVARIANTS) {
  test(`invariant ${inv.name} holds on generated scenarios (${inv.clauses.join(', ')})`, (t) => {
    fc.assert(invariantProperty(inv, cache), { numRuns: RUNS, seed: SEED });
    t.pass();
  });
}

test('invariants are tagged and documented', (t) => {
  const names = new Set<string>();
  for (const inv of INVARIANTS) {
    t.false(names.has(inv.name), inv.name);
    names.add(inv.name);
    t.true(inv.clauses.length > 0 && inv.clauses.every((c) => /^(PBT-[A-Z]+-C?\d+|A\d+|ENGINE-[A-Z]+)$/.test(c)), inv.name);
    t.true(inv.description.length > 10, inv.name);
  }
  t.true(INVARIANTS.length >= 14);
});

test('the generated scenarios reach the interesting corners', (t) => {
  // Not vacuous: the default runs include queue-full failures, waiting, timeouts, cancellations
  // of every kind, drops, both callbacks, headless runs and event-budget stops.
  const seen = new Set<string>();
  for (const [scenario, seed] of fc.sample(fc.tuple(scenarioArbitrary(), seedArbitrary), { numRuns: RUNS, seed: SEED })) {
    const run = cache.get(scenario, seed);
    if (scenario.mode === 'headless') seen.add('headless');
    if (!run.run.run.ok) seen.add('budgetStop');
    for (const c of run.run.result.enqueueCalls) if (!c.ok) seen.add(c.runtimeError === null ? 'enqueueFalse' : 'enqueueError');
    for (const task of run.run.result.tasks) {
      if (task.startedAtMs !== null && task.startedAtMs > task.enqueuedAtMs) seen.add('waited');
      if (task.outcome === 'timedOut') seen.add('timedOut');
      if (task.outcome === 'cancelled') seen.add(`cancel:${String(task.cancelReason)}`);
      if (task.delivery === 'dropped') seen.add('drop');
      if (task.trigger !== null) seen.add(task.trigger);
    }
  }
  for (const want of ['headless', 'budgetStop', 'enqueueFalse', 'enqueueError', 'waited', 'timedOut', 'cancel:recordChanged', 'cancel:pageClosed',
    'cancel:cancelBackgroundTask', 'cancel:sessionClosed', 'drop', 'OnPageBackgroundTaskError', 'OnPageBackgroundTaskCompleted']) {
    t.true(seen.has(want), `no generated run showed ${want}`);
  }
});
