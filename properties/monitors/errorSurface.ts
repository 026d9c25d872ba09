/**
 * What the user sees of an error, as a monitor (PBT-ERR-03..09, PBT-ENQ-11, A22, A23).
 * @module
 */
import type { PbtTriggerDone } from '../../models/pbt/records.js';
import { Batch } from './batch.js';
import { violation, type MonitorSpec } from './types.js';

/** A finished callback chain waiting for the `pbt.surface` records of its instant. */
interface Expectation {
  readonly r: PbtTriggerDone;
  readonly level: string | null;
  readonly triggerError: string | null;
  readonly want: 'none' | 'warning' | 'error' | null;
  /** The first `surfacedAs` recorded for the task in the instant (null: not a string), undefined while none. */
  first: string | null | undefined;
}

/**
 * The error trigger starts with IsHandled = false; then an error raised in a callback shows as
 * an Error; a handled error shows nothing; otherwise the ErrorLevel given at enqueue decides
 * (Ignore: nothing, Warning: warning, Error: error). A completion trigger that raises shows an
 * Error too. What was shown is read from the task's `pbt.surface` records after the chain's
 * `pbt.triggerDone`, in the same instant.
 */
export const errorSurface: MonitorSpec = {
  name: 'errorSurface',
  clauses: ['PBT-ERR-03', 'PBT-ERR-04', 'PBT-ERR-05', 'PBT-ERR-06', 'PBT-ERR-07', 'PBT-ERR-08', 'PBT-ERR-09', 'PBT-ENQ-11', 'A22', 'A23'],
  description: 'an unhandled task error surfaces at its ErrorLevel, a handled one not at all, an error in a callback as Error',
  create(state, out, wake) {
    if (state.policyChanged('errorInErrorTrigger')) return null;
    const pending = new Batch<Expectation>();
    return {
      on: {
        'pbt.deliver': (r) => {
          if (r.trigger === 'OnPageBackgroundTaskError' && r.isHandled !== false) {
            out.push(violation(this, `the error trigger of task ${String(r.taskId)} started with IsHandled = ${String(r.isHandled)}`, r));
          }
        },
        'pbt.triggerDone': (r, _s, t) => {
          if (t === undefined) return;
          const level = typeof t.errorLevel === 'string' ? t.errorLevel : null;
          const triggerError = typeof r.triggerError === 'string' ? r.triggerError : null;
          const isError = r.trigger === 'OnPageBackgroundTaskError';
          const want = triggerError !== null ? 'error' : !isError ? null : r.isHandled === true ? 'none' : level === 'Ignore' ? 'none' : level === 'Warning' ? 'warning' : 'error';
          pending.push({ r, level, triggerError, want, first: undefined });
          wake();
        },
        'pbt.surface': (r) => {
          if (typeof r.taskId !== 'number') return;
          for (let i = 0; i < pending.length; i++) {
            const p = pending.at(i);
            if (p.first === undefined && p.r.taskId === r.taskId && p.r.session === r.session) p.first = typeof r.surfacedAs === 'string' ? r.surfacedAs : null;
          }
        },
      },
      wakes: true,
      instantEnd: () => {
        for (let i = 0; i < pending.length; i++) {
          const { r, level, triggerError, want, first: seen } = pending.at(i);
          const first = seen ?? null;
          if (want === null ? seen !== undefined : first !== want) {
            out.push(violation(this, `task ${r.taskId} (ErrorLevel ${String(level)}, IsHandled ${String(r.isHandled)}, trigger error ${triggerError === null ? 'none' : 'yes'}): the user saw ${first ?? 'nothing recorded'}, expected ${want ?? 'nothing'}`, r));
          }
        }
        pending.clear();
      },
    };
  },
};
