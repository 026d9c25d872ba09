/**
 * The run report as markdown: the same data as the HTML page, as tables (no timeline drawing;
 * the per-task story carries the same facts). Failures, warnings and violations come right
 * after the summary, each one listed with its text.
 * @module
 */
import { failedCallText } from './html/problems.js';
import { mdCell, mdTable } from './markdown.js';
import { byReasonText, pageName } from './runReportText.js';
import type { RunReport } from './runReportTypes.js';
import { formatMs, pct, type Summary } from './stats.js';

/** Most rows of the markdown queue-length table. */
export const MD_QUEUE_MAX_ROWS = 200;

const sumCells = (s: Summary): (number | null)[] => [s.count, s.p50, s.p90, s.p99, s.max, s.mean];

function problems(r: RunReport): string {
  const out: string[] = ['\n## Failures, warnings and violations\n'];
  const absent: string[] = [];
  if (r.enqueueCalls.rejected > 0) {
    out.push(`\n### Failed EnqueueBackgroundTask calls (${r.enqueueCalls.rejected})\n\n`);
    for (const d of r.failedEnqueueDigest) {
      const what = mdCell(failedCallText(d.runtimeError));
      out.push(`- **${mdCell(`${d.session}/${d.page}`)}**: ${d.count === 1 ? `1 call at ${d.firstAtMs} ms` : `${d.count} calls, ${d.firstAtMs}–${d.lastAtMs} ms`} — ${what}` +
        `${d.runtimeError !== null ? `${what.endsWith('.') ? '' : '.'} The user saw this error; it ended the trigger or action that made the call, so its later statements did not run.` : ''}\n`);
    }
    out.push('\n' + mdTable(['At ms', 'Session', 'Page', 'Called from', 'What happened'], r.failedEnqueues.map((f) => [f.atMs, f.session, f.page, f.trigger, failedCallText(f.runtimeError)]), ['r', 'l', 'l', 'l', 'l']));
    if (r.failedEnqueues.length < r.enqueueCalls.rejected) out.push(`\nThe first ${r.failedEnqueues.length} of ${r.enqueueCalls.rejected} failed calls are listed.\n`);
  } else absent.push('no failed enqueue calls');
  if (r.warningCount > 0) {
    out.push(`\n### Warnings (${r.warningCount})\n\n`);
    out.push(mdTable(['Warning', 'Count', 'First at ms', 'First occurrence', 'What to do', 'Clauses'], r.warningDigest.map((w) => [
      w.code, w.count, w.first.atMs, `${w.first.message}${w.first.session !== null ? ` (session ${w.first.session}${w.first.taskId !== null ? `, task ${w.first.taskId}` : ''})` : ''}`,
      w.advice, w.clauses.map((c) => `${c.id}: ${c.text ?? 'not in the catalog'}`).join('; ') || '–',
    ]), ['l', 'r', 'r', 'l', 'l', 'l']));
    out.push(`\nEvery warning${r.warnings.length < r.warningCount ? ` (the first ${r.warnings.length} of ${r.warningCount})` : ''}:\n\n`);
    out.push(mdTable(['At ms', 'Code', 'Session', 'Task', 'Message'], r.warnings.map((w) => [w.atMs, w.code, w.session, w.taskId, w.message]), ['r', 'l', 'l', 'r', 'l']));
  } else absent.push('no warnings');
  if (r.violations.length > 0) {
    out.push(`\n### Invariant violations (${r.violations.length})\n\n`);
    out.push(mdTable(['Invariant', 'Clauses', 'At ms', 'Session', 'Task', 'Message'], r.violations.map((v) => [v.invariant, v.clauses.join(', '), v.atMs, v.session, v.taskId, v.message]), ['l', 'l', 'r', 'l', 'r', 'l']));
  } else absent.push('no invariant violations');
  if (absent.length === 3) out.push('\nNo failed enqueue calls, no warnings and no invariant violations.\n');
  else if (absent.length > 0) out.push(`\nBesides the above: ${absent.join(', ')}.\n`);
  return out.join('');
}

