/**
 * The one simulation loop of the application layer: a compiled scenario → a {@link Simulation}
 * of the page-background-task model → every record to a tee of folds. No record array is kept.
 * Runs in slices (about 100 ms of wall clock each) with a yield to the event loop in between, so
 * signals are handled and their cleanup runs during long runs; guards (guards.ts) stop a run
 * that exceeds a budget.
 * @module
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Simulation, type SimulationError } from '../engine/index.js';
import { createPbtModel, initialState, scheduleScenario, type CompiledScenario, type PbtEvent, type PbtState } from '../models/pbt/index.js';
import type { Violation } from '../properties/index.js';
import { CheckThread, checkThreadAllowed, type CheckThreadOptions } from './checkThread.js';
import { FoldSink, type RecordFold } from './folds.js';
import { Guards, type Budgets, type GuardTrip } from './guards.js';
import { tuneHeapGrowth } from './heapGrowth.js';
import { MonitorFold } from './monitors.js';

/**
 * How a run ended (brief interface 1: the statuses of `pbt.runEnd`), plus `output-failure` when
 * a fold could not take a record (e.g. the trace file's disk is full).
 */
export type RunStatusName =
  | 'empty' | 'until' | 'stopped' | 'event-budget-exceeded' | 'wall-budget-exceeded' | 'heap-budget-exceeded'
  | 'trace-budget-exceeded' | 'model-failure' | 'output-failure';

/** What {@link simulate} reports. */
export interface SimulationOutcome {
  readonly status: RunStatusName;
  /** Simulated time at the end. */
  readonly endTimeMs: number;
  readonly eventCount: number;
  /** Records of the run, framing included. */
  readonly records: number;
  readonly digest: string;
  /**
   * Where the digest (and the monitors of {@link SimulateOptions.checks}) were computed: `inline`
   * (in this thread), `thread` (the check thread, checkThread.ts) or `rerun` (a checks-only run
   * after the run, when the thread failed).
   */
  readonly digestFrom: 'inline' | 'thread' | 'rerun';
  /** Why the checks came from a rerun: what went wrong with the check thread. */
  readonly checkThreadProblem?: string;
  /** The invariant violations, when {@link SimulateOptions.checks} asked for the monitors. */
  readonly violations?: readonly Violation[];
  /** Events still pending (for `until`). */
  readonly pendingCount: number;
  /** The engine's error for `event-budget-exceeded` and `model-failure`. */
  readonly error?: SimulationError;
  /** The guard behind a `*-budget-exceeded` stop other than the event budget. */
  readonly trip?: GuardTrip;
  /** What a fold threw, for `output-failure`. */
  readonly failure?: unknown;
  /** Wall-clock milliseconds of the simulation. */
  readonly wallMs: number;
  /** Largest V8 heap use seen by the guards, bytes. */
  readonly peakHeapBytes: number;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** The seed to run with. */
  readonly seed: number | string;
  /** The folds that see every record. */
  readonly folds: readonly RecordFold[];
  /** Budgets besides `limits.maxEvents`. */
  readonly budgets?: Budgets;
  /** Size of the trace file so far, for `maxTraceBytes`. */
  readonly traceBytes?: () => number;
  /** Stop after this many events in total (replay of a run that a guard stopped). */
  readonly stopAfterEvents?: number;
  /** The `pbt.runEnd` status for a stop at {@link SimulateOptions.stopAfterEvents} (the recorded one). */
  readonly stopAfterStatus?: string;
  /**
   * Run the invariant monitors (all, or the named ones) over every record; their violations are
   * in the outcome. With the check thread, they run there.
   */
  readonly checks?: { readonly invariants?: readonly string[] };
  /**
   * The check thread (checkThread.ts), by default `auto`: the digest and the monitors of
   * {@link SimulateOptions.checks} on a second thread. Only for runs whose folds read no
   * canonical lines (no trace file, no replay).
   */
  readonly checkThread?: CheckThreadOptions;
}

/**
 * Runs a compiled scenario through the folds.
 * @param sc - the compiled scenario
 * @param options - seed, folds, budgets
 * @returns how the run ended; never throws for model failures or budget stops
 */
