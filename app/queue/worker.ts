/**
 * `pbtsim worker`: takes shard jobs off the BullMQ queue and runs them on this machine's cores
 * (worker threads through the same piscina pool as local sweeps, so the event loop stays free
 * to renew job locks). A payload of another pbtsim version, format or scenario digest is refused
 * with BullMQ's UnrecoverableError: the job fails at once with a message naming both versions,
 * instead of mixing results. Lock and stalled-check intervals are short by default (5 s / 2.5
 * s), so a job whose worker was killed goes back on the queue within seconds.
 * @module
 */
import { UnrecoverableError, Worker } from 'bullmq';
import { checkPayload, ShardRefused, SHARD_FORMAT } from '../sweep/shard.js';
import { shardPool } from '../sweep/pool.js';
import type { ShardTask } from '../sweep/task.js';
import { parseRedisUrl, probeRedis, QUEUE_NAME, within } from './connection.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  readonly url: string;
  /** This worker's pbtsim version; payloads must carry the same. */
  readonly version: string;
  /** Worker threads = jobs run at once. */
  readonly threads: number;
  /** BullMQ lock duration (ms): a job whose worker stops renewing it for this long is stalled. */
  readonly lockMs?: number;
  /** How often this worker looks for stalled jobs (ms; default lockMs / 2). */
  readonly stalledMs?: number;
  /** Queue name (default {@link QUEUE_NAME}). */
  readonly queueName?: string;
  /** A line per event (taken, done, refused). */
  readonly log?: (line: string) => void;
}

/** A running worker. */
export interface QueueWorkerHandle {
  /** Stops taking jobs, waits for the running ones, closes the pool and the connection. */
  close(): Promise<void>;
}

const describe = (t: ShardTask): string => (t.kind === 'sweep'
  ? `sweep setting ${t.setting}, seeds ${t.seeds[0]}..${t.seeds[t.seeds.length - 1]} (${t.seeds.length})`
  : t.kind === 'check' ? `check scenarios ${t.first}..${t.first + t.count - 1}` : `mutant ${t.fault}`);

/** Starts a worker; resolves once it is connected and taking jobs. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const log = options.log ?? (() => undefined);
  const lockDuration = options.lockMs ?? 5000;
  await probeRedis(options.url);
  const pool = shardPool(options.threads);
  const worker = new Worker(options.queueName ?? QUEUE_NAME, async (job) => {
    const task = job.data as ShardTask;
    try {
      checkPayload(task, options.version, SHARD_FORMAT);
    } catch (e) {
      if (e instanceof ShardRefused) { log(`refused ${job.id}: ${e.message}`); throw new UnrecoverableError(e.message); }
      throw e;
    }
    log(`took ${job.id}: ${describe(task)}`);
    const result: unknown = await pool.run(task);
    log(`done ${job.id}`);
    return result;
  }, {
    connection: parseRedisUrl(options.url), concurrency: options.threads, lockDuration, stalledInterval: options.stalledMs ?? Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 5, autorun: false,
  });
  worker.on('error', (e) => log(`error: ${e.message}`));
  await within(worker.waitUntilReady(), 10_000, `cannot reach Redis at ${options.url} (10 s)`);
  void worker.run();
  return {
    close: async () => {
      await worker.close();
      await pool.destroy();
    },
  };
}
