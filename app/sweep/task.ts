/**
 * A shard task: what a worker thread, or a `pbtsim worker` taking jobs off Redis, runs. Sweep
 * shards and check shards share one entry point ({@link runShardTask}), one payload envelope
 * (format, pbtsim version, digest) and one job-ID rule.
 * @module
 */
import type { MutantHunt } from '../../properties/suite.js';
import { runCheckShard, type CheckShardPayload, type CheckShardResult } from './checkShard.js';
import { runMutantShard, type MutantShardPayload } from './mutantShard.js';
import { runSweepShardAsync, type SweepShardPayload, type SweepShardResult } from './shard.js';
import { runSeedStreaming } from './seedRunner.js';

/** Any shard payload. */
export type ShardTask = SweepShardPayload | CheckShardPayload | MutantShardPayload;


/** Runs one shard task (the caller has checked the payload's version); sweeps stream each seed. */
export async function runShardTask(task: ShardTask): Promise<SweepShardResult | CheckShardResult | MutantHunt> {
  switch (task.kind) {
    case 'sweep': return runSweepShardAsync(task, runSeedStreaming);
    case 'check': return runCheckShard(task);
    case 'mutant': return runMutantShard(task);
  }
}