export async function simulate(sc: CompiledScenario, options: SimulateOptions): Promise<SimulationOutcome> {
  tuneHeapGrowth();
  const checks = options.checks;
  const lineFolds = options.folds.some((f) => f.usesLines === true);
  // The check thread: every record is packed for it from the first one (the digest is detached
  // before the run starts); it starts with the first full batch (checkThread.ts).
  const thread = !lineFolds && checkThreadAllowed(options.checkThread?.mode ?? 'auto')
    ? new CheckThread({ monitors: checks !== undefined, ...(checks?.invariants !== undefined ? { invariants: checks.invariants } : {}) }, options.checkThread)
    : null;
  const monitors = checks !== undefined && thread === null ? new MonitorFold(checks.invariants) : null;
  const sink = new FoldSink(monitors !== null ? [monitors, ...options.folds] : options.folds);
  const guards = new Guards(options.budgets ?? {}, options.traceBytes);
  // autoFreeze off: no fold mutates a record (tests run the model with freezing on).
  const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed: options.seed, initialState: initialState(sc), sink, autoFreeze: false });
  if (thread !== null) sim.detachDigest(thread.packer);
  scheduleScenario(sim, sc);
  const stopAfter = options.stopAfterEvents;
  let replayStop = false;
  const stopWhen = (): boolean => {
    if (sink.failed) return true;
    if (stopAfter !== undefined && sim.eventCount >= stopAfter) {
      replayStop = true;
      return true;
    }
    if (thread !== null && thread.congested) return true;
    return guards.tick();
  };
  const runOptions = {
    ...(sc.limits.untilMs !== undefined ? { untilMs: sc.limits.untilMs } : {}),
    maxEvents: sc.limits.maxEvents,
    stopWhen,
  };
  let status: RunStatusName;
  let error: SimulationError | undefined;
  let digest: string;
  let digestFrom: 'inline' | 'thread' | 'rerun' = 'inline';
  let checkThreadProblem: string | undefined;
  let violations: readonly Violation[] | undefined;
  // The check thread is stopped however this ends (a thrown error included).
  try {
    for (;;) {
      const r = sim.run(runOptions);
      if (!r.ok) {
        error = r.error;
        status = r.error.code === 'event-budget-exceeded' ? 'event-budget-exceeded' : 'model-failure';
        break;
      }
      if (r.status !== 'stopped') {
        status = r.status;
        break;
      }
      if (sink.failed) { status = 'output-failure'; break; }
      if (replayStop) { status = 'stopped'; break; }
      if (thread !== null && thread.congested) {
        await thread.drain();
        continue;
      }
      if (guards.trip !== undefined) { status = guards.trip.status; break; }
      guards.yieldDue = false;
      await nextTurn();
    }
    if (sink.failed) status = 'output-failure';
    // Run framing: the model's `pbt.runEnd` record closes the trace (and the digest) with how the
    // run ended: the engine's status, the error code of a failure, or the budget that stopped it.
    const finishStatus = status === 'model-failure' || status === 'event-budget-exceeded' ? error!.code
      : status === 'stopped' && replayStop ? (options.stopAfterStatus ?? 'stopped')
      : status === 'output-failure' ? 'stopped' : status;
    sim.finish(finishStatus);
    sink.flush();
    if (sink.failed) status = 'output-failure';
    if (thread !== null) {
      const c = await thread.finish(sc, options.seed, { events: sim.eventCount, finishStatus });
      digest = c.digest;
      digestFrom = c.from;
      checkThreadProblem = c.problem;
      if (checks !== undefined) violations = c.violations;
    } else {
      digest = sim.digest();
      if (monitors !== null) violations = monitors.finish();
    }
  } finally {
    thread?.close();
  }
  return {
    status,
    endTimeMs: sim.now,
    eventCount: sim.eventCount,
    // The run's own count (with the check thread the folds may read only some record types:
    // RecordFold.recordTypes).
    records: sim.recordCount,
    digest,
    digestFrom,
    ...(checkThreadProblem !== undefined ? { checkThreadProblem } : {}),
    ...(violations !== undefined ? { violations } : {}),
    pendingCount: sim.pendingCount,
    ...(error !== undefined ? { error } : {}),
    ...(guards.trip !== undefined && status === guards.trip.status ? { trip: guards.trip } : {}),
    ...(sink.failed ? { failure: sink.failure } : {}),
    wallMs: guards.elapsedMs(),
    peakHeapBytes: guards.peakHeapBytes,
  };
}
