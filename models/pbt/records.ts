/**
 * The trace vocabulary of the model: records the model emits besides the event records, as a
 * discriminated union ({@link PbtRecord}, tag `type`) with typed readers. Invariants
 * (properties/), the result contract and the reports are computed from these records alone, so
 * a user can check a trace without running the model. Every record has `seq`, `timeMs`, `type`;
 * every record but the run framing (`pbt.server`, `pbt.runEnd`) has `session`.
 *
 * | type | when | fields |
 * |---|---|---|
 * | `pbt.server` | first record of a run (time 0): the run's framing header | mode, server (settings in ms), updates (settings after each `server.update`), policies (non-default values only) |
 * | `pbt.runEnd` | last record of a run: how the engine run ended | status, endTimeMs, eventCount, tasks, enqueueCalls |
 * | `pbt.enqueue` | every EnqueueBackgroundTask call (PBT-ENQ-01..05, 09) | session, page, trigger, taskId (null if it failed), ok, runtimeError, codeunit, record, parameters, requestedTimeoutMs, effectiveTimeoutMs, errorLevel, waitingBefore, runningBefore, queueLimit, concurrency, useReturnValue, taskIdVar, defaultTimeoutMs, maxTimeoutMs, inline (headless), releasing |
 * | `pbt.start` | a child session starts (PBT-CONC-02, PBT-CONC-09, PBT-LIM-05, PBT-LIM-07, PBT-CHD-04) | session, page, taskId, running (slots held), active (started child sessions: the "# Active child sessions" counter), waiting, concurrency, clientType, sessionType, company, transaction, readOnly, releasing |
 * | `pbt.end` | one terminal outcome (PBT-CAN-*, PBT-TMO-05) | session, page, taskId, outcome, cancelReason, errorCode, errorText, results, running, waiting, releasing |
 * | `pbt.cancelCall` | every CancelBackgroundTask call (PBT-CAN-01) | session, page, taskId, returned |
 * | `pbt.deliver` | the idle scheduler invokes a callback (PBT-TRG-01..03, 08) | session, page, taskId, trigger, pageRecord, taskRecord, results, errorCode, errorText, errorCallStack, isHandled |
 * | `pbt.drop` | a result reaches delivery but no trigger may run (PBT-CAN-06) | session, page, taskId, reason |
 * | `pbt.invoke` | a trigger's code runs (page or extension) | session, page, owner, trigger, taskId, isHandled |
 * | `pbt.triggerDone` | a callback chain finished | session, page, taskId, trigger, isHandled, triggerError |
 * | `pbt.triggerError` | an error raised in a trigger (PBT-ERR-01, 09) | session, page, owner, trigger, text |
 * | `pbt.surface` | what the user saw of an error (PBT-ERR-05..09) | session, page, taskId, surfacedAs, level, text |
 * | `pbt.record` | the page's record changed or was reloaded (PBT-CAN-03) | session, page, from, to, changed |
 * | `pbt.page` | a page opened or closed | session, page, open, instance, record (on open) |
 * | `pbt.display` | a part page's display state (PBT-LIM-01) | session, page, ready |
 * | `pbt.write` | a database write (PBT-CHD-01, TRG-07) | session, page, taskId, table, temporary, ok |
 * | `pbt.update` | CurrPage.Update in a callback (PBT-TRG-06) | session, page, saved, refreshed |
 * | `pbt.notification` | a notification sent to the client (A22) | session, page, level, text |
 * | `pbt.warning` | something the user should know (A4, A33…) | code, message, session, taskId |
 * | `pbt.testRun` | TestPage.RunPageBackgroundTask (PBT-TST-01..03) | session, page, codeunit, durationMs, results, error, completionTriggerRan, readOnlyChild |
 * | `pbt.slot` | a waiting or new task is granted a slot (its `pbt.start` follows at the same instant) | session, page, taskId, running, waiting, releasing |
 * | `pbt.busy` | a trigger keeps the parent busy until `untilMs` | session, page, untilMs |
 * | `pbt.refresh` | the client refreshes the record after a callback (PBT-TRG-09) | session, page, taskId, record |
 * | `pbt.backgroundSession` | the task started a StartSession session (PBT-CHD-09) | session, page, taskId, countsAgainst, canWrite |
 *
 * The `running`/`waiting` of `pbt.slot`, `pbt.start` and `pbt.end` are the session's counts
 * after the change the record describes (`pbt.slot`: the task has left the queue and holds its
 * slot), so queue checks need no look-ahead.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Policies } from './policies.js';
import type { CancelReason, ErrorLevel, Outcome, ServerSettings } from './state.js';

/** Record type names emitted by the model (the run framing `pbt.server` / `pbt.runEnd` included). */
export const RECORD_TYPES = [
  'pbt.enqueue', 'pbt.start', 'pbt.end', 'pbt.cancelCall', 'pbt.deliver', 'pbt.drop', 'pbt.invoke', 'pbt.triggerDone',
  'pbt.triggerError', 'pbt.surface', 'pbt.record', 'pbt.page', 'pbt.display', 'pbt.write', 'pbt.update',
  'pbt.notification', 'pbt.warning', 'pbt.testRun', 'pbt.refresh', 'pbt.backgroundSession', 'pbt.slot', 'pbt.busy',
  'pbt.server', 'pbt.runEnd',
] as const;

