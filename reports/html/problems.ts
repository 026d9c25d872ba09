/**
 * The run report's "Failures, warnings and violations" section: every failed enqueue call with
 * its runtime error text (the first `listLimit`, all of them counted), the warnings one entry
 * per kind with what to do and the clauses in plain words (and every warning in a fold-out
 * list), and every invariant violation. It never says "no warnings" to mean "nothing went
 * wrong" while calls failed.
 * @module
 */
import type { RunReport } from '../runReportTypes.js';
import { esc, scrollTable } from './page.js';

const n = (v: number | null): string => (v === null ? '–' : String(v));

/** What the user saw of a failed enqueue call. */
export function failedCallText(runtimeError: string | null): string {
  return runtimeError === null
    ? 'returned false (the code used the return value, so no error was raised)'
    : `runtime error: ${runtimeError}`;
}

/** The section's HTML. */
export function problemsSection(r: RunReport): string {
  const parts: string[] = ['<section id="problems-section"><h2>Failures, warnings and violations</h2>'];
  const absent: string[] = [];
  if (r.enqueueCalls.rejected > 0) {
    parts.push(`<h3>Failed EnqueueBackgroundTask calls (${r.enqueueCalls.rejected})</h3>`);
    for (const d of r.failedEnqueueDigest) {
      parts.push(`<p class="note err"><b>${esc(`${d.session}/${d.page}`)}</b>: ${d.count === 1 ? `1 call at ${d.firstAtMs} ms` : `${d.count} calls, ${d.firstAtMs}–${d.lastAtMs} ms`} — ${esc(failedCallText(d.runtimeError))}` +
        `${d.runtimeError !== null ? '<br>The user saw this error; it ended the trigger or action that made the call, so its later statements did not run.' : ''}</p>`);
    }
    parts.push(scrollTable(['At ms#', 'Session', 'Page', 'Called from', 'What happened~'],
      r.failedEnqueues.map((f) => [String(f.atMs), esc(f.session), esc(f.page), esc(f.trigger), `<span class="err">${esc(failedCallText(f.runtimeError))}</span>`]), 'id="failed-enqueues"'));
    if (r.failedEnqueues.length < r.enqueueCalls.rejected) parts.push(`<p class="muted">The first ${r.failedEnqueues.length} of ${r.enqueueCalls.rejected} failed calls are listed; the summary above counts them all.</p>`);
  } else absent.push('no failed enqueue calls');
  if (r.warningCount > 0) {
    parts.push(`<h3>Warnings (${r.warningCount}${r.warningDigest.length < r.warningCount ? `, ${r.warningDigest.length} kind${r.warningDigest.length === 1 ? '' : 's'}` : ''})</h3>`);
    parts.push(scrollTable(['Warning', 'Count#', 'First at ms#', 'First occurrence~', 'What to do~', 'Clauses~'], r.warningDigest.map((w) => [
      `<code>${esc(w.code)}</code>`, String(w.count), String(w.first.atMs),
      esc(`${w.first.message}${w.first.session !== null ? ` (session ${w.first.session}${w.first.taskId !== null ? `, task ${w.first.taskId}` : ''})` : ''}`),
      esc(w.advice),
      w.clauses.length === 0 ? '–' : w.clauses.map((c) => `<b>${esc(c.id)}</b>: ${esc(c.text ?? 'not in the catalog')}`).join('<br>'),
    ]), 'id="warnings"'));
    parts.push(`<details><summary>Every warning (${r.warnings.length}${r.warnings.length < r.warningCount ? ` of ${r.warningCount}` : ''})</summary>${scrollTable(['At ms#', 'Code', 'Session', 'Task#', 'Message~'],
      r.warnings.map((w) => [String(w.atMs), esc(w.code), esc(w.session), n(w.taskId), esc(w.message)]), 'id="warning-list"')}</details>`);
  } else absent.push('no warnings');
  if (r.violations.length > 0) {
    parts.push(`<h3>Invariant violations (${r.violations.length})</h3>`);
    parts.push(scrollTable(['Invariant', 'Clauses', 'At ms#', 'Session', 'Task#', 'Message~'],
      r.violations.map((v) => [esc(v.invariant), esc(v.clauses.join(', ')), n(v.atMs), esc(v.session), n(v.taskId), `<span class="err">${esc(v.message)}</span>`]), 'id="violations"'));
  } else absent.push('no invariant violations');
  if (absent.length === 3) parts.push('<p id="no-problems">No failed enqueue calls, no warnings and no invariant violations.</p>');
  else if (absent.length > 0) parts.push(`<p class="muted">Besides the above: ${absent.join(', ')}.</p>`);
  parts.push('</section>');
  return parts.join('\n');
}
