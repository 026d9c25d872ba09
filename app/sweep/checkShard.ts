/**
 * Check shards: `pbtsim check` over generated scenarios, sharded. The generated sequence is cut
 * into chunks of {@link CHECK_CHUNK} scenarios; chunk 0 uses the `--seed` itself (so its
 * scenarios are exactly those a single fast-check run with that seed generates), chunk k a seed
 * derived from it. Within a chunk a shard jumps to its first scenario with fast-check's `path`
 * (values are generated lazily, so skipping costs a random-generator jump per value, not a
 * generation) and checks {@link CHECK_SHARD} scenarios against every selected invariant at once.
 * The shard returns, per invariant, the first failing index (and the events before it): merged
 * in index order, the outcome is the same for any number of workers.
 * @module
 */
import fc from 'fast-check';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { checkScenario } from '../../properties/harness.js';
import type { Fault } from '../../models/pbt/index.js';
import { SHARD_FORMAT } from './shard.js';

/** Scenarios per chunk of the generated sequence (one fast-check seed each). */
export const CHECK_CHUNK = 10_000;
/** Scenarios per check shard. */
export const CHECK_SHARD = 25;

/** One check shard: scenarios [first, first + count) of the generated sequence. */
export interface CheckShardPayload {
  readonly format: typeof SHARD_FORMAT;
  readonly kind: 'check';
  readonly pbtsimVersion: string;
  /** The fast-check seed of the run (`--seed`). */
  readonly seed: number;
  /** Global index of the first scenario (the shard's place in the merge order). */
  readonly first: number;
  readonly count: number;
  /** Invariant names to check. */
  readonly invariants: readonly string[];
  /** Model faults (mutants) to build the model with; empty for a normal check. */
  readonly faults: readonly Fault[];
}

/** The first failure of one invariant within a shard. */
export interface CheckShardFailure {
  readonly invariant: string;
  /** Global index of the failing scenario. */
  readonly index: number;
  /** Events of the shard's scenarios before it (the failing one included). */
  readonly eventsThrough: number;
}

/** What a check shard returns. */
export interface CheckShardResult {
  readonly first: number;
  readonly count: number;
  readonly events: number;
  readonly failures: readonly CheckShardFailure[];
}

/** The fast-check seed of chunk `k` (chunk 0: the seed itself). */
export function chunkSeed(seed: number, chunk: number): number {
  if (chunk === 0) return seed;
  let h = (seed ^ Math.imul(chunk, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/** Where global scenario `index` lives: its chunk's seed and its position in the chunk. */
export function locate(seed: number, index: number): { seed: number; path: string } {
  return { seed: chunkSeed(seed, Math.floor(index / CHECK_CHUNK)), path: String(index % CHECK_CHUNK) };
}

/** The shard plan: [first, count) ranges that never cross a chunk. */
export function planCheck(runs: number): { first: number; count: number }[] {
  const out: { first: number; count: number }[] = [];
  for (let first = 0; first < runs;) {
    const chunkEnd = (Math.floor(first / CHECK_CHUNK) + 1) * CHECK_CHUNK;
    const count = Math.min(CHECK_SHARD, runs - first, chunkEnd - first);
    out.push({ first, count });
    first += count;
  }
  return out;
}

/** Runs a check shard: each scenario once, every invariant checked on its trace. */
export function runCheckShard(payload: CheckShardPayload): CheckShardResult {
  const at = locate(payload.seed, payload.first);
  const failures = new Map<string, CheckShardFailure>();
  let events = 0;
  let index = payload.first;
  fc.check(
    fc.property(scenarioArbitrary(), seedArbitrary, (scenario, s) => {
      const run = checkScenario(scenario, { seed: s, invariants: payload.invariants, faults: payload.faults });
      events += run.run.result.eventCount;
      const broken = run.failure !== null ? payload.invariants : [...new Set(run.violations.map((v) => v.invariant))];
      for (const name of broken) if (!failures.has(name)) failures.set(name, { invariant: name, index, eventsThrough: events });
      index++;
    }),
    { seed: at.seed, path: at.path, numRuns: payload.count },
  );
  if (index !== payload.first + payload.count) throw new Error(`check shard at ${payload.first}: ran ${index - payload.first} of ${payload.count} scenarios`);
  return { first: payload.first, count: payload.count, events, failures: [...failures.values()].sort((a, b) => (a.invariant < b.invariant ? -1 : 1)) };
}
