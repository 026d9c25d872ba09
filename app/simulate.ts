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
import { DigestFollower, digestThreadAllowed, DIGEST_THREAD_AFTER_EVENTS, DIGEST_THREAD_SPAWN_EVENTS, PUBLISH_EVERY, type DigestThreadOptions } from './digestFollower.js';
import { FoldSink, type RecordFold } from './folds.js';
import { Guards, type Budgets, type GuardTrip } from './guards.js';
import { tuneHeapGrowth } from './heapGrowth.js';

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
  /** Records handed to the folds. */
  readonly records: number;
  readonly digest: string;
  /**
   * Where the digest was computed: `inline` (the run's own), `thread` (the digest thread,
   * digestFollower.ts) or `rerun` (a digest-only run after the run, when the thread failed).
   */
  readonly digestFrom: 'inline' | 'thread' | 'rerun';
  /** Why the digest came from a rerun: what the digest thread reported. */
  readonly digestThreadProblem?: string;
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
   * The digest thread (digestFollower.ts): by default `auto`. Only for runs whose folds read no
   * canonical lines (no trace file, no replay).
   */
  readonly digestThread?: DigestThreadOptions;
}

/**
 * Runs a compiled scenario through the folds.
 * @param sc - the compiled scenario
 * @param options - seed, folds, budgets
 * @returns how the run ended; never throws for model failures or budget stops
 */
export async function simulate(sc: CompiledScenario, options: SimulateOptions): Promise<SimulationOutcome> {
  tuneHeapGrowth();
  const sink = new FoldSink(options.folds);
  const guards = new Guards(options.budgets ?? {}, options.traceBytes);
  // autoFreeze off: no fold mutates a record (tests run the model with freezing on).
  const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed: options.seed, initialState: initialState(sc), sink, autoFreeze: false });
  scheduleScenario(sim, sc);
  const stopAfter = options.stopAfterEvents;
  let replayStop = false;
  // The digest thread: started at the first publication point past DIGEST_THREAD_SPAWN_EVENTS (it
  // loads its modules meanwhile), handed a snapshot of the run at the first one past `afterEvents`
  // (the run stops there for a moment: a snapshot is taken between runs), so it goes on from there
  // instead of running the first events again; the digest is detached at the first publication
  // point after the thread is ready.
  const dt = options.digestThread ?? {};
  const afterEvents = dt.afterEvents ?? DIGEST_THREAD_AFTER_EVENTS;
  let followerDue = !sink.needsLines && digestThreadAllowed(dt.mode ?? 'auto');
  let handoff = false;
  let follower: DigestFollower | null = null;
  let publishCountdown = 1;
  const stopWhen = (): boolean => {
    if (sink.failed) return true;
    if (stopAfter !== undefined && sim.eventCount >= stopAfter) {
      replayStop = true;
      return true;
    }
    if (--publishCountdown <= 0) {
      publishCountdown = PUBLISH_EVERY;
      if (follower !== null && follower.isHandedOff) {
        follower.publish(sim.eventCount);
        if (!sim.isDigestDetached && follower.ready && !follower.gone) sim.detachDigest();
      } else if (followerDue) {
        const n = sim.eventCount;
        if (follower === null && n >= Math.min(afterEvents, DIGEST_THREAD_SPAWN_EVENTS)) {
          follower = DigestFollower.start(sc, options.seed, dt.entry);
          if (follower === null) followerDue = false;
        }
        if (follower !== null && n >= afterEvents) {
          followerDue = false;
          handoff = true;
          return true;
        }
      }
    }
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
  let digestThreadProblem: string | undefined;
  // The digest thread is stopped however this ends (a thrown error included).
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
      if (handoff) {
        handoff = false;
        // A thread that already failed gets no snapshot: the run keeps its own digest.
        if (follower!.gone) {
          follower!.close();
          follower = null;
        } else follower!.handOff(sim.snapshot());
        // Tests wait for the thread, so that even a short run goes on with its digest detached.
        if (follower !== null && dt.awaitReady === true) {
          const f: DigestFollower = follower;
          const deadline = Date.now() + 60_000;
          while (!f.ready && !f.gone && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
          if (f.ready && !f.gone) sim.detachDigest();
        }
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
    const f = follower as DigestFollower | null;
    if (f !== null && sim.isDigestDetached) ({ digest, from: digestFrom, problem: digestThreadProblem } = await f.finish(sim.eventCount, sim.recordCount, finishStatus));
    else digest = sim.digest();
  } finally {
    (follower as DigestFollower | null)?.close();
  }
  return {
    status,
    endTimeMs: sim.now,
    eventCount: sim.eventCount,
    records: sink.records,
    digest,
    digestFrom,
    ...(digestThreadProblem !== undefined ? { digestThreadProblem } : {}),
    pendingCount: sim.pendingCount,
    ...(error !== undefined ? { error } : {}),
    ...(guards.trip !== undefined && status === guards.trip.status ? { trip: guards.trip } : {}),
    ...(sink.failed ? { failure: sink.failure } : {}),
    wallMs: guards.elapsedMs(),
    peakHeapBytes: guards.peakHeapBytes,
  };
}
