/**
 * The tasks alive in a trace, followed record by record: each task's result-contract fields
 * plus what the run report adds (error text, the text the user saw, whether the trigger had
 * code, its child-session slot). A task leaves when it is final — cancelled, dropped at
 * delivery, or delivered and its trigger chain done — at the end of that instant (what the
 * user saw is recorded right after the trigger chain, at the same instant). Memory: the live
 * tasks and the busy slots, never the run's length.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { CancelReason, ErrorLevel, Outcome, TaskResult } from '../models/pbt/index.js';

/** A task being followed. */
export interface LiveTask extends TaskResult {
  errorText: string | null;
  surfacedText: string | null;
  triggerHadCode: boolean | null;
  slot: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const keyOf = (session: unknown, taskId: unknown): string => `${String(session)}\u0000${String(taskId)}`;

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
    if (r.type === 'pbt.enqueue') {
      if (r['ok'] !== true) return undefined;
      const t: LiveTask = {
        session: String(r['session']), page: String(r['page']), taskId: Number(r['taskId']), codeunit: Number(r['codeunit']),
        record: str(r['record']), requestedTimeoutMs: num(r['requestedTimeoutMs']), effectiveTimeoutMs: Number(r['effectiveTimeoutMs']),
        errorLevel: r['errorLevel'] as ErrorLevel, enqueuedAtMs: r.timeMs, startedAtMs: null, endedAtMs: null, outcome: null,
        cancelReason: null, errorCode: null, trigger: null, deliveredAtMs: null, delivery: null, surfacedAs: null, dropReason: null, results: null,
        errorText: null, surfacedText: null, triggerHadCode: null, slot: null,
      };
      this.live.set(keyOf(t.session, t.taskId), t);
      return t;
    }
    if (!r.type.startsWith('pbt.') || r['taskId'] === null || r['taskId'] === undefined) return undefined;
    const t = this.live.get(keyOf(r['session'], r['taskId']));
    if (t === undefined) return undefined;
    switch (r.type) {
      case 'pbt.start': {
        t.startedAtMs = r.timeMs;
        const used = this.busy.get(t.session) ?? new Set<number>();
        this.busy.set(t.session, used);
        let slot = 1;
        while (used.has(slot)) slot++;
        used.add(slot);
        t.slot = slot;
        break;
      }
      case 'pbt.end':
        t.endedAtMs = r.timeMs;
        t.outcome = r['outcome'] as Outcome;
        t.cancelReason = str(r['cancelReason']) as CancelReason | null;
        t.errorCode = str(r['errorCode']);
        t.errorText = str(r['errorText']);
        if (t.outcome === 'failed' || t.outcome === 'timedOut') t.surfacedAs = 'none';
        if (t.slot !== null) this.busy.get(t.session)?.delete(t.slot);
        if (t.outcome === 'cancelled') this.pending.push(t);
        break;
      case 'pbt.deliver':
        t.trigger = r['trigger'] as TaskResult['trigger'];
        t.deliveredAtMs = r.timeMs;
        t.delivery = 'delivered';
        t.results = (r['results'] as Record<string, string> | null) ?? null;
        t.triggerHadCode = false;
        break;
      case 'pbt.invoke':
        if (t.delivery === 'delivered' && r['trigger'] === t.trigger) t.triggerHadCode = true;
        break;
      case 'pbt.triggerDone':
        if (t.delivery === 'delivered') this.pending.push(t);
        break;
      case 'pbt.drop':
        t.delivery = 'dropped';
        t.dropReason = str(r['reason']);
        this.pending.push(t);
        break;
      case 'pbt.surface':
        t.surfacedAs = r['surfacedAs'] as TaskResult['surfacedAs'];
        t.surfacedText = t.surfacedAs === 'none' ? null : str(r['text']);
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
