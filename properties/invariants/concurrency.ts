/**
 * Slots and the waiting queue of a parent session: never more running tasks than
 * ChildSessionsMaxConcurrency (PBT-CONC-01), waiting tasks start FIFO when a slot frees
 * (PBT-CONC-02, A2), and no slot stays idle while a task waits (PBT-CONC-02, A30, A31).
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Invariant, Violation } from './types.js';
import { headerOf, indexTasks, lastInstantComplete, num, policyChanged, SettingsTracker, sessionOf, violation } from './traceView.js';

/**
 * Running tasks ≤ ChildSessionsMaxConcurrency per parent session at every instant
 * (PBT-CONC-01, PBT-CFG-01, PBT-CONC-05). A task runs from its `pbt.start` to its `pbt.end`;
 * the limit is the `concurrency` recorded with each start.
 */
export const maxConcurrency: Invariant = {
  name: 'maxConcurrency',
  clauses: ['PBT-CONC-01', 'PBT-CFG-01', 'PBT-CONC-05'],
  description: 'running tasks <= ChildSessionsMaxConcurrency per parent session at every instant',
  check(trace: readonly TraceRecord[]): Violation[] {
    if (policyChanged(headerOf(trace), 'limitScope')) return [];
    const out: Violation[] = [];
    const running = new Map<string, Set<number>>();
    for (const r of trace) {
      const session = sessionOf(r);
      if (r.type === 'pbt.start') {
        const set = running.get(session) ?? new Set<number>();
        running.set(session, set);
        set.add(num(r, 'taskId')!);
        const limit = num(r, 'concurrency') ?? Infinity;
        // Slots of ended tasks still being released (A30/A31 delays) are occupied too.
        const releasing = num(r, 'releasing') ?? 0;
        if (set.size + releasing > limit) {
          out.push(violation(this, `${set.size} tasks running${releasing > 0 ? ` and ${releasing} slot(s) still being released` : ''} in session ${session}, above ChildSessionsMaxConcurrency = ${limit}`, r));
        }
      } else if (r.type === 'pbt.end') {
        running.get(session)?.delete(num(r, 'taskId')!);
      }
    }
    return out;
  },
};

/**
 * Waiting tasks start in enqueue (TaskId) order (PBT-CONC-02, A2, A16): when task B starts at
 * time t, every task of the same session enqueued before B has started or ended by t. Compared
 * per instant, so a reordering of same-instant start events is not a violation.
 */
export const fifoStart: Invariant = {
  name: 'fifoStart',
  clauses: ['PBT-CONC-02', 'A2'],
  description: 'a waiting task starts only after every task enqueued before it has started or ended (FIFO)',
  check(trace: readonly TraceRecord[]): Violation[] {
    if (policyChanged(headerOf(trace), 'queueOrder', 'limitScope')) return [];
    const tasks = [...indexTasks(trace).values()];
    const out: Violation[] = [];
    for (const b of tasks) {
      if (b.start === null) continue;
      const t = b.start.timeMs;
      for (const a of tasks) {
        if (a.session !== b.session || a.enqueue.seq >= b.enqueue.seq) continue;
        const aStarted = a.start !== null && a.start.timeMs <= t;
        const aEnded = a.end !== null && a.end.timeMs <= t;
        if (!aStarted && !aEnded) {
          out.push(violation(this, `task ${b.taskId} started at ${t} ms before task ${a.taskId}, which was enqueued earlier and was still waiting`, b.start));
        }
      }
    }
    return out;
  },
};

/**
 * No slot idle while a task waits (PBT-CONC-02, A30, A31 with 0 ms release delays): at the end
 * of every instant, a session with a waiting task has ChildSessionsMaxConcurrency running
 * tasks. Waiting = enqueued, neither started nor ended; the limit is the latest recorded one.
 */
export const noIdleSlot: Invariant = {
  name: 'noIdleSlot',
  clauses: ['PBT-CONC-02', 'A30', 'A31'],
  description: 'at the end of every instant no slot is idle while a task of the same session waits',
  check(trace: readonly TraceRecord[]): Violation[] {
    const header = headerOf(trace);
    if (header?.mode === 'headless' || policyChanged(header, 'limitScope', 'cancelSlotReleaseDelayMs', 'closeSlotReleaseDelayMs')) return [];
    const out: Violation[] = [];
    const waiting = new Map<string, Set<number>>();
    const running = new Map<string, Set<number>>();
    const limit = new Map<string, number>();
    const settings = new SettingsTracker(header);
    const set = (m: Map<string, Set<number>>, s: string): Set<number> => {
      let v = m.get(s);
      if (v === undefined) m.set(s, (v = new Set()));
      return v;
    };
    const complete = lastInstantComplete(trace);
    const endOfInstant = (at: TraceRecord): void => {
      for (const [s, w] of waiting) {
        if (w.size === 0) continue;
        const lim = settings.current?.childSessionsMaxConcurrency ?? limit.get(s);
        const run = running.get(s)?.size ?? 0;
        if (lim !== undefined && run < lim) {
          out.push({ ...violation(this, `session ${s}: ${w.size} task(s) waiting (first ${Math.min(...w)}) while only ${run} of ${lim} slots are used at the end of ${at.timeMs} ms`, at, Math.min(...w)), session: s });
        }
      }
    };
    for (let i = 0; i < trace.length; i++) {
      const r = trace[i]!;
      settings.see(r);
      const s = sessionOf(r);
      const id = num(r, 'taskId');
      const lim = num(r, 'concurrency');
      if (lim !== null) limit.set(s, lim);
      if (r.type === 'pbt.enqueue' && r['ok'] === true && id !== null) set(waiting, s).add(id);
      else if (r.type === 'pbt.start' && id !== null) { set(waiting, s).delete(id); set(running, s).add(id); }
      else if (r.type === 'pbt.end' && id !== null) { set(waiting, s).delete(id); set(running, s).delete(id); }
      const next = trace[i + 1];
      if (next === undefined ? complete : next.timeMs > r.timeMs) endOfInstant(r);
    }
    return out;
  },
};
