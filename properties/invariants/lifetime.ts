/**
 * A task's lifetime: one terminal outcome, cancellation by the page's lifetime (close, record
 * change, session end) and by CancelBackgroundTask, and no trigger ever for a cancelled task
 * (PBT-CAN-01..06, PBT-ENQ-08, A7–A10, A25).
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Invariant, Violation } from './types.js';
import { headerOf, indexTasks, keyOf, num, PageTracker, policyChanged, runCompleted, sessionOf, str, violation, type TaskView } from './traceView.js';

/**
 * Exactly one terminal outcome per task (PBT-TRG-01, PBT-TRG-03, PBT-TST-C02): a queued task
 * starts at most once and ends exactly once (at most once in a run that stopped early), never
 * starts after it ended, and is delivered or dropped at most once, never both.
 */
export const exactlyOneOutcome: Invariant = {
  name: 'exactlyOneOutcome',
  clauses: ['PBT-TRG-01', 'PBT-TRG-03', 'PBT-CAN-08', 'PBT-TST-C02'],
  description: 'every queued task has exactly one terminal outcome (one pbt.end), one start at most, one delivery or drop at most',
  check(trace: readonly TraceRecord[]): Violation[] {
    const out: Violation[] = [];
    const tasks = indexTasks(trace);
    const complete = runCompleted(trace);
    for (const r of trace) {
      const k = keyOf(r);
      if ((r.type === 'pbt.start' || r.type === 'pbt.end' || r.type === 'pbt.deliver' || r.type === 'pbt.drop') && (k === null || !tasks.has(k))) {
        out.push(violation(this, `${r.type} for task ${String(r['taskId'])}, which was never queued`, r));
      }
    }
    for (const t of tasks.values()) {
      if (t.ends > 1) out.push(violation(this, `task ${t.taskId} has ${t.ends} terminal outcomes`, t.end));
      if (t.starts > 1) out.push(violation(this, `task ${t.taskId} started ${t.starts} times`, t.start));
      if (t.delivers + t.drops > 1) out.push(violation(this, `task ${t.taskId} was delivered ${t.delivers} and dropped ${t.drops} times`, t.deliver ?? t.drop));
      if (t.start !== null && t.end !== null && t.start.seq > t.end.seq) out.push(violation(this, `task ${t.taskId} started after it ended`, t.start));
      const handed = t.deliver ?? t.drop;
      if (handed !== null && (t.end === null || handed.seq < t.end.seq)) out.push(violation(this, `task ${t.taskId} was ${handed.type === 'pbt.deliver' ? 'delivered' : 'dropped'} before it ended`, handed));
      if (complete && t.ends === 0) out.push(violation(this, `task ${t.taskId} never reached a terminal outcome although the run ended with an empty agenda`, t.enqueue));
    }
    return out;
  },
};

/**
 * No trigger for a cancelled task, ever (PBT-CAN-02..05, A9, A10): a task that ended
 * `cancelled` is never delivered, and a task for which CancelBackgroundTask returned true is
 * never delivered after that call.
 */
export const noTriggerAfterCancel: Invariant = {
  name: 'noTriggerAfterCancel',
  clauses: ['PBT-CAN-01', 'PBT-CAN-02', 'PBT-CAN-03', 'PBT-CAN-04', 'PBT-CAN-05', 'A9', 'A10'],
  description: 'no callback trigger for a cancelled task, including one whose CancelBackgroundTask returned true',
  check(trace: readonly TraceRecord[]): Violation[] {
    const out: Violation[] = [];
    const cancelled = new Set<string>();
    for (const r of trace) {
      const k = keyOf(r);
      if (k === null) continue;
      if (r.type === 'pbt.end' && r['outcome'] === 'cancelled') cancelled.add(k);
      else if (r.type === 'pbt.cancelCall' && r['returned'] === true) cancelled.add(k);
      else if ((r.type === 'pbt.deliver' || (r.type === 'pbt.invoke' && r['taskId'] !== null)) && cancelled.has(k)) {
        out.push(violation(this, `task ${String(r['taskId'])} was cancelled, yet ${r.type === 'pbt.deliver' ? `delivered to ${String(r['trigger'])}` : `its ${String(r['trigger'])} code ran`}`, r));
      }
    }
    return out;
  },
};

