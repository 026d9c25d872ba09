/**
 * The statistics the reports share (reports/stats.ts): nearest-rank percentiles, summaries of
 * plain and typed arrays, and the sweep report rendered with charts.ts histograms whose y axis
 * ends at or above the tallest bar.
 */
import test from 'ava';
import { sweep } from '../../cli/commands/sweep.js';
import { NumberSample, parseSeedRange, percentile, renderSweepHtml, summarize } from '../../reports/index.js';

test('nearest-rank percentiles', (t) => {
  const s = Array.from({ length: 100 }, (_, i) => i + 1);
  t.is(percentile(s, 50), 50);
  t.is(percentile(s, 90), 90);
  t.is(percentile(s, 99), 99);
  t.is(percentile([7], 99), 7);
  t.is(percentile([], 50), null);
  t.deepEqual(summarize([3, 1, 2]), { count: 3, min: 1, p50: 2, p90: 3, p99: 3, max: 3, mean: 2 });
});

test('a typed-array sample summarises exactly like a plain array', (t) => {
  const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009);
  const sample = new NumberSample();
  for (const v of values) sample.push(v);
  t.is(sample.count, 1000);
  t.deepEqual(sample.summary(), summarize(values));
  t.is(sample.sum(), values.reduce((a, b) => a + b, 0));
});

test('the sweep report draws its histograms with the axis at or above the tallest bar', (t) => {
  const r = sweep('examples/business-manager-role-center.json', parseSeedRange('1..6'), '1..6');
  const html = renderSweepHtml(r);
  const charts = [...html.matchAll(/<svg class="histogram"[^>]*data-y-max="(\d+)">(.*?)<\/svg>/g)];
  t.true(charts.length >= 1);
  for (const [, yMax, body] of charts) {
    const counts = [...(body ?? '').matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1]));
    t.true(Number(yMax) >= Math.max(...counts), `axis ${yMax} below a bar of ${Math.max(...counts)}`);
  }
});
