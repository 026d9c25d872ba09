/**
 * The run report as data, built by a fold over the trace records (brief interface 4):
 * `createRunReportFold()` → `step(record)` for every record in trace order → `finish(head)` →
 * {@link RunReport}. Every figure per page (outcomes, wait, run and time-to-result percentiles,
 * waste), per session (peaks, busy time, utilisation), every warning kind and every failed
 * enqueue call kind covers the whole run; the exact percentiles keep 8 bytes a task and
 * measure in typed arrays (sample.ts). The task list, the timeline markers and the queue
 * series cover a bounded window: the first {@link DEFAULT_WINDOW_TASKS} tasks of the first
 * {@link DEFAULT_WINDOW_SESSIONS} sessions, ending where either limit (or the marker limit) is
 * reached, and the report says so (`window.note`). `buildRunReport` is the batch wrapper.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { ResultViolation, RunResultContract, RunWarning } from '../models/pbt/index.js';
import { asPbtRecord } from '../models/pbt/records.js';
import { LiveTasks, type LiveTask } from './liveTasks.js';
import { RunSummaryFold } from './runSummary.js';
import type { FailedEnqueueCall, RunReport, SessionView, TaskStory, TimelineMarker } from './runReportTypes.js';
import { SessionTrack } from './sessionTrack.js';
import { storyOf } from './taskStory.js';
import { WarningDigestFold } from './warningDigest.js';

export type { FailedEnqueueCall, RunReport, SessionView, TaskStory, TimelineMarker, TimelineWindow } from './runReportTypes.js';

/** Tasks the window holds by default. */
export const DEFAULT_WINDOW_TASKS = 500;
/** Sessions the timeline draws by default. */
export const DEFAULT_WINDOW_SESSIONS = 12;
/** Markers the window holds by default (it closes when they are reached). */
export const DEFAULT_WINDOW_MARKERS = 5000;
/** Warnings and failed enqueue calls listed one by one by default. */
export const DEFAULT_LIST_LIMIT = 1000;

/** Options of {@link createRunReportFold}. */
export interface RunReportFoldOptions {
  readonly windowTasks?: number;
  readonly windowSessions?: number;
  readonly windowMarkers?: number;
  readonly listLimit?: number;
}

/** What the fold needs at the end that the records do not carry. */
export interface RunReportHead {
  readonly scenario: string;
  readonly seed: number | string;
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly digest: string;
  readonly violations: readonly ResultViolation[];
  /** Warnings the runner adds outside the trace (noSeed, untilReached); trace warnings come from `pbt.warning` records. */
  readonly runWarnings?: readonly RunWarning[];
}

/** The run-report fold. */
export interface RunReportFold {
  /** Folds one record (in trace order). */
  step(record: TraceRecord): void;
  /** Ends the fold and returns the report (call once). */
  finish(head: RunReportHead): RunReport;
  /** Tasks the fold follows right now (enqueued, not yet final): what its memory grows with. */
  alive(): number;
}