/** A record type name emitted by the model. */
export type PbtRecordType = (typeof RECORD_TYPES)[number];

/** The timeout error of PBT-TMO-05 / PBT-TMO-06. */
export const TIMEOUT_ERROR_CODE = 'ChildSessionTaskTimeout';
/** The docs' sample text for a timeout (PBT-TMO-06). */
export const TIMEOUT_ERROR_TEXT = 'Child Session task was terminated because of a timeout.';

/** The header record type (first record of a run). */
export const SERVER_RECORD = 'pbt.server';
/** The footer record type (last record of a run). */
export const RUN_END_RECORD = 'pbt.runEnd';

/** The two callback triggers (PBT-TRG-01, PBT-TRG-03). */
export type CallbackTrigger = 'OnPageBackgroundTaskCompleted' | 'OnPageBackgroundTaskError';
/** Why a result reached delivery but no trigger ran (PBT-CAN-06, policy triggerOnCancel). */
export type DropReason = CancelReason | 'noTriggerForTimeout';
/** What the user saw of an error (PBT-ERR-05..09). */
export type SurfacedAs = 'none' | 'warning' | 'error';
/** How an engine run ended, as carried by `pbt.runEnd` (interface 1 of the brief). */
export type RunEndStatus = 'empty' | 'until' | 'stopped' | 'event-budget-exceeded' | 'wall-budget-exceeded'
  | 'heap-budget-exceeded' | 'trace-budget-exceeded' | 'model-failure';
/** String-valued results or parameters of a task. */
export type StringMap = { readonly [k: string]: string };

/** Server settings as a record carries them (the model's {@link ServerSettings}, in ms). */
export type RecordSettings = { readonly [K in keyof ServerSettings]: ServerSettings[K] };

/** Fields every record has. */
export type PbtRecordBase<T extends PbtRecordType> = { readonly seq: number; readonly timeMs: number; readonly type: T };
/** Fields every record of a session's page has. */
export type PbtPageRecordBase<T extends PbtRecordType> = PbtRecordBase<T> & { readonly session: string; readonly page: string };

