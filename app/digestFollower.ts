/**
 * The digest thread, seen from the pipeline (issue 8 §4: the path a user runs uses the machine's
 * second core). Encoding every record as canonical JSON and hashing it is about a quarter of a
 * `pbtsim run --json` of the 1,000-user capacity file (docs/performance.md). The run is
 * deterministic, so a second copy of it, digest only, gives the same digest: once a run has proved
 * long ({@link DIGEST_THREAD_AFTER_EVENTS} events), the pipeline starts that copy on a worker
 * thread, and when it is ready, detaches its own digest ({@link Simulation.detachDigest}); the
 * pipeline's thread then runs the model and the folds, the digest thread the model and the digest.
 * The digest thread never runs ahead of the pipeline (it waits on the event count published here
 * every {@link PUBLISH_EVERY} events), so it stops at exactly the pipeline's last event, whatever
 * stopped the run, and closes the trace with the same status.
 *
 * Nothing depends on the thread but time: if it cannot start, the pipeline keeps its own digest;
 * if it fails or disagrees after the detach, the pipeline runs the copy itself after the run
 * ({@link runDigestOnly} in this thread). `--digest-thread off` (or `digestThread: 'off'`) keeps
 * everything on one thread. A raw `worker_threads` worker, not a pool (piscina): one long-lived
 * thread that shares four words of memory with the pipeline, not a queue of tasks.
 * @module
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type WorkerOptions } from 'node:worker_threads';
import type { SimulationSnapshot } from '../engine/index.js';
import type { CompiledScenario, PbtEvent, PbtState } from '../models/pbt/index.js';
import { FollowerMemory, type DigestWorkerData, type DigestWorkerReply } from './digestProtocol.js';
import { runDigestOnly, type DigestRunResult } from './digestRun.js';

/**
 * Whether the digest is computed on a thread of its own: `auto` (the default) when the machine
 * has at least two cores and the run proves long, `on` whenever the run proves long, `off` never.
 */
export type DigestThreadMode = 'auto' | 'on' | 'off';

/** How a run uses a digest thread (the defaults suit every caller but tests). */
export interface DigestThreadOptions {
  /** Default `auto`. */
  readonly mode?: DigestThreadMode;
  /** Events after which the thread starts; default {@link DIGEST_THREAD_AFTER_EVENTS}. */
  readonly afterEvents?: number;
  /**
   * Wait for the thread to be ready once it is started (tests, to exercise the detached digest on
   * short runs); default false: the run goes on and detaches its digest when the thread is ready.
   */
  readonly awaitReady?: boolean;
  /** The thread's entry module (tests give a failing one). @internal */
  readonly entry?: URL;
}

/** The modes, for argument parsing. */
export const DIGEST_THREAD_MODES: readonly DigestThreadMode[] = ['auto', 'on', 'off'];

/**
 * Events after which a run starts its digest thread. Shorter runs never start one: a thread costs
 * about 50 ms to start and a copy of the compiled scenario, which a run this short does not win back.
 */
export const DIGEST_THREAD_AFTER_EVENTS = 32_768;

/** The digest thread's young generation, MB. */
const WORKER_YOUNG_MB = 2;

/**
 * Events after which a run starts its digest thread, so that the thread has loaded its modules
 * (about 150 ms) by the hand-off at {@link DIGEST_THREAD_AFTER_EVENTS}. A run that ends before
 * the hand-off stops the thread unused.
 */
export const DIGEST_THREAD_SPAWN_EVENTS = 4096;

/** Events between two publications of the pipeline's progress. */
export const PUBLISH_EVERY = 4096;

/** True when `mode` allows a digest thread on this machine. */
export function digestThreadAllowed(mode: DigestThreadMode): boolean {
  return mode === 'on' || (mode === 'auto' && availableParallelism() >= 2);
}

// The worker's entry next to this module: digestWorker.js in dist/; digestWorker.ts when running
// from the sources (tests, under tsx). On Node 20 a worker does not get the loader hooks that
// `--import tsx` registered in its parent, so a source entry is imported by a two-line bootstrap
// that registers tsx in the worker first.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCES ? './digestWorker.ts' : './digestWorker.js', import.meta.url);

