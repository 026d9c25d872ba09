/**
 * `pbtsim worker --queue redis://host:port`: takes sweep and check shards off the BullMQ queue
 * and runs them on this machine's cores until stopped (SIGTERM or Ctrl-C: it finishes the shards
 * it holds, then exits 0). Run it on any number of machines next to one Redis (docs/sweep.md).
 * A shard planned by another pbtsim version is refused with a message naming both versions.
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { parseRedisUrl } from '../../app/queue/url.js';
import { pbtsimVersion } from '../../app/sweep/index.js';
import { parsePositiveInt } from '../io.js';
import type { Register } from './index.js';
import { asCliError } from '../errors.js';

/** Options of `pbtsim worker`. */
export interface WorkerCommandOptions {
  queue: string;
  threads?: string;
  lockMs?: string;
  quiet?: boolean;
}

/** Runs `pbtsim worker` until SIGTERM/SIGINT; resolves with the exit code. */
export async function workerCommand(opts: WorkerCommandOptions): Promise<number> {
  const threads = opts.threads !== undefined ? parsePositiveInt('--threads', opts.threads) : availableParallelism();
  const lockMs = opts.lockMs !== undefined ? parsePositiveInt('--lock-ms', opts.lockMs) : undefined;
  try {
    parseRedisUrl(opts.queue);
  } catch (e) {
    throw asCliError(e);
  }
  const version = pbtsimVersion();
  const log = opts.quiet === true ? () => undefined : (line: string): void => { process.stderr.write(`pbtsim worker: ${line}\n`); };
  const { startQueueWorker } = await import('../../app/queue/index.js');
  const handle = await startQueueWorker({ url: opts.queue, version, threads, ...(lockMs !== undefined ? { lockMs } : {}), log }).catch((e: unknown) => { throw asCliError(e); });
  log(`pbtsim ${version}, ${threads} thread(s), taking shards from ${opts.queue}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => { process.off('SIGTERM', stop); process.off('SIGINT', stop); log('stopping: finishing the shards in hand'); resolve(); };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await handle.close();
  log('stopped');
  return 0;
}

/** Registers `pbtsim worker`. */
export const registerWorker: Register = (program: Command, handle) => {
  program
    .command('worker')
    .description('take sweep and check shards off a Redis queue (pbtsim sweep/check --queue) and run them on every core, until stopped')
    .requiredOption('--queue <url>', 'the Redis of the queue: redis://host:port')
    .option('--threads <n>', 'worker threads = shards at once (default: the number of cores)')
    .option('--lock-ms <n>', 'job lock (ms): a shard whose worker died goes back on the queue after about this long (default 5000)')
    .option('--quiet', 'no log lines on stderr')
    .action((opts: WorkerCommandOptions) => handle(() => workerCommand(opts)));
};
