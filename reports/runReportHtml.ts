/**
 * The run report as one self-contained HTML page: summary cards, failures, warnings and
 * violations (each one listed), outcomes and times per page, the SVG timeline with its zoom
 * control and legends, the tasks, queue length over time, slot utilisation and wasted
 * child-session time. The only script is the timeline's zoom, inlined.
 * @module
 */
import { stepChartSvg } from './html/charts.js';
import { COLORS, badge, esc, htmlPage, legend, scrollTable } from './html/page.js';
import { problemsSection } from './html/problems.js';
import { BAR_LEGEND, markerLegend } from './html/timelineGlyphs.js';
import { fittedDomain, timelineSvg } from './html/timeline.js';
import { TIMELINE_SCRIPT } from './html/timelineScript.js';
import { byReasonText, pageName } from './runReportText.js';
import type { RunReport } from './runReportTypes.js';
import { formatMs, pct, type Summary } from './stats.js';

/** Most rows of the queue-length table (the chart shows every change in the window). */
export const QUEUE_TABLE_MAX_ROWS = 200;
/** Most sessions listed in the utilisation table. */
export const UTILISATION_MAX_ROWS = 50;

const n = (v: number | null): string => (v === null ? '–' : String(v));
const sumCells = (s: Summary): string[] => [n(s.count), n(s.p50), n(s.p90), n(s.p99), n(s.max), n(s.mean)];

function card(label: string, value: number, kind: 'bad' | 'warn' | ''): string {
  return `<div class="card${value > 0 && kind !== '' ? ` ${kind}` : ''}" data-card="${esc(label)}"><div class="n">${value}</div>${esc(label)}</div>`;
}

function summarySection(r: RunReport): string {
  const total = r.pages.find((p) => p.session === '*') ?? r.pages[0];
  const cancelled = total === undefined ? 0 : Object.values(total.cancelled).reduce((a, b) => a + b, 0);
  return `<section id="summary"><div class="cards">
${card('tasks', r.window.totalTasks, '')}${card('completed', total?.completed ?? 0, '')}${card('failed', total?.failed ?? 0, 'bad')}${card('timed out', total?.timedOut ?? 0, 'warn')}
${card('cancelled', cancelled, '')}${card('rejected enqueues', r.enqueueCalls.rejected, 'bad')}${card('warnings', r.warningCount, 'warn')}${card('violations', r.violations.length, 'bad')}
</div><dl class="kv">
<dt>Scenario</dt><dd>${esc(r.scenario)}</dd>
<dt>Seed</dt><dd><code>${esc(r.seed)}</code></dd>
<dt>Digest</dt><dd><code>${esc(r.digest)}</code></dd>
<dt>End time</dt><dd>${esc(formatMs(r.endTimeMs))} (virtual)</dd>
<dt>Events, records</dt><dd>${r.eventCount} simulation events, ${r.recordCount} trace records (an event is one step — a user step, a child session starting or ending, a delivery — and one step can enqueue many tasks)</dd>
<dt>Enqueue calls</dt><dd>${r.enqueueCalls.total} (${r.enqueueCalls.rejected} rejected)</dd>
<dt>Violations</dt><dd>${r.violations.length === 0 ? badge('none', COLORS.conforms) : badge(String(r.violations.length), COLORS.violated)}</dd>
</dl></section>`;
}

