/**
 * The run report as one self-contained HTML page: header, SVG timeline, per-task story, wait
 * and run time percentiles, queue length over time, slot utilisation, work wasted by
 * cancellation, warnings and violations.
 * @module
 */
import { stepChartSvg } from './html/charts.js';
import { COLORS, badge, esc, htmlPage, htmlTable, legend } from './html/page.js';
import { TIMELINE_LEGEND, timelineSvg } from './html/timeline.js';
import type { RunReport } from './runReport.js';
import { formatMs, pct, type Summary } from './stats.js';

/** Most rows of the queue-length table (the chart shows every change). */
export const QUEUE_TABLE_MAX_ROWS = 200;

const n = (v: number | null): string => (v === null ? '–' : String(v));
const sumCells = (s: Summary): string[] => [n(s.count), n(s.p50), n(s.p90), n(s.p99), n(s.max), n(s.mean)];

/** Renders the run report as HTML. */
export function renderRunReportHtml(r: RunReport): string {
  const body: string[] = [];
  body.push(`<section id="summary"><dl class="kv">
<dt>Scenario</dt><dd>${esc(r.scenario)}</dd>
<dt>Seed</dt><dd><code>${esc(r.seed)}</code></dd>
<dt>Digest</dt><dd><code>${esc(r.digest)}</code></dd>
<dt>End time</dt><dd>${esc(formatMs(r.endTimeMs))} (virtual)</dd>
<dt>Events</dt><dd>${r.eventCount}</dd>
<dt>Enqueue calls</dt><dd>${r.enqueueCalls.total} (${r.enqueueCalls.rejected} rejected)</dd>
<dt>Tasks</dt><dd>${r.tasks.length}: ${Object.entries(r.outcomes).map(([k, v]) => `${esc(k)} ${v}`).join(', ') || 'none'}</dd>
<dt>Violations</dt><dd>${r.violations.length === 0 ? badge('none', COLORS.conforms) : badge(String(r.violations.length), COLORS.violated)}</dd>
</dl></section>`);
  body.push(`<section id="timeline-section"><h2>Timeline</h2>
${legend(TIMELINE_LEGEND)}
<p class="muted">Markers: ▼ enqueue (red: rejected), ✕ cancel, ◷ timeout, ● trigger delivered (green: completed, red: error), ○ result dropped, ◆ record change, | page open/close. Hover for details.</p>
<div class="chart">${timelineSvg(r)}</div></section>`);
  body.push(`<section id="tasks-section"><h2>Tasks</h2>${htmlTable(
    ['Session', 'Page', 'Task#', 'Codeunit#', 'Record', 'Enqueued#', 'Wait#', 'Run#', 'Outcome', 'Trigger', 'Surfaced', 'Story'],
    r.tasks.map((t) => [
      esc(t.session), esc(t.page), String(t.taskId), String(t.codeunit), esc(t.record), String(t.enqueuedAtMs), n(t.waitMs), n(t.runMs),
      t.outcome === null ? 'unfinished' : badge(t.outcome + (t.cancelReason ? ` (${t.cancelReason})` : ''), COLORS[t.outcome]),
      esc(t.delivery === 'dropped' ? 'dropped' : t.trigger), esc(t.surfacedAs), esc(t.story),
    ]),
    'id="tasks"',
  )}</section>`);
  body.push(`<section id="timing-section"><h2>Wait and run time (ms, nearest-rank percentiles)</h2>${htmlTable(
    ['Session', 'Page', 'Wait n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#', 'Run n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#', 'To result n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#'],
    r.timing.map((t) => [esc(t.session === '*' ? 'all' : t.session), esc(t.page === '*' ? 'all' : t.page), ...sumCells(t.wait), ...sumCells(t.run), ...sumCells(t.timeToResult)]),
    'id="timing"',
  )}<p class="muted">Wait: enqueue → start. Run: start → end. To result: enqueue → trigger ran.</p></section>`);
  const queueRows = r.sessions.flatMap((s) => {
    const times = [...new Set([...s.waiting.map((p) => p[0]), ...s.running.map((p) => p[0])])].sort((a, b) => a - b);
    const at = (pts: readonly (readonly [number, number])[], t: number): number => {
      let v = 0;
      for (const [pt, pv] of pts) if (pt <= t) v = pv;
      return v;
    };
    return times.map((t) => [esc(s.id), String(t), String(at(s.waiting, t)), String(at(s.running, t))]);
  });
  body.push(`<section id="queue-section"><h2>Queue length over time</h2>${r.sessions.map((s) => `<div class="chart">${stepChartSvg(
    [{ name: 'waiting', color: COLORS.waiting, points: s.waiting }, { name: 'running', color: COLORS.running, points: s.running }],
    r.endTimeMs, { title: `session ${s.id}: waiting and running tasks`, yLabel: 'tasks' },
  )}</div>`).join('')}
${legend([['waiting', COLORS.waiting], ['running', COLORS.running]])}
${htmlTable(['Session', 'From ms#', 'Waiting#', 'Running#'], queueRows.slice(0, QUEUE_TABLE_MAX_ROWS), 'id="queue"')}
${queueRows.length > QUEUE_TABLE_MAX_ROWS ? `<p class="muted">${queueRows.length - QUEUE_TABLE_MAX_ROWS} more changes not listed (the JSON variant has them all).</p>` : ''}</section>`);
  body.push(`<section id="utilisation-section"><h2>Slot utilisation</h2>${htmlTable(
    ['Session', 'Slots (limit)#', 'Slots used#', 'Peak running#', 'Peak waiting#', 'Busy ms#', 'Utilisation#'],
    r.sessions.map((s) => [esc(s.id), String(s.concurrency), String(s.slotsUsed), String(s.peakRunning), String(s.peakWaiting), String(s.busyMs), esc(pct(s.busyMs, s.concurrency * r.endTimeMs))]),
    'id="utilisation"',
  )}<p class="muted">Utilisation = Σ task run time / (ChildSessionsMaxConcurrency × end time).</p></section>`);
  body.push(`<section id="waste-section"><h2>Tasks wasted by cancellation</h2>${htmlTable(
    ['Session', 'Page', 'Tasks#', 'Cancelled running#', 'Run ms wasted#', 'Cancelled waiting#', 'Wait ms wasted#', 'Dropped#', 'Dropped run ms#'],
    r.waste.map((w) => [esc(w.session), esc(w.page), String(w.tasks), String(w.cancelledRunning), String(w.runMsWasted), String(w.cancelledWaiting), String(w.waitMsWasted), String(w.dropped), String(w.droppedRunMs)]),
    'id="waste"',
  )}</section>`);
  body.push(`<section id="warnings-section"><h2>Warnings and violations</h2>${
    r.warnings.length === 0 ? '<p>No warnings.</p>' : htmlTable(['At ms#', 'Code', 'Message'], r.warnings.map((w) => [String(w.atMs), esc(w.code), esc(w.message)]), 'id="warnings"')
  }${
    r.violations.length === 0 ? '<p>No invariant violations.</p>' : htmlTable(['Invariant', 'Clauses', 'At ms#', 'Message'], r.violations.map((v) => [esc(v.invariant), esc(v.clauses.join(', ')), n(v.atMs), esc(v.message)]), 'id="violations"')
  }</section>`);
  return htmlPage(`pbtsim run report: ${r.scenario}`, `seed ${String(r.seed)} · ${r.tasks.length} tasks · ${r.eventCount} events · ${r.digest}`, body.join('\n'));
}
