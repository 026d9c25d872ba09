/**
 * The text output of `pbtsim run` as a fold, for a result that is streamed: tasks (in enqueue
 * order), enqueue calls and warnings are added one at a time, and `finish` renders the text.
 * Memory: the per-page aggregates and warning kinds, plus the story itself when it is printed
 * — nothing per task when it is not (`--story none`, or more than `STORY_AUTO_LIMIT` tasks
 * without `--story`: the fold stops keeping the story once the limit is passed).
 * @module
 */
import type { EnqueueCallResult, ResultViolation, RunWarning } from '../models/pbt/index.js';
import type { TriggerIndex } from '../reports/pageTriggers.js';
import { RunSummaryFold } from '../reports/runSummary.js';
import { formatMs } from '../reports/stats.js';
import { WarningDigestFold } from '../reports/warningDigest.js';
import { StoryGrouper, fullStoryLine, type StoryTask } from './storyGroups.js';
import { failedEnqueueLines, summaryLines, violationLines, warningLines } from './storySummary.js';
import { painter, plural } from './storyStyle.js';

/** How much of the story to print. */
export type StoryMode = 'full' | 'grouped' | 'none';

/** Above this many tasks the default story is `none` (with a line saying how to get it). */
export const STORY_AUTO_LIMIT = 300;

/** Options of the text output. */
export interface RunTextOptions {
  /** The story wanted; undefined: grouped, or none above {@link STORY_AUTO_LIMIT} tasks. */
  readonly story?: StoryMode | undefined;
  /** ANSI colours (see `wantColor`). */
  readonly color: boolean;
  /** Which triggers the pages have code in (`triggerIndexOf(scenario)`); without it every delivery is said to run the trigger. */
  readonly triggers?: TriggerIndex | undefined;
}

/** What the text needs at the end besides the tasks, calls and warnings. */
export interface RunTextHead {
  readonly scenario: string;
  readonly seed: number | string;
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly digest: string;
  readonly violations: readonly ResultViolation[];
}

/** The text-output fold. */
export interface RunTextFold {
  /** Adds the next task, in enqueue order, in its final state. */
  task(t: StoryTask): void;
  /** Adds one EnqueueBackgroundTask call. */
  enqueueCall(c: EnqueueCallResult): void;
  /** Adds one warning. */
  warning(w: RunWarning): void;
  /** Renders the text (ending in a newline). */
  finish(head: RunTextHead): string;
}

/** Creates a text-output fold. */
export function createRunTextFold(options: RunTextOptions): RunTextFold {
  const c = painter(options.color);
  const summary = new RunSummaryFold();
  const digest = new WarningDigestFold();
  const sessions = new Set<string>();
  let tasks = 0;
  let calls = 0;
  let rejected = 0;
  let warnings = 0;
  let grouper: StoryGrouper | null = options.story === 'full' || options.story === 'none' ? null : new StoryGrouper();
  const full: string[] | null = options.story === 'full' ? [] : null;
  return {
    task(t) {
      tasks++;
      sessions.add(t.session);
      summary.task(t);
      if (full !== null) full.push(fullStoryLine(t, options.triggers, c));
      if (grouper !== null) {
        if (options.story === undefined && tasks > STORY_AUTO_LIMIT) grouper = null;
        else grouper.add(t);
      }
    },
    enqueueCall(call) {
      calls++;
      if (!call.ok) rejected++;
      summary.enqueueCall(call);
      digest.enqueueCall(call);
    },
    warning(w) {
      warnings++;
      digest.warning(w);
    },
    finish(head) {
      const rows = summary.rows();
      const out: string[] = [];
      out.push(`${c('bold', head.scenario)}  (seed ${String(head.seed)})`);
      out.push(`${plural(tasks, 'task')} from ${plural(calls, 'EnqueueBackgroundTask call')} (${rejected} rejected)` +
        ` in ${plural(sessions.size, 'session')}; the run ended at ${formatMs(head.endTimeMs)} of virtual time.`);
      out.push('');
      if (rows.length > 0) out.push(...summaryLines(rows, c), '');
      else out.push('No task was enqueued.', '');
      for (const block of [failedEnqueueLines(digest.failedEnqueues(), c), warningLines(digest.warningDigests(), c), violationLines(head.violations, c)]) {
        if (block.length > 0) out.push(...block, '');
      }
      if (rejected === 0 && warnings === 0 && head.violations.length === 0) out.push('No failed enqueue calls, no warnings, no invariant violations.', '');
      const story = full ?? grouper?.lines(options.triggers, c) ?? null;
      if (story !== null && tasks > 0) out.push(c('bold', 'Story'), ...story, '');
      else if (options.story === undefined && tasks > STORY_AUTO_LIMIT) {
        out.push(`The story of the ${tasks} tasks is left out (more than ${STORY_AUTO_LIMIT}): --story grouped or --story full prints it, --json gives every task.`, '');
      }
      out.push(c('dim', `${plural(head.eventCount, 'simulation event')} for ${plural(tasks, 'task')}: an event is one step of the simulation (a user step, a child session` +
        ' starting or ending, a delivery), and one step can enqueue many tasks.'));
      out.push(`${plural(head.violations.length, 'invariant violation')}; digest ${head.digest}`);
      return out.join('\n') + '\n';
    },
  };
}
