/**
 * Running a compiled scenario end to end: build the model and the simulation, schedule the
 * script, run within the scenario's limits, and fold the trace into the result contract.
 * @module
 */
import { MemorySink, Simulation, statusOf, type RunResult, type TieBreaker, type TraceRecord, type TraceSink } from '../../engine/index.js';
import type { PbtEvent } from './events.js';
import { createPbtModel, initialState, scheduleScenario } from './model.js';
import { buildResult, type RunResultContract } from './result.js';
import type { CompiledScenario } from './scenario.js';
import type { PbtState } from './state.js';

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Overrides the scenario's seed (`--seed`). */
  readonly seed?: number | string;
  /** Another sink that receives every record too (e.g. a JSONL file). */
  readonly sink?: TraceSink;
  /** Replaces FIFO among same-instant, same-rank events (sensitivity checks, exploration). */
  readonly tieBreaker?: TieBreaker<PbtEvent>;
  /** Deep-freeze states (default true). */
  readonly autoFreeze?: boolean;
}

/** Everything a run produced. */
export interface ScenarioRun {
  /** The result contract (violations empty: properties/ fills them). */
  readonly result: RunResultContract;
  /** The trace. */
  readonly records: readonly TraceRecord[];
  /** The seed used. */
  readonly seed: number | string;
  /** How the engine run ended; `ok: false` for a budget or a model failure. */
  readonly run: RunResult;
  /** True when events were still pending at `limits.untilMs`. */
  readonly stoppedAtUntil: boolean;
}

class TeeSink implements TraceSink {
  constructor(private readonly a: TraceSink, private readonly b: TraceSink | undefined) {}
  write(r: TraceRecord, line: string): void {
    this.a.write(r, line);
    this.b?.write(r, line);
  }
  close(): void {
    this.a.close();
    this.b?.close();
  }
}

/** The seed a run uses: the option, else the scenario's, else 0 (reported in the result). */
export function seedOf(sc: CompiledScenario, seed?: number | string): number | string {
  return seed ?? sc.seed ?? 0;
}

/**
 * Runs a scenario.
 * @param sc - a compiled scenario (see `loadScenario`)
 * @param options - seed override, extra sink, tie breaker
 * @returns the result contract, the trace and how the run ended
 */
export function runScenario(sc: CompiledScenario, options: RunScenarioOptions = {}): ScenarioRun {
  const seed = seedOf(sc, options.seed);
  const memory = new MemorySink();
  const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), {
    seed, initialState: initialState(sc), sink: new TeeSink(memory, options.sink),
    ...(options.tieBreaker ? { tieBreaker: options.tieBreaker } : {}),
    ...(options.autoFreeze !== undefined ? { autoFreeze: options.autoFreeze } : {}),
  });
  scheduleScenario(sim, sc);
  const run = sim.run({ ...(sc.limits.untilMs !== undefined ? { untilMs: sc.limits.untilMs } : {}), maxEvents: sc.limits.maxEvents });
  // Run framing: `pbt.runEnd` closes the trace (and the digest) with how the run ended.
  sim.finish(statusOf(run));
  const stoppedAtUntil = run.ok && run.status === 'until';
  const result = buildResult(memory.records, { scenario: sc.name, seed, endTimeMs: sim.now, eventCount: sim.eventCount, digest: sim.digest() });
  if (seedOf(sc, options.seed) === 0 && options.seed === undefined && sc.seed === undefined) {
    result.warnings.unshift({ code: 'noSeed', message: 'the scenario gives no seed and none was passed (--seed): seed 0 was used', atMs: 0, session: null, taskId: null });
  }
  if (stoppedAtUntil) {
    result.warnings.push({ code: 'untilReached', message: `the run stopped at limits.untilMs = ${sc.limits.untilMs} ms with ${sim.pendingCount} events still pending`, atMs: sim.now, session: null, taskId: null });
  }
  return { result, records: memory.records, seed, run, stoppedAtUntil };
}
