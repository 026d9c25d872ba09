/**
 * The invariant monitors in report order, and {@link createMonitorSet}, the one-pass checker
 * every caller uses (`pbtsim run`, `check-trace`, the property suites, `checkTrace`).
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { Invariant, Violation } from '../violation.js';
import { cancelOnLifetime } from './cancelOnLifetime.js';
import { fifoStart, maxConcurrency, noIdleSlot } from './concurrency.js';
import { deliveryMatchesOutcome, deliverySerialized, resultsUnchanged, triggerOnSamePage } from './delivery.js';
import { errorSurface } from './errorSurface.js';
import { cancelReturnValue, exactlyOneOutcome, noTriggerAfterCancel } from './lifetime.js';
import { MonitorRunner, type MonitorSet } from './monitorSet.js';
import { enqueueFailure, queueLength } from './queue.js';
import { timeNonDecreasing } from './time.js';
import { effectiveTimeout, timeoutErrorCode } from './timeout.js';
import type { MonitorSpec } from './types.js';

export type { MonitorSet } from './monitorSet.js';

/** Every invariant monitor, in report order. @internal */
export const MONITORS: readonly MonitorSpec[] = [
  maxConcurrency, queueLength, enqueueFailure, fifoStart, noIdleSlot,
  effectiveTimeout, timeoutErrorCode,
  exactlyOneOutcome, noTriggerAfterCancel, cancelReturnValue, cancelOnLifetime,
  triggerOnSamePage, deliverySerialized, resultsUnchanged, deliveryMatchesOutcome, errorSurface,
  timeNonDecreasing,
];

/** Options of {@link createMonitorSet}. */
export interface MonitorSetOptions {
  /** Only these invariants (by name; unknown names select nothing). Default: all. */
  readonly invariants?: readonly string[];
}

/**
 * A set of invariant monitors to feed a run's records one at a time.
 * @param options - which invariants
 * @returns `step(record)` for every record in trace order, then `finish()` for the violations
 */
export function createMonitorSet(options: MonitorSetOptions = {}): MonitorSet {
  const names = options.invariants;
  return new MonitorRunner(names === undefined ? MONITORS : MONITORS.filter((m) => names.includes(m.name)));
}

/**
 * Runs monitors over a whole trace array.
 * @param specs - the monitors
 * @param trace - the records
 * @internal
 */
export function runMonitors(specs: readonly MonitorSpec[], trace: Iterable<TraceRecord>): Violation[] {
  const set = new MonitorRunner(specs);
  for (const r of trace) set.step(r);
  return set.finish();
}

/** A monitor that can also check a whole trace (the {@link Invariant} shape). */
export type MonitorInvariant = Invariant & MonitorSpec;

/** The monitor as an {@link Invariant}: `check(trace)` runs it over the array. @internal */
export function asInvariant(spec: MonitorSpec): MonitorInvariant {
  return {
    name: spec.name, clauses: spec.clauses, description: spec.description,
    create: (state, out, wake) => spec.create(state, out, wake),
    check: (trace) => runMonitors([spec], trace),
  };
}
