/**
 * The property suites as data, shared by the ava tests and `pbtsim check`: one fast-check
 * property per invariant over generated scenarios, the mutant-kill search, and the default run
 * counts. A small cache lets every invariant's property reuse the run of a scenario that another
 * invariant's property already ran (same fast-check seed → same scenarios).
 * @module
 */
import fc from 'fast-check';
import type { Fault, ScenarioFile } from '../models/pbt/index.js';
import { scenarioArbitrary, seedArbitrary, type ScenarioArbitraryOptions } from './arbitraries/scenario.js';
import { checkScenario, type CheckedRun } from './harness.js';
import { INVARIANTS } from './index.js';
import type { Invariant, Violation } from './violation.js';

/** Runs per property in `npm test` (override with PBTSIM_RUNS); `pbtsim check --runs 1000` is the deep run. */
export const DEFAULT_RUNS = 100;
/** Fixed fast-check seed of the suites (override with PBTSIM_SEED); every failure prints its own. */
export const DEFAULT_SEED = 20261128;

/** A bounded memo of checked runs keyed by scenario and seed (no mutable module state: one per suite). */
export class RunCache {
  private readonly map = new Map<string, CheckedRun>();
  /** Runs executed (cache misses) and events processed by them. */
  runs = 0;
  events = 0;
  constructor(private readonly capacity = 512, private readonly faults: readonly Fault[] = []) {}
  /** The run of `scenario` with `seed` (framed trace; invariants are checked by the caller). */
  get(scenario: ScenarioFile, seed: number): CheckedRun {
    const key = `${seed}|${JSON.stringify(scenario)}`;
    let r = this.map.get(key);
    if (r === undefined) {
      r = checkScenario(scenario, { seed, faults: this.faults, invariants: [] });
      this.runs++;
      this.events += r.run.result.eventCount;
      if (this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value!);
      this.map.set(key, r);
    }
    return r;
  }
}

/** Thrown inside a property to carry the violations to fast-check's report. */
export class InvariantFailure extends Error {
  constructor(readonly run: CheckedRun, readonly violations: readonly Violation[]) {
    super(run.failure ?? violations.map((v) => `${v.invariant} [${v.clauses.join(', ')}] at ${v.atMs} ms: ${v.message}`).join('\n'));
    this.name = 'InvariantFailure';
  }
}

/**
 * The property "invariant `inv` holds on every generated scenario".
 * @param inv - the invariant
 * @param cache - shared run cache
 * @param options - scenario arbitrary options
 */
export function invariantProperty(inv: Invariant, cache: RunCache, options: ScenarioArbitraryOptions = {}): fc.IPropertyWithHooks<[ScenarioFile, number]> {
  return fc.property(scenarioArbitrary(options), seedArbitrary, (scenario, seed) => {
    const run = cache.get(scenario, seed);
    const violations = inv.check(run.trace);
    if (run.failure !== null || violations.length > 0) throw new InvariantFailure(run, violations);
  });
}

/** Result of hunting one mutant. */
export interface MutantHunt {
  readonly fault: Fault;
  readonly killed: boolean;
  /** Runs until the first counterexample (or all runs). */
  readonly runs: number;
  /** Invariants violated on the (unshrunk) counterexample. */
  readonly killedBy: readonly string[];
  readonly counterexample: { readonly scenario: ScenarioFile; readonly seed: number } | null;
}

/**
 * Runs the suites against a model built with `fault` until an invariant fails (no shrinking).
 * @param fault - the mutant
 * @param runs - most scenarios to try
 * @param seed - fast-check seed
 * @param invariants - which invariants count (default: all)
 */
export function huntMutant(fault: Fault, runs: number, seed: number, invariants: readonly Invariant[] = INVARIANTS): MutantHunt {
  const names = invariants.map((i) => i.name);
  let killedBy: string[] = [];
  const r = fc.check(
    fc.property(scenarioArbitrary(), seedArbitrary, (scenario, s) => {
      const run = checkScenario(scenario, { seed: s, faults: [fault], invariants: names });
      killedBy = [...new Set(run.violations.map((v) => v.invariant))];
      return run.failure === null && killedBy.length === 0;
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  const ce = r.failed && r.counterexample !== null ? { scenario: r.counterexample[0], seed: r.counterexample[1] } : null;
  return { fault, killed: r.failed, runs: r.numRuns, killedBy: r.failed ? killedBy : [], counterexample: ce };
}

/** Reads a positive integer from the environment, else the default. @internal */
export function envInt(name: string, dflt: number): number {
  const v = process.env[name];
  return v !== undefined && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : dflt;
}
