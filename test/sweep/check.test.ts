// `pbtsim check --workers N`: the generated-scenario runs are sharded; everything but wall time
// is the same for any N, chunk 0 is exactly fast-check's own sequence for the seed, and a
// failure found in a shard is shrunk here into a counterexample that really fails.
import test from 'ava';
import fc from 'fast-check';
import { CHECK_CHUNK, locate, planCheck, runShardsLocal, pbtsimVersion } from '../../app/sweep/index.js';
import { runCheck } from '../../app/sweep/checkRun.js';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { checkScenario } from '../../properties/harness.js';
import { cli } from './helpers.js';

const drop = (o: Record<string, unknown>): Record<string, unknown> => { const { seconds: _s, scenariosPerSecond: _a, checksPerSecond: _b, ...rest } = o; return rest; };

test('pbtsim check --json is the same for 1 and 2 workers except wall time', (t) => {
  t.timeout(300_000, 'two CLI runs on a shared machine');
  const [a, b] = [1, 2].map((w) => cli('check', '--runs', '30', '--workers', String(w), '--json'));
  t.is(a!.status, 0, a!.stderr);
  t.is(b!.status, 0, b!.stderr);
  t.is(b!.stderr, '', 'nothing on stderr off a terminal');
  const ja = JSON.parse(a!.stdout) as Record<string, unknown> & { invariants: { runs: number; events: number }[]; digest: string };
  t.deepEqual(drop(JSON.parse(b!.stdout) as Record<string, unknown>), drop(ja));
  t.true(ja.invariants.every((i) => i.runs === 30 && i.events > 0));
});

test('the shard plan covers every index once and never crosses a chunk', (t) => {
  const plan = planCheck(CHECK_CHUNK + 60);
  let next = 0;
  for (const s of plan) {
    t.is(s.first, next);
    t.is(Math.floor(s.first / CHECK_CHUNK), Math.floor((s.first + s.count - 1) / CHECK_CHUNK));
    next += s.count;
  }
  t.is(next, CHECK_CHUNK + 60);
  t.deepEqual(locate(7, 5), { seed: 7, path: '5' }, 'chunk 0 is fast-check\'s own sequence for the seed');
  t.not(locate(7, CHECK_CHUNK).seed, 7);
  const seen: string[] = [];
  fc.check(fc.property(scenarioArbitrary(), seedArbitrary, (sc, s) => { seen.push(JSON.stringify([sc, s])); }), { seed: 7, numRuns: 6 });
  const viaPath: string[] = [];
  fc.check(fc.property(scenarioArbitrary(), seedArbitrary, (sc, s) => { viaPath.push(JSON.stringify([sc, s])); }), { seed: 7, path: '4', numRuns: 2 });
  t.deepEqual(viaPath, seen.slice(4));
});

test('a mutant fails in its shard, identically on 1 and 2 threads, and is shrunk to a real counterexample', async (t) => {
  t.timeout(300_000, 'two check runs and a shrink on a shared machine');
  const input = { runs: 120, seed: 11, invariants: ['maxConcurrency', 'queueLength'], pbtsimVersion: pbtsimVersion(), faults: ['concurrencyOffByOne'] as const };
  const outcomes = [];
  for (const workers of [1, 2]) outcomes.push(await runCheck(input, (tasks, onResult) => runShardsLocal(tasks, { workers, onResult })));
  t.deepEqual(outcomes[1], outcomes[0]);
  const mc = outcomes[0]!.invariants.find((i) => i.invariant === 'maxConcurrency')!;
  t.false(mc.passed);
  t.true(mc.runs <= 120);
  const ce = mc.counterexample!;
  const replay = checkScenario(ce.scenario, { seed: ce.seed, faults: ['concurrencyOffByOne'], invariants: ['maxConcurrency'] });
  t.true(replay.violations.length > 0, 'the shrunk counterexample fails the invariant under the mutant');
  t.true(checkScenario(ce.scenario, { seed: ce.seed, invariants: ['maxConcurrency'] }).violations.length === 0, 'and passes on the real model');
});

test('pbtsim check --mutants gives the same hunts on 1 and 2 workers', (t) => {
  t.timeout(300_000, 'two CLI runs on a shared machine');
  const [a, b] = [1, 2].map((w) => cli('check', '--mutants', '--runs', '40', '--workers', String(w), '--json'));
  t.is(a!.status, b!.status);
  const strip = (o: Record<string, unknown>): Record<string, unknown> => { const { seconds: _s, ...rest } = o; return rest; };
  t.deepEqual(strip(JSON.parse(b!.stdout) as Record<string, unknown>), strip(JSON.parse(a!.stdout) as Record<string, unknown>));
  t.true((JSON.parse(a!.stdout) as { total: number }).total >= 19);
});
