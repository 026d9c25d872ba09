/**
 * Delivery of results to the parent session (PBT-TRG-01..03, PBT-TRG-08, PBT-CAN-06,
 * PBT-ERR-03..09, A11, A12, A15, A22, A23): where and when a trigger may run, what it receives,
 * and what the user sees of an error.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Invariant, Violation } from './types.js';
import { headerOf, indexTasks, keyOf, num, PageTracker, policyChanged, runCompleted, sameValue, sessionOf, str, violation } from './traceView.js';

/**
 * Triggers only on the enqueuing page while it is open on the same record (PBT-TRG-02,
 * PBT-CAN-02, PBT-CAN-03, PBT-CAN-06): at a `pbt.deliver` the task's page instance is open and
 * shows the RecordID the task was enqueued with; the callback code that runs is that page's.
 */
export const triggerOnSamePage: Invariant = {
  name: 'triggerOnSamePage',
  clauses: ['PBT-TRG-02', 'PBT-CAN-02', 'PBT-CAN-03', 'PBT-CAN-06', 'PBT-GEN-C01'],
  description: 'callback triggers run only on the enqueuing page, while it is open on the record the task was enqueued for',
  check(trace: readonly TraceRecord[]): Violation[] {
    const out: Violation[] = [];
    const tasks = indexTasks(trace);
    const pages = new PageTracker();
    for (const r of trace) {
      pages.see(r);
      if (r.type !== 'pbt.deliver' && !(r.type === 'pbt.invoke' && r['taskId'] !== null)) continue;
      const t = tasks.get(keyOf(r) ?? '');
      if (t === undefined) continue;
      if (str(r, 'page') !== t.page) { out.push(violation(this, `task ${t.taskId} of page ${t.page} reached a trigger of page ${String(r['page'])}`, r)); continue; }
      if (r.type !== 'pbt.deliver') continue;
      const p = pages.get(t.session, t.page);
      if (!p.open || p.instance !== t.instance) out.push(violation(this, `task ${t.taskId} was delivered after its page ${t.page} closed`, r));
      else if (p.record !== t.record) out.push(violation(this, `task ${t.taskId} (record ${String(t.record)}) was delivered while page ${t.page} shows ${String(p.record)}`, r));
    }
    return out;
  },
};

/**
 * Delivery one at a time per parent session (PBT-TRG-08, A11): no callback starts while
 * another callback chain of the same session runs (`pbt.deliver` … `pbt.triggerDone`). In
 * headless mode a task enqueued inside a chain is run and delivered inline, nested in it
 * (PBT-TST-C01, A26): that nesting is allowed. User-action triggers that are busy are not visible
 * in the trace (see notes/model-issues.md), so only callback chains are checked.
 */
export const deliverySerialized: Invariant = {
  name: 'deliverySerialized',
  clauses: ['PBT-TRG-08', 'A11', 'PBT-TST-C01'],
  description: 'no callback starts while another trigger chain of the same parent session runs',
  check(trace: readonly TraceRecord[]): Violation[] {
    const header = headerOf(trace);
    if (policyChanged(header, 'deliverOnlyWhenIdle')) return [];
    const headless = header?.mode === 'headless';
    const out: Violation[] = [];
    const chains = new Map<string, { taskId: number; enqueued: Set<number> }[]>();
    const inline = new Set<string>(); // tasks whose enqueue record says they ran inline (headless)
    for (const r of trace) {
      const s = sessionOf(r);
      let open = chains.get(s);
      if (open === undefined) chains.set(s, (open = []));
      const id = num(r, 'taskId');
      if (r.type === 'pbt.enqueue' && r['ok'] === true && id !== null) {
        for (const c of open) c.enqueued.add(id);
        if (r['inline'] === true) inline.add(`${s}\u0000${id}`);
      }
      else if (r.type === 'pbt.deliver' && id !== null) {
        const top = open[open.length - 1];
        if (top !== undefined && !((headless || inline.has(`${s}\u0000${id}`)) && top.enqueued.has(id))) {
          out.push(violation(this, `task ${id} was delivered while the callback chain of task ${top.taskId} was still running`, r));
        }
        open.push({ taskId: id, enqueued: new Set() });
      } else if (r.type === 'pbt.triggerDone' && id !== null) {
        const at = open.findIndex((c) => c.taskId === id);
        if (at >= 0) open.splice(at, 1);
      }
    }
    return out;
  },
};

