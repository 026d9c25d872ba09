/**
 * What the pipeline's thread and the digest thread share (digestFollower.ts, digestWorker.ts):
 * a few words of shared memory and the messages they exchange.
 *
 * The shared memory: a generation counter (incremented on every publication, the word the
 * digest thread waits on), the ended and ready flags, and the pipeline's event count. All through
 * `Atomics`, so a write before a publication is seen by a read after it.
 * @module
 * @internal
 */
import type { MessagePort } from 'node:worker_threads';
import type { DigestRunResult } from './digestRun.js';

const GENERATION = 0;
const ENDED = 1;
const READY = 2;
const BYTES = 24;

/** The shared words, seen from either thread. @internal */
export class FollowerMemory {
  readonly buffer: SharedArrayBuffer;
  private readonly words: Int32Array;
  private readonly count: BigInt64Array;

  /** @param buffer - the shared buffer (a new one when absent) */
  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(BYTES);
    this.words = new Int32Array(this.buffer, 0, 4);
    this.count = new BigInt64Array(this.buffer, 16, 1);
  }

  /** Pipeline: wakes the digest thread without changing the count (a message was posted). */
  wake(): void {
    Atomics.add(this.words, GENERATION, 1);
    Atomics.notify(this.words, GENERATION);
  }

  /** Pipeline: publishes its event count (and that it ended, once). */
  publish(events: number, ended: boolean): void {
    Atomics.store(this.count, 0, BigInt(events));
    if (ended) Atomics.store(this.words, ENDED, 1);
    Atomics.add(this.words, GENERATION, 1);
    Atomics.notify(this.words, GENERATION);
  }

  /** The generation, to wait for a change of. */
  generation(): number {
    return Atomics.load(this.words, GENERATION);
  }

  /** The pipeline's last published event count. */
  allowed(): number {
    return Number(Atomics.load(this.count, 0));
  }

  /** True once the pipeline's run has ended. */
  ended(): boolean {
    return Atomics.load(this.words, ENDED) === 1;
  }

  /** Digest thread: blocks until the generation differs from `seen` (or `timeoutMs` passed). */
  waitChange(seen: number, timeoutMs: number): void {
    Atomics.wait(this.words, GENERATION, seen, timeoutMs);
  }

  /** Digest thread: its simulation is built (the pipeline may now detach its digest). */
  setReady(): void {
    Atomics.store(this.words, READY, 1);
  }

  /** True once the digest thread is ready. */
  ready(): boolean {
    return Atomics.load(this.words, READY) === 1;
  }
}

/** What the digest thread is started with. @internal */
export interface DigestWorkerData {
  /** The compiled scenario (structured clone: its maps and shared objects survive). */
  readonly scenario: unknown;
  readonly seed: number | string;
  readonly memory: SharedArrayBuffer;
  /**
   * Where the pipeline posts, in this order, the run's snapshot at the hand-off (`{ snapshot }`,
   * which the thread restores and goes on from) and its final `pbt.runEnd` status (`{ finishStatus }`).
   */
  readonly port: MessagePort;
}

/** The digest thread's one message. @internal */
export type DigestWorkerReply = ({ readonly ok: true } & DigestRunResult) | { readonly ok: false; readonly error: string };
