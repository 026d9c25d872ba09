/**
 * `pbtsim check` sharded: plan check shards over the generated sequence, run them on an executor
 * (this thread, worker threads, Redis), merge in index order (per invariant: the first failing
 * scenario and the events up to it), then shrink each failure here, by replaying fast-check at
 * that scenario (`seed` + `path`) with the invariant's property. Everything but wall time is a
 * function of (seed, runs, invariants): the same for any number of workers.
 * @module
 */
import fc from 'fast-check';
import type { Fault, ScenarioFile } from '../../models/pbt/index.js';
import { INVARIANTS } from '../../properties/index.js';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { InvariantFailure, RunCache } from '../../properties/suite.js';
import { locate, planCheck, type CheckShardPayload, type CheckShardResult } from './checkShard.js';
import { SHARD_FORMAT } from './shard.js';
import type { ShardExecutor } from './sweepRun.js';

/** One invariant's outcome. */
export interface CheckedInvariant {
  readonly invariant: string;
  readonly clauses: readonly string[];
  /** Scenarios checked: all of them, or up to and including the first failure. */
  readonly runs: number;
  /** Engine events of those scenarios. */
  readonly events: number;
  readonly passed: boolean;
  /** The shrunk counterexample and the failure's message, when it failed. */
  readonly counterexample: { readonly scenario: ScenarioFile; readonly seed: number; readonly message: string } | null;
}

/** The merged check. */
export interface CheckOutcome {
  readonly invariants: readonly CheckedInvariant[];
  /** Scenarios simulated: the sharded runs plus those shrinking took. */
  readonly scenariosSimulated: number;
  readonly eventsSimulated: number;
  readonly shards: { readonly done: number; readonly total: number };
  readonly finished: boolean;
}

/** Inputs of {@link runCheck}. */
export interface CheckInput {
  readonly runs: number;
  readonly seed: number;
  /** Invariant names, in report order. */
  readonly invariants: readonly string[];
  readonly pbtsimVersion: string;
  /** Model faults (mutants); default none. */
  readonly faults?: readonly Fault[];
}

/** The check's shard payloads. */
export function planCheckTasks(input: CheckInput): CheckShardPayload[] {
  return planCheck(input.runs).map(({ first, count }) => ({ format: SHARD_FORMAT, kind: 'check', pbtsimVersion: input.pbtsimVersion, seed: input.seed, first, count, invariants: input.invariants, faults: input.faults ?? [] }));
}

function shrink(name: string, seed: number, index: number, cache: RunCache): CheckedInvariant['counterexample'] {
  const inv = INVARIANTS.find((i) => i.name === name)!;
  const at = locate(seed, index);
  const r = fc.check(fc.property(scenarioArbitrary(), seedArbitrary, (scenario, s) => {
    const run = cache.get(scenario, s);
    const violations = inv.check(run.trace);
    if (run.failure !== null || violations.length > 0) throw new InvariantFailure(run, violations);
  }), { seed: at.seed, path: at.path, numRuns: 1 });
  if (!r.failed || r.counterexample === null) throw new Error(`check: scenario ${index} failed ${name} in its shard but not when replayed (seed ${at.seed}, path ${at.path})`);
  const [scenario, s] = r.counterexample;
  const run = cache.get(scenario, s);
  const first = inv.check(run.trace)[0];
  return { scenario, seed: s, message: run.failure ?? (first ? `at ${first.atMs} ms: ${first.message}` : 'failed') };
}

/**
 * Runs a check on an executor and shrinks its failures in this thread.
 * @param onProgress - scenarios done so far, after each shard
 */
export async function runCheck(input: CheckInput, execute: ShardExecutor, onProgress: (done: number, total: number) => void = () => {}): Promise<CheckOutcome> {
  const tasks = planCheckTasks(input);
  const results = new Map<number, CheckShardResult>();
  let done = 0;
  const finished = await execute(tasks, (i, r) => {
    if (results.has(i)) return;
    results.set(i, r as CheckShardResult);
    done += tasks[i]!.count;
    onProgress(done, input.runs);
  });
  const ordered = [...results.values()].sort((a, b) => a.first - b.first);
  let eventsBefore = 0;
  let ran = 0;
  const firstFailure = new Map<string, { index: number; events: number }>();
  for (const r of ordered) {
    for (const f of r.failures) if (!firstFailure.has(f.invariant)) firstFailure.set(f.invariant, { index: f.index, events: eventsBefore + f.eventsThrough });
    eventsBefore += r.events;
    ran += r.count;
  }
  const cache = new RunCache(256, input.faults ?? []);
  const invariants = input.invariants.map((name): CheckedInvariant => {
    const inv = INVARIANTS.find((i) => i.name === name)!;
    const f = firstFailure.get(name);
    if (f === undefined) return { invariant: name, clauses: inv.clauses, runs: ran, events: eventsBefore, passed: true, counterexample: null };
    return { invariant: name, clauses: inv.clauses, runs: f.index + 1, events: f.events, passed: false, counterexample: shrink(name, input.seed, f.index, cache) };
  });
  return {
    invariants, scenariosSimulated: ran + cache.runs, eventsSimulated: eventsBefore + cache.events,
    shards: { done: results.size, total: tasks.length }, finished: finished && results.size === tasks.length,
  };
}
