/**
 * The run summary per page: tasks, outcomes (cancellations by reason), rejected enqueues,
 * time to result and wasted child-session time. A fold over the result's tasks and enqueue
 * calls, one at a time and in any order, with memory proportional to the pages (plus 8 bytes a
 * task and measure for the exact wait, run and time-to-result percentiles), so it serves a streamed result as
 * well as a whole one. The text story, the run report and its HTML and markdown pages show it.
 *
 * Wasted child-session time (docs/reports.md): the run time (start → end) of every task whose
 * Results never reached the page — cancelled while running (PBT-CAN-*), timed out (PBT-TMO-05;
 * the error trigger learns of the timeout, the Results are lost), or ended but dropped at
 * delivery (PBT-CAN-06). Tasks cancelled while waiting used no child session and add 0 ms.
 * @module
 */
import type { EnqueueCallResult, TaskResult } from '../models/pbt/index.js';
import { NumberSample } from './sample.js';
import type { Summary } from './stats.js';

/** Outcomes and times of one page (or of all pages: session and page `*`). */
export interface PageSummary {
  readonly session: string;
  readonly page: string;
  /** Tasks enqueued (accepted calls). */
  readonly tasks: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  /** Cancelled tasks by cancel reason (recordChanged, pageClosed, …). */
  readonly cancelled: Readonly<Record<string, number>>;
  /** Tasks still waiting or running when the run ended. */
  readonly unfinished: number;
  /** Results that reached a trigger (OnPageBackgroundTaskCompleted or …Error). */
  readonly delivered: number;
  /** Ended tasks whose result was dropped at delivery (PBT-CAN-06), by reason. */
  readonly dropped: Readonly<Record<string, number>>;
  /** EnqueueBackgroundTask calls of the page. */
  readonly enqueueCalls: number;
  /** Calls that returned false or raised a runtime error. */
  readonly rejectedEnqueues: number;
  /** Enqueue → trigger ran, over delivered tasks (exact nearest-rank percentiles). */
  readonly timeToResult: Summary;
  /** Enqueue → start, over started tasks. */
  readonly wait: Summary;
  /** Start → end, over tasks that started and ended. */
  readonly run: Summary;
  /** Tasks cancelled while running, and Σ of their run time. */
  readonly cancelledRunning: number;
  readonly cancelledRunMs: number;
  /** Tasks cancelled while waiting, and Σ of their wait (no child session was used). */
  readonly cancelledWaiting: number;
  readonly cancelledWaitMs: number;
  /** Σ run time of tasks whose result was dropped at delivery. */
  readonly droppedRunMs: number;
  /** Σ run time of timed-out tasks. */
  readonly timedOutRunMs: number;
  /** Tasks whose child-session time was wasted (see the module comment). */
  readonly wastedTasks: number;
  /** Σ of their run time, ms. */
  readonly wastedMs: number;
}

interface Acc {
  session: string;
  page: string;
  tasks: number;
  completed: number;
  failed: number;
  timedOut: number;
  cancelled: Record<string, number>;
  unfinished: number;
  delivered: number;
  dropped: Record<string, number>;
  enqueueCalls: number;
  rejectedEnqueues: number;
  ttr: NumberSample;
  wait: NumberSample;
  run: NumberSample;
  wastedTasks: number;
  wastedMs: number;
  cancelledRunning: number;
  cancelledRunMs: number;
  cancelledWaiting: number;
  cancelledWaitMs: number;
  droppedRunMs: number;
  timedOutRunMs: number;
}

function emptyAcc(session: string, page: string): Acc {
  return {
    session, page, tasks: 0, completed: 0, failed: 0, timedOut: 0, cancelled: {}, unfinished: 0, delivered: 0, dropped: {}, enqueueCalls: 0,
    rejectedEnqueues: 0, ttr: new NumberSample(), wait: new NumberSample(), run: new NumberSample(), wastedTasks: 0, wastedMs: 0,
    cancelledRunning: 0, cancelledRunMs: 0, cancelledWaiting: 0, cancelledWaitMs: 0, droppedRunMs: 0, timedOutRunMs: 0,
  };
}

const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

/**
 * The child-session time a task wasted: its run time when it ran and its Results never reached
 * the page (cancelled while running, timed out, or dropped at delivery); null when it wasted
 * none (it completed and was delivered, failed, never started, or is still open).
 */
export function wastedRunMs(t: TaskResult): number | null {
  if (t.startedAtMs === null || t.endedAtMs === null) return null;
  const lost = t.outcome === 'cancelled' || t.outcome === 'timedOut' || t.delivery === 'dropped';
  return lost ? t.endedAtMs - t.startedAtMs : null;
}

/** Most page rows listed one by one; above it rows are merged by page name across sessions. */
export const MAX_PAGE_ROWS = 40;

/** Folds tasks and enqueue calls into per-page summaries. */
export class RunSummaryFold {
  // Session → page → accumulator, in first-seen order. Two levels of maps rather than one keyed
  // by a joined string: no string is built per task (a tenth of the text run's fold time at
  // 400,000 tasks), and the last page looked up is kept, since tasks of a page come in runs.
  private readonly sessions = new Map<string, Map<string, Acc>>();
  private last: Acc | undefined;
  // Every accumulator in first-seen order of its (session, page).
  private readonly order: Acc[] = [];

