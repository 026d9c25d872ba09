/**
 * Slots and the waiting queue of a parent session, as monitors: never more running tasks than
 * ChildSessionsMaxConcurrency (PBT-CONC-01), waiting tasks start FIFO when a slot frees
 * (PBT-CONC-02, A2), and no slot stays idle while a task waits (PBT-CONC-02, A30, A31).
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import { Batch } from './batch.js';
import { startAt, type SessionView, type TaskView } from './state.js';
import { violation, type MonitorSpec } from './types.js';

/**
 * Running tasks ≤ ChildSessionsMaxConcurrency per parent session at every instant
 * (PBT-CONC-01, PBT-CFG-01, PBT-CONC-05). A task runs from its `pbt.start` to its `pbt.end`;
 * the limit is the `concurrency` recorded with each start. Checked at each start: O(1).
 */
export const maxConcurrency: MonitorSpec = {
  name: 'maxConcurrency',
  clauses: ['PBT-CONC-01', 'PBT-CFG-01', 'PBT-CONC-05'],
  description: 'running tasks <= ChildSessionsMaxConcurrency per parent session at every instant',
  create(state, out) {
    if (state.policyChanged('limitScope')) return null;
    return {
      on: {
        'pbt.start': (r, s) => {
          const size = s.sets.started;
          const limit = typeof r.concurrency === 'number' ? r.concurrency : Infinity;
          // Slots of ended tasks still being released (A30/A31 delays) are occupied too.
          const releasing = typeof r.releasing === 'number' ? r.releasing : 0;
          if (size + releasing > limit) {
            out.push(violation(this, `${size} tasks running${releasing > 0 ? ` and ${releasing} slot(s) still being released` : ''} in session ${s.id}, above ChildSessionsMaxConcurrency = ${limit}`, r));
          }
        },
      },
    };
  },
};

/**
 * Waiting tasks start in enqueue (TaskId) order (PBT-CONC-02, A2, A16): when task B starts at
 * time t, every task of the same session enqueued before B has started or ended by t. Checked at
 * the end of the instant, so a reordering of same-instant start events is not a violation; the
 * tasks not yet started are kept in enqueue order, so the check walks only the offenders.
 */
export const fifoStart: MonitorSpec = {
  name: 'fifoStart',
  clauses: ['PBT-CONC-02', 'A2'],
  description: 'a waiting task starts only after every task enqueued before it has started or ended (FIFO)',
  create(state, out, wake) {
    if (state.policyChanged('queueOrder', 'limitScope')) return null;
    // The tasks first started in the instant, with their sessions (two arrays: no pair objects).
    const startedNow = new Batch<TaskView>();
    const startedIn = new Batch<SessionView>();
    return {
      wakes: true,
      on: {
        'pbt.start': (r, s, t) => {
          if (t !== undefined && t.fresh) { startedNow.push(t); startedIn.push(s); wake(); }
        },
      },
      instantEnd: () => {
        for (let i = 0; i < startedNow.length; i++) {
          const b = startedNow.at(i);
          const s = startedIn.at(i);
          const at = startAt(b)!;
          for (let a = s.unstarted.first; a !== null; a = s.unstarted.next(a)) {
            if (a.enqueueSeq >= b.enqueueSeq) break;
            out.push(violation(this, `task ${b.taskId} started at ${at.timeMs} ms before task ${a.taskId}, which was enqueued earlier and was still waiting`, at));
          }
        }
        startedNow.clear();
        startedIn.clear();
      },
    };
  },
};

/** A session found with an idle slot and a waiting task at an instant's end. */
interface IdleSlot {
  readonly waiting: number;
  readonly first: number;
  readonly running: number;
  readonly limit: number;
}

/**
 * No slot idle while a task waits (PBT-CONC-02, A30, A31 with 0 ms release delays): at the end
 * of every instant, a session with a waiting task has ChildSessionsMaxConcurrency running
 * tasks. Waiting = enqueued, neither started nor ended; the limit is the latest recorded one.
 * Only sessions touched in the instant (or by a settings update) are re-examined; a session
 * still in breach is reported again at every instant's end, as the rule says.
 */
export const noIdleSlot: MonitorSpec = {
  name: 'noIdleSlot',
  clauses: ['PBT-CONC-02', 'A30', 'A31'],
  description: 'at the end of every instant no slot is idle while a task of the same session waits',
  create(state, out, wake) {
    if (state.header?.mode === 'headless' || state.policyChanged('limitScope', 'cancelSlotReleaseDelayMs', 'closeSlotReleaseDelayMs')) return null;
    // Sessions touched since the last check, in order of first touch (SessionView.idleTouched marks them).
    const touched = new Batch<SessionView>();
    const idle = new Map<SessionView, IdleSlot>();
    const touch = (_r: unknown, s: SessionView): void => {
      if (!s.idleTouched) { s.idleTouched = true; touched.push(s); }
      wake();
    };
    // The limit recorded with an enqueue or a start (the records that carry `concurrency`).
    const limitAndTouch = (r: { readonly concurrency: unknown }, s: SessionView): void => {
      if (typeof r.concurrency === 'number') s.limit = r.concurrency;
      touch(r, s);
    };
    return {
      wakes: true,
      on: {
        'pbt.enqueue': limitAndTouch, 'pbt.start': limitAndTouch, 'pbt.end': touch,
        'server.update': () => { for (const s of state.sessions.values()) if (s.sets.waiting > 0) touch(null, s); },
      },
      instantEnd: (prev: TraceRecord, next: TraceRecord | null) => {
        const status = next === null ? state.footerStatus() : null;
        // Not an instant's end by the rule (time went back, or an incomplete last instant): look again later.
        if (next === null ? status !== 'empty' && status !== 'until' : next.timeMs <= prev.timeMs) { wake(); return; }
        for (let i = 0; i < touched.length; i++) {
          const s = touched.at(i);
          s.idleTouched = false;
          const w = s.sets;
          const lim = state.settings?.childSessionsMaxConcurrency ?? s.limit;
          const run = w.started;
          if (w.waiting > 0 && lim !== undefined && run < lim) idle.set(s, { waiting: w.waiting, first: w.minWaiting(), running: run, limit: lim });
          else if (idle.size > 0) idle.delete(s);
        }
        touched.clear();
        if (idle.size > 0) for (const [s, v] of idle) {
          out.push({ ...violation(this, `session ${s.id}: ${v.waiting} task(s) waiting (first ${v.first}) while only ${v.running} of ${v.limit} slots are used at the end of ${prev.timeMs} ms`, prev, v.first), session: s.id });
        }
        // A session still in breach is reported again at the next instant's end.
        if (idle.size > 0) wake();
      },
    };
  },
};
