/**
 * Reaching Redis: the probe that turns a missing Redis into one clear error, and a timeout
 * helper. The `--queue` URL itself is parsed in url.ts (no Redis client needed for that).
 * @module
 */
import { Redis } from 'ioredis';
import { parseRedisUrl, QueueError } from './url.js';

export { parseRedisUrl, QUEUE_NAME, QueueError } from './url.js';
export type { RedisConnection } from './url.js';

/** Rejects when `p` takes longer than `ms` (connecting to a Redis that is not there). */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new QueueError(what)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects once, without retries, and pings: a missing or refusing Redis becomes one clear
 * error instead of BullMQ's endless reconnect loop.
 * @throws QueueError `cannot reach Redis at <url> (<reason>)`
 */
export async function probeRedis(url: string): Promise<void> {
  const c = parseRedisUrl(url);
  const client = new Redis({ ...c, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000, enableOfflineQueue: false });
  let first: NodeJS.ErrnoException | null = null;
  client.on('error', (e: NodeJS.ErrnoException) => { first ??= e; });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const err = first ?? (e as NodeJS.ErrnoException);
    throw new QueueError(`cannot reach Redis at ${url} (${err.code ?? err.message})`);
  } finally {
    client.disconnect();
  }
}
