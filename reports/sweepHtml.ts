/**
 * The sweep report as one self-contained HTML page, with histograms.
 * @module
 */
import { histogramSvg } from './html/charts.js';
import { COLORS, badge, esc, htmlPage, htmlTable } from './html/page.js';
import { formatMs, pct, type Summary } from './stats.js';
import type { SweepReport } from './sweep.js';

const n = (v: number | null): string => (v === null ? '–' : String(v));
const cells = (s: Summary): string[] => [n(s.count), n(s.p50), n(s.p90), n(s.p99), n(s.max), n(s.mean)];

/** Renders the sweep report as HTML. */
export function renderSweepHtml(r: SweepReport): string {
  const body: string[] = [];
  body.push(`<section id="summary"><dl class="kv">
<dt>File</dt><dd><code>${esc(r.file)}</code></dd>
<dt>Seeds</dt><dd>${esc(r.seeds.spec)} (${r.seeds.count} runs), ${r.distinctDigests} distinct traces</dd>
<dt>Enqueue calls</dt><dd>${r.enqueueCalls}, rejected ${r.rejected} (${esc(pct(r.rejected, r.enqueueCalls))})</dd>
<dt>Tasks</dt><dd>${r.tasks}, cancelled ${r.cancelled} (${esc(pct(r.cancelled, r.tasks))})</dd>
<dt>Invariant violations</dt><dd>${r.violatedSeeds === 0 ? badge('none', COLORS.conforms) : badge(`${r.violatedSeeds} seeds`, COLORS.violated)}</dd>
<dt>pbtsim / Node.js</dt><dd>${esc(r.meta.pbtsimVersion)} / ${esc(r.meta.nodeVersion)}</dd>
<dt>Created, time taken</dt><dd>${esc(r.meta.createdAt)}, ${esc(formatMs(Math.round(r.meta.durationMs)))}</dd>
</dl></section>`);
  body.push(`<section id="pages-section"><h2>Time to result per page (enqueue → trigger ran, ms)</h2>${htmlTable(
    ['Session', 'Page', 'Tasks#', 'Delivered#', 'n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#', 'Cancelled#', 'Timed out#', 'Failed#', 'Dropped#'],
    r.pages.map((p) => [esc(p.session), esc(p.page), String(p.tasks), String(p.delivered), ...cells(p.timeToResult),
      esc(pct(p.cancelled, p.tasks)), esc(pct(p.timedOut, p.tasks)), esc(pct(p.failed, p.tasks)), esc(pct(p.dropped, p.tasks))]),
    'id="pages"',
  )}${r.pages.map((p) => `<div class="chart">${histogramSvg(p.timeToResultHistogram, { title: `${p.session} · ${p.page}: time to result`, xLabel: 'ms from enqueue to trigger', fmt: (v) => String(v) })}</div>`).join('')}</section>`);
  body.push(`<section id="rates-section"><h2>Rates per seed (percent)</h2>${htmlTable(['Rate', 'Seeds#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#'], [
    ['rejection (failed enqueues / calls)', ...cells(r.rejectionRate)],
    ['cancellation (cancelled / tasks)', ...cells(r.cancellationRate)],
  ], 'id="rates"')}
<div class="chart">${histogramSvg(r.rejectionRateHistogram, { title: 'Rejection rate per seed', xLabel: '% of enqueue calls rejected', color: COLORS.failed, fmt: (v) => `${v} %` })}</div>
<div class="chart">${histogramSvg(r.cancellationRateHistogram, { title: 'Cancellation rate per seed', xLabel: '% of tasks cancelled', color: COLORS.cancelled, fmt: (v) => `${v} %` })}</div></section>`);
  body.push(`<section id="endtime-section"><h2>End time (virtual ms)</h2>${htmlTable(['Runs#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#'], [cells(r.endTime)], 'id="endtime"')}</section>`);
  body.push(`<section id="violations-section"><h2>Violations</h2>${r.violations.length === 0 ? '<p>No seed broke an invariant.</p>'
    : htmlTable(['Seed#', 'Violations#', 'First', 'Replay'], r.violations.map((v) => [String(v.seed), String(v.count), esc(v.first), `<code>${esc(v.replay)}</code>`]), 'id="violations"')
      + (r.violatedSeeds > r.violations.length ? `<p class="muted">… ${r.violatedSeeds - r.violations.length} more seeds</p>` : '')}</section>`);
  return htmlPage(`pbtsim sweep: ${r.scenario}`, `${r.seeds.count} seeds · ${r.tasks} tasks · ${r.distinctDigests} distinct traces`, body.join('\n'));
}
