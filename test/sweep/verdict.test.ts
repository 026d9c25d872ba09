// Honest verdicts and exit codes: truncated runs are counted, listed and kept out of the
// distributions, and the report never says "No seed broke an invariant" for them alone;
// violations and model failures make exit 1. Uses a stand-in record source (the SeedRunner the
// shard takes), so a violation does not need a broken model.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSweepReport, digestOf, mergeSweep, parseTarget, planSweep, runSweepShard, type SweepShardResult } from '../../app/sweep/index.js';
import { runSeedFromTrace, type SyncSeedRunner as SeedRunner } from '../../app/sweep/seedRunner.js';
import { renderSweepHtml, renderSweepMarkdown } from '../../reports/index.js';
import { cli, root } from './helpers.js';

const file = 'examples/customer-card-browse.json';
const source = JSON.parse(readFileSync(join(root, file), 'utf8')) as unknown;
const reportInput = { scenario: 's', file, pbtsimVersion: 'test', seedsSpec: '1..6', seedCount: 6, axes: [], target: parseTarget('p99<=100000') };

function sweepWith(runner: SeedRunner) {
  const plan = planSweep({ source, file, seeds: [1, 2, 3, 4, 5, 6], axes: [], pbtsimVersion: 'test', shardSeeds: 4 });
  const results = new Map<number, SweepShardResult>(plan.tasks.map((task, i) => [i, runSweepShard(task, undefined, runner)]));
  return buildSweepReport(mergeSweep(plan, results, true), reportInput);
}

test('a clean sweep says so and exits 0; the target is met', (t) => {
  const { report, exitCode } = sweepWith(runSeedFromTrace);
  t.is(exitCode, 0);
  t.is(report.verdict, 'No seed broke an invariant; every run was complete.');
  t.is(report.recommendation?.setting, 0);
  t.regex(report.recommendation!.text, /as in the file is the smallest setting that meets ttr\.p99<=100000/);
});

test('violations make exit 1 and are listed with a replay command', (t) => {
  const broken: SeedRunner = (sc, seed, folds) => {
    const r = runSeedFromTrace(sc, seed, folds);
    return seed % 2 === 0 ? { ...r, violations: [{ invariant: 'fifoStart', clauses: ['PBT-CONC-03'], message: 'at 5 ms: out of order' }] } : r;
  };
  const { report, exitCode } = sweepWith(broken);
  t.is(exitCode, 1);
  t.is(report.totals.violatedSeeds, 3);
  t.deepEqual(report.settings[0]!.violations.map((v) => v.seed), [2, 4, 6]);
  t.is(report.settings[0]!.violations[0]!.replay, `pbtsim run ${file} --seed 2`);
  t.regex(report.verdict, /^3 seed\(s\) broke an invariant/);
  t.is(report.recommendation?.setting, null, 'a broken setting is never recommended');
  t.notRegex(renderSweepMarkdown(report), /No seed broke an invariant/);
});

test('truncated runs are counted, listed, kept out of the distributions and never called clean', (t) => {
  const truncating: SeedRunner = (sc, seed, folds) => {
    const r = runSeedFromTrace(sc, seed, folds);
    return seed <= 2 ? { ...r, status: 'event-budget-exceeded' } : r;
  };
  const clean = sweepWith(runSeedFromTrace).report.settings[0]!;
  const { report, exitCode } = sweepWith(truncating);
  const s = report.settings[0]!;
  t.is(exitCode, 0);
  t.is(s.truncated, 2);
  t.is(s.complete, 4);
  t.deepEqual(s.truncatedSeeds.map((x) => [x.seed, x.what]), [[1, 'event-budget-exceeded'], [2, 'event-budget-exceeded']]);
  t.is(s.perSeed.endTimeMs.count, 4, 'only complete runs in the per-run distributions');
  t.true(s.timeToResult.count < clean.timeToResult.count, 'their tasks are not averaged in');
  t.regex(report.verdict, /^No seed broke an invariant in what was simulated, but 2 of 6 runs were truncated/);
  const md = renderSweepMarkdown(report);
  t.regex(md, /\*\*Warning: 2 of 6 runs were truncated\*\*/);
  t.regex(renderSweepHtml(report), /2 of 6 runs were truncated/);
  t.regex(report.recommendation!.text, /no setting meets .*not eligible: as in the file: 2 truncated run/);
});

test('a runaway scenario is reported as truncated by the CLI, with a warning on stderr', (t) => {
  const r = cli('sweep', 'test/fixtures/runaway-reenqueue.json', '--seeds', '1..3', '--workers', '1');
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /\*\*Warning: 3 of 3 runs were truncated\*\*/);
  t.notRegex(r.stdout, /No seed broke an invariant;/);
  t.regex(r.stderr, /warning: 3 of 3 runs were truncated/);
  t.regex(r.stdout, /seed 1: event-budget-exceeded/);
});

test('scenario digests in the payload are checked', (t) => {
  t.not(digestOf({ a: 1, b: 2 }), digestOf({ a: 1, b: 3 }));
  t.is(digestOf({ a: 1, b: 2 }), digestOf({ b: 2, a: 1 }), 'canonical: key order does not matter');
});
