// The monitors (properties/monitors/, one pass, bounded memory) find exactly the violations of the
// batch invariants (properties/invariants/, whole-array functions) on generated traces: fault-free,
// built with each model fault, and corrupted by each trace mutant, so that violations occur.
// Compared per trace as sorted multisets of {invariant, message, atMs, session, taskId}.
// Runs per fault: PBTSIM_AGREE_RUNS (default 40); seed: PBTSIM_SEED.
import test from 'ava';
import fc from 'fast-check';
import type { TraceRecord } from '../../engine/index.js';
import { FAULT_NAMES, type Fault } from '../../models/pbt/index.js';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { checkScenario } from '../../properties/harness.js';
import { checkTrace, createMonitorSet, INVARIANT_NAMES, type Violation } from '../../properties/index.js';
import { BATCH_INVARIANTS } from '../../properties/invariants/batch.js';
import { DEFAULT_RUNS, DEFAULT_SEED, envInt, huntMutant } from '../../properties/suite.js';
import { TRACE_MUTANTS } from '../../properties/traceMutants.js';

const RUNS = envInt('PBTSIM_AGREE_RUNS', 40);
const SEED = envInt('PBTSIM_SEED', DEFAULT_SEED);

const key = (v: Violation): string => JSON.stringify([v.invariant, v.message, v.atMs, v.session, v.taskId]);

/**
 * The one known difference: a CancelBackgroundTask call naming a TaskId that is enqueued only
 * later in the trace. The batch check looked the ID up in an index of the whole trace (so it
 * called the task "of another page"); a monitor knows only the past and calls it "unknown".
 */
function futureTaskDetail(trace: readonly TraceRecord[], b: Violation, m: Violation): boolean {
  if (b.invariant !== 'cancelReturnValue' || m.invariant !== 'cancelReturnValue' || b.atMs !== m.atMs || b.session !== m.session || b.taskId !== m.taskId) return false;
  if (m.message !== b.message.replace(/\(task [^)]*\)$/, '(task unknown)')) return false;
  const call = trace.findIndex((r) => r.type === 'pbt.cancelCall' && r.timeMs === b.atMs && r['session'] === b.session && r['taskId'] === b.taskId);
  return call >= 0 && trace.slice(call).some((r) => r.type === 'pbt.enqueue' && r['ok'] === true && r['session'] === b.session && r['taskId'] === b.taskId);
}

/** Batch-only and monitor-only violations of one trace, known differences removed. */
function disagreement(trace: readonly TraceRecord[]): { batchOnly: Violation[]; monitorOnly: Violation[]; excused: number } {
  const batch = BATCH_INVARIANTS.flatMap((i) => i.check(trace));
  const monitor = checkTrace(trace);
  const left = new Map<string, Violation[]>();
  for (const v of monitor) (left.get(key(v)) ?? left.set(key(v), []).get(key(v))!).push(v);
  const batchOnly: Violation[] = [];
  for (const v of batch) {
    const same = left.get(key(v));
    if (same !== undefined && same.length > 0) same.pop();
    else batchOnly.push(v);
  }
  let monitorOnly = [...left.values()].flat();
  const unexplained: Violation[] = [];
  for (const b of batchOnly) {
    const i = monitorOnly.findIndex((m) => futureTaskDetail(trace, b, m));
    if (i >= 0) monitorOnly = monitorOnly.filter((_, j) => j !== i);
    else unexplained.push(b);
  }
  return { batchOnly: unexplained, monitorOnly, excused: batchOnly.length - unexplained.length };
}

const samples = (): [Parameters<typeof checkScenario>[0], number][] =>
  fc.sample(fc.tuple(scenarioArbitrary(), seedArbitrary), { numRuns: RUNS, seed: SEED });

function agreeOn(t: { log(...a: unknown[]): void; deepEqual(a: unknown, b: unknown, m?: string): void; true(a: boolean, m?: string): void }, faults: readonly Fault[], withMutants: boolean): void {
  let traces = 0;
  let violating = 0;
  let violations = 0;
  let excused = 0;
  const check = (trace: readonly TraceRecord[], what: string): void => {
    traces++;
    const n = BATCH_INVARIANTS.reduce((a, i) => a + i.check(trace).length, 0);
    if (n > 0) violating++;
    violations += n;
    const d = disagreement(trace);
    excused += d.excused;
    t.deepEqual({ batchOnly: d.batchOnly.map(key), monitorOnly: d.monitorOnly.map(key) }, { batchOnly: [], monitorOnly: [] }, what);
  };
  // With a fault, also the first scenario that the suites find killing it (so violations occur).
  const hunted = faults.map((f) => huntMutant(f, DEFAULT_RUNS, SEED).counterexample).filter((c) => c !== null).map((c) => [c.scenario, c.seed] as const);
  for (const [scenario, seed] of [...samples(), ...hunted]) {
    const run = checkScenario(scenario, { seed, faults, invariants: [] });
    check(run.trace, `seed ${seed}: ${JSON.stringify(scenario)}`);
    if (!withMutants) continue;
    for (const m of TRACE_MUTANTS) {
      const bad = m.apply(run.trace);
      if (bad !== null) check(bad, `mutant ${m.name}, seed ${seed}: ${JSON.stringify(scenario)}`);
    }
  }
  t.log(`${traces} traces compared, ${violating} with violations (${violations} violations; ${excused} with the known future-TaskId detail)`);
  if (faults.length > 0 || withMutants) t.true(violating > 0, 'no trace with a violation: the comparison would be vacuous');
}

test('monitors agree with the batch invariants on fault-free traces and on every trace mutant', (t) => {
  agreeOn(t, [], true);
});

for (const fault of FAULT_NAMES) {
  test(`monitors agree with the batch invariants on traces of the ${fault} mutant`, (t) => {
    agreeOn(t, [fault], false);
  });
}

test('createMonitorSet fed record by record equals checkTrace, and selects invariants by name', (t) => {
  for (const [scenario, seed] of samples().slice(0, 10)) {
    const run = checkScenario(scenario, { seed, faults: ['lifoQueue'], invariants: [] });
    const set = createMonitorSet();
    for (const r of run.trace) set.step(r);
    t.deepEqual(set.finish(), checkTrace(run.trace));
    const only = createMonitorSet({ invariants: ['fifoStart'] });
    for (const r of run.trace) only.step(r);
    t.true(only.finish().every((v) => v.invariant === 'fifoStart'));
  }
  t.is(INVARIANT_NAMES.length, 17);
});