/** Creates a run-report fold. */
export function createRunReportFold(options: RunReportFoldOptions = {}): RunReportFold {
  const windowTasks = options.windowTasks ?? DEFAULT_WINDOW_TASKS;
  const windowSessions = options.windowSessions ?? DEFAULT_WINDOW_SESSIONS;
  const windowMarkers = options.windowMarkers ?? DEFAULT_WINDOW_MARKERS;
  const listLimit = options.listLimit ?? DEFAULT_LIST_LIMIT;
  const summary = new RunSummaryFold();
  const digest = new WarningDigestFold();
  const sessions = new Map<string, SessionTrack>();
  const windowed: LiveTask[] = [];
  const inWindow = new Set<LiveTask>();
  const markers: TimelineMarker[] = [];
  const failedEnqueues: FailedEnqueueCall[] = [];
  const warnings: RunWarning[] = [];
  const outcomes: Record<string, number> = {};
  let warningCount = 0;
  let totalTasks = 0;
  let enqueueTotal = 0;
  let rejected = 0;
  let records = 0;
  let windowEnd: number | null = null;
  let firstActivity = Infinity;
  let lastActivity = -Infinity;
  let lastTime = 0;

  const tasks = new LiveTasks((t) => {
    summary.task(t);
    const k = t.outcome ?? 'unfinished';
    outcomes[k] = (outcomes[k] ?? 0) + 1;
  });
  const track = (id: string): SessionTrack => {
    let s = sessions.get(id);
    if (s === undefined) {
      s = new SessionTrack(id, sessions.size < windowSessions);
      sessions.set(id, s);
    }
    return s;
  };
  const open = (): boolean => windowEnd === null;
  const closeWindow = (at: number): void => {
    if (windowEnd === null) windowEnd = at;
  };
  const mark = (s: SessionTrack, m: TimelineMarker, task?: LiveTask): void => {
    if (!s.inTimeline) return;
    if (task !== undefined ? !inWindow.has(task) : !open()) return;
    if (markers.length >= windowMarkers) {
      closeWindow(m.atMs);
      return;
    }
    markers.push(m);
    // The axis is fitted to the tasks' activity; a page left open long after does not stretch it.
    if (m.kind !== 'pageOpen' && m.kind !== 'pageClose') {
      firstActivity = Math.min(firstActivity, m.atMs);
      lastActivity = Math.max(lastActivity, m.atMs);
    }
  };

  return {
    alive: () => tasks.size,
    step(r: TraceRecord): void {
      records++;
      lastTime = r.timeMs;
      const t = tasks.step(r);
      const p = asPbtRecord(r);
      if (p === null || !('session' in p)) return;
      const s = track(p.session);
      s.step(p, t, p.timeMs <= (windowEnd ?? Infinity));
      const at = p.timeMs;
      switch (p.type) {
        case 'pbt.enqueue': {
          enqueueTotal++;
          const call = { session: p.session, page: p.page, atMs: at, ok: p.ok, taskId: p.taskId, runtimeError: p.runtimeError };
          summary.enqueueCall(call);
          digest.enqueueCall(call);
          if (!call.ok) {
            rejected++;
            if (failedEnqueues.length < listLimit) failedEnqueues.push({ ...call, trigger: p.trigger });
            mark(s, { kind: 'enqueueRejected', session: s.id, page: null, atMs: at, taskId: null, label: `enqueue on ${p.page} rejected: ${call.runtimeError !== null ? `runtime error: ${call.runtimeError}` : 'returned false'}` });
            break;
          }
          totalTasks++;
          if (t !== undefined && s.inTimeline && open()) {
            if (windowed.length >= windowTasks) closeWindow(at);
            else {
              windowed.push(t);
              inWindow.add(t);
            }
          }
          mark(s, { kind: 'enqueue', session: s.id, page: null, atMs: at, taskId: p.taskId, label: `task ${String(p.taskId)} enqueued on ${p.page} from ${p.trigger}` }, t);
          break;
        }
        case 'pbt.end':
          if (t === undefined) break;
          if (t.outcome === 'cancelled') mark(s, { kind: 'cancel', session: s.id, page: t.slot === null ? null : t.page, atMs: at, taskId: t.taskId, label: `task ${t.taskId} cancelled (${String(t.cancelReason)})${t.slot === null ? ' while waiting' : ''}` }, t);
          if (t.outcome === 'timedOut') mark(s, { kind: 'timeout', session: s.id, page: t.page, atMs: at, taskId: t.taskId, label: `task ${t.taskId} timed out after ${t.effectiveTimeoutMs} ms` }, t);
          break;
        case 'pbt.deliver':
          if (t !== undefined) mark(s, { kind: p.trigger === 'OnPageBackgroundTaskError' ? 'deliveryError' : 'delivery', session: s.id, page: p.page, atMs: at, taskId: p.taskId, label: `${p.trigger} for task ${p.taskId}` }, t);
          break;
        case 'pbt.drop':
          if (t !== undefined) mark(s, { kind: 'drop', session: s.id, page: p.page, atMs: at, taskId: p.taskId, label: `task ${p.taskId} result dropped (${p.reason})` }, t);
          break;
        case 'pbt.record':
          if (p.changed) mark(s, { kind: 'recordChange', session: s.id, page: p.page, atMs: at, taskId: null, label: `record ${String(p.from)} → ${String(p.to)}` });
          break;
        case 'pbt.page':
          mark(s, { kind: p.open ? 'pageOpen' : 'pageClose', session: s.id, page: p.page, atMs: at, taskId: null, label: `page ${p.page} ${p.open ? 'opened' : 'closed'}` });
          break;
        case 'pbt.warning': {
          warningCount++;
          const w: RunWarning = { code: p.code, message: p.message, atMs: at, session: p.session, taskId: p.taskId };
          digest.warning(w);
          if (warnings.length < listLimit) warnings.push(w);
          break;
        }
        default:
          break;
      }
    },

    finish(head: RunReportHead): RunReport {
      tasks.finish();
      for (const w of head.runWarnings ?? []) {
        warningCount++;
        digest.warning(w);
        if (warnings.length < listLimit) warnings.push(w);
      }
      const end = head.endTimeMs;
      const sessionViews: SessionView[] = [...sessions.values()].map((s) => s.view(end));
      for (const t of windowed) {
        if (t.startedAtMs !== null) {
          firstActivity = Math.min(firstActivity, t.startedAtMs);
          lastActivity = Math.max(lastActivity, t.endedAtMs ?? end);
        }
      }
      const storyTasks: TaskStory[] = windowed.map(toStory);
      const truncated = windowEnd !== null || sessions.size > windowSessions;
      const windowEndMs = windowEnd ?? Math.max(end, lastTime);
      const shownSessions = Math.min(sessions.size, windowSessions);
      const noteParts: string[] = [];
      if (windowEnd !== null) noteParts.push(`the first ${windowed.length} of ${totalTasks} tasks (up to ${windowEndMs} ms of virtual time)`);
      if (sessions.size > windowSessions) noteParts.push(`${shownSessions} of ${sessions.size} sessions`);
      return {
        format: 'pbtsim-run-report/2',
        scenario: head.scenario, seed: head.seed, digest: head.digest, endTimeMs: end, eventCount: head.eventCount, recordCount: records,
        sessions: sessionViews,
        pages: summary.rows(),
        tasks: storyTasks,
        markers,
        window: {
          tasks: windowed.length, totalTasks, sessions: shownSessions, totalSessions: sessions.size, endMs: windowEndMs,
          firstActivityMs: Number.isFinite(firstActivity) ? firstActivity : 0, lastActivityMs: Number.isFinite(lastActivity) ? lastActivity : end,
          truncated,
          note: truncated ? `The task list, the timeline and the queue series show ${noteParts.join(' and ')}; the tables of figures cover the whole run.` : '',
        },
        enqueueCalls: { total: enqueueTotal, rejected },
        failedEnqueues, failedEnqueueDigest: digest.failedEnqueues(),
        outcomes: { ...outcomes },
        warnings, warningCount, warningDigest: digest.warningDigests(),
        violations: head.violations.map((v) => ({ ...v, clauses: [...v.clauses] })),
        listLimit,
      };
    },
  };
}

