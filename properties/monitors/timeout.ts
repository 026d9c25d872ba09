/**
 * Timeouts as monitors (PBT-TMO-01..05, A3–A6): the effective timeout of every task, the run
 * time it bounds, and the ChildSessionTaskTimeout error of a timed-out task.
 * @module
 */
import { TIMEOUT_ERROR_CODE, type PbtEnqueue } from '../../models/pbt/records.js';
import { Batch } from './batch.js';
import { deliverAt, endAt, startAt, type MonitorState, type TaskView } from './state.js';
import { violation, type MonitorSpec } from './types.js';

const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Default and maximum timeout of one enqueue: from the record, else the settings in force, else unknown. */
function limitsAt(r: PbtEnqueue, state: MonitorState): { dflt: number; max: number } | null {
  const d = numOrNull(r.defaultTimeoutMs) ?? state.settings?.pageBackgroundTaskDefaultTimeoutMs ?? null;
  const m = numOrNull(r.maxTimeoutMs) ?? state.settings?.pageBackgroundTaskMaxTimeoutMs ?? null;
  return d === null || m === null ? null : { dflt: d, max: m };
}

/**
 * Effective timeout = min(requested > 0 ? requested : PageBackgroundTaskDefaultTimeout,
 * PageBackgroundTaskMaxTimeout) for every task (PBT-TMO-02, PBT-TMO-03, PBT-TMO-04, A4, A5),
 * and no task runs longer than it: run time (from `pbt.start`, child start-up included, A3) ≤
 * effective timeout, and a timed-out task ends exactly when its run time reaches it (PBT-TMO-01,
 * A6: a codeunit finishing at that instant completes). Without the settings (no header, no
 * fields on the record) the formula is checked for consistency only: all default-timeout tasks
 * share one value, all clamped tasks share one maximum, and nothing requested stays above it.
 * A requested timeout of 0 or below carries a `nonPositiveTimeout` warning in the same instant,
 * and only such a one (A4).
 */