/** Renders the run report as markdown. */
export function renderRunReportMarkdown(r: RunReport): string {
  const out: string[] = [];
  out.push(`# pbtsim run report: ${r.scenario}\n\n`);
  out.push(`- Seed: \`${String(r.seed)}\`\n- Digest: \`${r.digest}\`\n- End time: ${formatMs(r.endTimeMs)} (virtual); ${r.eventCount} simulation events, ${r.recordCount} trace records ` +
    '(an event is one step — a user step, a child session starting or ending, a delivery — and one step can enqueue many tasks)\n' +
    `- Enqueue calls: ${r.enqueueCalls.total} (${r.enqueueCalls.rejected} rejected)\n` +
    `- Tasks: ${r.window.totalTasks}${Object.keys(r.outcomes).length > 0 ? ` (${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}\n` +
    `- Warnings: ${r.warningCount}; invariant violations: ${r.violations.length}\n`);
  if (r.window.truncated) out.push(`\n> ${r.window.note}\n`);
  out.push(problems(r));
  out.push('\n## Outcomes per page\n\n');
  out.push(mdTable(['Page', 'Tasks', 'Completed', 'Failed', 'Timed out', 'Cancelled', 'Still open', 'Delivered', 'Dropped', 'Rejected enqueues', 'To result p50', 'p90', 'max', 'Wasted ms'],
    r.pages.map((p) => [pageName(p), p.tasks, p.completed, p.failed, p.timedOut, byReasonText(p.cancelled), p.unfinished, p.delivered, byReasonText(p.dropped), p.rejectedEnqueues,
      p.timeToResult.p50, p.timeToResult.p90, p.timeToResult.max, p.wastedMs]),
    ['l', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r']));
  out.push('\nTo result: enqueue → trigger ran (ms). Wasted: run time of tasks cancelled while running, timed out, or dropped at delivery.\n');
  out.push(`\n## Tasks${r.window.truncated ? ` (${r.tasks.length} of ${r.window.totalTasks})` : ''}\n\n`);
  out.push(mdTable(['Session', 'Page', 'Task', 'Slot', 'Wait ms', 'Run ms', 'Outcome', 'Story'],
    r.tasks.map((t) => [t.session, t.page, t.taskId, t.slot, t.waitMs, t.runMs, t.outcome === null ? 'unfinished' : t.outcome + (t.cancelReason ? ` (${t.cancelReason})` : ''), t.story]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'l']));
  out.push('\n## Wait and run time (ms, nearest-rank percentiles)\n\n');
  out.push(mdTable(['Page', 'Measure', 'n', 'p50', 'p90', 'p99', 'max', 'mean'],
    r.pages.flatMap((p) => ([['wait', p.wait], ['run', p.run], ['to result', p.timeToResult]] as const).map(([m, s]) => [pageName(p), m, ...sumCells(s)])),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## Queue length over time\n\n');
  const queueRows = r.sessions.filter((s) => s.inTimeline).flatMap((s) => {
    const times = [...new Set([...s.waiting.map((p) => p[0]), ...s.running.map((p) => p[0])])].sort((a, b) => a - b);
    const at = (pts: readonly (readonly [number, number])[], t: number): number => pts.reduce((v, [pt, pv]) => (pt <= t ? pv : v), 0);
    return times.map((t) => [s.id, t, at(s.waiting, t), at(s.running, t)]);
  });
  out.push(mdTable(['Session', 'From ms', 'Waiting', 'Running'], queueRows.slice(0, MD_QUEUE_MAX_ROWS), ['l', 'r', 'r', 'r']));
  if (queueRows.length > MD_QUEUE_MAX_ROWS) out.push(`\n${queueRows.length - MD_QUEUE_MAX_ROWS} more changes not listed (the JSON variant has them all).\n`);
  out.push('\n## Slot utilisation\n\n');
  out.push(mdTable(['Session', 'Slots (limit)', 'Slots used', 'Peak running', 'Peak waiting', 'Busy ms', 'Utilisation'],
    r.sessions.map((s) => [s.id, s.concurrency, s.slotsUsed, s.peakRunning, s.peakWaiting, s.busyMs, pct(s.busyMs, s.concurrency * r.endTimeMs)]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## Wasted child-session time\n\n');
  out.push(mdTable(['Page', 'Tasks', 'Cancelled running', 'Their run ms', 'Cancelled waiting', 'Their wait ms', 'Timed out', 'Their run ms', 'Dropped', 'Their run ms', 'Wasted ms'],
    r.pages.map((p) => [pageName(p), p.tasks, p.cancelledRunning, p.cancelledRunMs, p.cancelledWaiting, p.cancelledWaitMs, p.timedOut, p.timedOutRunMs, byReasonText(p.dropped), p.droppedRunMs, p.wastedMs]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r']));
  return out.join('');
}
