/**
 * Timeouts (PBT-TMO-01..05, A3–A6): the effective timeout of every task, the run time it
 * bounds, and the ChildSessionTaskTimeout error of a timed-out task.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Invariant, Violation } from './types.js';
import { headerOf, indexTasks, num, policyChanged, SettingsTracker, str, violation } from './traceView.js';

/** The timeout error code (PBT-TMO-05); the same value as the model's `TIMEOUT_ERROR_CODE`. */
const TIMEOUT_CODE = 'ChildSessionTaskTimeout';

/** Default and maximum timeout of one enqueue: from the record, else the header, else unknown. */
function limitsAt(r: TraceRecord, settings: SettingsTracker): { dflt: number; max: number } | null {
  const d = num(r, 'defaultTimeoutMs') ?? settings.current?.pageBackgroundTaskDefaultTimeoutMs ?? null;
  const m = num(r, 'maxTimeoutMs') ?? settings.current?.pageBackgroundTaskMaxTimeoutMs ?? null;
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
 * A requested timeout of 0 or below carries a `nonPositiveTimeout` warning, and only such a one (A4).
 */
export const effectiveTimeout: Invariant = {
  name: 'effectiveTimeout',
  clauses: ['PBT-TMO-01', 'PBT-TMO-02', 'PBT-TMO-03', 'PBT-TMO-04', 'PBT-CFG-03', 'PBT-CFG-04', 'A3', 'A4', 'A5', 'A6'],
  description: 'effective timeout = min(requested > 0 ? requested : default, max) and no task runs longer than it',
  check(trace: readonly TraceRecord[]): Violation[] {
    const header = headerOf(trace);
    if (policyChanged(header, 'nonPositiveTimeout', 'timeoutAboveMax', 'timeoutClockStarts', 'startupCountsAsRunTime', 'timeoutTie')) return [];
    const out: Violation[] = [];
    const settings = new SettingsTracker(header);
    let defaultSeen: number | null = null;
    let maxSeen: number | null = null;
    let largestUnclamped = -Infinity;
    for (const r of trace) {
      settings.see(r);
      if (r.type !== 'pbt.enqueue' || r['ok'] !== true) continue;
      const req = num(r, 'requestedTimeoutMs');
      const eff = num(r, 'effectiveTimeoutMs');
      const id = num(r, 'taskId');
      if (eff === null) { out.push(violation(this, `task ${id} has no effective timeout`, r)); continue; }
      const lim = limitsAt(r, settings);
      if (lim !== null) {
        const want = Math.min(req === null || req <= 0 ? lim.dflt : req, lim.max);
        if (eff !== want) out.push(violation(this, `task ${id}: requested ${req ?? 'none'} ms, default ${lim.dflt} ms, max ${lim.max} ms: effective timeout should be ${want} ms, got ${eff} ms`, r));
        continue;
      }
      // Consistency only (bare trace, no settings; assumes no server updates).
      if (req === null || req <= 0) {
        if (defaultSeen !== null && eff !== defaultSeen) out.push(violation(this, `task ${id} got default timeout ${eff} ms, an earlier task ${defaultSeen} ms`, r));
        defaultSeen ??= eff;
      } else if (eff < req) {
        if (maxSeen !== null && eff !== maxSeen) out.push(violation(this, `task ${id} was clamped to ${eff} ms, an earlier task to ${maxSeen} ms`, r));
        maxSeen ??= eff;
      } else if (eff === req) largestUnclamped = Math.max(largestUnclamped, req);
      else out.push(violation(this, `task ${id}: effective timeout ${eff} ms above the requested ${req} ms`, r));
      if (maxSeen !== null && largestUnclamped > maxSeen) out.push(violation(this, `a requested timeout of ${largestUnclamped} ms was kept although others were clamped to ${maxSeen} ms`, r));
    }
    // A4: a requested timeout of 0 or below is replaced by the default, with a warning.
    const warned = new Set<string>();
    for (const r of trace) if (r.type === 'pbt.warning' && r['code'] === 'nonPositiveTimeout') warned.add(`${String(r['session'])}\u0000${String(r['taskId'])}`);
    for (const r of trace) {
      if (r.type !== 'pbt.enqueue' || r['ok'] !== true) continue;
      const req = num(r, 'requestedTimeoutMs');
      const has = warned.has(`${String(r['session'])}\u0000${String(r['taskId'])}`);
      if ((req !== null && req <= 0) !== has) out.push(violation(this, `task ${String(r['taskId'])} requested ${req ?? 'no'} timeout: ${has ? 'unexpected' : 'missing'} nonPositiveTimeout warning (A4)`, r));
    }
    // Run time against the effective timeout.
    const open: { id: number; deadline: number; key: string; start: TraceRecord }[] = [];
    const tasks = indexTasks(trace);
    for (const t of tasks.values()) {
      const eff = num(t.enqueue, 'effectiveTimeoutMs');
      if (t.start === null || eff === null) continue;
      const started = t.start.timeMs;
      if (t.end === null) {
        open.push({ id: t.taskId, deadline: started + eff, key: `${t.session}\u0000${t.taskId}`, start: t.start });
        continue;
      }
      const ran = t.end.timeMs - started;
      const outcome = str(t.end, 'outcome');
      if (ran > eff) out.push(violation(this, `task ${t.taskId} ran ${ran} ms, longer than its effective timeout ${eff} ms (outcome ${outcome})`, t.end));
      else if (outcome === 'timedOut' && ran !== eff) out.push(violation(this, `task ${t.taskId} timed out after ${ran} ms, but its effective timeout is ${eff} ms`, t.end));
    }
    const last = trace[trace.length - 1];
    for (const o of open) {
      if (last !== undefined && last.timeMs > o.deadline) out.push(violation(this, `task ${o.id} was still running at ${last.timeMs} ms, past its timeout at ${o.deadline} ms`, o.start));
    }
    return out;
  },
};

/**
 * A timed-out task ends with ChildSessionTaskTimeout (PBT-TMO-05, PBT-TMO-06, PBT-CAN-05,
 * PBT-ERR-10): its `pbt.end` carries the code, and if it is delivered, it goes to
 * OnPageBackgroundTaskError with that code.
 */
export const timeoutErrorCode: Invariant = {
  name: 'timeoutErrorCode',
  clauses: ['PBT-TMO-05', 'PBT-TMO-06', 'PBT-CAN-05', 'PBT-ERR-10'],
  description: 'timed-out tasks end with ChildSessionTaskTimeout and reach OnPageBackgroundTaskError with it',
  check(trace: readonly TraceRecord[]): Violation[] {
    const out: Violation[] = [];
    for (const t of indexTasks(trace).values()) {
      if (t.end === null || str(t.end, 'outcome') !== 'timedOut') continue;
      if (str(t.end, 'errorCode') !== TIMEOUT_CODE) out.push(violation(this, `task ${t.taskId} timed out with error code ${String(t.end['errorCode'])}, not ${TIMEOUT_CODE}`, t.end));
      if (t.deliver !== null && (str(t.deliver, 'trigger') !== 'OnPageBackgroundTaskError' || str(t.deliver, 'errorCode') !== TIMEOUT_CODE)) {
        out.push(violation(this, `timed-out task ${t.taskId} was delivered to ${String(t.deliver['trigger'])} with code ${String(t.deliver['errorCode'])}`, t.deliver));
      }
    }
    return out;
  },
};
