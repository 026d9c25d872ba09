/**
 * The story of a run as `pbtsim run` printed it before the summary existed: two lines per task.
 * Kept only until `pbtsim run` calls {@link renderRunText} (cli/story.ts), so that callers and
 * their tests move in one step; new code calls `renderRunText`.
 * @module
 */
import { styleText } from 'node:util';
import type { RunResultContract, TaskResult } from '../models/pbt/index.js';

type Style = Parameters<typeof styleText>[0];

function painter(enabled: boolean): (style: Style, text: string) => string {
  return enabled ? (style, text) => styleText(style, text) : (_style, text) => text;
}

function outcomeText(t: TaskResult, c: (s: Style, x: string) => string): string {
  switch (t.outcome) {
    case 'completed': return c('green', 'completed');
    case 'failed': return c('red', `failed (${t.errorCode ?? 'error'})`);
    case 'timedOut': return c('yellow', `timed out after ${t.effectiveTimeoutMs} ms (${t.errorCode ?? ''})`);
    case 'cancelled': return c('gray', `cancelled (${t.cancelReason ?? ''})`);
    default: return c('magenta', 'still open when the run ended');
  }
}

/**
 * Renders the story of a run, two lines per task (the old output).
 * @deprecated use `renderRunText` from cli/story.ts
 * @param r - the result contract
 * @param color - use ANSI colours
 */
export function renderStory(r: RunResultContract, color: boolean): string {
  const c = painter(color);
  const lines: string[] = [];
  lines.push(c('bold', `${r.scenario}`) + `  (seed ${String(r.seed)})`);
  lines.push('');
  for (const t of r.tasks) {
    const timeout = t.requestedTimeoutMs === null ? `default timeout ${t.effectiveTimeoutMs} ms` : `timeout ${t.requestedTimeoutMs} ms → effective ${t.effectiveTimeoutMs} ms`;
    lines.push(c('cyan', `${t.session}/${t.page} task ${t.taskId}`) + `  codeunit ${t.codeunit} on ${JSON.stringify(t.record)}, ${timeout}, ErrorLevel ${t.errorLevel}`);
    const steps = [`enqueued at ${t.enqueuedAtMs} ms`];
    if (t.startedAtMs !== null) steps.push(`started at ${t.startedAtMs} ms`);
    else if (t.outcome !== null) steps.push('never started');
    steps.push(`${outcomeText(t, c)}${t.endedAtMs !== null ? ` at ${t.endedAtMs} ms` : ''}`);
    if (t.delivery === 'delivered') steps.push(`${t.trigger} ran at ${t.deliveredAtMs} ms`);
    else if (t.delivery === 'dropped') steps.push(`result dropped (${t.dropReason ?? ''}), no trigger`);
    else if (t.outcome === 'cancelled') steps.push('no trigger');
    if (t.surfacedAs !== null) steps.push(`the user saw ${t.surfacedAs === 'none' ? 'nothing' : `a${t.surfacedAs === 'error' ? 'n' : ''} ${t.surfacedAs}`}`);
    lines.push(`    ${steps.join(' → ')}`);
  }
  if (r.tasks.length === 0) lines.push('no tasks were queued');
  const failed = r.enqueueCalls.filter((e) => !e.ok);
  lines.push('');
  lines.push(`${r.enqueueCalls.length} EnqueueBackgroundTask call(s), ${failed.length} failed` +
    (failed.length > 0 ? ` (${failed.filter((f) => f.runtimeError !== null).length} raised a runtime error)` : ''));
  for (const f of failed) {
    lines.push(c('red', `  ${f.session}/${f.page} at ${f.atMs} ms: ${f.runtimeError !== null ? `runtime error: ${f.runtimeError}` : 'returned false'}`));
  }
  for (const w of r.warnings) lines.push(c('yellow', `warning: ${w.message}`));
  for (const v of r.violations) lines.push(c('red', `VIOLATION ${v.invariant} [${v.clauses.join(', ')}]: ${v.message}`));
  lines.push(`${r.eventCount} events, ended at ${r.endTimeMs} ms, ${r.violations.length} violation(s)`);
  lines.push(`digest ${r.digest}`);
  return lines.join('\n') + '\n';
}
