/**
 * Delivery of results to the parent session, as monitors (PBT-TRG-01..03, PBT-TRG-08,
 * PBT-CAN-06, A11, A12, A15, A19): where and when a trigger may run, what it receives, and
 * which trigger an outcome calls for.
 * @module
 */
import type { TraceValue } from '../../engine/index.js';
import { deliverAt, endAt, type SessionView, type TaskView } from './state.js';
import { violation, type MonitorSpec } from './types.js';

/**
 * Triggers only on the enqueuing page while it is open on the same record (PBT-TRG-02,
 * PBT-CAN-02, PBT-CAN-03, PBT-CAN-06): at a `pbt.deliver` the task's page instance is open and
 * shows the RecordID the task was enqueued with; the callback code that runs is that page's.
 */
export const triggerOnSamePage: MonitorSpec = {
  name: 'triggerOnSamePage',
  clauses: ['PBT-TRG-02', 'PBT-CAN-02', 'PBT-CAN-03', 'PBT-CAN-06', 'PBT-GEN-C01'],
  description: 'callback triggers run only on the enqueuing page, while it is open on the record the task was enqueued for',
  create(state, out) {
    return {
      on: {
        'pbt.invoke': (r, _s, t) => {
          if (r.taskId !== null && t !== undefined && r.page !== t.page) out.push(violation(this, `task ${t.taskId} of page ${t.page} reached a trigger of page ${String(r.page)}`, r));
        },
        'pbt.deliver': (r, s, t) => {
          if (t === undefined) return;
          if (r.page !== t.page) { out.push(violation(this, `task ${t.taskId} of page ${t.page} reached a trigger of page ${String(r.page)}`, r)); return; }
          // The task's page view is the session's view of t.page (pages are never removed): no lookup.
          const p = t.pageView;
          if (!p.open || p.instance !== t.instance) out.push(violation(this, `task ${t.taskId} was delivered after its page ${t.page} closed`, r));
          else if (p.record !== t.record) out.push(violation(this, `task ${t.taskId} (record ${String(t.record)}) was delivered while page ${t.page} shows ${String(p.record)}`, r));
        },
      },
    };
  },
};

/*
 * A session's callback chains in progress, outermost first: chain 0 in the session view's own
 * fields (`chainId`, `chainEnqueued`), the nested ones in `chains` (reused objects). Chains rarely
 * nest, so a delivery and its triggerDone touch only the session view: a chain object per
 * delivery (and an array popped empty at every triggerDone) cost an allocation per delivery, and
 * a reused one out of line still cost a cache miss per delivery on the 1,000-user run.
 */
const chainId = (s: SessionView, i: number): number => (i === 0 ? s.chainId : s.chains[i - 1]!.taskId);
const chainEnqueued = (s: SessionView, i: number): Set<number> | null => (i === 0 ? s.chainEnqueued : s.chains[i - 1]!.enqueued);
function setChain(s: SessionView, i: number, taskId: number, enqueued: Set<number> | null): void {
  if (i === 0) { s.chainId = taskId; s.chainEnqueued = enqueued; return; }
  const c = s.chains[i - 1];
  if (c === undefined) s.chains.push({ taskId, enqueued });
  else { c.taskId = taskId; c.enqueued = enqueued; }
}

/**
 * Delivery one at a time per parent session (PBT-TRG-08, A11): no callback starts while
 * another callback chain of the same session runs (`pbt.deliver` … `pbt.triggerDone`). In
 * headless mode a task enqueued inside a chain is run and delivered inline, nested in it
 * (PBT-TST-C01, A26): that nesting is allowed. User-action triggers that are busy are not visible
 * in the trace (see notes/model-issues.md), so only callback chains are checked.
 */
export const deliverySerialized: MonitorSpec = {
  name: 'deliverySerialized',
  clauses: ['PBT-TRG-08', 'A11', 'PBT-TST-C01'],
  description: 'no callback starts while another trigger chain of the same parent session runs',
  create(state, out) {
    if (state.policyChanged('deliverOnlyWhenIdle')) return null;
    const headless = state.header?.mode === 'headless';
    return {
      on: {
        'pbt.enqueue': (r, s) => {
          if (r.ok === true && typeof r.taskId === 'number' && s.chainDepth > 0) {
            for (let i = 0; i < s.chainDepth; i++) {
              let e = chainEnqueued(s, i);
              if (e === null) setChain(s, i, chainId(s, i), (e = new Set()));
              e.add(r.taskId);
            }
          }
        },
        'pbt.deliver': (r, s, t) => {
          const depth = s.chainDepth;
          if (depth > 0 && !((headless || t?.inline === true) && chainEnqueued(s, depth - 1)?.has(r.taskId) === true)) {
            out.push(violation(this, `task ${r.taskId} was delivered while the callback chain of task ${chainId(s, depth - 1)} was still running`, r));
          }
          setChain(s, depth, r.taskId, null);
          s.chainDepth = depth + 1;
        },
        'pbt.triggerDone': (r, s) => {
          const depth = s.chainDepth;
          for (let i = 0; i < depth; i++) {
            if (chainId(s, i) === r.taskId) {
              // Remove chain i: the ones inside it move out by one.
              for (let j = i + 1; j < depth; j++) setChain(s, j - 1, chainId(s, j), chainEnqueued(s, j));
              setChain(s, depth - 1, 0, null);
              s.chainDepth = depth - 1;
              break;
            }
          }
        },
      },
    };
  },
};

