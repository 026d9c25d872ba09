/**
 * The run report as markdown: the same data as the HTML page, as tables (no timeline drawing;
 * the per-task story carries the same facts).
 * @module
 */
import { mdTable } from './markdown.js';
import type { RunReport } from './runReport.js';
import { formatMs, pct, type Summary } from './stats.js';

const sumCells = (s: Summary): (number | null)[] => [s.count, s.p50, s.p90, s.p99, s.max, s.mean];

/** Renders the run report as markdown. */
export function renderRunReportMarkdown(r: RunReport): string {
  const out: string[] = [];
  out.push(`# pbtsim run report: ${r.scenario}\n`);
  out.push(`- Seed: \`${String(r.seed)}\`\n- Digest: \`${r.digest}\`\n- End time: ${formatMs(r.endTimeMs)} (virtual), ${r.eventCount} events\n` +
    `- Enqueue calls: ${r.enqueueCalls.total} (${r.enqueueCalls.rejected} rejected)\n` +
    `- Tasks: ${r.tasks.length}${Object.keys(r.outcomes).length > 0 ? ` (${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}\n` +
    `- Violations: ${r.violations.length}\n`);
  out.push('## Tasks\n');
  out.push(mdTable(['Session', 'Page', 'Task', 'Slot', 'Wait ms', 'Run ms', 'Outcome', 'Story'],
    r.tasks.map((t) => [t.session, t.page, t.taskId, t.slot, t.waitMs, t.runMs, t.outcome === null ? 'unfinished' : t.outcome + (t.cancelReason ? ` (${t.cancelReason})` : ''), t.story]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'l']));
  out.push('\n## Wait and run time (ms, nearest-rank percentiles)\n');
  out.push(mdTable(['Session', 'Page', 'Measure', 'n', 'p50', 'p90', 'p99', 'max', 'mean'],
    r.timing.flatMap((t) => ([['wait', t.wait], ['run', t.run], ['to result', t.timeToResult]] as const).map(([m, s]) => [t.session === '*' ? 'all' : t.session, t.page === '*' ? 'all' : t.page, m, ...sumCells(s)])),
    ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## Queue length over time\n');
  out.push(mdTable(['Session', 'From ms', 'Waiting', 'Running'], r.sessions.flatMap((s) => {
    const times = [...new Set([...s.waiting.map((p) => p[0]), ...s.running.map((p) => p[0])])].sort((a, b) => a - b);
    const at = (pts: readonly (readonly [number, number])[], t: number): number => pts.reduce((v, [pt, pv]) => (pt <= t ? pv : v), 0);
    return times.map((t) => [s.id, t, at(s.waiting, t), at(s.running, t)]);
  }), ['l', 'r', 'r', 'r']));
  out.push('\n## Slot utilisation\n');
  out.push(mdTable(['Session', 'Slots (limit)', 'Slots used', 'Peak running', 'Peak waiting', 'Busy ms', 'Utilisation'],
    r.sessions.map((s) => [s.id, s.concurrency, s.slotsUsed, s.peakRunning, s.peakWaiting, s.busyMs, pct(s.busyMs, s.concurrency * r.endTimeMs)]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## Tasks wasted by cancellation\n');
  out.push(mdTable(['Session', 'Page', 'Tasks', 'Cancelled running', 'Run ms wasted', 'Cancelled waiting', 'Wait ms wasted', 'Dropped', 'Dropped run ms'],
    r.waste.map((w) => [w.session, w.page, w.tasks, w.cancelledRunning, w.runMsWasted, w.cancelledWaiting, w.waitMsWasted, w.dropped, w.droppedRunMs]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## Warnings and violations\n');
  out.push(r.warnings.length === 0 ? 'No warnings.\n' : mdTable(['At ms', 'Code', 'Message'], r.warnings.map((w) => [w.atMs, w.code, w.message]), ['r', 'l', 'l']));
  out.push(r.violations.length === 0 ? '\nNo invariant violations.\n' : '\n' + mdTable(['Invariant', 'Clauses', 'At ms', 'Message'], r.violations.map((v) => [v.invariant, v.clauses.join(', '), v.atMs, v.message]), ['l', 'l', 'r', 'l']));
  return out.join('');
}
