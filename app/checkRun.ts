/**
 * The checks of a run computed by running it again in this thread: the fallback of the check
 * thread (checkThread.ts) when that thread fails. The runs are deterministic (same compiled
 * scenario and seed, so the same records in the same order): {@link runChecksAgain} runs the
 * model with the digest and the invariant monitors only, stops after the pipeline's event count
 * (whatever stopped the pipeline, a guard on the wall clock included) and closes the trace with
 * the pipeline's `pbt.runEnd` status.
 * @module
 */
import { Simulation, type TraceRecord, type TraceSink } from '../engine/index.js';
import { createPbtModel, initialState, scheduleScenario, type CompiledScenario, type PbtEvent, type PbtState } from '../models/pbt/index.js';
import type { CheckResult, CheckSpec } from './checkConsumer.js';
import { MonitorFold } from './monitors.js';

/** Where the pipeline's run ended. */
export interface RunEndPoint {
  /** Its event count. */
  readonly events: number;
  /** Its `pbt.runEnd` status. */
  readonly finishStatus: string;
}

/** What {@link runChecksAgain} computed: the checks, and the events it processed. */
export interface ChecksAgainResult extends CheckResult {
  /** Events processed (equals the pipeline's when the runs agree). */
  readonly eventCount: number;
}

/**
 * Runs `sc` again with the digest and the monitors only, up to `end`.
 * @param sc - the compiled scenario the pipeline ran
 * @param seed - the pipeline's seed
 * @param end - where the pipeline's run ended
 * @param spec - the monitors to run besides the digest
 */
export function runChecksAgain(sc: CompiledScenario, seed: number | string, end: RunEndPoint, spec: CheckSpec): ChecksAgainResult {
  const monitors = spec.monitors ? new MonitorFold(spec.invariants) : null;
  const sink: TraceSink = { needsLines: false, write: (r: TraceRecord) => monitors?.step(r), close() {} };
  const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed, initialState: initialState(sc), sink, autoFreeze: false });
  scheduleScenario(sim, sc);
  sim.run({
    ...(sc.limits.untilMs !== undefined ? { untilMs: sc.limits.untilMs } : {}),
    maxEvents: sc.limits.maxEvents,
    stopWhen: () => sim.eventCount >= end.events,
  });
  sim.finish(end.finishStatus);
  return { digest: sim.digest(), records: sim.recordCount, violations: monitors?.finish() ?? [], eventCount: sim.eventCount };
}
