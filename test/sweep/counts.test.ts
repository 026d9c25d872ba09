// Exact distributions and aggregates: counts agree with the reports' nearest-rank percentile,
// and merging is exact, associative and commutative (so sharding cannot change a result).
import test from 'ava';
import fc from 'fast-check';
import { emptyAggregate, mergeAggregates, runSweepShard, SHARD_FORMAT, digestOf, type SettingAggregate } from '../../app/sweep/index.js';
import { CountsBuilder, mergeCounts, percentileOf, sumOf, countOf } from '../../app/sweep/counts.js';
import { canonicalJson } from '../../engine/index.js';
import { percentile } from '../../reports/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers.js';

const countsOf = (xs: readonly number[]) => { const b = new CountsBuilder(); for (const x of xs) b.add(x); return b.build(); };

test('percentiles of counts equal nearest-rank percentiles of the values', (t) => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 300 }), fc.integer({ min: 1, max: 100 }), (xs, p) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return percentileOf(countsOf(xs), p) === percentile(sorted, p) && countOf(countsOf(xs)) === xs.length && sumOf(countsOf(xs)) === xs.reduce((a, b) => a + b, 0);
  }));
  t.pass();
});

test('merging counts equals counting the concatenation', (t) => {
  fc.assert(fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.array(fc.integer({ min: -50, max: 50 })), (a, b) =>
    canonicalJson(mergeCounts(countsOf(a), countsOf(b))) === canonicalJson(countsOf([...a, ...b]))));
  t.pass();
});

function shard(seeds: number[], first: number): SettingAggregate {
  const scenario = JSON.parse(readFileSync(join(root, 'examples', 'customer-card-browse.json'), 'utf8')) as unknown;
  return runSweepShard({ format: SHARD_FORMAT, kind: 'sweep', pbtsimVersion: 'test', scenarioDigest: digestOf(scenario), scenario, file: 'x.json', setting: 0, first, seeds }).aggregate;
}

test('shard aggregates merge the same whatever the split and the order', (t) => {
  const whole = shard([1, 2, 3, 4, 5, 6], 0);
  const a = shard([1, 2], 0);
  const b = shard([3, 4, 5], 2);
  const c = shard([6], 5);
  const m1 = mergeAggregates(mergeAggregates(a, b), c);
  const m2 = mergeAggregates(c, mergeAggregates(b, a));
  const m3 = mergeAggregates(emptyAggregate(), mergeAggregates(a, mergeAggregates(b, c)));
  t.is(canonicalJson(m1), canonicalJson(whole));
  t.is(canonicalJson(m2), canonicalJson(whole));
  t.is(canonicalJson(m3), canonicalJson(whole));
  t.is(whole.runs, 6);
  t.is(whole.complete, 6);
  t.is(countOf(whole.perSeed.endTimeMs), 6);
  t.is(countOf(whole.timeToResult), whole.delivered, 'one time-to-result per delivered task');
  t.true(whole.tasks > 0 && whole.delivered > 0 && whole.wastedMs > 0);
});

test('an asynchronous record source gives the same shard as the synchronous one', async (t) => {
  const { runSweepShardAsync, runSeedFromTrace } = await import('../../app/sweep/index.js');
  const scenario = JSON.parse(readFileSync(join(root, 'examples', 'customer-card-browse.json'), 'utf8')) as unknown;
  const payload = { format: SHARD_FORMAT, kind: 'sweep', pbtsimVersion: 'test', scenarioDigest: digestOf(scenario), scenario, file: 'x.json', setting: 0, first: 0, seeds: [3, 1, 2] } as const;
  const viaAsync = await runSweepShardAsync(payload, async (sc, seed, folds) => { await new Promise((r) => setImmediate(r)); return runSeedFromTrace(sc, seed, folds); });
  t.is(canonicalJson(viaAsync), canonicalJson(runSweepShard(payload)));
});

test('histograms of counts bin exactly like the reports\' histogram of the values', async (t) => {
  const { histogramOf } = await import('../../app/sweep/index.js');
  const { histogram } = await import('../../reports/stats.js');
  fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })), { maxLength: 200 }), (xs) =>
    canonicalJson(histogramOf(countsOf(xs), 24)) === canonicalJson(histogram(xs, 24))));
  t.pass();
});

test('the streaming record source (pipeline simulate + online monitors) gives the same shards as runScenario + checkTrace', async (t) => {
  const { runSweepShardAsync, runSeedStreaming } = await import('../../app/sweep/index.js');
  for (const file of ['examples/customer-card-browse.json', 'examples/enqueue-200-overflow.json', 'test/fixtures/runaway-reenqueue.json']) {
    const scenario = JSON.parse(readFileSync(join(root, file), 'utf8')) as unknown;
    const payload = { format: SHARD_FORMAT, kind: 'sweep', pbtsimVersion: 'test', scenarioDigest: digestOf(scenario), scenario, file, setting: 0, first: 0, seeds: [1, 2, 3, 4] } as const;
    t.is(canonicalJson(await runSweepShardAsync(payload, runSeedStreaming)), canonicalJson(runSweepShard(payload)), file);
  }
});
