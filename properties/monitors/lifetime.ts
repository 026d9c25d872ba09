/**
 * A task's lifetime as monitors: one terminal outcome, CancelBackgroundTask's return value, and
 * no trigger ever for a cancelled task (PBT-CAN-01..05, PBT-TRG-01, PBT-TRG-03, A9, A10).
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import { deliverAt, dropAt, endAt, enqueueAt, startAt, type SessionView, type TaskView } from './state.js';
import { violation, type MonitorSpec } from './types.js';

/**
 * Exactly one terminal outcome per task (PBT-TRG-01, PBT-TRG-03, PBT-TST-C02): a queued task
 * starts at most once and ends exactly once (at most once in a run that stopped early), never
 * starts after it ended, and is delivered or dropped at most once, never both. A task's counts
 * are judged when it is forgotten, or at the end for the tasks still live.
 */
export const exactlyOneOutcome: MonitorSpec = {
  name: 'exactlyOneOutcome',
  clauses: ['PBT-TRG-01', 'PBT-TRG-03', 'PBT-CAN-08', 'PBT-TST-C02'],
  description: 'every queued task has exactly one terminal outcome (one pbt.end), one start at most, one delivery or drop at most',
  create(state, out) {
    const unknown = (r: TraceRecord & { readonly taskId: unknown }, s: SessionView, t: TaskView | undefined): void => {
      if (t !== undefined || (typeof r.taskId === 'number' && s.known.has(r.taskId))) return;
      out.push(violation(this, `${r.type} for task ${String(r.taskId)}, which was never queued`, r));
    };
    const judge = (t: TaskView, complete: boolean): void => {
      if (t.ends > 1) out.push(violation(this, `task ${t.taskId} has ${t.ends} terminal outcomes`, endAt(t)));
      if (t.starts > 1) out.push(violation(this, `task ${t.taskId} started ${t.starts} times`, startAt(t)));
      if (t.delivers + t.drops > 1) out.push(violation(this, `task ${t.taskId} was delivered ${t.delivers} and dropped ${t.drops} times`, deliverAt(t) ?? dropAt(t)));
      if (t.starts > 0 && t.ends > 0 && t.startSeq > t.endSeq) out.push(violation(this, `task ${t.taskId} started after it ended`, startAt(t)));
      const handed = deliverAt(t) ?? dropAt(t);
      if (handed !== null && (t.ends === 0 || (t.delivers > 0 ? t.deliverSeq : t.dropSeq) < t.endSeq)) out.push(violation(this, `task ${t.taskId} was ${handed.type === 'pbt.deliver' ? 'delivered' : 'dropped'} before it ended`, handed));
      if (complete && t.ends === 0) out.push(violation(this, `task ${t.taskId} never reached a terminal outcome although the run ended with an empty agenda`, enqueueAt(t)));
    };
    return {
      on: { 'pbt.start': unknown, 'pbt.end': unknown, 'pbt.deliver': unknown, 'pbt.drop': unknown },
      forget: (t) => judge(t, false),
      finish: () => {
        const complete = state.footerStatus() === 'empty';
        for (const s of state.sessions.values()) for (const t of s.tasks.values()) judge(t, complete);
        for (const t of state.forgottenTasks()) judge(t, complete);
      },
    };
  },
};

/**
 * No trigger for a cancelled task, ever (PBT-CAN-02..05, A9, A10): a task that ended
 * `cancelled` is never delivered, and a task for which CancelBackgroundTask returned true is
 * never delivered after that call.
 */
