// Determinism (same seed → same digest, in one process and in a child process) and same-instant
// sensitivity (a seeded shuffle of same-(time, rank) events changes no outcome the spec fixes,
// and every invariant holds under it). See docs/properties.md for what "fixed" means.
import test from 'ava';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScenario, runScenario, type TaskResult } from '../../models/pbt/index.js';
import { NO_RACE, scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { checkScenario } from '../../properties/harness.js';
import { shuffleTieBreaker } from '../../properties/orderings.js';
import { DEFAULT_RUNS, DEFAULT_SEED, envInt, InvariantFailure } from '../../properties/suite.js';

const RUNS = envInt('PBTSIM_RUNS', DEFAULT_RUNS);
const SEED = envInt('PBTSIM_SEED', DEFAULT_SEED);

test('determinism: the same seed gives the same digest twice in one process', (t) => {
  fc.assert(
    fc.property(scenarioArbitrary(), seedArbitrary, (scenario, seed) => {
      const a = runScenario(compileScenario(scenario), { seed });
      const b = runScenario(compileScenario(structuredClone(scenario)), { seed, autoFreeze: false });
      return a.result.digest === b.result.digest && a.records.length === b.records.length;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.pass();
});

test('determinism: a child process computes the same digests', (t) => {
  const cases = fc.sample(fc.tuple(scenarioArbitrary(), seedArbitrary), { numRuns: 30, seed: SEED }).map(([scenario, seed]) => ({ scenario, seed }));
  const here = cases.map((c) => runScenario(compileScenario(c.scenario), { seed: c.seed }).result.digest);
  const dir = mkdtempSync(join(tmpdir(), 'pbtsim-det-'));
  try {
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify(cases));
    const out = execFileSync(process.execPath, ['--import=tsx', join(import.meta.dirname, '_digests.ts'), file], { encoding: 'utf8' });
    t.deepEqual(out.trim().split('\n'), here);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sensitivity: every invariant holds when same-instant events are shuffled', (t) => {
  fc.assert(
    fc.property(scenarioArbitrary(), seedArbitrary, fc.noShrink(fc.integer({ min: 0, max: 1e9 })), (scenario, seed, shuffle) => {
      const run = checkScenario(scenario, { seed, tieBreaker: shuffleTieBreaker(shuffle) });
      if (run.failure !== null || run.violations.length > 0) throw new InvariantFailure(run, run.violations);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.pass();
});

const FIXED: readonly (keyof TaskResult)[] = ['session', 'page', 'taskId', 'codeunit', 'record', 'effectiveTimeoutMs', 'enqueuedAtMs', 'startedAtMs', 'endedAtMs', 'outcome', 'cancelReason', 'errorCode', 'trigger', 'delivery', 'surfacedAs', 'results'];

test('sensitivity: a shuffle changes no per-task outcome of a race-free scenario', (t) => {
  let tied = 0;
  fc.assert(
    fc.property(scenarioArbitrary(NO_RACE), seedArbitrary, fc.noShrink(fc.integer({ min: 0, max: 1e9 })), (scenario, seed, shuffle) => {
      const sc = compileScenario(scenario);
      const fifo = runScenario(sc, { seed, autoFreeze: false });
      let ties = 0;
      const base = shuffleTieBreaker(shuffle);
      const shuffled = runScenario(sc, { seed, autoFreeze: false, tieBreaker: { choose: (c, at) => { ties++; return base.choose(c, at); } } });
      if (ties > 0) tied++;
      const pick = (ts: readonly TaskResult[]): unknown[] => ts.map((x) => FIXED.map((k) => x[k])).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const a = JSON.stringify(pick(fifo.result.tasks));
      const b = JSON.stringify(pick(shuffled.result.tasks));
      if (a !== b) throw new Error(`per-task outcomes differ under shuffle ${shuffle}:\nFIFO     ${a}\nshuffled ${b}`);
      const calls = (r: typeof fifo): string => JSON.stringify(r.result.enqueueCalls.map((c) => JSON.stringify([c.session, c.page, c.atMs, c.ok, c.taskId, c.runtimeError])).sort());
      if (calls(fifo) !== calls(shuffled)) throw new Error('enqueue calls differ under shuffle');
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.true(tied > RUNS / 10, `only ${tied} of ${RUNS} scenarios had same-instant ties: the check would be vacuous`);
});