/**
 * Results reach the trigger unchanged (PBT-TRG-02, PBT-PAR-02, PBT-PAR-C01, A19): the Results
 * of OnPageBackgroundTaskCompleted equal those recorded when the task completed; an error
 * delivery carries the task's error code and text and no Results.
 */
export const resultsUnchanged: Invariant = {
  name: 'resultsUnchanged',
  clauses: ['PBT-TRG-02', 'PBT-PAR-02', 'PBT-PAR-C01', 'PBT-ERR-02', 'A19'],
  description: 'Results (and error code/text) reach the trigger exactly as the task produced them',
  check(trace: readonly TraceRecord[]): Violation[] {
    const out: Violation[] = [];
    for (const t of indexTasks(trace).values()) {
      if (t.deliver === null || t.end === null) continue;
      const d = t.deliver;
      if (str(d, 'trigger') === 'OnPageBackgroundTaskCompleted') {
        if (!sameValue(d['results'], t.end['results'])) out.push(violation(this, `task ${t.taskId}: trigger received Results ${JSON.stringify(d['results'])}, the task produced ${JSON.stringify(t.end['results'])}`, d));
      } else {
        if (d['results'] !== null && d['results'] !== undefined) out.push(violation(this, `task ${t.taskId}: the error trigger received Results`, d));
        if (d['errorCode'] !== t.end['errorCode'] || d['errorText'] !== t.end['errorText']) {
          out.push(violation(this, `task ${t.taskId}: error trigger received ${String(d['errorCode'])}/${String(d['errorText'])}, the task ended with ${String(t.end['errorCode'])}/${String(t.end['errorText'])}`, d));
        }
      }
    }
    return out;
  },
};

/**
 * Every ended task gets the trigger its outcome calls for (PBT-TRG-01, PBT-TRG-03,
 * PBT-TMO-05, PBT-CAN-05, PBT-CAN-06, A9): a completed task goes to
 * OnPageBackgroundTaskCompleted, a failed or timed-out one to OnPageBackgroundTaskError, unless
 * its result is dropped for a reason the trace shows (page closed, record changed, session
 * ended, or a CancelBackgroundTask that returned true after it ended). In a run that ended
 * with an empty agenda every such task is delivered or dropped.
 */
export const deliveryMatchesOutcome: Invariant = {
  name: 'deliveryMatchesOutcome',
  clauses: ['PBT-TRG-01', 'PBT-TRG-03', 'PBT-TMO-05', 'PBT-CAN-05', 'PBT-CAN-06', 'PBT-ERR-02', 'A9'],
  description: 'completed tasks reach OnPageBackgroundTaskCompleted, failed and timed-out ones OnPageBackgroundTaskError, unless dropped for a visible reason',
  check(trace: readonly TraceRecord[]): Violation[] {
    if (policyChanged(headerOf(trace), 'triggerOnCancel', 'cancelAfterEnd')) return [];
    const out: Violation[] = [];
    const tasks = indexTasks(trace);
    const complete = runCompleted(trace);
    const pages = new PageTracker();
    const cancelledAfterEnd = new Set<string>();
    for (const r of trace) {
      pages.see(r);
      const k = keyOf(r);
      const t = k === null ? undefined : tasks.get(k);
      if (t === undefined || t.end === null) continue;
      if (r.type === 'pbt.cancelCall' && r['returned'] === true && r.seq > t.end.seq) cancelledAfterEnd.add(k!);
      if (r.type === 'pbt.drop') {
        const reason = str(r, 'reason');
        const p = pages.get(t.session, t.page);
        const ok = reason === 'cancelBackgroundTask' ? cancelledAfterEnd.has(k!)
          : reason === 'pageClosed' || reason === 'sessionClosed' ? !p.open || p.instance !== t.instance
          : reason === 'recordChanged' ? p.open && p.instance === t.instance && p.record !== t.record
          : false;
        if (!ok) out.push(violation(this, `the result of task ${t.taskId} (${String(t.end['outcome'])}) was dropped with reason ${String(reason)}, which the trace does not show`, r));
      }
    }
    for (const t of tasks.values()) {
      if (t.end === null) continue;
      const outcome = str(t.end, 'outcome');
      if (outcome === 'cancelled') continue;
      const want = outcome === 'completed' ? 'OnPageBackgroundTaskCompleted' : 'OnPageBackgroundTaskError';
      if (t.deliver !== null && str(t.deliver, 'trigger') !== want) out.push(violation(this, `task ${t.taskId} ${outcome} but was delivered to ${String(t.deliver['trigger'])}`, t.deliver));
      if (complete && t.deliver === null && t.drop === null) out.push(violation(this, `task ${t.taskId} ${outcome} but was never delivered to ${want} nor dropped`, t.end));
    }
    return out;
  },
};

