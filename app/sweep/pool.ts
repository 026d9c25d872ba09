/**
 * Runs shard tasks on all cores: worker threads through piscina, at most `2 × workers` tasks in
 * flight (so memory stays bounded for a million seeds), results handed back as they finish. One
 * worker runs in this thread (no thread start-up). An abort signal (Ctrl-C) stops submitting,
 * cancels the tasks in flight and resolves with what was finished.
 * @module
 */
import { Piscina } from 'piscina';
import shardWorker, { shardWorkerFile } from './shardWorker.js';
import type { ShardTask } from './task.js';

/** Options of {@link runShardsLocal}. */
export interface LocalRunOptions {
  /** Worker threads (1 = in this thread). */
  readonly workers: number;
  /** Called with each finished task's index and result, in completion order. */
  readonly onResult: (index: number, result: unknown) => void;
  /** Stops the run; finished results have been handed to `onResult`. */
  readonly signal?: AbortSignal;
  /**
   * A pool to use (and leave open) instead of starting one: benchmarks time warm threads, and
   * `workers: 1` then means one worker thread, not this thread.
   */
  readonly pool?: Piscina;
}

/** Starts a pool of `threads` worker threads that run shard tasks (see {@link runShardsLocal}). */
export function shardPool(threads: number): Piscina {
  return new Piscina({ filename: shardWorkerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
}

/** Yields to the event loop (so a SIGINT handler can run between in-thread shards). */
const yieldLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs every task; resolves when all are done or the signal aborted.
 * @returns true when every task ran, false when aborted
 */
export async function runShardsLocal(tasks: readonly ShardTask[], options: LocalRunOptions): Promise<boolean> {
  const { workers, onResult, signal } = options;
  if (workers <= 1 && options.pool === undefined) {
    for (let i = 0; i < tasks.length; i++) {
      if (signal?.aborted) return false;
      onResult(i, await shardWorker(tasks[i]!));
      await yieldLoop();
    }
    return signal?.aborted !== true;
  }
  const pool = options.pool ?? shardPool(workers);
  const window = workers * 2;
  let next = 0;
  let failed: unknown = null;
  try {
    await new Promise<void>((resolve) => {
      let inFlight = 0;
      const pump = (): void => {
        while (failed === null && signal?.aborted !== true && inFlight < window && next < tasks.length) {
          const i = next++;
          inFlight++;
          pool.run(tasks[i]!).then(
            (r: unknown) => { inFlight--; if (signal?.aborted !== true) onResult(i, r); pump(); },
            (e: unknown) => { inFlight--; if (failed === null && signal?.aborted !== true) failed = e; pump(); },
          );
        }
        if (inFlight === 0) resolve();
      };
      // On abort, stop at once: destroying the pool (below) ends the tasks in flight.
      signal?.addEventListener('abort', () => resolve(), { once: true });
      pump();
    });
  } finally {
    if (options.pool === undefined) await pool.destroy();
  }
  if (failed !== null) throw failed;
  return signal?.aborted !== true && next === tasks.length;
}
