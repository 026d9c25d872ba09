/**
 * What the pipeline's thread and the check thread share (checkThread.ts, checkWorker.ts): the
 * messages they exchange and one word of shared memory, the number of batches the check thread
 * has consumed (the pipeline waits on it when the thread falls behind, so batches in flight stay
 * bounded).
 * @module
 * @internal
 */
import type { PackedBatch } from '../engine/index.js';
import type { CheckResult, CheckSpec } from './checkConsumer.js';

/** The check thread's `workerData`. @internal */
export interface CheckWorkerData {
  /** What to check besides the digest. */
  readonly spec: CheckSpec;
  /** One Int32 word: batches consumed. */
  readonly memory: SharedArrayBuffer;
}

/** Pipeline → check thread. @internal */
export type CheckWorkerMessage = { readonly batch: PackedBatch } | { readonly end: true };

/** Check thread → pipeline, once, at the end (or on failure). @internal */
export type CheckWorkerReply = ({ readonly ok: true } & CheckResult) | { readonly ok: false; readonly error: string };

/** Index of the consumed-batches word. @internal */
export const CONSUMED = 0;
