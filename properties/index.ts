/**
 * Invariants over traces of the page-background-task model, for `pbtsim run`, `pbtsim check`,
 * `pbtsim check-trace`, the property suites and users' own traces. Each invariant is an online
 * monitor (properties/monitors/): a fold over the records of a run, in one pass, with memory
 * for the live tasks and the current instant only. {@link createMonitorSet} feeds records one
 * at a time; {@link checkTrace} is the same over an array. Every invariant is tagged with the
 * clause IDs of the catalog (spec/pbt-spec.md) it checks. They read only trace records (see
 * models/pbt/records.ts); the `pbt.server` header and `pbt.runEnd` footer (emitted by the
 * model, or added by {@link withRunContext}) make some checks exact.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { Invariant, Violation } from './violation.js';
import { asInvariant, MONITORS, runMonitors, type MonitorInvariant } from './monitors/index.js';

export type { Invariant, Violation } from './violation.js';
export { createMonitorSet } from './monitors/index.js';
export type { MonitorSet, MonitorSetOptions, MonitorInvariant } from './monitors/index.js';
export type { MonitorSpec, MonitorHandlers, RecordHandlers, RecordHandler } from './monitors/types.js';
export { withRunContext, serverHeader, runEndFooter } from './runContext.js';
export { recordShapeProblem } from './recordShape.js';
// The record vocabulary the monitors read (models/pbt/index.ts re-exports only part of records.ts).
export type {
  PbtRecord, PbtRecordOf, PbtRecordBase, PbtPageRecordBase, PbtServer, PbtRunEnd, PbtEnqueue, PbtSlot, PbtStart, PbtEnd,
  PbtCancelCall, PbtDeliver, PbtDrop, PbtInvoke, PbtTriggerDone, PbtTriggerError, PbtSurface, PbtRecordChange, PbtPage,
  PbtDisplay, PbtWrite, PbtUpdate, PbtNotification, PbtWarning, PbtTestRun, PbtBusy, PbtRefresh, PbtBackgroundSession,
  RecordSettings, StringMap, CallbackTrigger, DropReason, SurfacedAs, ServerUpdateRecord,
} from '../models/pbt/records.js';
/** The header record type. */
export const HEADER_TYPE = 'pbt.server';
/** The footer record type. */
export const FOOTER_TYPE = 'pbt.runEnd';

/** Every invariant, in report order (each a monitor that can also check an array). */
export const INVARIANTS: readonly MonitorInvariant[] = MONITORS.map(asInvariant);

const byName = new Map(INVARIANTS.map((i) => [i.name, i]));
/** Looks an invariant up by name. */
const inv = (name: string): MonitorInvariant => byName.get(name)!;

export const maxConcurrency: Invariant = inv('maxConcurrency');
export const fifoStart: Invariant = inv('fifoStart');
export const noIdleSlot: Invariant = inv('noIdleSlot');
export const queueLength: Invariant = inv('queueLength');
export const enqueueFailure: Invariant = inv('enqueueFailure');
export const effectiveTimeout: Invariant = inv('effectiveTimeout');
export const timeoutErrorCode: Invariant = inv('timeoutErrorCode');
export const exactlyOneOutcome: Invariant = inv('exactlyOneOutcome');
export const noTriggerAfterCancel: Invariant = inv('noTriggerAfterCancel');
export const cancelReturnValue: Invariant = inv('cancelReturnValue');
export const cancelOnLifetime: Invariant = inv('cancelOnLifetime');
export const triggerOnSamePage: Invariant = inv('triggerOnSamePage');
export const deliverySerialized: Invariant = inv('deliverySerialized');
export const resultsUnchanged: Invariant = inv('resultsUnchanged');
export const deliveryMatchesOutcome: Invariant = inv('deliveryMatchesOutcome');
export const errorSurface: Invariant = inv('errorSurface');
export const timeNonDecreasing: Invariant = inv('timeNonDecreasing');

/** The names of {@link INVARIANTS}, in report order. */
export const INVARIANT_NAMES: readonly string[] = INVARIANTS.map((i) => i.name);

/**
 * Runs every invariant (or those named) over a trace: a thin wrapper over the monitors.
 * @param trace - the records of a run, optionally framed by `pbt.server` / `pbt.runEnd`
 * @param names - restrict to these invariants
 * @returns all violations, in invariant order
 */
export function checkTrace(trace: readonly TraceRecord[], names?: readonly string[]): Violation[] {
  return runMonitors(names === undefined ? MONITORS : MONITORS.filter((m) => names.includes(m.name)), trace);
}
