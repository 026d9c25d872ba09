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
import { Simulation, type SimulationSnapshot } from '../engine/index.js';
import type { CompiledScenario, PbtEvent, PbtState } from '../models/pbt/index.js';
// The model alone, not the package index (scenario parsing, schemas, AL API): the digest thread
// loads only this, which takes a third of the time to import (measured: 37 against 106 ms).
import { createPbtModel, initialState, scheduleScenario } from '../models/pbt/model.js';

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

/** Options of {@link runDigestOnly}. */
export interface DigestRunOptions {
  /** Go on from this snapshot of the pipeline's run (taken before its digest was detached); default: from the start. */
  readonly from?: SimulationSnapshot<PbtState, PbtEvent>;
  /** Called once the simulation is built (the digest thread's "ready"). */
  readonly onStarted?: () => void;
}

/**
 * Runs `sc` digest only, as far as `gate` allows, and closes it with the pipeline's status.
 * @param sc - the compiled scenario the pipeline runs
 * @param seed - the pipeline's seed
 * @param gate - the pipeline's progress
 * @param options - where to start from; the ready callback
 * @returns the digest and the counts to compare with the pipeline's
 */
export function runDigestOnly(sc: CompiledScenario, seed: number | string, gate: DigestGate, options: DigestRunOptions = {}): DigestRunResult {
  const model = createPbtModel(sc);
  let sim: Simulation<PbtState, PbtEvent>;
  if (options.from !== undefined) sim = Simulation.restore(model, options.from, { autoFreeze: false });
  else {
    sim = new Simulation<PbtState, PbtEvent>(model, { seed, initialState: initialState(sc), autoFreeze: false });
    scheduleScenario(sim, sc);
  }
  options.onStarted?.();
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
      // Waits for the end itself (no count is above the largest one), not for more events.
      while (finishStatus === null) ({ allowed, finishStatus } = gate.next(Number.MAX_SAFE_INTEGER));
      break;
    }
  }
  sim.finish(finishStatus);
  return { digest: sim.digest(), eventCount: sim.eventCount, records: sim.recordCount };
}
