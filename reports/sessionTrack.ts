/**
 * One parent session followed through the trace for the run report: its pages, its
 * concurrency limit, the slots it used, waiting and running tasks over time (as step series,
 * kept only while the session is drawn and the window is open), their peaks over the whole run
 * (same-instant changes netted, so a task that starts the instant it is enqueued never counts
 * as waiting) and its busy time. Memory: constant, plus the series inside the window.
 * @module
 */
import type { PbtRecord } from '../models/pbt/records.js';
import type { LiveTask } from './liveTasks.js';
import type { SessionView } from './runReportTypes.js';

type Point = [number, number];

/** A step series that nets same-instant changes. */
class StepSeries {
  readonly points: Point[] = [[0, 0]];
  /** Sets the value at time t. */
  set(t: number, v: number): void {
    const last = this.points[this.points.length - 1]!;
    if (last[0] === t) {
      last[1] = v;
      const before = this.points[this.points.length - 2];
      if (before !== undefined && before[1] === v) this.points.pop();
    } else if (last[1] !== v) this.points.push([t, v]);
  }
}

/** A session as the run report follows it. */
export class SessionTrack {
  private readonly pages: string[] = [];
  private readonly pageSet = new Set<string>();
  private concurrency = 0;
  private slotsUsed = 0;
  private waiting = 0;
  private running = 0;
  private peakWaiting = 0;
  private peakRunning = 0;
  private instant = 0;
  private busyMs = 0;
  private runningStartSum = 0;
  private recording: boolean;
  private readonly waitingSeries = new StepSeries();
  private readonly runningSeries = new StepSeries();

  /**
   * @param id - session ID
   * @param inTimeline - whether the timeline draws it (its series are kept)
   */
  constructor(readonly id: string, readonly inTimeline: boolean) {
    this.recording = inTimeline;
  }

  private commitInstant(t: number): void {
    if (t === this.instant) return;
    this.peakWaiting = Math.max(this.peakWaiting, this.waiting);
    this.peakRunning = Math.max(this.peakRunning, this.running);
    this.instant = t;
  }

  private change(t: number, dWaiting: number, dRunning: number): void {
    this.waiting += dWaiting;
    this.running += dRunning;
    if (!this.recording) return;
    if (dWaiting !== 0) this.waitingSeries.set(t, this.waiting);
    if (dRunning !== 0) this.runningSeries.set(t, this.running);
  }

  /**
   * Follows one record of this session.
   * @param r - the record
   * @param task - the task it touched (from LiveTasks, already updated by this record)
   * @param inWindowTime - the record is inside the window's time span
   */
  step(r: PbtRecord, task: LiveTask | undefined, inWindowTime: boolean): void {
    this.commitInstant(r.timeMs);
    if (!inWindowTime) this.recording = false;
    if (r.type === 'pbt.enqueue' || r.type === 'pbt.start') this.concurrency = Math.max(this.concurrency, r.concurrency);
    if ('page' in r && typeof r.page === 'string' && !this.pageSet.has(r.page)) {
      this.pageSet.add(r.page);
      this.pages.push(r.page);
    }
    if (task === undefined) return;
    switch (r.type) {
      case 'pbt.enqueue':
        this.change(r.timeMs, 1, 0);
        break;
      case 'pbt.start':
        this.change(r.timeMs, -1, 1);
        this.slotsUsed = Math.max(this.slotsUsed, task.slot ?? 0);
        this.runningStartSum += r.timeMs;
        break;
      case 'pbt.end':
        if (task.startedAtMs !== null) {
          this.change(r.timeMs, 0, -1);
          this.busyMs += r.timeMs - task.startedAtMs;
          this.runningStartSum -= task.startedAtMs;
        } else this.change(r.timeMs, -1, 0);
        break;
      default:
        break;
    }
  }

  /** The session's view at the end of the run. */
  view(endMs: number): SessionView {
    this.commitInstant(Number.POSITIVE_INFINITY);
    // Tasks still running at the end count until the end.
    const busyMs = this.busyMs + this.running * endMs - this.runningStartSum;
    return {
      id: this.id, pages: [...this.pages], concurrency: this.concurrency, slotsUsed: this.slotsUsed,
      waiting: this.inTimeline ? this.waitingSeries.points.map((p) => [p[0], p[1]] as const) : [],
      running: this.inTimeline ? this.runningSeries.points.map((p) => [p[0], p[1]] as const) : [],
      peakWaiting: this.peakWaiting, peakRunning: this.peakRunning, busyMs,
      utilisation: this.concurrency > 0 && endMs > 0 ? busyMs / (this.concurrency * endMs) : 0,
      inTimeline: this.inTimeline,
    };
  }
}