export const effectiveTimeout: MonitorSpec = {
  name: 'effectiveTimeout',
  clauses: ['PBT-TMO-01', 'PBT-TMO-02', 'PBT-TMO-03', 'PBT-TMO-04', 'PBT-CFG-03', 'PBT-CFG-04', 'A3', 'A4', 'A5', 'A6'],
  description: 'effective timeout = min(requested > 0 ? requested : default, max) and no task runs longer than it',
  create(state, out, wake) {
    if (state.policyChanged('nonPositiveTimeout', 'timeoutAboveMax', 'timeoutClockStarts', 'startupCountsAsRunTime', 'timeoutTie')) return null;
    let defaultSeen: number | null = null;
    let maxSeen: number | null = null;
    let largestUnclamped = -Infinity;
    // A4 within the instant: the enqueues and the nonPositiveTimeout warnings seen in it.
    const enqueuedNow = new Batch<PbtEnqueue>();
    const warnedNow = new Set<string>();
    const key = (session: unknown, taskId: unknown): string => `${String(session)}\u0000${String(taskId)}`;
    const runTime = (t: TaskView): void => {
      const eff = numOrNull(t.effectiveTimeoutMs);
      if (eff === null || t.starts === 0 || t.ends === 0) return;
      const ran = t.endTimeMs - t.startTimeMs;
      const outcome = t.outcome;
      if (ran > eff) out.push(violation(this, `task ${t.taskId} ran ${ran} ms, longer than its effective timeout ${eff} ms (outcome ${String(outcome)})`, endAt(t)));
      else if (outcome === 'timedOut' && ran !== eff) out.push(violation(this, `task ${t.taskId} timed out after ${ran} ms, but its effective timeout is ${eff} ms`, endAt(t)));
    };
    return {
      on: {
        'pbt.enqueue': (r) => {
          if (r.ok !== true) return;
          enqueuedNow.push(r);
          wake();
          const req = numOrNull(r.requestedTimeoutMs);
          const eff = numOrNull(r.effectiveTimeoutMs);
          const id = r.taskId;
          if (eff === null) { out.push(violation(this, `task ${String(id)} has no effective timeout`, r)); return; }
          const lim = limitsAt(r, state);
          if (lim !== null) {
            const want = Math.min(req === null || req <= 0 ? lim.dflt : req, lim.max);
            if (eff !== want) out.push(violation(this, `task ${String(id)}: requested ${req ?? 'none'} ms, default ${lim.dflt} ms, max ${lim.max} ms: effective timeout should be ${want} ms, got ${eff} ms`, r));
            return;
          }
          // Consistency only (bare trace, no settings; assumes no server updates).
          if (req === null || req <= 0) {
            if (defaultSeen !== null && eff !== defaultSeen) out.push(violation(this, `task ${String(id)} got default timeout ${eff} ms, an earlier task ${defaultSeen} ms`, r));
            defaultSeen ??= eff;
          } else if (eff < req) {
            if (maxSeen !== null && eff !== maxSeen) out.push(violation(this, `task ${String(id)} was clamped to ${eff} ms, an earlier task to ${maxSeen} ms`, r));
            maxSeen ??= eff;
          } else if (eff === req) largestUnclamped = Math.max(largestUnclamped, req);
          else out.push(violation(this, `task ${String(id)}: effective timeout ${eff} ms above the requested ${req} ms`, r));
          if (maxSeen !== null && largestUnclamped > maxSeen) out.push(violation(this, `a requested timeout of ${largestUnclamped} ms was kept although others were clamped to ${maxSeen} ms`, r));
        },
        'pbt.warning': (r) => {
          if (r.code === 'nonPositiveTimeout') { warnedNow.add(key(r.session, r.taskId)); wake(); }
        },
        'pbt.start': (_r, _s, t) => { if (t !== undefined && t.fresh) runTime(t); },
        'pbt.end': (_r, _s, t) => { if (t !== undefined && t.fresh) runTime(t); },
      },
      wakes: true,
      instantEnd: () => {
        for (let i = 0; i < enqueuedNow.length; i++) {
          const r = enqueuedNow.at(i);
          const req = numOrNull(r.requestedTimeoutMs);
          const has = warnedNow.size > 0 && warnedNow.has(key(r.session, r.taskId));
          if ((req !== null && req <= 0) !== has) out.push(violation(this, `task ${String(r.taskId)} requested ${req ?? 'no'} timeout: ${has ? 'unexpected' : 'missing'} nonPositiveTimeout warning (A4)`, r));
        }
        enqueuedNow.clear();
        if (warnedNow.size > 0) warnedNow.clear();
      },
      finish: () => {
        const last = state.last;
        if (last === null) return;
        for (const s of state.sessions.values()) {
          for (const t of s.tasks.values()) {
            const eff = numOrNull(t.effectiveTimeoutMs);
            if (t.starts === 0 || t.ends > 0 || eff === null) continue;
            const deadline = t.startTimeMs + eff;
            if (last.timeMs > deadline) out.push(violation(this, `task ${t.taskId} was still running at ${last.timeMs} ms, past its timeout at ${deadline} ms`, startAt(t)));
          }
        }
      },
    };
  },
};

/**
 * A timed-out task ends with ChildSessionTaskTimeout (PBT-TMO-05, PBT-TMO-06, PBT-CAN-05,
 * PBT-ERR-10): its `pbt.end` carries the code, and if it is delivered, it goes to
 * OnPageBackgroundTaskError with that code.
 */
export const timeoutErrorCode: MonitorSpec = {
  name: 'timeoutErrorCode',
  clauses: ['PBT-TMO-05', 'PBT-TMO-06', 'PBT-CAN-05', 'PBT-ERR-10'],
  description: 'timed-out tasks end with ChildSessionTaskTimeout and reach OnPageBackgroundTaskError with it',
  create(_state, out) {
    const delivered = (t: TaskView): void => {
      if (t.trigger !== 'OnPageBackgroundTaskError' || t.deliverErrorCode !== TIMEOUT_ERROR_CODE) {
        out.push(violation(this, `timed-out task ${t.taskId} was delivered to ${String(t.trigger)} with code ${String(t.deliverErrorCode)}`, deliverAt(t)));
      }
    };
    return {
      on: {
        'pbt.end': (r, _s, t) => {
          if (t === undefined || !t.fresh || r.outcome !== 'timedOut') return;
          if (r.errorCode !== TIMEOUT_ERROR_CODE) out.push(violation(this, `task ${t.taskId} timed out with error code ${String(r.errorCode)}, not ${TIMEOUT_ERROR_CODE}`, r));
          if (t.delivers > 0) delivered(t);
        },
        'pbt.deliver': (_r, _s, t) => {
          if (t !== undefined && t.fresh && t.outcome === 'timedOut') delivered(t);
        },
      },
    };
  },
};
