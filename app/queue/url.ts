/**
 * What a `--queue` URL means, without loading the Redis client: the URL parser, the connection
 * settings it gives and the error the CLI prints. Kept apart from connection.ts so that commands
 * which never touch Redis (and the CLI's error formatting) do not load ioredis and BullMQ at
 * start-up (about a third of a second of every `pbtsim` invocation).
 * @module
 */

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