  private acc(session: string, page: string): Acc {
    const last = this.last;
    if (last !== undefined && last.session === session && last.page === page) return last;
    let bySession = this.sessions.get(session);
    if (bySession === undefined) {
      bySession = new Map();
      this.sessions.set(session, bySession);
    }
    let a = bySession.get(page);
    if (a === undefined) {
      a = emptyAcc(session, page);
      bySession.set(page, a);
      this.order.push(a);
    }
    this.last = a;
    return a;
  }

  /** Adds one task in its final state (or as it was when the run ended). */
  task(t: TaskResult): void {
    const a = this.acc(t.session, t.page);
    a.tasks++;
    if (t.outcome === 'completed') a.completed++;
    else if (t.outcome === 'failed') a.failed++;
    else if (t.outcome === 'timedOut') a.timedOut++;
    else if (t.outcome === 'cancelled') bump(a.cancelled, t.cancelReason ?? 'cancelled');
    else a.unfinished++;
    if (t.delivery === 'delivered') {
      a.delivered++;
      if (t.deliveredAtMs !== null) a.ttr.push(t.deliveredAtMs - t.enqueuedAtMs);
    } else if (t.delivery === 'dropped') bump(a.dropped, t.dropReason ?? 'dropped');
    const runMs = t.startedAtMs !== null && t.endedAtMs !== null ? t.endedAtMs - t.startedAtMs : null;
    if (t.startedAtMs !== null) a.wait.push(t.startedAtMs - t.enqueuedAtMs);
    if (runMs !== null) a.run.push(runMs);
    if (t.outcome === 'cancelled') {
      if (runMs !== null) {
        a.cancelledRunning++;
        a.cancelledRunMs += runMs;
      } else if (t.endedAtMs !== null) {
        a.cancelledWaiting++;
        a.cancelledWaitMs += t.endedAtMs - t.enqueuedAtMs;
      }
    }
    if (t.delivery === 'dropped' && runMs !== null) a.droppedRunMs += runMs;
    if (t.outcome === 'timedOut' && runMs !== null) a.timedOutRunMs += runMs;
    const wasted = wastedRunMs(t);
    if (wasted !== null) {
      a.wastedTasks++;
      a.wastedMs += wasted;
    }
  }

  /** Adds one EnqueueBackgroundTask call. */
  enqueueCall(c: EnqueueCallResult): void {
    const a = this.acc(c.session, c.page);
    a.enqueueCalls++;
    if (!c.ok) a.rejectedEnqueues++;
  }

  /**
   * The summaries: one row per page in first-seen order (merged by page name across sessions
   * when there are more than {@link MAX_PAGE_ROWS}), and a total row (session and page `*`)
   * when there is more than one row.
   */
  rows(): PageSummary[] {
    let accs = [...this.order];
    if (accs.length > MAX_PAGE_ROWS) {
      const byPage = new Map<string, Acc[]>();
      for (const a of accs) {
        const list = byPage.get(a.page);
        if (list === undefined) byPage.set(a.page, [a]);
        else list.push(a);
      }
      accs = [...byPage.entries()].map(([page, list]) => merge(`${new Set(list.map((a) => a.session)).size} sessions`, page, list));
    }
    const rows = accs.map(toRow);
    if (accs.length > 1) rows.push(toRow(merge('*', '*', accs)));
    return rows;
  }
}

function merge(session: string, page: string, list: readonly Acc[]): Acc {
  const m = emptyAcc(session, page);
  for (const a of list) {
    m.tasks += a.tasks; m.completed += a.completed; m.failed += a.failed; m.timedOut += a.timedOut; m.unfinished += a.unfinished;
    m.delivered += a.delivered; m.enqueueCalls += a.enqueueCalls; m.rejectedEnqueues += a.rejectedEnqueues;
    m.wastedTasks += a.wastedTasks; m.wastedMs += a.wastedMs;
    m.cancelledRunning += a.cancelledRunning; m.cancelledRunMs += a.cancelledRunMs; m.cancelledWaiting += a.cancelledWaiting;
    m.cancelledWaitMs += a.cancelledWaitMs; m.droppedRunMs += a.droppedRunMs; m.timedOutRunMs += a.timedOutRunMs;
    m.wait.pushAll(a.wait);
    m.run.pushAll(a.run);
    for (const [k, v] of Object.entries(a.cancelled)) m.cancelled[k] = (m.cancelled[k] ?? 0) + v;
    for (const [k, v] of Object.entries(a.dropped)) m.dropped[k] = (m.dropped[k] ?? 0) + v;
    m.ttr.pushAll(a.ttr);
  }
  return m;
}

function toRow(a: Acc): PageSummary {
  return {
    session: a.session, page: a.page, tasks: a.tasks, completed: a.completed, failed: a.failed, timedOut: a.timedOut,
    cancelled: { ...a.cancelled }, unfinished: a.unfinished, delivered: a.delivered, dropped: { ...a.dropped },
    enqueueCalls: a.enqueueCalls, rejectedEnqueues: a.rejectedEnqueues, timeToResult: a.ttr.summary(), wait: a.wait.summary(), run: a.run.summary(),
    wastedTasks: a.wastedTasks, wastedMs: a.wastedMs, cancelledRunning: a.cancelledRunning, cancelledRunMs: a.cancelledRunMs,
    cancelledWaiting: a.cancelledWaiting, cancelledWaitMs: a.cancelledWaitMs, droppedRunMs: a.droppedRunMs, timedOutRunMs: a.timedOutRunMs,
  };
}

/** Σ of a by-reason count. */
export function countOf(m: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const v of Object.values(m)) n += v;
  return n;
}
