/**
 * The tasks alive in a trace, followed record by record: each task's result-contract fields
 * plus what the run report adds (error text, the text the user saw, whether the trigger had
 * code, its child-session slot). A task leaves when it is final — cancelled, dropped at
 * delivery, or delivered and its trigger chain done — at the end of that instant (what the
 * user saw is recorded right after the trigger chain, at the same instant). Records are read
 * through the typed vocabulary of models/pbt/records.ts. Memory: the live tasks and the busy
 * slots, never the run's length.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { TaskResult } from '../models/pbt/index.js';
import { asPbtRecord } from '../models/pbt/records.js';

/** A task being followed. */
export interface LiveTask extends TaskResult {
  errorText: string | null;
  surfacedText: string | null;
  triggerHadCode: boolean | null;
  slot: number | null;
}

const keyOf = (session: string, taskId: number): string => `${session}\u0000${taskId}`;

/** Follows tasks through the records; hands each final task to `onFinal` in the order they became final. */
export class LiveTasks {
  private readonly live = new Map<string, LiveTask>();
  private readonly busy = new Map<string, Set<number>>();
  private pending: LiveTask[] = [];
  private instant = -1;

  /** @param onFinal - receives each task once it is final */
  constructor(private readonly onFinal: (t: LiveTask) => void) {}

  /** Tasks alive now (enqueued, not yet final). */
  get size(): number {
    return this.live.size;
  }

  /** Follows one record; returns the task it touched, if any. */
  step(r: TraceRecord): LiveTask | undefined {
    if (r.timeMs !== this.instant) {
      this.flush();
      this.instant = r.timeMs;
    }
    const p = asPbtRecord(r);
    if (p === null) return undefined;
    if (p.type === 'pbt.enqueue') {
      if (!p.ok || p.taskId === null) return undefined;
      const t: LiveTask = {
        session: p.session, page: p.page, taskId: p.taskId, codeunit: p.codeunit, record: p.record, requestedTimeoutMs: p.requestedTimeoutMs,
        effectiveTimeoutMs: p.effectiveTimeoutMs, errorLevel: p.errorLevel, enqueuedAtMs: p.timeMs, startedAtMs: null, endedAtMs: null, outcome: null,
        cancelReason: null, errorCode: null, trigger: null, deliveredAtMs: null, delivery: null, surfacedAs: null, dropReason: null, results: null,
        errorText: null, surfacedText: null, triggerHadCode: null, slot: null,
      };
      this.live.set(keyOf(t.session, t.taskId), t);
      return t;
    }
    if (!('taskId' in p) || p.taskId === null) return undefined;
    const t = this.live.get(keyOf(p.session, p.taskId));
    if (t === undefined) return undefined;
    switch (p.type) {
      case 'pbt.start': {
        t.startedAtMs = p.timeMs;
        const used = this.busy.get(t.session) ?? new Set<number>();
        this.busy.set(t.session, used);
        let slot = 1;
        while (used.has(slot)) slot++;
        used.add(slot);
        t.slot = slot;
        break;
      }
      case 'pbt.end':
        t.endedAtMs = p.timeMs;
        t.outcome = p.outcome;
        t.cancelReason = p.cancelReason;
        t.errorCode = p.errorCode;
        t.errorText = p.errorText;
        if (t.outcome === 'failed' || t.outcome === 'timedOut') t.surfacedAs = 'none';
        if (t.slot !== null) this.busy.get(t.session)?.delete(t.slot);
        if (t.outcome === 'cancelled') this.pending.push(t);
        break;
      case 'pbt.deliver':
        t.trigger = p.trigger;
        t.deliveredAtMs = p.timeMs;
        t.delivery = 'delivered';
        t.results = p.results === null || p.results === undefined ? null : { ...p.results };
        t.triggerHadCode = false;
        break;
      case 'pbt.invoke':
        if (t.delivery === 'delivered' && p.trigger === t.trigger) t.triggerHadCode = true;
        break;
      case 'pbt.triggerDone':
        if (t.delivery === 'delivered') this.pending.push(t);
        break;
      case 'pbt.drop':
        t.delivery = 'dropped';
        t.dropReason = p.reason;
        this.pending.push(t);
        break;
      case 'pbt.surface':
        t.surfacedAs = p.surfacedAs;
        t.surfacedText = p.surfacedAs === 'none' ? null : p.text;
        break;
      default:
        break;
    }
    return t;
  }

  /** Hands the tasks that became final in the last instant to `onFinal`. */
  flush(): void {
    if (this.pending.length === 0) return;
    const done = this.pending;
    this.pending = [];
    for (const t of done) {
      const key = keyOf(t.session, t.taskId);
      if (this.live.get(key) !== t) continue;
      this.live.delete(key);
      this.onFinal(t);
    }
  }

  /** At the end of the run: every task still alive, as it is, in enqueue order per session. */
  finish(): void {
    this.flush();
    const rest = [...this.live.values()];
    this.live.clear();
    for (const t of rest) this.onFinal(t);
  }
}
