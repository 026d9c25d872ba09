/**
 * The check thread, seen from the pipeline (issue 8 §4: the path a user runs uses the machine's
 * second core). The pipeline's simulation builds each record once and packs it
 * ({@link RecordPacker}, with its digest detached: {@link Simulation.detachDigest}); the packed
 * batches go to a worker thread, which unpacks them, digests them and runs the invariant monitors
 * over them ({@link CheckConsumer}). The pipeline's thread runs the model and the result; the
 * check thread the digest and the 17 monitors. The model runs once.
 *
 * - The thread starts with the run's first full batch (4,096 records); a shorter run checks its
 *   one batch in the pipeline's thread, by the same code.
 * - At most {@link MAX_IN_FLIGHT} batches are in flight: past that, the pipeline pauses its run
 *   and waits for the thread on the event loop (memory stays flat whichever thread is slower).
 * - Nothing depends on the thread but time. If it cannot start, fails, stalls or disagrees with
 *   the run's record count, the pipeline runs the model again after the run, checks only
 *   ({@link runChecksAgain}), and says so (`digestFrom: 'rerun'`).
 * - `--check-thread off` (or `checkThread: { mode: 'off' }`) keeps everything on one thread, as
 *   do runs whose folds read canonical lines (a trace file, a replay).
 *
 * A raw `worker_threads` worker, not a pool (piscina): one long-lived thread fed in order, not a
 * queue of independent tasks.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { PACK_INTS, PACK_NUMS, RecordPacker, type PackedBatch } from '../engine/index.js';
import type { CompiledScenario } from '../models/pbt/index.js';
import { CheckConsumer, type CheckResult, type CheckSpec } from './checkConsumer.js';
import { CONSUMED, PUBLISHED, type CheckWorkerData, type CheckWorkerMessage, type CheckWorkerReply } from './checkProtocol.js';
import { runChecksAgain, type RunEndPoint } from './checkRun.js';

/**
 * Whether a run's checks (digest and monitors) go to a thread of their own: `auto` (the default)
 * when the machine has at least two cores, `on` always, `off` never.
 */
export type CheckThreadMode = 'auto' | 'on' | 'off';

/** How a run uses the check thread (the defaults suit every caller but tests). */
export interface CheckThreadOptions {
  /** Default `auto`. */
  readonly mode?: CheckThreadMode;
  /** The thread's entry module (tests give failing ones). @internal */
  readonly entry?: URL;
  /** Records per batch, default {@link CHECK_BATCH_RECORDS} (tests start the thread early). @internal */
  readonly batchRecords?: number;
  /** How long to wait for a thread that consumes nothing, ms (tests). @internal */
  readonly stallMs?: number;
}

/** The modes, for argument parsing. */
export const CHECK_THREAD_MODES: readonly CheckThreadMode[] = ['auto', 'on', 'off'];

/** Records per batch: the thread starts with the first full one. */
export const CHECK_BATCH_RECORDS = 4096;

/** Batches posted and not yet consumed, at most (about 0.3 MB each). */
export const MAX_IN_FLIGHT = 16;

// Slots of the ring of shared memory batches are packed into: the batches in flight, the one being
// packed and a spare (a batch overshoots the congestion check by at most the records of one event).
const RING = MAX_IN_FLIGHT + 2;

/** How long the pipeline waits for a thread that consumes nothing before giving up on it, ms. */
export const STALL_MS = 30_000;

/** The check thread's young generation, MB (16 against 4 halved its GC time on the capacity file: docs/performance.md). */
const WORKER_YOUNG_MB = 16;

// `Atomics.waitAsync` (Node 16+, ES2024; the project's lib is ES2023).
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
}).waitAsync;

// Arrays of a batch that is transferred, not read in place.
const privateArrays = (): { ints: Int32Array; nums: Float64Array } => ({ ints: new Int32Array(PACK_INTS), nums: new Float64Array(PACK_NUMS) });

/** True when `mode` allows a check thread on this machine. */
export function checkThreadAllowed(mode: CheckThreadMode): boolean {
  return mode === 'on' || (mode === 'auto' && availableParallelism() >= 2);
}

/** Where a run's checks were computed, and what they found. */
export interface ThreadedChecks extends CheckResult {
  /** `inline` (a run too short for the thread), `thread`, or `rerun` (the thread failed). */
  readonly from: 'inline' | 'thread' | 'rerun';
  /** What went wrong with the thread, for `rerun`. */
  readonly problem?: string;
}

