// The sweep report's renderings: settings side by side in md and html (one column and one
// chart per setting, on one scale), self-contained html, json with the digest.
import test from 'ava';
import { sweep } from '../../cli/commands/sweep.js';
import { parseSeedRange, renderSweepHtml, renderSweepMarkdown } from '../../reports/index.js';

const report = sweep('examples/customer-card-browse.json', parseSeedRange('1..12'), '1..12', { set: ['server.childSessionsMaxConcurrency=1,5'], target: 'p99<=100000' });

test('html shows the settings side by side and is self-contained', (t) => {
  const html = renderSweepHtml(report);
  const head = /<table id="settings"><thead><tr>(.*?)<\/tr><\/thead>/.exec(html)?.[1] ?? '';
  t.is((head.match(/<th/g) ?? []).length, 3, 'a label column and one per setting');
  const ttr = html.slice(html.indexOf('id="ttr-charts"'), html.indexOf('id="rejected-charts"'));
  const rejected = html.slice(html.indexOf('id="rejected-charts"'), html.indexOf('</section>', html.indexOf('id="rejected-charts"')));
  t.is((ttr.match(/<div class="chart" data-setting=/g) ?? []).length, 2, 'one time-to-result chart per setting');
  t.is((rejected.match(/<div class="chart" data-setting=/g) ?? []).length, 2, 'one rejections chart per setting');
  t.true((html.match(/class="histogram"/g) ?? []).length >= 3);
  t.notRegex(html, /<script|(?:src|href)="https?:/);
  t.regex(html, /id="recommendation"><strong>Recommendation: server\.childSessionsMaxConcurrency=1 is the smallest setting/);
  const [a, b] = report.settings;
  t.deepEqual(a!.timeToResultHistogram.map((x) => x.from), b!.timeToResultHistogram.map((x) => x.from), 'one scale for every setting');
});

test('markdown has the side-by-side table, per-setting pages and the verdict', (t) => {
  const md = renderSweepMarkdown(report);
  t.regex(md, /\| {2}\| server\.childSessionsMaxConcurrency=1 \| server\.childSessionsMaxConcurrency=5 \|/);
  t.regex(md, /### server\.childSessionsMaxConcurrency=5\n/);
  t.regex(md, /\*\*No seed broke an invariant; every run was complete\.\*\*/);
  t.regex(md, new RegExp(`digest \`${report.digest}\``));
});