/**
 * What the user sees of an error (PBT-ERR-03..09, A22, A23): the error trigger starts with
 * IsHandled = false; then an error raised in a callback shows as an Error; a handled error shows
 * nothing; otherwise the ErrorLevel given at enqueue decides (Ignore: nothing, Warning: warning,
 * Error: error). A completion trigger that raises shows an Error too.
 */
export const errorSurface: Invariant = {
  name: 'errorSurface',
  clauses: ['PBT-ERR-03', 'PBT-ERR-04', 'PBT-ERR-05', 'PBT-ERR-06', 'PBT-ERR-07', 'PBT-ERR-08', 'PBT-ERR-09', 'PBT-ENQ-11', 'A22', 'A23'],
  description: 'an unhandled task error surfaces at its ErrorLevel, a handled one not at all, an error in a callback as Error',
  check(trace: readonly TraceRecord[]): Violation[] {
    if (policyChanged(headerOf(trace), 'errorInErrorTrigger')) return [];
    const out: Violation[] = [];
    const tasks = indexTasks(trace);
    const surfaced = new Map<string, TraceRecord[]>();
    for (const r of trace) {
      const k = keyOf(r);
      if (r.type === 'pbt.surface' && k !== null) (surfaced.get(k) ?? surfaced.set(k, []).get(k)!).push(r);
    }
    for (const r of trace) {
      if (r.type === 'pbt.deliver' && r['trigger'] === 'OnPageBackgroundTaskError' && r['isHandled'] !== false) {
        out.push(violation(this, `the error trigger of task ${String(r['taskId'])} started with IsHandled = ${String(r['isHandled'])}`, r));
      }
      if (r.type !== 'pbt.triggerDone') continue;
      const k = keyOf(r);
      const t = k === null ? undefined : tasks.get(k);
      if (t === undefined) continue;
      const level = str(t.enqueue, 'errorLevel');
      const triggerError = str(r, 'triggerError');
      const isError = r['trigger'] === 'OnPageBackgroundTaskError';
      const want = triggerError !== null ? 'error' : !isError ? null : r['isHandled'] === true ? 'none' : level === 'Ignore' ? 'none' : level === 'Warning' ? 'warning' : 'error';
      const got = (surfaced.get(k!) ?? []).filter((s) => s.seq > r.seq && s.timeMs === r.timeMs).map((s) => str(s, 'surfacedAs'));
      const first = got[0] ?? null;
      if (want === null ? got.length > 0 : first !== want) {
        out.push(violation(this, `task ${t.taskId} (ErrorLevel ${String(level)}, IsHandled ${String(r['isHandled'])}, trigger error ${triggerError === null ? 'none' : 'yes'}): the user saw ${first ?? 'nothing recorded'}, expected ${want ?? 'nothing'}`, r));
      }
    }
    return out;
  },
};