// The worker's entry next to this module: checkWorker.js in dist/; checkWorker.ts when running
// from the sources (tests, under tsx). On Node 20 a worker does not get the loader hooks that
// `--import tsx` registered in its parent, so a source entry is imported by a two-line bootstrap
// that registers tsx in the worker first.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCES ? './checkWorker.ts' : './checkWorker.js', import.meta.url);

function spawn(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The pipeline's end of the check thread: the packer to detach the digest with, and the result. */
export class CheckThread {
  /** Give it to `Simulation.detachDigest` before the first record. */
  readonly packer: RecordPacker;
  private readonly memory = new SharedArrayBuffer(8);
  private readonly consumed = new Int32Array(this.memory);
  private pending: PackedBatch[] = [];
  private worker: Worker | null = null;
  private reply: Promise<CheckWorkerReply> | null = null;
  // The thread's reply once it came.
  private replied: CheckWorkerReply | null = null;
  // How long the thread has consumed nothing, ms (see watch).
  private idleMs = 0;
  private failure: string | null = null;
  private sent = 0;
  private closed = false;
  private finishing = false;

  private readonly entry: URL;
  private readonly stallMs: number;

  /**
   * @param spec - the monitors to run besides the digest
   * @param options - the thread's options (the mode is the caller's business)
   */
  constructor(private readonly spec: CheckSpec, options: CheckThreadOptions = {}) {
    this.entry = options.entry ?? ENTRY;
    this.stallMs = options.stallMs ?? STALL_MS;
    this.packer = new RecordPacker({ onBatch: (b) => this.take(b), batchRecords: options.batchRecords ?? CHECK_BATCH_RECORDS, arrays: () => this.arrays() });
  }

  // Batches are packed straight into a ring of shared memory the thread reads in place: no copy,
  // no allocation per batch (copying each batch out was 3 % of the pipeline thread's time on the
  // capacity file). The first batch (a short run's only one) and a batch whose slot the thread has
  // not consumed yet get private arrays, which are transferred.
  private ring: { readonly ints: Int32Array; readonly nums: Float64Array }[] | null = null;
  private batchNo = 0;

  private arrays(): { readonly ints: Int32Array; readonly nums: Float64Array } {
    const n = this.batchNo++;
    if (n === 0 || this.finishing || this.failure !== null || this.closed) return privateArrays();
    const ring = this.ring ?? (this.ring = Array.from({ length: RING }, () => ({
      ints: new Int32Array(new SharedArrayBuffer(PACK_INTS * 4)), nums: new Float64Array(new SharedArrayBuffer(PACK_NUMS * 8)),
    })));
    // Batch n (the n-th message) reuses the slot of batch n - RING once that one was consumed.
    if (n >= RING && Atomics.load(this.consumed, CONSUMED) < n - RING + 1) return privateArrays();
    return ring[n % RING]!;
  }

  /**
   * Takes the run's last batch and returns its checks: the thread's; this thread's for a run too
   * short to start it; a rerun's when the thread failed or its record count differs from the run's.
   * @param sc - the run's compiled scenario (for a rerun)
   * @param seed - the run's seed
   * @param end - where the run ended (its events and `pbt.runEnd` status)
   * @throws Error when a rerun disagrees with the run too (the runs are not deterministic)
   */
  async finish(sc: CompiledScenario, seed: number | string, end: RunEndPoint): Promise<ThreadedChecks> {
    // The last batch, which starts no thread: a run of one batch is checked here.
    this.finishing = true;
    this.packer.flush();
    const records = this.packer.records;
    let r: CheckWorkerReply;
    if (this.worker === null && this.failure === null) {
      // A run of one batch: checked here, by the same consumer (a rerun if that fails too).
      try {
        const own = new CheckConsumer(this.spec);
        for (const b of this.pending) own.consume(b);
        this.pending = [];
        return { ...own.finish(), from: 'inline' };
      } catch (e) {
        r = { ok: false, error: `the checks of the run's one batch failed (${e instanceof Error ? e.message : String(e)})` };
      }
    } else if (this.failure === null && this.reply !== null) {
      this.post({ end: true });
      r = await this.settled();
    } else r = { ok: false, error: this.failure ?? 'the check thread did not start' };
    this.close();
    if (r.ok && r.records === records) return { digest: r.digest, records: r.records, violations: r.violations, from: 'thread' };
    const again = runChecksAgain(sc, seed, end, this.spec);
    if (again.eventCount !== end.events || again.records !== records) {
      throw new Error(`pbtsim: the checks-only run of the same scenario ended after ${again.eventCount} events and ${again.records} records, the run after ${end.events} and ${records}: the runs are not deterministic (a bug; please report it)`);
    }
    const problem = r.ok ? `it consumed ${r.records} records, the run made ${records}` : r.error;
    return { digest: again.digest, records: again.records, violations: again.violations, from: 'rerun', problem };
  }

  // The thread's reply, or a failure once it has consumed nothing for the stall time (a thread
  // stuck on one of its last batches must not hang the run).
  private async settled(): Promise<CheckWorkerReply> {
    while (this.replied === null && this.failure === null) await this.watch();
    return this.replied ?? { ok: false, error: this.failure! };
  }

  /** Stops the thread (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    if (this.worker !== null) void this.worker.terminate();
  }

  private take(batch: PackedBatch): void {
    if (this.failure !== null || this.closed) return;
    if (this.worker === null) {
      this.pending.push(batch);
      if (!this.finishing) this.start();
      return;
    }
    this.post({ batch });
  }

  private start(): void {
    const data: CheckWorkerData = { spec: this.spec, memory: this.memory };
    let worker: Worker;
    try {
      worker = spawn(this.entry, { workerData: data, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    } catch (e) {
      this.failure = `the check thread could not start (${e instanceof Error ? e.message : String(e)})`;
      return;
    }
    this.worker = worker;
    this.reply = new Promise((resolve) => {
      const settle = (r: CheckWorkerReply): void => {
        if (!r.ok && this.failure === null) this.failure = r.error;
        this.replied ??= r;
        resolve(r);
      };
      worker.once('message', (m: CheckWorkerReply) => settle(m));
      worker.once('error', (e: Error) => settle({ ok: false, error: e.message }));
      worker.once('exit', (code) => settle({ ok: false, error: `the check thread exited (${code}) without a result` }));
    });
    const early = this.pending;
    this.pending = [];
    for (const b of early) this.post({ batch: b });
  }

  /**
   * True when more than {@link MAX_IN_FLIGHT} batches wait for the thread: the pipeline then stops
   * its run after the current event and waits ({@link CheckThread.drain}), so that batches in
   * flight, and memory, stay bounded whichever thread is slower.
   */
  get congested(): boolean {
    return this.failure === null && !this.closed && this.sent - Atomics.load(this.consumed, CONSUMED) > MAX_IN_FLIGHT;
  }

  /**
   * Waits (on the event loop, so the thread's failure is seen) until the thread is no longer
   * congested, or has failed; a thread that consumes nothing for the stall time is given up.
   */
  async drain(): Promise<void> {
    while (this.congested) await this.watch();
  }

  // Waits up to 100 ms for the thread to consume a message or to reply (on the event loop, so its
  // failure is seen), and gives it up once it has consumed nothing for the stall time.
  private async watch(): Promise<void> {
    const seen = Atomics.load(this.consumed, CONSUMED);
    const wait = waitAsync(this.consumed, CONSUMED, seen, 100);
    const outcome = wait.async ? await Promise.race([wait.value, this.reply!.then(() => 'replied' as const)]) : wait.value;
    if (outcome !== 'timed-out') {
      this.idleMs = 0;
      return;
    }
    this.idleMs += 100;
    if (this.idleMs >= this.stallMs && this.failure === null) {
      this.failure = `the check thread consumed nothing for ${this.stallMs / 1000} s`;
      void this.worker?.terminate();
    }
  }

  // Posts a message: a batch in the ring is shared, one in private arrays is transferred (not copied).
  private post(m: CheckWorkerMessage): void {
    const w = this.worker!;
    if ('batch' in m) {
      // A sequentially consistent write before the post, read by the thread before it reads the
      // ring: what was packed into shared memory is visible to it.
      Atomics.add(this.consumed, PUBLISHED, 1);
      const transfer: ArrayBuffer[] = [];
      for (const b of [m.batch.ints.buffer, m.batch.nums.buffer]) if (!(b instanceof SharedArrayBuffer)) transfer.push(b);
      w.postMessage(m, transfer);
    } else w.postMessage(m);
    this.sent++;
  }
}
