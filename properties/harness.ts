/**
 * Running a scenario for the property suites and `pbtsim check`: compile (optionally with model
 * faults), run with a seed and an optional tie breaker, frame the trace with its run context,
 * and check the invariants. An event-budget stop is an acceptable end (re-enqueue loops), not a
 * failure; any other engine failure is reported as such.
 * @module
 */
import type { TieBreaker, TraceRecord } from '../engine/index.js';
import { compileScenario, runScenario, type CompiledScenario, type Fault, type PbtEvent, type ScenarioFile, type ScenarioRun } from '../models/pbt/index.js';
import { checkTrace, type Violation } from './index.js';
import { withRunContext } from './runContext.js';

/** Options of {@link checkScenario}. */
export interface CheckScenarioOptions {
  /** Engine seed. */
  readonly seed: number;
  /** Model faults (mutants) to build the model with. */
  readonly faults?: readonly Fault[];
  /** Same-instant tie breaker (shuffle, exhaustive exploration). */
  readonly tieBreaker?: TieBreaker<PbtEvent>;
  /** Only these invariants. */
  readonly invariants?: readonly string[];
}

/** What one checked run produced. */
export interface CheckedRun {
  readonly compiled: CompiledScenario;
  readonly run: ScenarioRun;
  /** The trace framed by `pbt.server` / `pbt.runEnd`. */
  readonly trace: TraceRecord[];
  readonly violations: Violation[];
  /** Engine failure other than the event budget (a model crash), or null. */
  readonly failure: string | null;
}

/**
 * Compiles, runs and checks one scenario.
 * @param scenario - a scenario object (e.g. from `scenarioArbitrary`)
 * @param options - seed, faults, tie breaker, invariant filter
 * @returns the run, its framed trace and the violations
 */
export function checkScenario(scenario: ScenarioFile, options: CheckScenarioOptions): CheckedRun {
  const compiled = compileScenario(scenario, '<generated>', new Set(options.faults ?? []));
  const run = runScenario(compiled, { seed: options.seed, autoFreeze: false, ...(options.tieBreaker ? { tieBreaker: options.tieBreaker } : {}) });
  const trace = withRunContext(compiled, run);
  const failure = run.run.ok || run.run.error.code === 'event-budget-exceeded' ? null : run.run.error.message;
  return { compiled, run, trace, violations: checkTrace(trace, options.invariants), failure };
}
