/**
 * The worker-thread entry of the local pool (piscina loads this file in each thread): runs one
 * shard task and returns its folded result. Next to it at run time: `shardWorker.js` in dist/,
 * `shardWorker.ts` under tsx (see {@link shardWorkerFile}).
 * @module
 */
import { runShardTask, type ShardTask } from './task.js';
import type { SweepShardResult } from './shard.js';
import type { CheckShardResult } from './checkShard.js';
import type { MutantHunt } from '../../properties/suite.js';

/** Runs one shard (piscina calls the default export with the task). */
export default function shardWorker(task: ShardTask): Promise<SweepShardResult | CheckShardResult | MutantHunt> {
  return runShardTask(task);
}

/**
 * The URL of this module's file, for piscina: the compiled `.js` in production, the `.ts`
 * source when running under tsx (threads inherit the parent's `--import tsx` through
 * `process.execArgv`, so the loader applies there too).
 */
export function shardWorkerFile(): string {
  return import.meta.url;
}