/** `pbt.server`: the run header (mode, settings in ms and after each update, non-default policies). */
export type PbtServer = PbtRecordBase<'pbt.server'> & {
  readonly mode: 'client' | 'headless';
  readonly server: RecordSettings;
  /** Settings after each `server.update` event (index = the event's `update`). */
  readonly updates: readonly RecordSettings[];
  /** Policy values that differ from the defaults. */
  readonly policies: { readonly [K in keyof Policies]?: Policies[K] };
};
/** `pbt.runEnd`: how the run ended and what it counted. Counts are absent in a synthesized footer of an old trace. */
export type PbtRunEnd = PbtRecordBase<'pbt.runEnd'> & {
  readonly status: RunEndStatus;
  readonly endTimeMs?: number;
  readonly eventCount?: number;
  readonly tasks?: number;
  readonly enqueueCalls?: number;
};
/** `pbt.enqueue`: one EnqueueBackgroundTask call. */
export type PbtEnqueue = PbtPageRecordBase<'pbt.enqueue'> & {
  readonly trigger: string; readonly taskId: number | null; readonly ok: boolean; readonly runtimeError: string | null;
  readonly codeunit: number; readonly record: string | null; readonly parameters: StringMap;
  readonly requestedTimeoutMs: number | null; readonly effectiveTimeoutMs: number; readonly errorLevel: ErrorLevel;
  readonly waitingBefore: number; readonly runningBefore: number; readonly queueLimit: number; readonly concurrency: number;
  readonly useReturnValue: boolean; readonly taskIdVar: string | null; readonly defaultTimeoutMs: number; readonly maxTimeoutMs: number;
  readonly inline: boolean; readonly releasing: number;
};
/** `pbt.slot`: a task is granted a slot; `running`/`waiting` count after the grant. */
export type PbtSlot = PbtPageRecordBase<'pbt.slot'> & { readonly taskId: number; readonly running: number; readonly waiting: number; readonly releasing: number };
/** `pbt.start`: a child session starts. */
export type PbtStart = PbtPageRecordBase<'pbt.start'> & {
  readonly taskId: number; readonly running: number; readonly waiting: number; readonly releasing: number; readonly active: number;
  readonly concurrency: number; readonly clientType: string; readonly sessionType: string; readonly company: string;
  readonly transaction: string; readonly readOnly: boolean;
};
/** `pbt.end`: a task's one terminal outcome. */
export type PbtEnd = PbtPageRecordBase<'pbt.end'> & {
  readonly taskId: number; readonly outcome: Outcome; readonly cancelReason: CancelReason | null;
  readonly errorCode: string | null; readonly errorText: string | null; readonly results: StringMap | null;
  readonly running: number; readonly waiting: number; readonly releasing: number;
};
/** `pbt.cancelCall`: one CancelBackgroundTask call and what it returned. */
export type PbtCancelCall = PbtPageRecordBase<'pbt.cancelCall'> & { readonly taskId: number; readonly returned: boolean };
/** `pbt.deliver`: a callback trigger is invoked for a task. */
export type PbtDeliver = PbtPageRecordBase<'pbt.deliver'> & {
  readonly taskId: number; readonly trigger: CallbackTrigger; readonly pageRecord: string | null; readonly taskRecord: string | null;
  readonly results: StringMap | null; readonly errorCode: string | null; readonly errorText: string | null;
  readonly errorCallStack: string | null; readonly isHandled: boolean | null;
};
/** `pbt.drop`: a result is dropped without a trigger. */
export type PbtDrop = PbtPageRecordBase<'pbt.drop'> & { readonly taskId: number; readonly reason: DropReason };
/** `pbt.invoke`: a trigger's code runs (taskId set inside a callback). */
export type PbtInvoke = PbtPageRecordBase<'pbt.invoke'> & { readonly owner: string | null; readonly trigger: string; readonly taskId: number | null; readonly isHandled: boolean | null };
/** `pbt.triggerDone`: a callback chain finished. */
export type PbtTriggerDone = PbtPageRecordBase<'pbt.triggerDone'> & { readonly taskId: number; readonly trigger: CallbackTrigger; readonly isHandled: boolean; readonly triggerError: string | null };
/** `pbt.triggerError`: an error raised in a trigger. */
export type PbtTriggerError = PbtPageRecordBase<'pbt.triggerError'> & { readonly owner: string | null; readonly trigger: string | null; readonly text: string };
/** `pbt.surface`: what the user saw of an error. */
export type PbtSurface = PbtPageRecordBase<'pbt.surface'> & { readonly taskId: number | null; readonly surfacedAs: SurfacedAs; readonly level: ErrorLevel; readonly text: string };
/** `pbt.record`: the page's record changed or was reloaded. */
export type PbtRecordChange = PbtPageRecordBase<'pbt.record'> & { readonly from: string | null; readonly to: string | null; readonly changed: boolean };
/** `pbt.page`: a page opened (with its record) or closed. */
export type PbtPage = PbtPageRecordBase<'pbt.page'> & { readonly open: boolean; readonly instance: number; readonly record?: string | null };
/** `pbt.display`: a part page's display state. */
export type PbtDisplay = PbtPageRecordBase<'pbt.display'> & { readonly ready: boolean };
/** `pbt.write`: a database write (taskId null for a write of the parent). */
export type PbtWrite = PbtPageRecordBase<'pbt.write'> & { readonly taskId: number | null; readonly table: number; readonly temporary: boolean; readonly ok: boolean };
/** `pbt.update`: CurrPage.Update. */
export type PbtUpdate = PbtPageRecordBase<'pbt.update'> & { readonly saved: boolean; readonly refreshed: boolean };
/** `pbt.notification`: a notification sent to the client. */
export type PbtNotification = PbtPageRecordBase<'pbt.notification'> & { readonly level: 'info' | 'warning' | 'error'; readonly text: string };
/** `pbt.warning`: something the user should know (no page). */
export type PbtWarning = PbtRecordBase<'pbt.warning'> & { readonly session: string; readonly code: string; readonly message: string; readonly taskId: number | null };
/** `pbt.testRun`: TestPage.RunPageBackgroundTask. */
export type PbtTestRun = PbtPageRecordBase<'pbt.testRun'> & {
  readonly codeunit: number; readonly durationMs: number; readonly results: StringMap | null; readonly error: string | null;
  readonly completionTriggerRan: boolean; readonly readOnlyChild: boolean;
};
/** `pbt.busy`: a trigger keeps the parent busy until `untilMs`. */
export type PbtBusy = PbtPageRecordBase<'pbt.busy'> & { readonly untilMs: number };
/** `pbt.refresh`: the client refreshes the record after a callback. */
export type PbtRefresh = PbtPageRecordBase<'pbt.refresh'> & { readonly taskId: number; readonly record: string | null };
/** `pbt.backgroundSession`: the task started a StartSession session. */
export type PbtBackgroundSession = PbtPageRecordBase<'pbt.backgroundSession'> & { readonly taskId: number; readonly countsAgainst: string; readonly canWrite: boolean };