/**
 * CancelBackgroundTask's return value (PBT-CAN-01, A10): true exactly when the task of that
 * page instance was waiting or running (it ends `cancelled` with reason cancelBackgroundTask
 * just before the call's record) or had ended and awaited delivery (its trigger is suppressed);
 * false for delivered, dropped, cancelled or unknown IDs and for tasks of another page.
 */
export const cancelReturnValue: Invariant = {
  name: 'cancelReturnValue',
  clauses: ['PBT-CAN-01', 'A10'],
  description: 'CancelBackgroundTask returns true exactly for a waiting, running or undelivered task of the calling page',
  check(trace: readonly TraceRecord[]): Violation[] {
    if (policyChanged(headerOf(trace), 'cancelAfterEnd')) return [];
    const out: Violation[] = [];
    const tasks = indexTasks(trace);
    const pages = new PageTracker();
    const state = new Map<string, 'active' | 'awaiting' | 'gone'>();
    // Cancelled by CancelBackgroundTask, waiting for the call's own record (other records, such as
    // a slot given to the next task, may come between, within the instant).
    let justCancelled: string | null = null;
    let cancelledAt = -1;
    for (const r of trace) {
      pages.see(r);
      if (r.timeMs !== cancelledAt) justCancelled = null;
      const k = keyOf(r);
      if (r.type === 'pbt.enqueue' && r['ok'] === true && k !== null) state.set(k, 'active');
      else if (r.type === 'pbt.end' && k !== null) {
        const cancelled = r['outcome'] === 'cancelled';
        state.set(k, cancelled ? 'gone' : 'awaiting');
        if (cancelled && r['cancelReason'] === 'cancelBackgroundTask') { justCancelled = k; cancelledAt = r.timeMs; }
      } else if ((r.type === 'pbt.deliver' || r.type === 'pbt.drop') && k !== null) state.set(k, 'gone');
      else if (r.type === 'pbt.cancelCall' && k !== null) {
        const t: TaskView | undefined = tasks.get(k);
        const page = str(r, 'page');
        const ours = t !== undefined && t.page === page && t.instance === pages.get(sessionOf(r), page ?? '').instance;
        const st = state.get(k);
        const expected = ours && (justCancelled === k || st === 'awaiting');
        if (r['returned'] !== expected) {
          out.push(violation(this, `CancelBackgroundTask(${String(r['taskId'])}) returned ${String(r['returned'])}; expected ${expected} (task ${t === undefined ? 'unknown' : !ours ? 'of another page' : justCancelled === k ? 'just cancelled' : st ?? 'unknown'})`, r));
        }
        if (r['returned'] === true && st === 'awaiting') state.set(k, 'gone');
        justCancelled = null;
      }
    }
    return out;
  },
};

/**
 * Tasks die with their page's record and lifetime (PBT-CAN-02, PBT-CAN-03, PBT-CAN-04,
 * PBT-ENQ-08, A7, A8, A25): a record change (RecordIDs differ) cancels, at that instant and
 * with reason recordChanged, every waiting and running task of the page; when a page closes no
 * task of it is still waiting or running; and every cancellation has its cause in the trace
 * (a record change, a close, a session end or a CancelBackgroundTask call at the same instant).
 */
