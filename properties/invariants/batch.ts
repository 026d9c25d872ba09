/**
 * The batch invariants (`(trace) => Violation[]` over a whole array), kept only until the
 * agreement property test (test/properties/agreement.test.ts) has shown that the monitors
 * (properties/monitors/) find the same violations.
 * @module
 */
import { fifoStart, maxConcurrency, noIdleSlot } from './concurrency.js';
import { enqueueFailure, queueLength } from './queue.js';
import { effectiveTimeout, timeoutErrorCode } from './timeout.js';
import { cancelOnLifetime, cancelReturnValue, exactlyOneOutcome, noTriggerAfterCancel } from './lifetime.js';
import { deliveryMatchesOutcome, deliverySerialized, errorSurface, resultsUnchanged, triggerOnSamePage } from './delivery.js';
import { timeNonDecreasing } from './time.js';
import type { Invariant } from './types.js';

/** The batch invariants, in report order. @internal */
export const BATCH_INVARIANTS: readonly Invariant[] = [
  maxConcurrency, queueLength, enqueueFailure, fifoStart, noIdleSlot,
  effectiveTimeout, timeoutErrorCode,
  exactlyOneOutcome, noTriggerAfterCancel, cancelReturnValue, cancelOnLifetime,
  triggerOnSamePage, deliverySerialized, resultsUnchanged, deliveryMatchesOutcome, errorSurface,
  timeNonDecreasing,
];
