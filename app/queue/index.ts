/**
 * Sweeps and checks on many machines: shards on a BullMQ queue in Redis, a coordinator that
 * collects their results and `pbtsim worker` processes that take them.
 * @module
 */
export { queueExecutor } from './coordinator.js';
export type { QueueExecutorOptions } from './coordinator.js';
export { startQueueWorker } from './worker.js';
export type { QueueWorkerOptions, QueueWorkerHandle } from './worker.js';
export { parseRedisUrl, probeRedis, QUEUE_NAME, QueueError } from './connection.js';
export type { RedisConnection } from './connection.js';
