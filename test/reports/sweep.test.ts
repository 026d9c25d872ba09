import test from 'ava';
import { sweep } from '../../cli/commands/sweep.js';
import { parseSeedRange, percentile, renderSweepHtml, renderSweepMarkdown, summarize } from '../../reports/index.js';

test('seed lists parse ranges and mixes, and reject bad parts', (t) => {
  t.deepEqual(parseSeedRange('1..5'), [1, 2, 3, 4, 5]);
  t.deepEqual(parseSeedRange('3, 1..2,3'), [3, 1, 2]);
  t.throws(() => parseSeedRange('5..1'), { message: /ascending/ });
  t.throws(() => parseSeedRange('a'), { message: /expected seeds/ });
});

test('nearest-rank percentiles', (t) => {
  const s = Array.from({ length: 100 }, (_, i) => i + 1);
  t.is(percentile(s, 50), 50);
  t.is(percentile(s, 90), 90);
  t.is(percentile(s, 99), 99);
  t.is(percentile([7], 99), 7);
  t.is(percentile([], 50), null);
  t.deepEqual(summarize([3, 1, 2]), { count: 3, min: 1, p50: 2, p90: 3, p99: 3, max: 3, mean: 2 });
});

test('sweep over a few seeds gives distributions per page and renders with histograms', (t) => {
  const r = sweep('examples/business-manager-role-center.json', parseSeedRange('1..6'), '1..6');
  t.is(r.seeds.count, 6);
  const setting = r.settings[0]!;
  t.true(setting.pages.length >= 1);
  const p = setting.pages[0]!;
  t.is(p.timeToResult.count, p.delivered);
  t.true((p.timeToResult.p50 ?? 0) <= (p.timeToResult.p99 ?? 0));
  t.is(setting.perSeed.rejected.count, 6);
  const html = renderSweepHtml(r);
  t.regex(html, /class="histogram"/);
  t.notRegex(html, /<script/);
  t.regex(renderSweepMarkdown(r), /## Time to result per page/);
});
