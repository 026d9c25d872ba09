/**
 * The head of `pbtsim run`'s text output: the per-page summary table (tasks, outcomes,
 * cancellations by reason, rejected enqueues, time to result, wasted child-session time), the
 * failed enqueue calls with the runtime error the user saw, the warnings de-duplicated with
 * advice and the clauses in plain words, and the violations.
 * @module
 */
import type { ResultViolation } from '../models/pbt/index.js';
import { formatMs } from '../reports/stats.js';
import { countOf, type PageSummary } from '../reports/runSummary.js';
import type { FailedEnqueueDigest, WarningDigest } from '../reports/warningDigest.js';
import { byReason, plural, type Paint } from './storyStyle.js';

/** Most violations printed one by one (`--json` has them all). */
export const MAX_PRINTED_VIOLATIONS = 20;

const ms = (v: number | null): string => (v === null ? '–' : String(v));

/** A plain-text table: columns padded, numbers right-aligned. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

/**
 * The per-page summary table. "still open" (tasks waiting or running at the end) and "results
 * dropped" (ended tasks whose result was dropped at delivery, by reason) appear only when some row
 * has one.
 */
export function summaryLines(rows: readonly PageSummary[], c: Paint): string[] {
  const unfinished = rows.some((r) => r.unfinished > 0);
  const dropped = rows.some((r) => countOf(r.dropped) > 0);
  const head = ['page', 'tasks', 'completed', 'failed', 'timed out', 'cancelled', ...(unfinished ? ['still open'] : []), ...(dropped ? ['results dropped'] : []), 'rejected enqueues', 'to result p50 / p90 / max', 'wasted'];
  const numeric = [false, true, true, true, true, false, ...(unfinished ? [true] : []), ...(dropped ? [false] : []), true, true, true];
  const body = rows.map((r) => [
    r.session === '*' ? 'all pages' : `${r.session}/${r.page}`,
    String(r.tasks), String(r.completed), String(r.failed), String(r.timedOut), byReason(r.cancelled),
    ...(unfinished ? [String(r.unfinished)] : []),
    ...(dropped ? [byReason(r.dropped)] : []),
    String(r.rejectedEnqueues),
    r.timeToResult.count === 0 ? '–' : `${ms(r.timeToResult.p50)} / ${ms(r.timeToResult.p90)} / ${ms(r.timeToResult.max)} ms`,
    r.wastedTasks === 0 ? '0' : `${formatMs(r.wastedMs)} (${plural(r.wastedTasks, 'task')})`,
  ]);
  const [h, ...lines] = textTable(head, body, numeric);
  return [
    c('bold', h ?? ''),
    ...lines.map((l, i) => (rows[i]?.failed || rows[i]?.timedOut || rows[i]?.rejectedEnqueues ? c('yellow', l) : l)),
    c('dim', 'to result: enqueue → trigger ran (ms, nearest-rank). wasted: child-session run time of tasks whose Results never'),
    c('dim', 'reached the page (cancelled while running, timed out, or dropped at delivery); see docs/reports.md.'),
  ];
}

/** The failed enqueue calls, one line per page and error text. */
export function failedEnqueueLines(failed: readonly FailedEnqueueDigest[], c: Paint): string[] {
  if (failed.length === 0) return [];
  const total = failed.reduce((n, f) => n + f.count, 0);
  const out = [c('bold', `Failed EnqueueBackgroundTask calls (${total})`)];
  for (const f of failed) {
    const when = f.count === 1 ? `at ${f.firstAtMs} ms` : `${f.count} calls, ${f.firstAtMs}–${f.lastAtMs} ms`;
    out.push(c('red', `  ${f.session}/${f.page}, ${when}: ${f.runtimeError === null ? 'returned false (the code used the return value, so no error was raised)' : `runtime error: ${f.runtimeError}`}`));
    if (f.runtimeError !== null) out.push('    The user saw this error; it ended the trigger or action that made the call, so its later statements did not run.');
  }
  return out;
}

/** The warnings, one entry per kind. */
export function warningLines(warnings: readonly WarningDigest[], c: Paint): string[] {
  if (warnings.length === 0) return [];
  const total = warnings.reduce((n, w) => n + w.count, 0);
  const out = [c('bold', `Warnings (${total}${warnings.length < total ? `, ${plural(warnings.length, 'kind')}` : ''})`)];
  for (const w of warnings) {
    const where = [w.first.session !== null ? `session ${w.first.session}` : null, w.first.taskId !== null ? `task ${w.first.taskId}` : null].filter((x) => x !== null).join(', ');
    const first = w.count > 1 ? `${w.count}×, first at ${w.first.atMs} ms${where ? ` (${where})` : ''}` : `at ${w.first.atMs} ms${where ? ` (${where})` : ''}`;
    out.push(c('yellow', `  ${w.code}: ${first}: ${w.first.message}`));
    out.push(`    What to do: ${w.advice}`);
    for (const cl of w.clauses) out.push(c('dim', `    ${cl.id}: ${cl.text ?? '(not in the catalog)'}`));
  }
  return out;
}

/** The invariant violations (the first {@link MAX_PRINTED_VIOLATIONS}). */
export function violationLines(violations: readonly ResultViolation[], c: Paint): string[] {
  if (violations.length === 0) return [];
  const out = [c('bold', `Invariant violations (${violations.length})`)];
  for (const v of violations.slice(0, MAX_PRINTED_VIOLATIONS)) {
    out.push(c('red', `  VIOLATION ${v.invariant} [${v.clauses.join(', ')}]${v.atMs !== null ? ` at ${v.atMs} ms` : ''}: ${v.message}`));
  }
  if (violations.length > MAX_PRINTED_VIOLATIONS) out.push(`  … ${violations.length - MAX_PRINTED_VIOLATIONS} more (--json lists them all)`);
  return out;
}

/** Σ cancelled over the rows (for the closing line). */
export function cancelledTotal(rows: readonly PageSummary[]): number {
  return rows.filter((r) => r.session !== '*').reduce((n, r) => n + countOf(r.cancelled), 0);
}
