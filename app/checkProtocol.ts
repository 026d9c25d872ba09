/**
 * What the pipeline's thread and the check thread share (checkThread.ts, checkWorker.ts): the
 * messages they exchange, the ring of shared memory most batches are packed into, and two words:
 * the number of messages the check thread has consumed (the pipeline waits on it when the thread
 * falls behind, so batches in flight stay bounded, and reuses a ring slot only once the thread is
 * done with it) and the number of batches published (written before each post and read by the
 * thread before it reads a batch: the ordering that makes the ring's contents visible).
 * @module
 * @internal
 */
import type { PackedBatch } from '../engine/index.js';
import type { CheckResult, CheckSpec } from './checkConsumer.js';

/** The check thread's `workerData`. @internal */
export interface CheckWorkerData {
  /** What to check besides the digest. */
  readonly spec: CheckSpec;
  /** Two Int32 words: messages consumed, batches published. */
  readonly memory: SharedArrayBuffer;
}

/** Pipeline → check thread. @internal */
export type CheckWorkerMessage = { readonly batch: PackedBatch } | { readonly end: true };

/** Check thread → pipeline, once, at the end (or on failure). @internal */
export type CheckWorkerReply = ({ readonly ok: true } & CheckResult) | { readonly ok: false; readonly error: string };

/** Index of the consumed-messages word. @internal */
export const CONSUMED = 0;
/** Index of the published-batches word. @internal */
export const PUBLISHED = 1;
