/**
 * Invariants over traces of the page-background-task model, for `pbtsim run`, `pbtsim check`,
 * the property suites and users' own traces. Each invariant is a pure function
 * `(trace) => Violation[]` tagged with the clause IDs of the catalog (spec/pbt-spec.md) it
 * checks. They read only trace records (see models/pbt/records.ts); the optional `pbt.server`
 * header and `pbt.runEnd` footer added by {@link withRunContext} make some checks exact.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import { fifoStart, maxConcurrency, noIdleSlot } from './invariants/concurrency.js';
import { enqueueFailure, queueLength } from './invariants/queue.js';
import { effectiveTimeout, timeoutErrorCode } from './invariants/timeout.js';
import { cancelOnLifetime, cancelReturnValue, exactlyOneOutcome, noTriggerAfterCancel } from './invariants/lifetime.js';
import { deliveryMatchesOutcome, deliverySerialized, errorSurface, resultsUnchanged, triggerOnSamePage } from './invariants/delivery.js';
import { timeNonDecreasing } from './invariants/time.js';
import type { Invariant, Violation } from './invariants/types.js';

export type { Invariant, Violation } from './invariants/types.js';
export {
  maxConcurrency, fifoStart, noIdleSlot, queueLength, enqueueFailure, effectiveTimeout, timeoutErrorCode,
  exactlyOneOutcome, noTriggerAfterCancel, cancelReturnValue, cancelOnLifetime, triggerOnSamePage,
  deliverySerialized, resultsUnchanged, deliveryMatchesOutcome, errorSurface, timeNonDecreasing,
};
export { withRunContext } from './runContext.js';
export { HEADER_TYPE, FOOTER_TYPE } from './invariants/traceView.js';

/** Every invariant, in report order. */
export const INVARIANTS: readonly Invariant[] = [
  maxConcurrency, queueLength, enqueueFailure, fifoStart, noIdleSlot,
  effectiveTimeout, timeoutErrorCode,
  exactlyOneOutcome, noTriggerAfterCancel, cancelReturnValue, cancelOnLifetime,
  triggerOnSamePage, deliverySerialized, resultsUnchanged, deliveryMatchesOutcome, errorSurface,
  timeNonDecreasing,
];

/** The names of {@link INVARIANTS}, in report order. */
export const INVARIANT_NAMES: readonly string[] = INVARIANTS.map((i) => i.name);

/**
 * Runs every invariant (or those named) over a trace.
 * @param trace - the records of a run, optionally framed by `pbt.server` / `pbt.runEnd`
 * @param names - restrict to these invariants
 * @returns all violations, in invariant order
 */
export function checkTrace(trace: readonly TraceRecord[], names?: readonly string[]): Violation[] {
  const out: Violation[] = [];
  for (const inv of INVARIANTS) if (names === undefined || names.includes(inv.name)) out.push(...inv.check(trace));
  return out;
}