/** Every record the model emits, discriminated by `type`. */
export type PbtRecord =
  | PbtServer | PbtRunEnd | PbtEnqueue | PbtSlot | PbtStart | PbtEnd | PbtCancelCall | PbtDeliver | PbtDrop | PbtInvoke
  | PbtTriggerDone | PbtTriggerError | PbtSurface | PbtRecordChange | PbtPage | PbtDisplay | PbtWrite | PbtUpdate
  | PbtNotification | PbtWarning | PbtTestRun | PbtBusy | PbtRefresh | PbtBackgroundSession;

/** The record of one type. */
export type PbtRecordOf<T extends PbtRecordType> = Extract<PbtRecord, { readonly type: T }>;
/** What a writer passes for a record of type `T`: everything but `seq`, `timeMs`, `type` (and `session`, which the model adds). */
export type PbtPayload<T extends PbtRecordType> = Omit<PbtRecordOf<T>, 'seq' | 'timeMs' | 'type' | 'session'>;

/** A `server.update` event record (index into the header's `updates`). */
export type ServerUpdateRecord = { readonly seq: number; readonly timeMs: number; readonly type: 'server.update'; readonly update: number };

const KNOWN: ReadonlySet<string> = new Set<string>(RECORD_TYPES);

/** True when `type` is one of {@link RECORD_TYPES}. */
export function isPbtRecordType(type: string): type is PbtRecordType {
  return KNOWN.has(type);
}

/**
 * The record as a {@link PbtRecord}, or null for an engine event record or an unknown type.
 * It trusts the fields (the model wrote them); a trace from elsewhere is checked field by field
 * by `recordShapeProblem` in properties/ first.
 * @param r - any trace record
 */
export function asPbtRecord(r: TraceRecord): PbtRecord | null {
  return KNOWN.has(r.type) ? (r as unknown as PbtRecord) : null;
}

/**
 * The record as a record of type `type`, or null when it is of another type.
 * @param r - any trace record
 * @param type - the wanted record type
 */
export function recordOf<T extends PbtRecordType>(r: TraceRecord, type: T): PbtRecordOf<T> | null {
  return r.type === type ? (r as unknown as PbtRecordOf<T>) : null;
}

/**
 * A type guard for one record type, for `filter` and narrowing.
 * @param type - the record type
 * @returns `(r) => r is PbtRecordOf<type>`
 */
export function isRecord<T extends PbtRecordType>(type: T): (r: TraceRecord) => r is TraceRecord & PbtRecordOf<T> {
  return (r: TraceRecord): r is TraceRecord & PbtRecordOf<T> => r.type === type;
}

/** The record as a `server.update` event record, or null. */
export function asServerUpdate(r: TraceRecord): ServerUpdateRecord | null {
  return r.type === 'server.update' && typeof r['update'] === 'number' ? (r as unknown as ServerUpdateRecord) : null;
}

/** The session a record belongs to, or null (framing records, engine events without one). */
export function sessionOfRecord(r: TraceRecord): string | null {
  const s = r['session'];
  return typeof s === 'string' ? s : null;
}
