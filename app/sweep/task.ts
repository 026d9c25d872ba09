/**
 * A shard task: what a worker thread, or a `pbtsim worker` taking jobs off Redis, runs. Sweep
 * shards and check shards share one entry point ({@link runShardTask}), one payload envelope
 * (format, pbtsim version, digest) and one job-ID rule.
 * @module
 */
import { runCheckShard, type CheckShardPayload, type CheckShardResult } from './checkShard.js';
import { runSweepShardAsync, type SweepShardPayload, type SweepShardResult } from './shard.js';
import { runSeedStreaming } from './seedRunner.js';

/** Any shard payload. */
export type ShardTask = SweepShardPayload | CheckShardPayload;

/** The result of a shard task, by payload kind. */
export type ShardTaskResult<T extends ShardTask> = T extends SweepShardPayload ? SweepShardResult : CheckShardResult;

/** Runs one shard task (the caller has checked the payload's version); sweeps stream each seed. */
export async function runShardTask(task: ShardTask): Promise<SweepShardResult | CheckShardResult> {
  return task.kind === 'sweep' ? runSweepShardAsync(task, runSeedStreaming) : runCheckShard(task);
}
