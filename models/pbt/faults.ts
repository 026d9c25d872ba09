/**
 * Deliberately broken variants of the model ("mutants"), one per rule. They exist only so that
 * the property suites can show that each invariant catches a broken model (see properties/).
 * A normal run never enables any of them.
 * @module
 */

/** Every fault the model can be built with, and the rule it breaks. */
export const FAULTS = {
  noTimeoutClamp: 'PBT-TMO-03: the requested timeout is not clamped to PageBackgroundTaskMaxTimeout',
  concurrencyOffByOne: 'PBT-CONC-01: one task more than ChildSessionsMaxConcurrency may run',
  lifoQueue: 'A2/PBT-CONC-02: waiting tasks start last-in first-out',
  callbackAfterCancel: 'A9/PBT-CAN-02: a cancelled running task still reaches the completion trigger',
  timeoutFromEnqueue: 'A3/PBT-TMO-01: the timeout clock starts at enqueue instead of at start',
  queueLimitOffByOne: 'PBT-ENQ-05: one task more than ChildSessionsMaxQueueLength may wait',
  errorLevelIgnored: 'PBT-ERR-05/06: every unhandled error is shown as an Error whatever the ErrorLevel',
  recordChangeNotCancelling: 'PBT-CAN-03: a record change does not cancel the page\'s tasks',
  noDeliveryRecordCheck: 'PBT-CAN-06: results are delivered after the page moved to another record',
  wrongTimeoutErrorCode: 'PBT-TMO-05: a timeout reports a code other than ChildSessionTaskTimeout',
  resultsAltered: 'PBT-TRG-02: the completion trigger receives Results different from those the task set',
  deliverWhileBusy: 'PBT-TRG-08/A11: a result is delivered while another trigger of the parent runs',
  noRefillAfterCancel: 'PBT-CONC-02: a slot freed by a cancellation is not given to a waiting task',
  enqueueFailureSilent: 'PBT-ENQ-04: a failed enqueue in statement form returns false instead of raising',
  timeoutIgnored: 'PBT-TMO-01: a task may run past its effective timeout',
  noTriggerOnTimeout: 'PBT-TMO-05: a timed-out task never reaches OnPageBackgroundTaskError',
  endTwice: 'PBT-TRG-01/03: cancelling a task whose result awaits delivery ends it a second time',
  cancelReturnsFalse: 'PBT-CAN-01/A10: CancelBackgroundTask returns false for a waiting or running task it cancels',
  startWhileFull: 'PBT-CONC-01/A30: a slot still being released (delayed release) is given to a waiting task',
} as const;

/** The name of a fault. */
export type Fault = keyof typeof FAULTS;

/** All fault names, in declaration order. */
export const FAULT_NAMES: readonly Fault[] = Object.keys(FAULTS) as Fault[];
