/**
 * The sweep report as one self-contained HTML page: verdict and recommendation first, the
 * settings side by side (a table with one column per setting, and one time-to-result histogram
 * per setting in a row, all on one scale), then per setting the pages and the
 * listed runs. Charts come from reports/html/charts.ts.
 * @module
 */
import { histogramSvg } from './html/charts.js';
import { COLORS, badge, esc, htmlPage, htmlTable } from './html/page.js';
import { formatMs, pct } from './stats.js';
import type { SweepReport, SweepSeedRow, SweepSettingRow } from './sweep.js';
import { sideBySideRows } from './sweepMarkdown.js';

const n = (v: number | null): string => (v === null ? '–' : String(v));

function seedTable(title: string, rows: readonly SweepSeedRow[], total: number, id: string): string {
  if (total === 0) return '';
  return `<h4>${esc(title)} (${total}; the first ${rows.length} by seed)</h4>${htmlTable(['Seed#', 'What', 'Count#', 'Replay'],
    rows.map((r) => [String(r.seed), esc(r.what), String(r.count), `<code>${esc(r.replay)}</code>`]), `id="${id}"`)}`;
}

function settingSection(s: SweepSettingRow): string {
  const pages = htmlTable(['Session', 'Page', 'Tasks#', 'Rejected#', 'Delivered#', 'n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#', 'Wait p99#', 'Cancelled#', 'Timed out#', 'Failed#', 'Dropped#', 'Wasted#'],
    s.pages.map((p) => [esc(p.session), esc(p.page), String(p.tasks), String(p.rejected), String(p.delivered), n(p.timeToResult.count), n(p.timeToResult.p50), n(p.timeToResult.p90),
      n(p.timeToResult.p99), n(p.timeToResult.max), n(p.timeToResult.mean), n(p.wait.p99), esc(pct(p.cancelled, p.tasks)), esc(pct(p.timedOut, p.tasks)),
      esc(pct(p.failed, p.tasks)), esc(pct(p.dropped, p.tasks)), esc(formatMs(p.wastedMs))]),
    // The first setting's table keeps the id `pages` of the one-setting report; every table has class and data-setting.
    `id="${s.index === 0 ? 'pages' : `pages-${s.index}`}" class="pages" data-setting="${s.index}"`);
  const listed = seedTable('Truncated runs', s.truncatedSeeds, s.truncated, `truncated-${s.index}`) + seedTable('Runs that failed in the model', s.failedSeeds, s.failures, `failed-${s.index}`)
    + seedTable('Seeds that broke an invariant', s.violations, s.violatedSeeds, `violations-${s.index}`);
  return `<section class="setting" id="setting-${s.index}"><h3>${esc(s.label)}</h3>${pages}${listed}</section>`;
}

function status(s: SweepSettingRow): string {
  if (s.violatedSeeds > 0 || s.failures > 0) return badge('broken', COLORS.violated);
  if (s.truncated > 0) return badge(`${s.truncated} truncated`, COLORS.timedOut);
  if (s.verdict === null) return badge('complete', COLORS.conforms);
  return s.verdict.meets ? badge('meets target', COLORS.conforms) : badge('misses target', COLORS.cancelled);
}

/** A chart's title: the setting's values without their section prefix, or `what` without `--set`. */
function chartTitle(s: SweepSettingRow, what: string): string {
  return s.assignments.length === 0 ? what : s.assignments.map((a) => `${a.key.replace(/^[a-z]+\./, '')}=${String(a.value)}`).join(', ');
}

/** Renders the sweep report as HTML. */
export function renderSweepHtml(r: SweepReport): string {
  const body: string[] = [];
  const warn: string[] = [];
  if (!r.finished) warn.push(`<p>${badge('interrupted', COLORS.timedOut)} ${r.shards.done} of ${r.shards.total} shards finished; the page covers those only.</p>`);
  if (r.totals.truncated > 0) warn.push(`<p>${badge('warning', COLORS.timedOut)} <strong>${r.totals.truncated} of ${r.totals.runs} runs were truncated</strong> (limits.untilMs or limits.maxEvents reached): counted and listed, left out of every distribution.</p>`);
  body.push(`<section id="summary">${warn.join('')}<p id="verdict"><strong>${esc(r.verdict)}</strong></p>${r.recommendation === null ? '' : `<p id="recommendation"><strong>${esc(r.recommendation.text)}</strong></p>`}<dl class="kv">
<dt>File</dt><dd><code>${esc(r.file)}</code></dd>
<dt>Seeds</dt><dd>${esc(r.seeds.spec)} (${r.seeds.count} per setting), ${r.settings.length} setting(s), ${r.totals.runs} runs, ${r.events} events</dd>
${r.axes.map((a) => `<dt>--set</dt><dd><code>${esc(`${a.key}=${a.values.join(',')}`)}</code></dd>`).join('\n')}
<dt>Target</dt><dd>${r.target === null ? '–' : `<code>${esc(r.target)}</code>`}</dd>
<dt>pbtsim, digest</dt><dd>${esc(r.pbtsimVersion)}, <code>${esc(r.digest)}</code></dd>
</dl></section>`);
  const head = ['', ...r.settings.map((s) => s.label)];
  const status_ = ['status', ...r.settings.map(status)];
  body.push(`<section id="settings-section"><h2>Settings side by side</h2>${htmlTable(head, [status_, ...sideBySideRows(r.settings).map((row) => row.map((c) => esc(c)))], 'id="settings"')}
<h3>Time to result per setting</h3><div class="cards" id="ttr-charts">${r.settings.map((s) => `<div class="chart" data-setting="${s.index}">${histogramSvg(s.timeToResultHistogram, { title: chartTitle(s, 'time to result'), xLabel: 'ms from enqueue to trigger (one scale)', width: 420, height: 200, fmt: (v) => String(v) })}</div>`).join('')}</div>
<h3>Rejected enqueue calls per run</h3><div class="cards" id="rejected-charts">${r.settings.map((s) => `<div class="chart" data-setting="${s.index}">${histogramSvg(s.rejectedPerRunHistogram, { title: chartTitle(s, 'rejected per run'), xLabel: 'failed enqueue calls in a run (one scale)', color: COLORS.failed, width: 420, height: 200, fmt: (v) => String(v) })}</div>`).join('')}</div></section>`);
  body.push(`<section id="pages-section"><h2>Time to result per page (enqueue → trigger ran, ms; complete runs only)</h2>${r.settings.map(settingSection).join('\n')}</section>`);
  return htmlPage(`pbtsim sweep: ${r.scenario}`, `${r.settings.length} setting(s) · ${r.seeds.count} seeds each · ${r.totals.runs} runs`, body.join('\n'));
}
