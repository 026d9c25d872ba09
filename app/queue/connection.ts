/**
 * Redis connection settings for the queue: `redis://[user:password@]host[:port][/db]` →
 * the ioredis options BullMQ takes. `maxRetriesPerRequest: null` is what BullMQ workers need
 * (a blocking command must not fail while Redis restarts).
 * @module
 */

import { Redis } from 'ioredis';

/** Name of the BullMQ queue that carries pbtsim shards. */
export const QUEUE_NAME = 'pbtsim-shards';

/** Connection options for BullMQ (a subset of ioredis's). */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  readonly db?: number;
  readonly username?: string;
  readonly password?: string;
  readonly maxRetriesPerRequest: null;
}

/** A bad `--queue` URL or an unreachable Redis (the CLI prints it as one line, exit 2). */
export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

/**
 * Parses a `--queue` URL.
 * @throws QueueError naming what is wrong
 */
export function parseRedisUrl(text: string): RedisConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueError(`--queue: expected redis://host:port, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'redis:') throw new QueueError(`--queue: expected a redis:// URL, got ${JSON.stringify(text)}`);
  if (url.hostname === '') throw new QueueError(`--queue: no host in ${JSON.stringify(text)}`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new QueueError(`--queue: expected a database number after the port, got ${JSON.stringify(dbText)}`);
  return {
    host: url.hostname, port, maxRetriesPerRequest: null,
    ...(dbText !== '' ? { db: Number(dbText) } : {}),
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
  };
}

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
