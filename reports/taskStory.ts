/**
 * A task's life in one line, for the run report's task table and the timeline's tooltips:
 * when it was enqueued, started (in which slot, after how long a wait), how it ended, which
 * trigger got its result (or that the page has no code in that trigger), what the user saw
 * (with the text) and the Results delivered.
 * @module
 */
import type { LiveTask } from './liveTasks.js';

/** The one-line story of a task. */
export function storyOf(t: LiveTask): string {
  const parts = [`enqueued at ${t.enqueuedAtMs} ms`];
  if (t.startedAtMs !== null) parts.push(`started at ${t.startedAtMs} ms in slot ${t.slot ?? '?'}${t.startedAtMs > t.enqueuedAtMs ? ` after waiting ${t.startedAtMs - t.enqueuedAtMs} ms` : ''}`);
  if (t.outcome === null) parts.push(t.startedAtMs === null ? 'still waiting at the end' : 'still running at the end');
  else {
    const why = t.outcome === 'cancelled' ? ` (${t.cancelReason ?? 'cancelled'})` : t.errorCode !== null ? ` (${t.errorCode})` : '';
    parts.push(`${t.outcome}${why} at ${t.endedAtMs ?? '?'} ms${t.startedAtMs === null ? ' while waiting' : ''}`);
  }
  if (t.delivery === 'delivered') {
    const trigger = t.trigger ?? 'trigger';
    parts.push(t.triggerHadCode === false ? `the platform invoked ${trigger} at ${t.deliveredAtMs ?? '?'} ms (the page has no code in it)` : `${trigger} ran at ${t.deliveredAtMs ?? '?'} ms`);
  } else if (t.delivery === 'dropped') parts.push(`result dropped${t.dropReason !== null ? ` (${t.dropReason})` : ''}`);
  else if (t.outcome !== null) parts.push('no trigger');
  if (t.surfacedAs === 'error' || t.surfacedAs === 'warning') parts.push(`the user saw ${t.surfacedAs === 'error' ? 'an error' : 'a warning'}${t.surfacedText !== null ? `: "${t.surfacedText}"` : ''}`);
  else if (t.outcome === 'failed' || t.outcome === 'timedOut') {
    // None surfaced (PBT-ERR-04..07): ErrorLevel Ignore, an error trigger that set IsHandled, or no trigger ran.
    const why = t.delivery !== 'delivered' ? 'no trigger ran' : t.errorLevel === 'Ignore' ? 'ErrorLevel Ignore' : 'the error trigger set IsHandled';
    parts.push(`the user saw nothing (${why})${t.errorText !== null ? `; the error was "${t.errorText}"` : ''}`);
  }
  if (t.delivery === 'delivered' && t.results !== null) {
    const entries = Object.entries(t.results);
    parts.push(entries.length === 0 ? 'no Results' : `Results ${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
  }
  return parts.join(' → ');
}
