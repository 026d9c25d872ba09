/**
 * Tasks die with their page's record and lifetime, as a monitor (PBT-CAN-02, PBT-CAN-03,
 * PBT-CAN-04, PBT-ENQ-08, A7, A8, A25).
 * @module
 */
import type { PbtEnd, PbtRecordChange } from '../../models/pbt/records.js';
import type { SessionView, TaskView } from './state.js';
import { violation, type MonitorSpec } from './types.js';

/**
 * A record change (RecordIDs differ) cancels, at that instant and with reason recordChanged,
 * every waiting and running task of the page; when a page closes no task of it is still waiting
 * or running; and every cancellation has its cause in the trace (a record change before it, or
 * a close, a session end or a CancelBackgroundTask call after it, in the same instant).
 */
export const cancelOnLifetime: MonitorSpec = {
  name: 'cancelOnLifetime',
  clauses: ['PBT-CAN-02', 'PBT-CAN-03', 'PBT-CAN-04', 'PBT-ENQ-08', 'A7', 'A8', 'A25'],
  description: "a record change or page close cancels the page's waiting and running tasks at once; every cancellation has a cause",
  create(state, out, wake) {
    if (state.policyChanged('waitingTaskOnRecordChange', 'firstRecordLoadIsChange')) return null;
    // A record change whose page still had waiting or running tasks (null: none): they must end
    // cancelled/recordChanged next. The tasks in active-list order, null once they ended. Kept in
    // one reused array (a Map and an object per record change were most of this monitor's garbage).
    let mustSession: SessionView | null = null;
    let mustAt: PbtRecordChange | null = null;
    const mustTasks: (TaskView | null)[] = [];
    let mustN = 0;
    // Within the instant: pages whose record changed so far (PageView.changedIn === instant), and
    // cancellations waiting for their cause.
    let instant = 0;
    const needClose: { readonly r: PbtEnd; readonly s: SessionView }[] = [];
    const needCall: PbtEnd[] = [];
    const flush = (): void => {
      if (mustSession === null) return;
      const at = mustAt!;
      for (let i = 0; i < mustN; i++) {
        const t = mustTasks[i]!;
        if (t !== null) out.push(violation(this, `task ${t.taskId} of page ${t.page} survived the record change at ${at.timeMs} ms`, at, t.taskId));
        mustTasks[i] = null;
      }
      mustN = 0;
      mustSession = null;
      mustAt = null;
    };
    /** Removes the task `id` from the ones that must end next (Map.delete semantics: SameValueZero); true when it was there. */
    const mustEnd = (id: number): boolean => {
      for (let i = 0; i < mustN; i++) {
        const t = mustTasks[i]!;
        if (t !== null && (t.taskId === id || (id !== id && t.taskId !== t.taskId))) { mustTasks[i] = null; return true; }
      }
      return false;
    };
    const uncaused = (r: PbtEnd): void => {
      out.push(violation(this, `task ${String(r.taskId)} was cancelled (${String(r.cancelReason)}) without a matching ${String(r.cancelReason)} event at ${r.timeMs} ms`, r));
    };
    const flushBefore = (): void => flush();
    return {
      on: {
        'pbt.start': flushBefore, 'pbt.deliver': flushBefore, 'pbt.invoke': flushBefore, 'pbt.enqueue': flushBefore,
        'pbt.end': (r, s) => {
          if (mustSession === s && mustEnd(r.taskId) && (r.outcome !== 'cancelled' || r.cancelReason !== 'recordChanged')) {
            out.push(violation(this, `task ${String(r.taskId)} ended ${String(r.outcome)}/${String(r.cancelReason)} right after a record change, expected cancelled/recordChanged`, r));
          }
          if (r.outcome !== 'cancelled') return;
          const reason = r.cancelReason;
          if (reason === 'recordChanged') { if (s.pages.get(r.page)?.changedIn !== instant) uncaused(r); }
          else if (reason === 'pageClosed' || reason === 'sessionClosed') { needClose.push({ r, s }); wake(); }
          else if (reason === 'cancelBackgroundTask') { needCall.push(r); wake(); }
          else uncaused(r);
        },
        'pbt.record': (r, s) => {
          const from = typeof r.from === 'string' ? r.from : null;
          const to = typeof r.to === 'string' ? r.to : null;
          const changed = from !== to;
          if (r.changed !== changed) out.push(violation(this, `record ${String(r.from)} -> ${String(r.to)} reported changed=${String(r.changed)}, RecordIDs say ${changed}`, r));
          // One page lookup for both uses (pbt.record is one record in ten).
          const p = state.page(s, r.page);
          if (r.changed === true) { p.changedIn = instant; wake(); }
          if (!changed) return;
          flush();
          if (p.active.size === 0) return;
          for (let t = p.active.first; t !== null; t = p.active.next(t)) {
            if (t.instance !== p.instance) continue;
            if (mustN < mustTasks.length) mustTasks[mustN] = t;
            else mustTasks.push(t);
            mustN++;
          }
          if (mustN > 0) { mustSession = s; mustAt = r; wake(); }
        },
        'pbt.page': (r, s) => {
          if (r.open !== false) return;
          const active = state.page(s, r.page).active;
          for (let t = active.first; t !== null; t = active.next(t)) {
            if (t.instance === r.instance) out.push(violation(this, `page ${t.page} closed while its task ${t.taskId} was still waiting or running`, r, t.taskId));
          }
          for (let i = needClose.length - 1; i >= 0; i--) {
            const e = needClose[i]!;
            if (e.s === s && e.r.page === r.page) needClose.splice(i, 1);
          }
        },
        'pbt.cancelCall': (r) => {
          for (let i = needCall.length - 1; i >= 0; i--) {
            const e = needCall[i]!;
            if (e.session === r.session && e.taskId === r.taskId) needCall.splice(i, 1);
          }
        },
      },
      wakes: true,
      instantEnd: () => {
        flush();
        for (const { r } of needClose) uncaused(r);
        for (const r of needCall) uncaused(r);
        needClose.length = 0;
        needCall.length = 0;
        instant++;
      },
    };
  },
};