function pagesSection(r: RunReport): string {
  return `<section id="pages-section"><h2>Outcomes per page</h2>${scrollTable(
    ['Page', 'Tasks#', 'Completed#', 'Failed#', 'Timed out#', 'Cancelled', 'Still open#', 'Delivered#', 'Dropped', 'Enqueue calls#', 'Rejected#', 'To result p50#', 'p90#', 'max#', 'Wasted#'],
    r.pages.map((p) => [esc(pageName(p)), String(p.tasks), String(p.completed), String(p.failed), String(p.timedOut), esc(byReasonText(p.cancelled)), String(p.unfinished),
      String(p.delivered), esc(byReasonText(p.dropped)), String(p.enqueueCalls), String(p.rejectedEnqueues), n(p.timeToResult.p50), n(p.timeToResult.p90), n(p.timeToResult.max),
      esc(p.wastedTasks === 0 ? '0' : `${formatMs(p.wastedMs)} (${p.wastedTasks})`)]),
    'id="pages"',
  )}<p class="muted">To result: enqueue → trigger ran (ms, nearest-rank percentiles, every delivered task). Wasted: child-session run time of tasks whose Results never reached the page — cancelled while running, timed out, or dropped at delivery.</p></section>`;
}

function timelineSection(r: RunReport): string {
  const d = fittedDomain(r);
  const kinds = new Set(r.markers.map((m) => m.kind));
  return `<section id="timeline-section"><h2>Timeline</h2>
${r.window.truncated ? `<p class="note" id="window-note">${esc(r.window.note)}</p>` : ''}
<div class="tl-tools" id="tl-tools"><b>Zoom</b><button type="button" data-act="in" title="zoom in">+</button><button type="button" data-act="out" title="zoom out">−</button><button type="button" data-act="left" title="earlier">◀</button><button type="button" data-act="right" title="later">▶</button><button type="button" data-act="fit">Fit to activity</button><button type="button" data-act="all">Whole run</button><span class="muted" id="tl-range">showing ${Math.max(0, d.from)}–${d.to} ms of ${Math.max(0, d.fullFrom)}–${d.fullTo} ms</span><span class="muted">· drag across the plot to zoom to a range</span></div>
${legend(BAR_LEGEND)}
${markerLegend(kinds)}
<div class="chart">${timelineSvg(r, d)}</div>
<p class="muted">A bar carries its task's number (and page) when the label fits; hover a bar or a marker for its story. The axis starts fitted to the activity (${Math.max(0, d.from)}–${d.to} ms).</p></section>`;
}

