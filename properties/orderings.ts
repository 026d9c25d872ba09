/**
 * Same-instant orderings: a seeded shuffle tie breaker (sensitivity checks) and a small-scope
 * exhaustive exploration that enumerates every order of same-(time, rank) events by a
 * depth-first search over the engine tie breaker's choice sequences.
 * @module
 */
import seedrandom from 'seedrandom';
import type { TieBreaker } from '../engine/index.js';
import type { Fault, PbtEvent, ScenarioFile } from '../models/pbt/index.js';
import { checkScenario, type CheckedRun } from './harness.js';
import type { Violation } from './violation.js';

/**
 * A tie breaker that picks uniformly among tied events with its own seeded stream.
 * @param seed - shuffle seed (independent of the engine seed)
 */
export function shuffleTieBreaker(seed: number | string): TieBreaker<PbtEvent> {
  const rng = seedrandom.alea(`pbtsim/shuffle/${seed}`);
  return { choose: (candidates) => Math.floor(rng() * candidates.length) };
}

/** Options of {@link exploreOrderings}. */
export interface ExploreOptions {
  /** Engine seed. */
  readonly seed: number;
  /** Stop after this many orderings (the result says it was truncated). Default 2000. */
  readonly maxOrderings?: number;
  /** Invariants to check (default all). */
  readonly invariants?: readonly string[];
  /** Model faults (mutants). */
  readonly faults?: readonly Fault[];
}

/** What an exhaustive exploration found. */
export interface Exploration {
  /** Complete runs (orderings) explored. */
  readonly orderings: number;
  /** Choice points met across all runs (states with more than one possible next event). */
  readonly choicePoints: number;
  /** Distinct trace digests among the orderings (distinct behaviours). */
  readonly distinctTraces: number;
  /** Distinct per-task outcome tables among the orderings. */
  readonly distinctOutcomes: number;
  /** True when `maxOrderings` cut the search short. */
  readonly truncated: boolean;
  /** The first violating ordering, as its choice sequence, with its violations. */
  readonly failure: { readonly choices: readonly number[]; readonly violations: readonly Violation[]; readonly run: CheckedRun } | null;
}

/**
 * Explores every ordering of same-(time, rank) events of one scenario (depth-first over the
 * tie breaker's choices: replay a prefix, then take choice 0 at each new choice point;
 * backtrack to the deepest point with an untried alternative).
 * @param scenario - a small scenario (a few tasks, ≤ 2 pages: the count grows factorially)
 * @param options - engine seed, budget, invariants
 */
export function exploreOrderings(scenario: ScenarioFile, options: ExploreOptions): Exploration {
  const max = options.maxOrderings ?? 2000;
  let prefix: number[] = [];
  let orderings = 0;
  let choicePoints = 0;
  const digests = new Set<string>();
  const outcomes = new Set<string>();
  for (;;) {
    const choices: number[] = [];
    const widths: number[] = [];
    const tb: TieBreaker<PbtEvent> = {
      choose(candidates) {
        const k = choices.length;
        const c = k < prefix.length ? prefix[k]! : 0;
        choices.push(c);
        widths.push(candidates.length);
        return c;
      },
    };
    const run = checkScenario(scenario, { seed: options.seed, tieBreaker: tb, faults: options.faults ?? [], ...(options.invariants ? { invariants: options.invariants } : {}) });
    orderings++;
    choicePoints += widths.length;
    digests.add(run.run.result.digest);
    outcomes.add(JSON.stringify(run.run.result.tasks.map((t) => JSON.stringify([t.session, t.taskId, t.outcome, t.cancelReason, t.startedAtMs, t.endedAtMs, t.trigger, t.delivery, t.surfacedAs])).sort()));
    if (run.failure !== null || run.violations.length > 0) {
      return { orderings, choicePoints, distinctTraces: digests.size, distinctOutcomes: outcomes.size, truncated: false, failure: { choices, violations: run.violations, run } };
    }
    let k = choices.length - 1;
    while (k >= 0 && choices[k]! + 1 >= widths[k]!) k--;
    if (k < 0) return { orderings, choicePoints, distinctTraces: digests.size, distinctOutcomes: outcomes.size, truncated: false, failure: null };
    if (orderings >= max) return { orderings, choicePoints, distinctTraces: digests.size, distinctOutcomes: outcomes.size, truncated: true, failure: null };
    prefix = [...choices.slice(0, k), choices[k]! + 1];
  }
}
