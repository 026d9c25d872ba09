/**
 * Shards: a shard is (setting index, a run of consecutive seeds of the sweep's seed list) and
 * returns folded aggregates, never traces. The payload is plain JSON and versioned (pbtsim
 * version + the digest of the scenario it runs), so it can cross a worker thread or a Redis
 * queue, and a worker of another version refuses it instead of mixing results. The job ID of a
 * payload is the digest of its canonical JSON: the same shard is never counted twice.
 * @module
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../engine/index.js';
import { compileScenario, type CompiledScenario } from '../../models/pbt/index.js';
import type { SettingAggregate } from './aggregate.js';
import { SeedFold } from './seedFold.js';
import { ShardAccumulator } from './shardAccumulator.js';
import { runSeedFromTrace, type SeedRunner, type SyncSeedRunner } from './seedRunner.js';

/** Format tag of a sweep shard payload. */
export const SHARD_FORMAT = 'pbtsim-shard/1';

/** One shard of a sweep: run `seeds` of the scenario (with the setting applied). */
export interface SweepShardPayload {
  readonly format: typeof SHARD_FORMAT;
  readonly kind: 'sweep';
  /** The pbtsim version that planned the shard; a worker of another version refuses it. */
  readonly pbtsimVersion: string;
  /** sha256 of the canonical JSON of `scenario`; checked by the worker. */
  readonly scenarioDigest: string;
  /** The scenario source with the setting applied (validated by the coordinator). */
  readonly scenario: unknown;
  /** The scenario's file name, for messages. */
  readonly file: string;
  /** Index of the setting in the sweep's cartesian product. */
  readonly setting: number;
  /** Index of the first seed in the sweep's seed list (the shard's place in the merge order). */
  readonly first: number;
  readonly seeds: readonly number[];
}

/** What a shard returns. */
export interface SweepShardResult {
  readonly setting: number;
  readonly first: number;
  readonly events: number;
  readonly aggregate: SettingAggregate;
}

/** `sha256:<hex>` of a value's canonical JSON. */
export function digestOf(value: unknown): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The job ID of a payload: its digest, without characters Redis keys or BullMQ dislike. */
export function jobIdOf(payload: unknown): string {
  return digestOf(payload).replace('sha256:', 'shard-');
}

/** Orders shards for merging: setting, then position in the seed list. */
export function compareShards(a: { setting: number; first: number }, b: { setting: number; first: number }): number {
  return a.setting - b.setting || a.first - b.first;
}

/** Thrown when a payload is not one this worker may run (version or digest mismatch). */
export class ShardRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardRefused';
  }
}

/**
 * Checks a payload before running it.
 * @param payload - the payload as received
 * @param version - this worker's pbtsim version
 * @throws ShardRefused naming what does not match
 */
export function checkPayload(payload: { format?: unknown; pbtsimVersion?: unknown; scenarioDigest?: unknown; scenario?: unknown }, version: string, format: string): void {
  if (payload.format !== format) throw new ShardRefused(`shard payload format ${JSON.stringify(payload.format)}; this worker runs ${format}`);
  if (payload.pbtsimVersion !== version) {
    throw new ShardRefused(`shard planned by pbtsim ${String(payload.pbtsimVersion)}, this worker is pbtsim ${version}: refusing to mix results of different versions`);
  }
  if (payload.scenario !== undefined && digestOf(payload.scenario) !== payload.scenarioDigest) throw new ShardRefused('shard scenario does not match its scenarioDigest');
}

/**
 * Runs a sweep shard: each seed through the record source, folded into one aggregate. Complete
 * runs feed the distributions; truncated and failed runs are counted and listed only.
 * @param payload - the shard
 * @param compiled - the compiled scenario (compiled from the payload when omitted)
 * @param runner - a synchronous record source (default: {@link runSeedFromTrace})
 */
export function runSweepShard(payload: SweepShardPayload, compiled?: CompiledScenario, runner: SyncSeedRunner = runSeedFromTrace): SweepShardResult {
  const sc = compiled ?? compileScenario(payload.scenario, payload.file);
  const acc = new ShardAccumulator();
  for (const seed of payload.seeds) {
    const fold = new SeedFold();
    const run = runner(sc, seed, [fold]);
    acc.add(seed, run, fold.finish());
  }
  return { setting: payload.setting, first: payload.first, events: acc.events, aggregate: acc.aggregate(payload.seeds.length) };
}

/**
 * {@link runSweepShard} over an asynchronous record source (e.g. the pipeline's streaming
 * `simulate`, which yields to the event loop during long runs). Same result for the same runs.
 */
export async function runSweepShardAsync(payload: SweepShardPayload, runner: SeedRunner, compiled?: CompiledScenario): Promise<SweepShardResult> {
  const sc = compiled ?? compileScenario(payload.scenario, payload.file);
  const acc = new ShardAccumulator();
  for (const seed of payload.seeds) {
    const fold = new SeedFold();
    const run = await runner(sc, seed, [fold]);
    acc.add(seed, run, fold.finish());
  }
  return { setting: payload.setting, first: payload.first, events: acc.events, aggregate: acc.aggregate(payload.seeds.length) };
}
