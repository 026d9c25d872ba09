/**
 * The waiting queue's limit and the two forms of a failed enqueue, as monitors (PBT-ENQ-04,
 * PBT-ENQ-05, PBT-CONC-03, A1, A16, A17).
 *
 * The queue is known exactly: a task waits from its successful `pbt.enqueue` until its
 * `pbt.slot` (the grant of a slot; `pbt.start` for traces without slot records) or its
 * `pbt.end`, and holds a slot from the grant to its end. So at every enqueue the number of
 * waiting tasks and of held slots is a count, not a bound, and no look-ahead is needed.
 * @module
 */
import type { MonitorState, SessionView } from './state.js';
import type { PbtEnqueue } from '../../models/pbt/records.js';
import { violation, type MonitorSpec } from './types.js';

/** Out of scope: headless runs (inline tasks, PBT-LIM-02) and policies that change what the queue counts. */
const queueOutOfScope = (state: MonitorState): boolean =>
  state.header?.mode === 'headless' || state.policyChanged('queueLengthCounts', 'limitScope', 'nonPositiveTimeout');

const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** True when a task enqueued now finds nobody waiting and a free slot: it starts at once (A1). */
function slotFreeAndNobodyWaits(r: PbtEnqueue, s: SessionView): boolean {
  const conc = numOrNull(r.concurrency);
  return s.sets.queued === 0 && conc !== null && s.sets.holding + (numOrNull(r.releasing) ?? 0) < conc;
}

/**
 * Waiting tasks ≤ ChildSessionsMaxQueueLength (PBT-CONC-03, PBT-ENQ-05, PBT-CFG-02, A1): after
 * every successful enqueue the waiting tasks (the new one included, unless it takes a free slot
 * at once) are at most the limit, and the model's `waitingBefore` is the exact count. Not
 * applicable in headless mode (tasks run inline, PBT-LIM-02).
 */
export const queueLength: MonitorSpec = {
  name: 'queueLength',
  clauses: ['PBT-CONC-03', 'PBT-ENQ-05', 'PBT-CFG-02', 'A1'],
  description: 'waiting tasks <= ChildSessionsMaxQueueLength: an enqueue succeeds only when fewer than the limit wait',
  create(state, out) {
    if (queueOutOfScope(state)) return null;
    return {
      on: {
        'pbt.enqueue': (r, s) => {
          const waiting = s.sets.queued;
          const reported = numOrNull(r.waitingBefore);
          if (reported !== null && reported !== waiting) {
            out.push(violation(this, `the enqueue reports ${reported} waiting tasks, but the trace shows ${waiting}`, r));
          }
          const limit = numOrNull(r.queueLimit);
          if (r.ok !== true || limit === null) return;
          const after = waiting + (slotFreeAndNobodyWaits(r, s) ? 0 : 1);
          if (after > limit) {
            out.push(violation(this, `task ${String(r.taskId)} was queued to wait while ${waiting} tasks already waited: ${after} waiting, above ChildSessionsMaxQueueLength = ${limit}`, r));
          }
        },
      },
    };
  },
};

/**
 * An enqueue fails only when the queue is full (and the task would have to wait: a task that
 * finds a free slot and nobody waiting starts at once, A1), and then in the right form (PBT-ENQ-04,
 * PBT-ENQ-05, PBT-ENQ-03, A16, A17): with `useReturnValue` it returns false and raises nothing;
 * as a statement it raises a runtime error in the calling trigger (a `pbt.triggerError` with the
 * same text, at the same instant, before the session's next enqueue). A successful enqueue
 * returns a new positive TaskId, larger than every earlier one of the session.
 */
export const enqueueFailure: MonitorSpec = {
  name: 'enqueueFailure',
  clauses: ['PBT-ENQ-04', 'PBT-ENQ-05', 'PBT-ENQ-03', 'PBT-CONC-12', 'A16', 'A17'],
  description: 'an enqueue fails only when the queue is full: false with useReturnValue, a runtime error in statement form',
  create(state, out, wake) {
    const headless = state.header?.mode === 'headless' && !state.policyChanged('nonPositiveTimeout');
    const checkFull = !queueOutOfScope(state);
    // Failed statement-form enqueues waiting for their runtime error, by session (one at a time).
    const raising = new Map<SessionView, { readonly r: PbtEnqueue; readonly text: string }>();
    const notRaised = (r: PbtEnqueue): void => {
      out.push(violation(this, 'a failed enqueue in statement form did not raise its runtime error in the calling trigger', r));
    };
    return {
      on: {
        'pbt.enqueue': (r, s) => {
          const pending = raising.get(s);
          if (pending !== undefined) { raising.delete(s); notRaised(pending.r); }
          const id = r.taskId;
          const err = typeof r.runtimeError === 'string' ? r.runtimeError : null;
          if (r.ok === true) {
            if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0 || id <= s.lastId) {
              out.push(violation(this, `a successful enqueue returned TaskId ${String(id)}, not a new positive ID above ${s.lastId}`, r));
            }
            if (typeof id === 'number') s.lastId = Math.max(id, s.lastId);
            if (err !== null) out.push(violation(this, 'a successful enqueue also raised a runtime error', r));
            return;
          }
          if (id !== null) out.push(violation(this, `a failed enqueue returned TaskId ${String(id)}`, r));
          if (headless) out.push(violation(this, 'an enqueue failed in headless mode, where tasks run inline', r));
          const limit = numOrNull(r.queueLimit);
          const conc = numOrNull(r.concurrency);
          const reported = numOrNull(r.waitingBefore);
          const waiting = s.sets.queued;
          if (checkFull && limit !== null && (waiting < limit || (reported !== null && reported < limit))) {
            out.push(violation(this, `an enqueue failed although only ${reported ?? waiting} tasks waited (ChildSessionsMaxQueueLength = ${limit})`, r));
          } else if (checkFull && conc !== null && slotFreeAndNobodyWaits(r, s)) {
            // Slots of ended tasks still being released (A30/A31 delays) are not free.
            const releasing = numOrNull(r.releasing) ?? 0;
            out.push(violation(this, `an enqueue failed although nothing waited and ${s.sets.holding} of ${conc} slots were used${releasing > 0 ? ` (${releasing} being released)` : ''}: the task would have started at once`, r));
          }
          if (r.useReturnValue === true) {
            if (err !== null) out.push(violation(this, 'a failed enqueue in the `Ok :=` form raised a runtime error instead of returning false', r));
            return;
          }
          if (err === null || err.length === 0) {
            out.push(violation(this, 'a failed enqueue in statement form returned false instead of raising a runtime error', r));
            return;
          }
          raising.set(s, { r, text: err });
          wake();
        },
        'pbt.triggerError': (r, s) => {
          const pending = raising.get(s);
          if (pending !== undefined && r.text === pending.text) raising.delete(s);
        },
      },
      wakes: true,
      instantEnd: () => {
        for (const p of raising.values()) notRaised(p.r);
        raising.clear();
      },
    };
  },
};