export const cancelOnLifetime: Invariant = {
  name: 'cancelOnLifetime',
  clauses: ['PBT-CAN-02', 'PBT-CAN-03', 'PBT-CAN-04', 'PBT-ENQ-08', 'A7', 'A8', 'A25'],
  description: "a record change or page close cancels the page's waiting and running tasks at once; every cancellation has a cause",
  check(trace: readonly TraceRecord[]): Violation[] {
    const header = headerOf(trace);
    if (policyChanged(header, 'waitingTaskOnRecordChange', 'firstRecordLoadIsChange')) return [];
    const out: Violation[] = [];
    const tasks = indexTasks(trace);
    const pages = new PageTracker();
    const active = new Map<string, TaskView>();
    let mustCancel: { keys: Set<string>; at: TraceRecord } | null = null;
    const flush = (): void => {
      if (mustCancel === null) return;
      for (const k of mustCancel.keys) {
        const t = tasks.get(k)!;
        out.push(violation(this, `task ${t.taskId} of page ${t.page} survived the record change at ${mustCancel.at.timeMs} ms`, mustCancel.at, t.taskId));
      }
      mustCancel = null;
    };
    for (let i = 0; i < trace.length; i++) {
      const r = trace[i]!;
      if (mustCancel !== null && (r.timeMs !== mustCancel.at.timeMs || r.type === 'pbt.start' || r.type === 'pbt.deliver' || r.type === 'pbt.invoke' || r.type === 'pbt.enqueue')) flush();
      pages.see(r);
      const k = keyOf(r);
      const s = sessionOf(r);
      if (r.type === 'pbt.enqueue' && r['ok'] === true && k !== null) { const t = tasks.get(k); if (t) active.set(k, t); }
      else if (r.type === 'pbt.end' && k !== null) {
        active.delete(k);
        const m = mustCancel as { keys: Set<string>; at: TraceRecord } | null;
        if (m !== null && m.keys.delete(k) && (r['outcome'] !== 'cancelled' || r['cancelReason'] !== 'recordChanged')) {
          out.push(violation(this, `task ${String(r['taskId'])} ended ${String(r['outcome'])}/${String(r['cancelReason'])} right after a record change, expected cancelled/recordChanged`, r));
        }
        if (r['outcome'] === 'cancelled' && !causeNear(trace, i, r)) {
          out.push(violation(this, `task ${String(r['taskId'])} was cancelled (${String(r['cancelReason'])}) without a matching ${String(r['cancelReason'])} event at ${r.timeMs} ms`, r));
        }
      } else if (r.type === 'pbt.record') {
        const changed = str(r, 'from') !== str(r, 'to');
        if (r['changed'] !== changed) out.push(violation(this, `record ${String(r['from'])} -> ${String(r['to'])} reported changed=${String(r['changed'])}, RecordIDs say ${changed}`, r));
        if (changed) {
          flush();
          const page = str(r, 'page');
          const inst = pages.get(s, page ?? '').instance;
          const keys = new Set<string>();
          for (const [key, t] of active) if (t.session === s && t.page === page && t.instance === inst) keys.add(key);
          if (keys.size > 0) mustCancel = { keys, at: r };
        }
      } else if (r.type === 'pbt.page' && r['open'] === false) {
        for (const t of active.values()) {
          if (t.session === s && t.page === str(r, 'page') && t.instance === num(r, 'instance')) {
            out.push(violation(this, `page ${t.page} closed while its task ${t.taskId} was still waiting or running`, r, t.taskId));
          }
        }
      }
    }
    flush();
    return out;
  },
};

/** True when the cancellation at `trace[i]` has its cause within the same instant. */
function causeNear(trace: readonly TraceRecord[], i: number, end: TraceRecord): boolean {
  const s = sessionOf(end);
  const page = str(end, 'page');
  const reason = str(end, 'cancelReason');
  const id = num(end, 'taskId');
  const same = (r: TraceRecord): boolean => sessionOf(r) === s && r.timeMs === end.timeMs;
  if (reason === 'recordChanged') {
    for (let j = i - 1; j >= 0 && trace[j]!.timeMs === end.timeMs; j--) {
      const r = trace[j]!;
      if (r.type === 'pbt.record' && same(r) && str(r, 'page') === page && r['changed'] === true) return true;
    }
    return false;
  }
  const forward = (pred: (r: TraceRecord) => boolean): boolean => {
    for (let j = i + 1; j < trace.length && trace[j]!.timeMs === end.timeMs; j++) if (pred(trace[j]!)) return true;
    return false;
  };
  if (reason === 'pageClosed' || reason === 'sessionClosed') return forward((r) => r.type === 'pbt.page' && same(r) && str(r, 'page') === page && r['open'] === false);
  if (reason === 'cancelBackgroundTask') return forward((r) => r.type === 'pbt.cancelCall' && same(r) && num(r, 'taskId') === id);
  return false;
}

