/**
 * Resource guards of a run (issue 11 §4): wall-clock time, heap and trace size, besides the
 * model's own event budget (`limits.maxEvents`). The wall clock is read here, in the application
 * layer, never in engine/ or models/: the guard is the engine's `stopWhen` predicate, which
 * looks at the clock, the heap and the trace size every {@link CHECK_EVERY} events. A guard that
 * trips stops the run after the current event; the command then exits 2 with one line naming
 * the budget. The same check decides when the run yields to the event loop (so signals and
 * stdout are served during a long run).
 * @module
 */
import { getHeapStatistics } from 'node:v8';

/** Events between two looks at the clock and the heap. */
export const CHECK_EVERY = 4096;
/** Wall-clock time between two yields to the event loop. */
const YIELD_EVERY_NS = 100_000_000n;

/** The budgets of one run; absent means the default. */
export interface Budgets {
  /** Wall-clock milliseconds for the simulation. */
  readonly maxWallMs?: number;
  /** Heap bytes in use (V8 `heapUsed`) at which the run stops. */
  readonly maxHeapBytes?: number;
  /** Bytes of the trace file (`--trace`) at which the run stops. */
  readonly maxTraceBytes?: number;
}

/** Default wall-clock budget: 120 s (a budget on elapsed time: a heavily loaded machine reaches it sooner in events). */
export const DEFAULT_MAX_WALL_MS = 120_000;
/** Default trace budget: 512 MiB (a runaway with --trace stops within seconds; raise it for long traced runs). */
export const DEFAULT_MAX_TRACE_BYTES = 512 * 1024 ** 2;

/** Default heap budget: 1.5 GiB, or 80 % of V8's heap limit when that is lower. */
export function defaultMaxHeapBytes(): number {
  return Math.min(1.5 * 1024 ** 3, Math.floor(getHeapStatistics().heap_size_limit * 0.8));
}

/** Which guard stopped a run. */
export type GuardStop = 'wall-budget-exceeded' | 'heap-budget-exceeded' | 'trace-budget-exceeded';

/** The budget behind a stop, for the message. */
export interface GuardTrip {
  readonly status: GuardStop;
  /** The limit, in its unit (ms or bytes). */
  readonly limit: number;
  /** The measured value when it tripped. */
  readonly value: number;
}

/** The guards of one run, read by the pipeline's stop predicate. */
export class Guards {
  readonly maxWallMs: number;
  readonly maxHeapBytes: number;
  readonly maxTraceBytes: number;
  /** Set when a guard tripped. */
  trip: GuardTrip | undefined;
  /** Set when the run should yield to the event loop. */
  yieldDue = false;
  private readonly start = process.hrtime.bigint();
  private lastYield = this.start;
  private countdown = CHECK_EVERY;
  private peakHeap = 0;

  /**
   * @param budgets - the run's budgets (defaults for the absent ones)
   * @param traceBytes - the trace file's size so far (0 without `--trace`)
   */
  constructor(budgets: Budgets, private readonly traceBytes: () => number = () => 0) {
    this.maxWallMs = budgets.maxWallMs ?? DEFAULT_MAX_WALL_MS;
    this.maxHeapBytes = budgets.maxHeapBytes ?? defaultMaxHeapBytes();
    this.maxTraceBytes = budgets.maxTraceBytes ?? DEFAULT_MAX_TRACE_BYTES;
  }

  /** Called once per event; true every {@link CHECK_EVERY} events when a guard tripped or a yield is due. */
  tick(): boolean {
    if (--this.countdown > 0) return false;
    this.countdown = CHECK_EVERY;
    return this.check();
  }

  /** The largest heap use seen by a check (bytes). */
  get peakHeapBytes(): number {
    return this.peakHeap;
  }

  /** Wall-clock milliseconds since the guards were made. */
  elapsedMs(): number {
    return Number(process.hrtime.bigint() - this.start) / 1e6;
  }

  /** Looks at the clock, the heap and the trace size now. */
  check(): boolean {
    const now = process.hrtime.bigint();
    const wallMs = Number(now - this.start) / 1e6;
    if (wallMs > this.maxWallMs) {
      this.trip = { status: 'wall-budget-exceeded', limit: this.maxWallMs, value: Math.round(wallMs) };
      return true;
    }
    const heap = process.memoryUsage().heapUsed;
    if (heap > this.peakHeap) this.peakHeap = heap;
    if (heap > this.maxHeapBytes) {
      this.trip = { status: 'heap-budget-exceeded', limit: this.maxHeapBytes, value: heap };
      return true;
    }
    const bytes = this.traceBytes();
    if (bytes > this.maxTraceBytes) {
      this.trip = { status: 'trace-budget-exceeded', limit: this.maxTraceBytes, value: bytes };
      return true;
    }
    if (now - this.lastYield >= YIELD_EVERY_NS) {
      this.lastYield = now;
      this.yieldDue = true;
      return true;
    }
    return false;
  }
}
