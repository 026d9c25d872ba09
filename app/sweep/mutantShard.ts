/**
 * Mutant shards for `pbtsim check --mutants --workers N`: one shard hunts one model fault
 * (`huntMutant` of properties/suite.ts: the property suites against a model built with the
 * fault, until an invariant fails). Hunts are independent and deterministic, so they run on any
 * thread or machine and come back in fault order.
 * @module
 */
import type { Fault } from '../../models/pbt/index.js';
import { INVARIANTS } from '../../properties/index.js';
import { huntMutant, type MutantHunt } from '../../properties/suite.js';
import { SHARD_FORMAT } from './shard.js';

/** One mutant hunt. */
export interface MutantShardPayload {
  readonly format: typeof SHARD_FORMAT;
  readonly kind: 'mutant';
  readonly pbtsimVersion: string;
  readonly fault: Fault;
  readonly runs: number;
  /** fast-check seed. */
  readonly seed: number;
  /** Invariant names that count as killers. */
  readonly invariants: readonly string[];
}

/** Runs one hunt. */
export function runMutantShard(p: MutantShardPayload): MutantHunt {
  return huntMutant(p.fault, p.runs, p.seed, INVARIANTS.filter((i) => p.invariants.includes(i.name)));
}