function toStory(t: LiveTask): TaskStory {
  const waitEnd = t.startedAtMs ?? t.endedAtMs;
  const { slot, ...rest } = t;
  return {
    ...rest,
    waitMs: waitEnd === null ? null : waitEnd - t.enqueuedAtMs,
    runMs: t.startedAtMs !== null && t.endedAtMs !== null ? t.endedAtMs - t.startedAtMs : null,
    timeToResultMs: t.delivery === 'delivered' && t.deliveredAtMs !== null ? t.deliveredAtMs - t.enqueuedAtMs : null,
    slot,
    story: storyOf(t),
  };
}

/**
 * Builds the run report of a whole trace (the batch wrapper over {@link createRunReportFold}).
 * @param result - the run's result contract (for its head, violations and the warnings the runner added)
 * @param records - the run's trace
 * @param options - window limits
 */
export function buildRunReport(result: RunResultContract, records: readonly TraceRecord[], options: RunReportFoldOptions = {}): RunReport {
  const fold = createRunReportFold(options);
  const inTrace = new Map<string, number>();
  for (const r of records) {
    fold.step(r);
    if (r.type === 'pbt.warning') {
      const k = `${String(r['code'])}\u0000${String(r['message'])}\u0000${r.timeMs}`;
      inTrace.set(k, (inTrace.get(k) ?? 0) + 1);
    }
  }
  // The result's warnings that the trace does not carry (the runner's noSeed, untilReached).
  const runWarnings = result.warnings.filter((w) => {
    const k = `${w.code}\u0000${w.message}\u0000${w.atMs}`;
    const n = inTrace.get(k) ?? 0;
    if (n > 0) inTrace.set(k, n - 1);
    return n === 0;
  });
  return fold.finish({ scenario: result.scenario, seed: result.seed, endTimeMs: result.endTimeMs, eventCount: result.eventCount, digest: result.digest, violations: result.violations, runWarnings });
}
