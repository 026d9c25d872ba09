/**
 * The trace vocabulary of the model: records the model emits besides the event records.
 * Invariants (properties/) and the result contract are computed from these records alone, so a
 * user can check a trace without running the model. Every record also has `seq`, `timeMs`, `type`.
 *
 * | type | when | fields |
 * |---|---|---|
 * | `pbt.enqueue` | every EnqueueBackgroundTask call (PBT-ENQ-01..05, 09) | session, page, trigger, taskId (null if it failed), ok, runtimeError, codeunit, record, parameters, requestedTimeoutMs, effectiveTimeoutMs, errorLevel, waitingBefore, runningBefore, queueLimit, concurrency, useReturnValue, taskIdVar, defaultTimeoutMs, maxTimeoutMs, inline (headless), releasing |
 * | `pbt.start` | a child session starts (PBT-CONC-02, PBT-CONC-09, PBT-LIM-05, PBT-LIM-07, PBT-CHD-04) | session, page, taskId, running (slots held), active (started child sessions: the "# Active child sessions" counter), waiting, concurrency, clientType, sessionType, company, transaction, readOnly |
 * | `pbt.end` | one terminal outcome (PBT-CAN-*, PBT-TMO-05) | session, page, taskId, outcome, cancelReason, errorCode, errorText, results, running, waiting, releasing |
 * | `pbt.cancelCall` | every CancelBackgroundTask call (PBT-CAN-01) | session, page, taskId, returned |
 * | `pbt.deliver` | the idle scheduler invokes a callback (PBT-TRG-01..03, 08) | session, page, taskId, trigger, pageRecord, taskRecord, results, errorCode, errorText, errorCallStack |
 * | `pbt.drop` | a result reaches delivery but no trigger may run (PBT-CAN-06) | session, page, taskId, reason |
 * | `pbt.invoke` | a trigger's code runs (page or extension) | session, page, owner, trigger, taskId, isHandled |
 * | `pbt.triggerDone` | a callback chain finished | session, page, taskId, trigger, isHandled, triggerError |
 * | `pbt.triggerError` | an error raised in a trigger (PBT-ERR-01, 09) | session, page, owner, trigger, text |
 * | `pbt.surface` | what the user saw of an error (PBT-ERR-05..09) | session, page, taskId, surfacedAs, level, text |
 * | `pbt.record` | the page's record changed or was reloaded (PBT-CAN-03) | session, page, from, to, changed |
 * | `pbt.page` | a page opened or closed | session, page, open, instance |
 * | `pbt.display` | a part page's display state (PBT-LIM-01) | session, page, ready |
 * | `pbt.write` | a database write (PBT-CHD-01, TRG-07) | session, page, taskId, table, temporary, ok |
 * | `pbt.update` | CurrPage.Update in a callback (PBT-TRG-06) | session, page, saved, refreshed |
 * | `pbt.notification` | a notification sent to the client (A22) | session, page, level, text |
 * | `pbt.warning` | something the user should know (A4, A33…) | code, message, session, taskId |
 * | `pbt.testRun` | TestPage.RunPageBackgroundTask (PBT-TST-01..03) | session, page, codeunit, results, error, completionTriggerRan |
 * | `pbt.slot` | a waiting or new task is granted a slot (its `pbt.start` follows at the same instant) | session, page, taskId, running, waiting, releasing |
 * | `pbt.busy` | a trigger keeps the parent busy until `untilMs` | session, page, untilMs |
 * | `pbt.refresh` | the client refreshes the record after a callback (PBT-TRG-09) | session, page, taskId, record |
 * | `pbt.backgroundSession` | the task started a StartSession session (PBT-CHD-09) | session, page, taskId, countsAgainst, canWrite |
 * @module
 */

/** Record type names emitted by the model. */
export const RECORD_TYPES = [
  'pbt.enqueue', 'pbt.start', 'pbt.end', 'pbt.cancelCall', 'pbt.deliver', 'pbt.drop', 'pbt.invoke', 'pbt.triggerDone',
  'pbt.triggerError', 'pbt.surface', 'pbt.record', 'pbt.page', 'pbt.display', 'pbt.write', 'pbt.update',
  'pbt.notification', 'pbt.warning', 'pbt.testRun', 'pbt.refresh', 'pbt.backgroundSession', 'pbt.slot', 'pbt.busy',
] as const;

/** A record type name emitted by the model. */
export type PbtRecordType = (typeof RECORD_TYPES)[number];

/** The timeout error of PBT-TMO-05 / PBT-TMO-06. */
export const TIMEOUT_ERROR_CODE = 'ChildSessionTaskTimeout';
/** The docs' sample text for a timeout (PBT-TMO-06). */
export const TIMEOUT_ERROR_TEXT = 'Child Session task was terminated because of a timeout.';
