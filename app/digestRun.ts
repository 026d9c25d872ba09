/**
 * The digest of a run computed by running it again, digest only. The pipeline's simulation can
 * leave the digest to a second copy of itself ({@link Simulation.detachDigest}): the runs are
 * deterministic (same compiled scenario and seed, so the same records in the same order), and a
 * digest-only run skips the folds. {@link runDigestOnly} is that second run. It never runs past
 * the event count its {@link DigestGate} allows, so it stops exactly where the pipeline's run
 * stopped, whatever stopped it (a guard on the wall clock included), and closes the trace with
 * the pipeline's `pbt.runEnd` status. It runs on the digest thread (digestWorker.ts) and, when
 * that thread fails, in the pipeline's own thread after the run (digestFollower.ts).
 * @module
 */
import { Simulation } from '../engine/index.js';
import { createPbtModel, initialState, scheduleScenario, type CompiledScenario, type PbtEvent, type PbtState } from '../models/pbt/index.js';

/** How far the digest-only run may go: the pipeline's progress. */
export interface DigestGate {
  /**
   * Waits until the pipeline has processed more than `events` events or has ended, and returns
   * its event count then, and its `pbt.runEnd` status once it has ended (null before).
   */
  next(events: number): { readonly allowed: number; readonly finishStatus: string | null };
}

/** What {@link runDigestOnly} computed. */
export interface DigestRunResult {
  /** The trace digest, `sha256:<hex>`. */
  readonly digest: string;
  /** Events processed (equals the pipeline's when the runs agree). */
  readonly eventCount: number;
  /** Trace records, framing included (equals the pipeline's when the runs agree). */
  readonly records: number;
}

/**
 * Runs `sc` digest only, as far as `gate` allows, and closes it with the pipeline's status.
 * @param sc - the compiled scenario the pipeline runs
 * @param seed - the pipeline's seed
 * @param gate - the pipeline's progress
 * @param onStarted - called once the simulation is built and scheduled (the digest thread's "ready")
 * @returns the digest and the counts to compare with the pipeline's
 */
export function runDigestOnly(sc: CompiledScenario, seed: number | string, gate: DigestGate, onStarted: () => void = () => {}): DigestRunResult {
  const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed, initialState: initialState(sc), autoFreeze: false });
  scheduleScenario(sim, sc);
  onStarted();
  let allowed = 0;
  let finishStatus: string | null = null;
  const runOptions = {
    ...(sc.limits.untilMs !== undefined ? { untilMs: sc.limits.untilMs } : {}),
    maxEvents: sc.limits.maxEvents,
    stopWhen: (): boolean => sim.eventCount >= allowed,
  };
  for (;;) {
    if (sim.eventCount >= allowed) {
      if (finishStatus !== null) break;
      ({ allowed, finishStatus } = gate.next(sim.eventCount));
      continue;
    }
    const r = sim.run(runOptions);
    // The run ended on its own (no events left, `untilMs`, the event budget, a model failure):
    // the pipeline's run ended at the same event, so only its status is still to come.
    if (!r.ok || r.status !== 'stopped') {
      while (finishStatus === null) ({ allowed, finishStatus } = gate.next(sim.eventCount));
      break;
    }
  }
  sim.finish(finishStatus);
  return { digest: sim.digest(), eventCount: sim.eventCount, records: sim.recordCount };
}
