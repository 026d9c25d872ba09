/**
 * The text output of `pbtsim run` (without `--json`), rendered from the result contract: a
 * summary per page first, then the failed enqueue calls with their runtime errors, the warnings
 * de-duplicated with advice, the violations, and the story of the tasks (grouped by default,
 * one line per task with `--story full`, left out with `--story none` and, automatically,
 * above {@link STORY_AUTO_LIMIT} tasks). Colours only on a terminal, never with NO_COLOR.
 * @module
 */
import { InvalidArgumentError } from 'commander';
import type { RunResultContract } from '../models/pbt/index.js';
import type { TriggerIndex } from '../reports/pageTriggers.js';
import { RunSummaryFold } from '../reports/runSummary.js';
import { formatMs } from '../reports/stats.js';
import { WarningDigestFold } from '../reports/warningDigest.js';
import { fullStoryLines, groupedStoryLines, type StoryTask } from './storyGroups.js';
import { failedEnqueueLines, summaryLines, violationLines, warningLines } from './storySummary.js';
import { painter, plural } from './storyStyle.js';

export { wantColor } from './storyStyle.js';
export { renderStory } from './storyLegacy.js';

/** How much of the story to print. */
export type StoryMode = 'full' | 'grouped' | 'none';

/** Above this many tasks the default story is `none` (with a line saying how to get it). */
export const STORY_AUTO_LIMIT = 300;

/** Options of {@link renderRunText}. */
export interface RunTextOptions {
  /** The story wanted; undefined: grouped, or none above {@link STORY_AUTO_LIMIT} tasks. */
  readonly story?: StoryMode | undefined;
  /** ANSI colours (see `wantColor`). */
  readonly color: boolean;
  /** Which triggers the pages have code in (`triggerIndexOf(scenario)`); without it every delivery is said to run the trigger. */
  readonly triggers?: TriggerIndex | undefined;
}

/**
 * Parses `--story` (commander's argument parser).
 * @throws InvalidArgumentError for anything but full, grouped or none
 */
export function parseStoryOption(value: string): StoryMode {
  if (value === 'full' || value === 'grouped' || value === 'none') return value;
  throw new InvalidArgumentError(`expected full, grouped or none, got "${value}"`);
}

/**
 * Renders the text output of a run.
 * @param result - the result contract (violations filled in)
 * @param options - story mode, colour, trigger index
 * @returns the text, ending in a newline
 */
export function renderRunText(result: RunResultContract, options: RunTextOptions): string {
  const c = painter(options.color);
  const summary = new RunSummaryFold();
  const digest = new WarningDigestFold();
  for (const call of result.enqueueCalls) {
    summary.enqueueCall(call);
    digest.enqueueCall(call);
  }
  for (const t of result.tasks) summary.task(t);
  for (const w of result.warnings) digest.warning(w);
  const rows = summary.rows();
  const sessions = new Set(result.tasks.map((t) => t.session)).size;
  const rejected = result.enqueueCalls.filter((e) => !e.ok).length;

  const out: string[] = [];
  out.push(`${c('bold', result.scenario)}  (seed ${String(result.seed)})`);
  out.push(`${plural(result.tasks.length, 'task')} from ${plural(result.enqueueCalls.length, 'EnqueueBackgroundTask call')} (${rejected} rejected)` +
    ` in ${plural(sessions, 'session')}; the run ended at ${formatMs(result.endTimeMs)} of virtual time.`);
  out.push('');
  if (rows.length > 0) out.push(...summaryLines(rows, c), '');
  else out.push('No task was enqueued.', '');
  for (const block of [failedEnqueueLines(digest.failedEnqueues(), c), warningLines(digest.warningDigests(), c), violationLines(result.violations, c)]) {
    if (block.length > 0) out.push(...block, '');
  }
  if (rejected === 0 && result.warnings.length === 0 && result.violations.length === 0) out.push('No failed enqueue calls, no warnings, no invariant violations.', '');

  const mode = options.story ?? (result.tasks.length > STORY_AUTO_LIMIT ? 'none' : 'grouped');
  const tasks = result.tasks as readonly StoryTask[];
  if (mode !== 'none' && tasks.length > 0) {
    out.push(c('bold', 'Story'));
    out.push(...(mode === 'full' ? fullStoryLines(tasks, options.triggers, c) : groupedStoryLines(tasks, options.triggers, c)), '');
  } else if (options.story === undefined && tasks.length > STORY_AUTO_LIMIT) {
    out.push(`The story of the ${result.tasks.length} tasks is left out (more than ${STORY_AUTO_LIMIT}): --story grouped or --story full prints it, --json gives every task.`, '');
  }
  out.push(c('dim', `${plural(result.eventCount, 'simulation event')} for ${plural(result.tasks.length, 'task')}: an event is one step of the simulation (a user step, a child session` +
    ' starting or ending, a delivery), and one step can enqueue many tasks.'));
  out.push(`${plural(result.violations.length, 'invariant violation')}; digest ${result.digest}`);
  return out.join('\n') + '\n';
}

