/**
 * The coordinator side of a queued sweep or check: puts every shard on the BullMQ queue as a job
 * whose ID is the digest of its payload (so the same shard is never queued or counted twice, and
 * a rerun reuses results still in Redis), collects the results as they come (QueueEvents, plus
 * polling of the pending jobs so nothing is missed), and resolves when every shard is in. A
 * worker that dies mid-shard leaves a stalled job; the other workers' stalled check puts it back
 * on the queue (docs/sweep.md). A job that fails (a worker of another version refuses it) fails
 * the run with the worker's message.
 * @module
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import { jobIdOf } from '../sweep/shard.js';
import type { ShardExecutor } from '../sweep/sweepRun.js';
import type { ShardTask } from '../sweep/task.js';
import { parseRedisUrl, probeRedis, QUEUE_NAME, QueueError, within } from './connection.js';

/** Options of {@link queueExecutor}. */
export interface QueueExecutorOptions {
  /** `redis://host:port`. */
  readonly url: string;
  /** The coordinator's pbtsim version (stamped in the payloads already; used in messages). */
  readonly version: string;
  /** Stops waiting (Ctrl-C): jobs not yet taken are removed, finished results are kept. */
  readonly signal?: AbortSignal;
  /** How often pending jobs are polled (default 500 ms). */
  readonly pollMs?: number;
  /** Queue name (default {@link QUEUE_NAME}). */
  readonly queueName?: string;
  /** Told once when no shard finished for `idleMs` (no worker running?). */
  readonly onIdle?: (message: string) => void;
  /** Default 15,000 ms. */
  readonly idleMs?: number;
}

const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** An executor that runs shard tasks through Redis. */
export function queueExecutor(options: QueueExecutorOptions): ShardExecutor {
  return async (tasks: readonly ShardTask[], onResult) => {
    const connection = parseRedisUrl(options.url);
    await probeRedis(options.url);
    const name = options.queueName ?? QUEUE_NAME;
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection });
    const ids = tasks.map(jobIdOf);
    const index = new Map(ids.map((id, i) => [id, i]));
    const pending = new Set(ids);
    let failure: QueueError | null = null;
    let wake: () => void = () => undefined;
    let lastProgress = Date.now();
    let idleTold = false;
    const take = (id: string, value: unknown): void => {
      const i = index.get(id);
      if (i === undefined || !pending.has(id)) return;
      const result = parse(value);
      // A shard's result is never null: a null one was read from a stale job (see poll), so the
      // shard stays pending until its event or the next poll brings the real one.
      if (result === null || result === undefined) return;
      pending.delete(id);
      lastProgress = Date.now();
      onResult(i, result);
      if (pending.size === 0) wake();
    };
    const fail = (id: string, reason: string): void => {
      if (!pending.has(id) || failure !== null) return;
      failure = new QueueError(`shard ${id} failed on a worker: ${reason}`);
      wake();
    };
    const jobOf = (i: number): { name: string; data: ShardTask; opts: { jobId: string; attempts: number; removeOnComplete: { age: number }; removeOnFail: boolean } } =>
      ({ name: tasks[i]!.kind, data: tasks[i]!, opts: { jobId: ids[i]!, attempts: 3, removeOnComplete: { age: 3600 }, removeOnFail: true } });
    options.signal?.addEventListener('abort', () => wake(), { once: true });
    let lastError = '';
    queue.on('error', (e) => { lastError = e.message; });
    events.on('error', (e) => { lastError = e.message; });
    events.on('completed', ({ jobId, returnvalue }) => take(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => fail(jobId, failedReason));
    try {
      await within(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), 10_000, `cannot reach Redis at ${options.url} (10 s${lastError !== '' ? `: ${lastError}` : ''})`);
      for (let i = 0; i < tasks.length; i += 500) await queue.addBulk(tasks.slice(i, i + 500).map((_, k) => jobOf(i + k)));
      const poll = async (): Promise<void> => {
        for (const id of [...pending].slice(0, 50)) {
          const job: Job | undefined = await queue.getJob(id);
          if (job === undefined) { if (pending.has(id)) await queue.add(jobOf(index.get(id)!).name, jobOf(index.get(id)!).data, jobOf(index.get(id)!).opts); continue; }
          const state = await job.getState();
          // The job may have completed between getJob and getState: the object fetched first
          // then has no return value yet (a sweep-scaling bench run merged a null shard result
          // once), so a completed job is read again for it.
          if (state === 'completed') take(id, job.returnvalue ?? (await queue.getJob(id))?.returnvalue);
          else if (state === 'failed') fail(id, job.failedReason);
        }
      };
      while (pending.size > 0 && failure === null && options.signal?.aborted !== true) {
        await poll();
        if (pending.size === 0 || failure !== null) break;
        if (!idleTold && Date.now() - lastProgress > (options.idleMs ?? 15_000)) {
          idleTold = true;
          options.onIdle?.(`no shard finished in ${Math.round((options.idleMs ?? 15_000) / 1000)} s (${pending.size} of ${tasks.length} waiting): is a \`pbtsim worker --queue ${options.url}\` running?`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 500);
          wake = () => { clearTimeout(timer); resolve(); };
        });
      }
      if (failure !== null) throw failure;
      if (options.signal?.aborted === true) {
        await Promise.allSettled([...pending].map(async (id) => { const job = await queue.getJob(id); if (job !== undefined && (await job.getState()) === 'waiting') await job.remove(); }));
        return false;
      }
      return true;
    } finally {
      await Promise.allSettled([events.close(), queue.close()]);
    }
  };
}