/** Renders the run report as HTML. */
export function renderRunReportHtml(r: RunReport): string {
  const body: string[] = [summarySection(r), problemsSection(r), pagesSection(r), timelineSection(r)];
  const oneSession = r.sessions.length <= 1;
  body.push(`<section id="tasks-section"><h2>Tasks${r.window.truncated ? ` (${r.tasks.length} of ${r.window.totalTasks})` : ''}</h2>${scrollTable(
    [...(oneSession ? [] : ['Session']), 'Task#', 'Page', 'Record', 'Codeunit#', 'Enqueued ms#', 'Wait#', 'Run#', 'Outcome', 'Story~'],
    r.tasks.map((t) => [
      ...(oneSession ? [] : [esc(t.session)]), String(t.taskId), esc(t.page), t.record === null ? '<span class="muted">none</span>' : esc(t.record), String(t.codeunit),
      String(t.enqueuedAtMs), n(t.waitMs), n(t.runMs),
      t.outcome === null ? 'unfinished' : badge(t.outcome + (t.cancelReason ? ` (${t.cancelReason})` : ''), COLORS[t.outcome]),
      esc(t.story),
    ]),
    'id="tasks"',
  )}<p class="muted">Wait: enqueue → start (or → cancel for a task cancelled while waiting). Run: start → end. The story names the trigger that got the result and what the user saw.</p></section>`);
  body.push(`<section id="timing-section"><h2>Wait and run time (ms, nearest-rank percentiles, every task)</h2>${scrollTable(
    ['Page', 'Wait n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#', 'Run n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#', 'To result n#', 'p50#', 'p90#', 'p99#', 'max#', 'mean#'],
    r.pages.map((p) => [esc(pageName(p)), ...sumCells(p.wait), ...sumCells(p.run), ...sumCells(p.timeToResult)]),
    'id="timing"',
  )}<p class="muted">Wait: enqueue → start. Run: start → end. To result: enqueue → trigger ran.</p></section>`);
  const shown = r.sessions.filter((s) => s.inTimeline);
  const queueRows = shown.flatMap((s) => {
    const times = [...new Set([...s.waiting.map((p) => p[0]), ...s.running.map((p) => p[0])])].sort((a, b) => a - b);
    let wi = 0;
    let ri = 0;
    let w = 0;
    let run = 0;
    return times.map((t) => {
      while (wi < s.waiting.length && s.waiting[wi]![0] <= t) w = s.waiting[wi++]![1];
      while (ri < s.running.length && s.running[ri]![0] <= t) run = s.running[ri++]![1];
      return [esc(s.id), String(t), String(w), String(run)];
    });
  });
  const d = fittedDomain(r);
  body.push(`<section id="queue-section"><h2>Queue length over time</h2>${shown.map((s) => `<div class="chart">${stepChartSvg(
    [{ name: 'waiting', color: COLORS.waiting, points: s.waiting }, { name: 'running', color: COLORS.running, points: s.running }],
    d.to, { title: `session ${s.id}: waiting and running tasks`, yLabel: 'tasks', startMs: d.from, width: 1180 },
  )}</div>`).join('')}
${legend([['waiting', COLORS.waiting], ['running', COLORS.running]])}
${scrollTable(['Session', 'From ms#', 'Waiting#', 'Running#'], queueRows.slice(0, QUEUE_TABLE_MAX_ROWS), 'id="queue"')}
${queueRows.length > QUEUE_TABLE_MAX_ROWS ? `<p class="muted">${queueRows.length - QUEUE_TABLE_MAX_ROWS} more changes not listed (the JSON variant has them all).</p>` : ''}</section>`);
  body.push(`<section id="utilisation-section"><h2>Slot utilisation</h2>${scrollTable(
    ['Session', 'Slots (limit)#', 'Slots used#', 'Peak running#', 'Peak waiting#', 'Busy ms#', 'Utilisation#'],
    r.sessions.slice(0, UTILISATION_MAX_ROWS).map((s) => [esc(s.id), String(s.concurrency), String(s.slotsUsed), String(s.peakRunning), String(s.peakWaiting), String(s.busyMs), esc(pct(s.busyMs, s.concurrency * r.endTimeMs))]),
    'id="utilisation"',
  )}${r.sessions.length > UTILISATION_MAX_ROWS ? `<p class="muted">The first ${UTILISATION_MAX_ROWS} of ${r.sessions.length} sessions (the JSON variant has them all).</p>` : ''}<p class="muted">Utilisation = Σ task run time / (ChildSessionsMaxConcurrency × end time).</p></section>`);
  body.push(`<section id="waste-section"><h2>Wasted child-session time</h2>${scrollTable(
    ['Page', 'Tasks#', 'Cancelled running#', 'Their run ms#', 'Cancelled waiting#', 'Their wait ms#', 'Timed out#', 'Their run ms#', 'Dropped', 'Their run ms#', 'Wasted ms#'],
    r.pages.map((p) => [esc(pageName(p)), String(p.tasks), String(p.cancelledRunning), String(p.cancelledRunMs), String(p.cancelledWaiting), String(p.cancelledWaitMs),
      String(p.timedOut), String(p.timedOutRunMs), esc(byReasonText(p.dropped)), String(p.droppedRunMs), String(p.wastedMs)]),
    'id="waste"',
  )}<p class="muted">Wasted = the run time of tasks cancelled while running + timed out + dropped at delivery (a task counts once). Tasks cancelled while waiting held no child session: their wait is shown but not wasted.</p></section>`);
  return htmlPage(`pbtsim run report: ${r.scenario}`, `seed ${String(r.seed)} · ${r.window.totalTasks} tasks · ${r.eventCount} events · ${r.digest}`, body.join('\n'), { script: TIMELINE_SCRIPT });
}
