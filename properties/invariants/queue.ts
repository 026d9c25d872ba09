/**
 * The waiting queue's limit and the two forms of a failed enqueue (PBT-ENQ-04, PBT-ENQ-05,
 * PBT-CONC-03, A1, A16, A17).
 *
 * Batch reference of the exact rule the monitors use: a task waits from its successful
 * enqueue until its `pbt.slot` (or `pbt.start`) or `pbt.end`, and holds a slot from the grant
 * to its end.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Invariant, Violation } from './types.js';
import { headerOf, num, policyChanged, sessionOf, str, violation } from './traceView.js';

/** The exact queue at one enqueue record (pbt.slot grants a slot; pbt.start for traces without it). @internal */
interface QueueAtEnqueue {
  readonly record: TraceRecord;
  readonly waiting: number;
  readonly holding: number;
  readonly limit: number | null;
  readonly concurrency: number | null;
}

function queueAtEnqueues(trace: readonly TraceRecord[]): QueueAtEnqueue[] {
  const queued = new Map<string, Set<number>>();
  const holding = new Map<string, Set<number>>();
  const out: QueueAtEnqueue[] = [];
  const of = (m: Map<string, Set<number>>, s: string): Set<number> => {
    let v = m.get(s);
    if (v === undefined) m.set(s, (v = new Set()));
    return v;
  };
  for (const r of trace) {
    const s = sessionOf(r);
    const id = num(r, 'taskId');
    const q = of(queued, s);
    const h = of(holding, s);
    if (r.type === 'pbt.enqueue') {
      out.push({ record: r, waiting: q.size, holding: h.size, limit: num(r, 'queueLimit'), concurrency: num(r, 'concurrency') });
      if (r['ok'] === true && id !== null) q.add(id);
    } else if (r.type === 'pbt.slot' && id !== null) {
      q.delete(id);
      h.add(id);
    } else if (r.type === 'pbt.start' && id !== null) {
      if (q.delete(id)) h.add(id);
    } else if (r.type === 'pbt.end' && id !== null) {
      q.delete(id);
      h.delete(id);
    }
  }
  return out;
}

const startsAtOnce = (q: QueueAtEnqueue): boolean => q.waiting === 0 && q.concurrency !== null && q.holding + (num(q.record, 'releasing') ?? 0) < q.concurrency;

const skip = (trace: readonly TraceRecord[]): boolean => {
  const h = headerOf(trace);
  return h?.mode === 'headless' || policyChanged(h, 'queueLengthCounts', 'limitScope', 'nonPositiveTimeout');
};

/**
 * Waiting tasks ≤ ChildSessionsMaxQueueLength (PBT-CONC-03, PBT-ENQ-05, PBT-CFG-02, A1): after
 * every successful enqueue the waiting tasks (the new one included, unless it takes a free slot
 * at once) are at most the limit. Not applicable in headless mode (tasks run inline, PBT-LIM-02).
 */
export const queueLength: Invariant = {
  name: 'queueLength',
  clauses: ['PBT-CONC-03', 'PBT-ENQ-05', 'PBT-CFG-02', 'A1'],
  description: 'waiting tasks <= ChildSessionsMaxQueueLength: an enqueue succeeds only when fewer than the limit wait',
  check(trace: readonly TraceRecord[]): Violation[] {
    if (skip(trace)) return [];
    const out: Violation[] = [];
    for (const q of queueAtEnqueues(trace)) {
      const r = q.record;
      const reported = num(r, 'waitingBefore');
      if (reported !== null && reported !== q.waiting) {
        out.push(violation(this, `the enqueue reports ${reported} waiting tasks, but the trace shows ${q.waiting}`, r));
      }
      // After a successful call the new task waits unless it takes a slot at once.
      const after = q.waiting + (startsAtOnce(q) ? 0 : 1);
      if (r['ok'] === true && q.limit !== null && after > q.limit) {
        out.push(violation(this, `task ${num(r, 'taskId')} was queued to wait while ${q.waiting} tasks already waited: ${after} waiting, above ChildSessionsMaxQueueLength = ${q.limit}`, r));
      }
    }
    return out;
  },
};

