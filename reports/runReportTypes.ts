/**
 * The run report's data types: what `pbtsim run --report` writes as JSON and what the HTML
 * and markdown pages show. Built by the run-report fold (runReport.ts) from bounded
 * aggregates: the per-page figures cover every task; the task list, the timeline markers and
 * the queue series cover a bounded window ({@link TimelineWindow}), which the pages name.
 * @module
 */
import type { EnqueueCallResult, ResultViolation, RunWarning, TaskResult } from '../models/pbt/index.js';
import type { PageSummary } from './runSummary.js';
import type { FailedEnqueueDigest, WarningDigest } from './warningDigest.js';

/** A task with what the report derives from it. */
export interface TaskStory extends TaskResult {
  /** The task's error text (pbt.end), for failed and timed-out tasks. */
  readonly errorText: string | null;
  /** The text the user saw (pbt.surface) when the error was shown as a warning or an error. */
  readonly surfacedText: string | null;
  /** For a delivered task: whether any code ran in the trigger (false: the page has none). */
  readonly triggerHadCode: boolean | null;
  /** Enqueue → start (or → end for a task cancelled while waiting; null if still waiting). */
  readonly waitMs: number | null;
  /** Start → end (null if it never started or never ended). */
  readonly runMs: number | null;
  /** Enqueue → trigger run, for delivered tasks. */
  readonly timeToResultMs: number | null;
  /** 1-based child-session slot of its session while it ran; null if it never started. */
  readonly slot: number | null;
  /** The task's life in one line. */
  readonly story: string;
}

/** A point on the timeline. */
export interface TimelineMarker {
  readonly kind: 'enqueue' | 'enqueueRejected' | 'cancel' | 'timeout' | 'delivery' | 'deliveryError' | 'drop' | 'recordChange' | 'pageOpen' | 'pageClose';
  readonly session: string;
  /** The page lane it belongs to (null: the session's queue lane). */
  readonly page: string | null;
  readonly atMs: number;
  readonly taskId: number | null;
  readonly label: string;
}

/** One parent session of the run. */
export interface SessionView {
  readonly id: string;
  readonly pages: readonly string[];
  /** ChildSessionsMaxConcurrency seen in the trace (the largest, if it changed). */
  readonly concurrency: number;
  /** Slots the run used (the timeline draws max(used, 1) slot lanes). */
  readonly slotsUsed: number;
  /** Waiting tasks over time: [timeMs, count] at every change inside the window (empty for a session outside it). */
  readonly waiting: readonly (readonly [number, number])[];
  /** Running tasks over time, inside the window. */
  readonly running: readonly (readonly [number, number])[];
  /** Over the whole run. */
  readonly peakWaiting: number;
  readonly peakRunning: number;
  /** Σ run time of its tasks (a task still running at the end counts until the end). */
  readonly busyMs: number;
  /** busyMs / (concurrency × endTimeMs), 0..1. */
  readonly utilisation: number;
  /** Whether the timeline draws this session. */
  readonly inTimeline: boolean;
}

/** What part of the run the timeline, the task list and the queue series cover. */
export interface TimelineWindow {
  /** Tasks in the window (listed and drawn). */
  readonly tasks: number;
  /** Tasks of the whole run. */
  readonly totalTasks: number;
  /** Sessions drawn, of all sessions. */
  readonly sessions: number;
  readonly totalSessions: number;
  /** The window ends here (virtual ms): the run's end, or where the task or marker limit was reached. */
  readonly endMs: number;
  /** First and last activity inside the window (the timeline's axis is fitted to these). */
  readonly firstActivityMs: number;
  readonly lastActivityMs: number;
  /** True when the window is not the whole run. */
  readonly truncated: boolean;
  /** The window in words, for the pages (empty when it is the whole run). */
  readonly note: string;
}

/** A failed EnqueueBackgroundTask call, with the trigger or action that made it. */
export interface FailedEnqueueCall extends EnqueueCallResult {
  /** The trigger (or `Action`) whose code made the call. */
  readonly trigger: string | null;
}

/** The run report. */
export interface RunReport {
  readonly format: 'pbtsim-run-report/2';
  readonly scenario: string;
  readonly seed: number | string;
  readonly digest: string;
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly recordCount: number;
  readonly sessions: readonly SessionView[];
  /** Per page and in total (session and page `*`): outcomes, times, waste, over every task. */
  readonly pages: readonly PageSummary[];
  /** The tasks inside the window, in enqueue order. */
  readonly tasks: readonly TaskStory[];
  readonly markers: readonly TimelineMarker[];
  readonly window: TimelineWindow;
  readonly enqueueCalls: { readonly total: number; readonly rejected: number };
  /** Failed calls one by one (the first `listLimit`), and grouped by page and error text. */
  readonly failedEnqueues: readonly FailedEnqueueCall[];
  readonly failedEnqueueDigest: readonly FailedEnqueueDigest[];
  readonly outcomes: Readonly<Record<string, number>>;
  /** Warnings one by one (the first `listLimit`), and one entry per kind with advice. */
  readonly warnings: readonly RunWarning[];
  readonly warningCount: number;
  readonly warningDigest: readonly WarningDigest[];
  readonly violations: readonly ResultViolation[];
  /** Most warnings and failed enqueue calls listed one by one (the digests count them all). */
  readonly listLimit: number;
}