function spawn(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The pipeline's handle on its digest thread. */
export class DigestFollower {
  private readonly memory = new FollowerMemory();
  private readonly channel = new MessageChannel();
  private readonly worker: Worker;
  private readonly reply: Promise<DigestWorkerReply>;
  private closed = false;
  private settled = false;

  private handedOff = false;

  private constructor(private readonly sc: CompiledScenario, private readonly seed: number | string, entry: URL) {
    // The scenario without its source (the model never reads it; 1.0 instead of 1.7 MB cloned for
    // the 1,000-user file) and a young generation of 2 MB instead of V8's default: memory the
    // thread does not use (docs/performance.md: the run's peak RSS 253 → 198 MB, no slower).
    const data: DigestWorkerData = { scenario: { ...sc, source: undefined }, seed, memory: this.memory.buffer, port: this.channel.port2 };
    this.worker = spawn(entry, { workerData: data, transferList: [this.channel.port2], stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    this.reply = new Promise((resolve) => {
      const settle = (r: DigestWorkerReply): void => {
        this.settled = true;
        resolve(r);
      };
      this.worker.once('message', (m: DigestWorkerReply) => settle(m));
      this.worker.once('error', (e: Error) => settle({ ok: false, error: e.message }));
      this.worker.once('exit', (code) => settle({ ok: false, error: `the digest thread exited (${code}) without a digest` }));
    });
  }

  /**
   * Starts the digest thread for a run of `sc`, or returns null when it cannot run one (a
   * scenario with TypeScript trigger callbacks, which no thread can share, or a thread that
   * cannot be started).
   * The thread loads its modules and waits for {@link DigestFollower.handOff}.
   * @param sc - the run's compiled scenario
   * @param seed - the run's seed
   * @param entry - the worker's entry (tests give a broken one)
   */
  static start(sc: CompiledScenario, seed: number | string, entry: URL | undefined = ENTRY): DigestFollower | null {
    if (sc.callbacks.size > 0) return null;
    try {
      return new DigestFollower(sc, seed, entry ?? ENTRY);
    } catch {
      return null;
    }
  }

  /**
   * Hands the thread the run so far (digest state included): it restores the snapshot and goes on
   * from there, digest only. Once.
   * @param snapshot - `Simulation.snapshot()` of the run, taken between two `run` calls
   */
  handOff(snapshot: SimulationSnapshot<PbtState, PbtEvent>): void {
    if (this.handedOff) throw new Error('DigestFollower.handOff: handed off already');
    this.handedOff = true;
    this.channel.port1.postMessage({ snapshot });
    this.memory.wake();
  }

  /** True once {@link DigestFollower.handOff} was called. */
  get isHandedOff(): boolean {
    return this.handedOff;
  }

  /** True once the thread has built its simulation: the pipeline may detach its digest. */
  get ready(): boolean {
    return this.memory.ready();
  }

  /** True once the thread has replied, failed or exited. */
  get gone(): boolean {
    return this.settled;
  }

  /** Publishes the pipeline's event count. */
  publish(events: number): void {
    this.memory.publish(events, false);
  }

  /**
   * Publishes the end of the pipeline's run and returns the digest of the same run: the
   * thread's, or, if the thread failed or its counts differ from the run's, that of a digest-only
   * run in this thread.
   * @param events - the run's event count
   * @param records - the run's record count (framing included)
   * @param finishStatus - the `pbt.runEnd` status the run was closed with
   * @throws Error when the digest-only run in this thread disagrees too (the runs are not deterministic)
   */
  async finish(events: number, records: number, finishStatus: string): Promise<{ readonly digest: string; readonly from: 'thread' | 'rerun'; readonly problem?: string }> {
    this.channel.port1.postMessage({ finishStatus });
    this.memory.publish(events, true);
    const r = await this.reply;
    this.close();
    if (r.ok && r.eventCount === events && r.records === records) return { digest: r.digest, from: 'thread' };
    const own: DigestRunResult = runDigestOnly(this.sc, this.seed, { next: () => ({ allowed: events, finishStatus }) });
    if (own.eventCount !== events || own.records !== records) {
      throw new Error(`pbtsim: the digest-only run of the same scenario ended after ${own.eventCount} events and ${own.records} records, the run after ${events} and ${records}: the runs are not deterministic (a bug; please report it)`);
    }
    const problem = r.ok ? `it ended after ${r.eventCount} events and ${r.records} records, the run after ${events} and ${records}` : r.error;
    return { digest: own.digest, from: 'rerun', problem };
  }

  /** Stops the thread (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.port1.close();
    void this.worker.terminate();
  }
}