export const noTriggerAfterCancel: MonitorSpec = {
  name: 'noTriggerAfterCancel',
  clauses: ['PBT-CAN-01', 'PBT-CAN-02', 'PBT-CAN-03', 'PBT-CAN-04', 'PBT-CAN-05', 'A9', 'A10'],
  description: 'no callback trigger for a cancelled task, including one whose CancelBackgroundTask returned true',
  create(_state, out) {
    // Cancellations of TaskIds no live task has (a CancelBackgroundTask that returned true before
    // the enqueue, in a corrupted trace): they count when the ID shows up later.
    const early = new Map<SessionView, Set<number>>();
    const cancel = (s: SessionView, id: number, t: TaskView | undefined): void => {
      if (t !== undefined) t.cancelled = true;
      else (early.get(s) ?? early.set(s, new Set()).get(s)!).add(id);
    };
    const cancelled = (s: SessionView, id: number | null, t: TaskView | undefined): boolean =>
      t?.cancelled === true || (id !== null && early.get(s)?.has(id) === true);
    return {
      on: {
        'pbt.end': (r, s, t) => { if (r.outcome === 'cancelled') cancel(s, r.taskId, t); },
        'pbt.cancelCall': (r, s, t) => { if (r.returned === true) cancel(s, r.taskId, t); },
        'pbt.deliver': (r, s, t) => {
          if (cancelled(s, r.taskId, t)) out.push(violation(this, `task ${String(r.taskId)} was cancelled, yet delivered to ${String(r.trigger)}`, r));
        },
        'pbt.invoke': (r, s, t) => {
          if (r.taskId !== null && cancelled(s, r.taskId, t)) out.push(violation(this, `task ${String(r.taskId)} was cancelled, yet its ${String(r.trigger)} code ran`, r));
        },
      },
    };
  },
};

/**
 * CancelBackgroundTask's return value (PBT-CAN-01, A10): true exactly when the task of that
 * page instance was waiting or running (it ends `cancelled` with reason cancelBackgroundTask
 * just before the call's record) or had ended and awaited delivery (its trigger is suppressed);
 * false for delivered, dropped, cancelled or unknown IDs and for tasks of another page.
 */
export const cancelReturnValue: MonitorSpec = {
  name: 'cancelReturnValue',
  clauses: ['PBT-CAN-01', 'A10'],
  description: 'CancelBackgroundTask returns true exactly for a waiting, running or undelivered task of the calling page',
  create(state, out, wake) {
    if (state.policyChanged('cancelAfterEnd')) return null;
    // Cancelled by CancelBackgroundTask, waiting for the call's own record (other records, such as
    // a slot given to the next task, may come between, within the instant).
    let justSession: SessionView | null = null;
    let justId = -1;
    return {
      on: {
        'pbt.enqueue': (r, _s, t) => { if (r.ok === true && t !== undefined) t.cancelState = 'active'; },
        'pbt.end': (r, s, t) => {
          const cancelled = r.outcome === 'cancelled';
          if (t !== undefined) t.cancelState = cancelled ? 'gone' : 'awaiting';
          if (cancelled && r.cancelReason === 'cancelBackgroundTask') { justSession = s; justId = r.taskId; wake(); }
        },
        'pbt.deliver': (_r, _s, t) => { if (t !== undefined) t.cancelState = 'gone'; },
        'pbt.drop': (_r, _s, t) => { if (t !== undefined) t.cancelState = 'gone'; },
        'pbt.cancelCall': (r, s, t) => {
          const instance = state.page(s, r.page).instance;
          const ours = t !== undefined && t.page === r.page && t.instance === instance;
          const just = justSession === s && justId === r.taskId;
          const st = t?.cancelState;
          const expected = ours && (just || st === 'awaiting');
          if (r.returned !== expected) {
            const what = t === undefined ? 'unknown' : !ours ? 'of another page' : just ? 'just cancelled' : st ?? 'unknown';
            out.push(violation(this, `CancelBackgroundTask(${String(r.taskId)}) returned ${String(r.returned)}; expected ${expected} (task ${what})`, r));
          }
          if (r.returned === true && st === 'awaiting') t!.cancelState = 'gone';
          justSession = null;
        },
      },
      wakes: true,
      instantEnd: () => { justSession = null; },
    };
  },
};
