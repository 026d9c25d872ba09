/**
 * Running tasks ≤ ChildSessionsMaxConcurrency per parent session at every instant
 * (PBT-CONC-01, PBT-CFG-01).
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Invariant, Violation } from './types.js';

/** Never more running child sessions than the limit recorded with each start. */
export const maxConcurrency: Invariant = {
  name: 'maxConcurrency',
  clauses: ['PBT-CONC-01', 'PBT-CFG-01', 'PBT-CONC-05'],
  description: 'running tasks <= ChildSessionsMaxConcurrency per parent session at every instant',
  check(trace: readonly TraceRecord[]): Violation[] {
    const out: Violation[] = [];
    const running = new Map<string, Set<number>>();
    for (const r of trace) {
      const session = String(r['session']);
      if (r.type === 'pbt.start') {
        const set = running.get(session) ?? new Set<number>();
        running.set(session, set);
        set.add(Number(r['taskId']));
        const limit = Number(r['concurrency']);
        if (set.size > limit) {
          out.push({ invariant: this.name, clauses: this.clauses, message: `${set.size} tasks running in session ${session}, above ChildSessionsMaxConcurrency = ${limit}`, atMs: r.timeMs, session, taskId: Number(r['taskId']) });
        }
      } else if (r.type === 'pbt.end') {
        running.get(session)?.delete(Number(r['taskId']));
      }
    }
    return out;
  },
};
