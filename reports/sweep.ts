/**
 * Sweeps: one scenario over many seeds. {@link SweepAccumulator} folds each run's result into
 * distributions (time-to-result per page, rejection and cancellation rates per seed), so a
 * sweep of thousands of seeds keeps numbers, not traces.
 * @module
 */
import type { RunResultContract } from '../models/pbt/index.js';
import { histogram, summarize, type Bin, type Summary } from './stats.js';

/** Most seeds a `--seeds` list may name. */
export const MAX_SWEEP_SEEDS = 1_000_000;

/**
 * Parses a seed list: `1..1000`, `7`, or a comma-separated mix (`1..10,20,30..32`).
 * @returns the seeds in the order given, without repeats
 * @throws Error with a message naming the bad part
 */
export function parseSeedRange(spec: string): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (n: number): void => {
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  };
  for (const part of spec.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\.\.(\d+))?$/.exec(part);
    if (!m?.[1]) throw new Error(`expected seeds like 1..1000 or 1,2,5, got "${part}"`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) throw new Error(`expected an ascending range of integers, got "${part}"`);
    if (out.length + (b - a + 1) > MAX_SWEEP_SEEDS) throw new Error(`at most ${MAX_SWEEP_SEEDS} seeds`);
    for (let n = a; n <= b; n++) add(n);
  }
  if (out.length === 0) throw new Error('expected at least one seed');
  return out;
}

/** Distributions of one page over the sweep. */
export interface SweepPageRow {
  readonly session: string;
  readonly page: string;
  readonly tasks: number;
  readonly delivered: number;
  readonly cancelled: number;
  readonly timedOut: number;
  readonly failed: number;
  readonly dropped: number;
  /** Enqueue → trigger ran, over every delivered task of every seed. */
  readonly timeToResult: Summary;
  readonly timeToResultHistogram: readonly Bin[];
}

/** A seed whose run broke an invariant. */
export interface SweepViolation {
  readonly seed: number;
  readonly count: number;
  readonly first: string;
  readonly replay: string;
}

/** The sweep report. */
export interface SweepReport {
  readonly format: 'pbtsim-sweep/1';
  readonly scenario: string;
  readonly file: string;
  readonly seeds: { readonly spec: string; readonly count: number };
  readonly meta: { readonly pbtsimVersion: string; readonly nodeVersion: string; readonly createdAt: string; readonly durationMs: number };
  readonly distinctDigests: number;
  readonly enqueueCalls: number;
  readonly rejected: number;
  readonly tasks: number;
  readonly cancelled: number;
  /** Per-seed rates in percent (0..100). */
  readonly rejectionRate: Summary;
  readonly rejectionRateHistogram: readonly Bin[];
  readonly cancellationRate: Summary;
  readonly cancellationRateHistogram: readonly Bin[];
  readonly endTime: Summary;
  readonly pages: readonly SweepPageRow[];
  readonly violatedSeeds: number;
  /** The first violated seeds (at most 20, `MAX_LISTED_VIOLATIONS`). */
  readonly violations: readonly SweepViolation[];
}

/** Violated seeds listed in a sweep report. */
export const MAX_LISTED_VIOLATIONS = 20;

/** part / whole in percent, rounded to 0.01. */
const percent = (part: number, whole: number): number => Math.round((part / whole) * 10_000) / 100;

interface PageAcc {
  session: string;
  page: string;
  tasks: number;
  delivered: number;
  cancelled: number;
  timedOut: number;
  failed: number;
  dropped: number;
  ttr: number[];
}

/** Folds sweep runs, one at a time. */
export class SweepAccumulator {
  private readonly pages = new Map<string, PageAcc>();
  private readonly digests = new Set<string>();
  private readonly rejectionRates: number[] = [];
  private readonly cancellationRates: number[] = [];
  private readonly endTimes: number[] = [];
  private readonly violations: SweepViolation[] = [];
  private violatedSeeds = 0;
  private enqueueCalls = 0;
  private rejected = 0;
  private tasks = 0;
  private cancelled = 0;

  /**
   * @param scenario - the scenario's name
   * @param file - its file, for the replay command
   */
  constructor(readonly scenario: string, readonly file: string) {}

  /**
   * Adds one run.
   * @param seed - the run's seed
   * @param result - its result contract, violations filled in
   */
  add(seed: number, result: RunResultContract): void {
    this.digests.add(result.digest);
    this.endTimes.push(result.endTimeMs);
    const rejected = result.enqueueCalls.filter((c) => !c.ok).length;
    this.enqueueCalls += result.enqueueCalls.length;
    this.rejected += rejected;
    if (result.enqueueCalls.length > 0) this.rejectionRates.push(percent(rejected, result.enqueueCalls.length));
    const cancelled = result.tasks.filter((t) => t.outcome === 'cancelled').length;
    this.tasks += result.tasks.length;
    this.cancelled += cancelled;
    if (result.tasks.length > 0) this.cancellationRates.push(percent(cancelled, result.tasks.length));
    for (const t of result.tasks) {
      const key = `${t.session}\u0000${t.page}`;
      const p = this.pages.get(key) ?? { session: t.session, page: t.page, tasks: 0, delivered: 0, cancelled: 0, timedOut: 0, failed: 0, dropped: 0, ttr: [] };
      this.pages.set(key, p);
      p.tasks++;
      if (t.outcome === 'cancelled') p.cancelled++;
      if (t.outcome === 'timedOut') p.timedOut++;
      if (t.outcome === 'failed') p.failed++;
      if (t.delivery === 'dropped') p.dropped++;
      if (t.delivery === 'delivered' && t.deliveredAtMs !== null) {
        p.delivered++;
        p.ttr.push(t.deliveredAtMs - t.enqueuedAtMs);
      }
    }
    if (result.violations.length > 0) {
      this.violatedSeeds++;
      if (this.violations.length < MAX_LISTED_VIOLATIONS) {
        const v = result.violations[0]!;
        this.violations.push({ seed, count: result.violations.length, first: `${v.invariant} (${v.clauses.join(', ')}): ${v.message}`, replay: `pbtsim run ${this.file} --seed ${seed}` });
      }
    }
  }

  /**
   * The report so far.
   * @param seedsSpec - the `--seeds` text
   * @param meta - version, Node, time
   */
  report(seedsSpec: string, meta: SweepReport['meta']): SweepReport {
    return {
      format: 'pbtsim-sweep/1',
      scenario: this.scenario,
      file: this.file,
      seeds: { spec: seedsSpec, count: this.endTimes.length },
      meta,
      distinctDigests: this.digests.size,
      enqueueCalls: this.enqueueCalls,
      rejected: this.rejected,
      tasks: this.tasks,
      cancelled: this.cancelled,
      rejectionRate: summarize(this.rejectionRates),
      rejectionRateHistogram: histogram(this.rejectionRates, 20),
      cancellationRate: summarize(this.cancellationRates),
      cancellationRateHistogram: histogram(this.cancellationRates, 20),
      endTime: summarize(this.endTimes),
      pages: [...this.pages.values()].map((p) => ({
        session: p.session, page: p.page, tasks: p.tasks, delivered: p.delivered, cancelled: p.cancelled, timedOut: p.timedOut, failed: p.failed, dropped: p.dropped,
        timeToResult: summarize(p.ttr), timeToResultHistogram: histogram(p.ttr, 24),
      })),
      violatedSeeds: this.violatedSeeds,
      violations: this.violations,
    };
  }
}