/** Deep equality of JSON-like trace values. @internal */
export function sameValue(a: TraceValue | undefined, b: TraceValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, TraceValue | undefined>)[k] !== undefined).sort();
  const kb = Object.keys(b).filter((k) => (b as Record<string, TraceValue | undefined>)[k] !== undefined).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameValue((a as Record<string, TraceValue>)[k], (b as Record<string, TraceValue>)[k]));
}

/** Calls `check` once per task, when its first delivery and its first end are both known. */
const onDeliveredAndEnded = (check: (t: TaskView) => void) => ({
  'pbt.end': (_r: unknown, _s: unknown, t: TaskView | undefined): void => { if (t !== undefined && t.fresh && t.delivers > 0) check(t); },
  'pbt.deliver': (_r: unknown, _s: unknown, t: TaskView | undefined): void => { if (t !== undefined && t.fresh && t.ends > 0) check(t); },
});

/**
 * Results reach the trigger unchanged (PBT-TRG-02, PBT-PAR-02, PBT-PAR-C01, A19): the Results
 * of OnPageBackgroundTaskCompleted equal those recorded when the task completed; an error
 * delivery carries the task's error code and text and no Results.
 */
export const resultsUnchanged: MonitorSpec = {
  name: 'resultsUnchanged',
  clauses: ['PBT-TRG-02', 'PBT-PAR-02', 'PBT-PAR-C01', 'PBT-ERR-02', 'A19'],
  description: 'Results (and error code/text) reach the trigger exactly as the task produced them',
  create(_state, out) {
    return {
      on: onDeliveredAndEnded((t) => {
        if (t.trigger === 'OnPageBackgroundTaskCompleted') {
          if (!sameValue(t.deliverResults, t.endResults)) out.push(violation(this, `task ${t.taskId}: trigger received Results ${JSON.stringify(t.deliverResults)}, the task produced ${JSON.stringify(t.endResults)}`, deliverAt(t)));
        } else {
          if (t.deliverResults !== null && t.deliverResults !== undefined) out.push(violation(this, `task ${t.taskId}: the error trigger received Results`, deliverAt(t)));
          if (t.deliverErrorCode !== t.endErrorCode || t.deliverErrorText !== t.endErrorText) {
            out.push(violation(this, `task ${t.taskId}: error trigger received ${String(t.deliverErrorCode)}/${String(t.deliverErrorText)}, the task ended with ${String(t.endErrorCode)}/${String(t.endErrorText)}`, deliverAt(t)));
          }
        }
      }),
    };
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
export const deliveryMatchesOutcome: MonitorSpec = {
  name: 'deliveryMatchesOutcome',
  clauses: ['PBT-TRG-01', 'PBT-TRG-03', 'PBT-TMO-05', 'PBT-CAN-05', 'PBT-CAN-06', 'PBT-ERR-02', 'A9'],
  description: 'completed tasks reach OnPageBackgroundTaskCompleted, failed and timed-out ones OnPageBackgroundTaskError, unless dropped for a visible reason',
  create(state, out) {
    if (state.policyChanged('triggerOnCancel', 'cancelAfterEnd')) return null;
    const want = (t: TaskView): string => (t.outcome === 'completed' ? 'OnPageBackgroundTaskCompleted' : 'OnPageBackgroundTaskError');
    return {
      on: {
        ...onDeliveredAndEnded((t) => {
          if (t.outcome !== 'cancelled' && t.trigger !== want(t)) out.push(violation(this, `task ${t.taskId} ${String(t.outcome)} but was delivered to ${String(t.trigger)}`, deliverAt(t)));
        }),
        'pbt.cancelCall': (r, _s, t) => {
          if (t !== undefined && t.ends > 0 && r.returned === true && r.seq > t.endSeq) t.cancelledAfterEnd = true;
        },
        'pbt.drop': (r, _s, t) => {
          if (t === undefined || t.ends === 0) return;
          const reason = r.reason;
          const p = t.pageView;
          const ok = reason === 'cancelBackgroundTask' ? t.cancelledAfterEnd
            : reason === 'pageClosed' || reason === 'sessionClosed' ? !p.open || p.instance !== t.instance
            : reason === 'recordChanged' ? p.open && p.instance === t.instance && p.record !== t.record
            : false;
          if (!ok) out.push(violation(this, `the result of task ${t.taskId} (${String(t.outcome)}) was dropped with reason ${String(reason)}, which the trace does not show`, r));
        },
      },
      finish: () => {
        if (state.footerStatus() !== 'empty') return;
        for (const s of state.sessions.values()) {
          for (const t of s.tasks.values()) {
            if (t.ends === 0 || t.outcome === 'cancelled' || t.delivers > 0 || t.drops > 0) continue;
            out.push(violation(this, `task ${t.taskId} ${String(t.outcome)} but was never delivered to ${want(t)} nor dropped`, endAt(t)));
          }
        }
      },
    };
  },
};