/**
 * An enqueue fails only when the queue is full (and the task would have to wait: a task that
 * finds a free slot and nobody waiting starts at once, A1), and then in the right form (PBT-ENQ-04,
 * PBT-ENQ-05, PBT-ENQ-03, A16, A17): with `useReturnValue` it returns false and raises nothing;
 * as a statement it raises a runtime error in the calling trigger (a `pbt.triggerError` with the
 * same text, at the same instant). A successful enqueue returns a new positive TaskId, larger
 * than every earlier one of the session.
 */
export const enqueueFailure: Invariant = {
  name: 'enqueueFailure',
  clauses: ['PBT-ENQ-04', 'PBT-ENQ-05', 'PBT-ENQ-03', 'PBT-CONC-12', 'A16', 'A17'],
  description: 'an enqueue fails only when the queue is full: false with useReturnValue, a runtime error in statement form',
  check(trace: readonly TraceRecord[]): Violation[] {
    const out: Violation[] = [];
    const header = headerOf(trace);
    const headless = header?.mode === 'headless' && !policyChanged(header, 'nonPositiveTimeout');
    const lastId = new Map<string, number>();
    const checkFull = !skip(trace);
    const queue = new Map<number, QueueAtEnqueue>();
    for (const q of queueAtEnqueues(trace)) queue.set(q.record.seq, q);
    for (let i = 0; i < trace.length; i++) {
      const r = trace[i]!;
      if (r.type !== 'pbt.enqueue') continue;
      const s = sessionOf(r);
      const id = num(r, 'taskId');
      const err = str(r, 'runtimeError');
      if (r['ok'] === true) {
        if (id === null || !Number.isInteger(id) || id <= 0 || id <= (lastId.get(s) ?? 0)) {
          out.push(violation(this, `a successful enqueue returned TaskId ${id}, not a new positive ID above ${lastId.get(s) ?? 0}`, r));
        }
        if (id !== null) lastId.set(s, Math.max(id, lastId.get(s) ?? 0));
        if (err !== null) out.push(violation(this, 'a successful enqueue also raised a runtime error', r));
        continue;
      }
      if (id !== null) out.push(violation(this, `a failed enqueue returned TaskId ${id}`, r));
      if (headless) out.push(violation(this, 'an enqueue failed in headless mode, where tasks run inline', r));
      const q = queue.get(r.seq);
      const reported = num(r, 'waitingBefore');
      if (checkFull && q !== undefined && q.limit !== null && (q.waiting < q.limit || (reported !== null && reported < q.limit))) {
        out.push(violation(this, `an enqueue failed although only ${reported ?? q.waiting} tasks waited (ChildSessionsMaxQueueLength = ${q.limit})`, r));
      } else if (checkFull && q !== undefined && q.concurrency !== null && startsAtOnce(q)) {
        // Slots of ended tasks still being released (A30/A31 delays) are not free.
        const releasing = num(r, 'releasing') ?? 0;
        out.push(violation(this, `an enqueue failed although nothing waited and ${q.holding} of ${q.concurrency} slots were used${releasing > 0 ? ` (${releasing} being released)` : ''}: the task would have started at once`, r));
      }
      if (r['useReturnValue'] === true) {
        if (err !== null) out.push(violation(this, 'a failed enqueue in the `Ok :=` form raised a runtime error instead of returning false', r));
        continue;
      }
      if (err === null || err.length === 0) {
        out.push(violation(this, 'a failed enqueue in statement form returned false instead of raising a runtime error', r));
        continue;
      }
      let raised = false;
      for (let j = i + 1; j < trace.length && trace[j]!.timeMs === r.timeMs; j++) {
        const e = trace[j]!;
        if (e.type === 'pbt.triggerError' && sessionOf(e) === s && str(e, 'text') === err) { raised = true; break; }
        if (e.type === 'pbt.enqueue' && sessionOf(e) === s) break;
      }
      if (!raised) out.push(violation(this, 'a failed enqueue in statement form did not raise its runtime error in the calling trigger', r));
    }
    return out;
  },
};
