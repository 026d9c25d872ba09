/**
 * The folded aggregates of a sweep: what a shard (a setting and a range of seeds) returns and
 * what shards merge into. Everything is an integer sum, an exact {@link Counts} distribution, or
 * a bounded list ordered by seed (the first {@link MAX_LISTED} seeds), so merging is exact,
 * associative and commutative: the merged aggregate is the same for any sharding, any number of
 * workers and any arrival order. Runs that did not end normally (`limits.untilMs` reached, event
 * budget exceeded, model failure) are counted and listed, and their tasks are kept out of the
 * distributions (they are never averaged in).
 * @module
 */
import { mergeCounts, type Counts } from './counts.js';

/** Seeds listed per kind (violations, truncated runs, failures): the smallest seeds. */
export const MAX_LISTED = 20;
/** Distinct trace digests kept exactly; beyond that the count is reported as "at least". */
export const MAX_DIGESTS = 1000;

/** Per-page aggregates over the complete runs. */
export interface PageAggregate {
  readonly session: string;
  readonly page: string;
  /** Successful enqueues (tasks). */
  readonly tasks: number;
  /** Failed enqueue calls (PBT-ENQ-03 queue full, PBT-ENQ-04 …). */
  readonly rejected: number;
  readonly delivered: number;
  readonly cancelled: number;
  readonly timedOut: number;
  readonly failed: number;
  readonly dropped: number;
  /** Child-session ms spent on tasks whose result no trigger used (see docs/sweep.md). */
  readonly wastedMs: number;
  /** Enqueue → trigger ran, per delivered task. */
  readonly timeToResult: Counts;
  /** Enqueue → child session started, per started task. */
  readonly wait: Counts;
}

/** A seed listed in the aggregate, with what happened. */
export interface ListedSeed {
  readonly seed: number;
  /** Run status (`until`, `event-budget-exceeded`, `model-failure`, …) or the violated invariant. */
  readonly what: string;
  /** Number of violations (1 for a truncated or failed run). */
  readonly count: number;
}

/** The counters one run contributes and a setting sums over its complete runs. */
export interface RunTotals {
  readonly enqueueCalls: number;
  readonly rejected: number;
  readonly tasks: number;
  readonly delivered: number;
  readonly cancelled: number;
  readonly timedOut: number;
  readonly failed: number;
  readonly dropped: number;
  readonly wastedMs: number;
}

/** Aggregates of one setting over a set of seeds. */
export interface SettingAggregate extends RunTotals {
  /** Seeds run. */
  readonly runs: number;
  /** Runs that ended normally (nothing left to do). */
  readonly complete: number;
  /** Runs per end status (`empty`, `until`, `event-budget-exceeded`, …). */
  readonly statuses: Readonly<Record<string, number>>;
  /** Runs stopped by `limits.untilMs` or `limits.maxEvents` (not in the distributions). */
  readonly truncated: number;
  readonly truncatedSeeds: readonly ListedSeed[];
  /** Runs that failed in the model (a crash: not in the distributions). */
  readonly failures: number;
  readonly failedSeeds: readonly ListedSeed[];
  /** Seeds whose run broke an invariant (any run status). */
  readonly violatedSeeds: number;
  readonly violations: readonly ListedSeed[];
  /** The smallest distinct trace digests, at most {@link MAX_DIGESTS}. */
  readonly digests: readonly string[];
  /** Per complete run: rejected enqueue calls, cancelled and timed-out tasks, wasted ms, end time. */
  readonly perSeed: {
    readonly rejected: Counts;
    readonly cancelled: Counts;
    readonly timedOut: Counts;
    readonly wastedMs: Counts;
    readonly endTimeMs: Counts;
  };
  /** Over every page: enqueue → trigger ran, enqueue → started. */
  readonly timeToResult: Counts;
  readonly wait: Counts;
  /** Per page, ordered by session then page. */
  readonly pages: readonly PageAggregate[];
}

/** The aggregate of no seeds. */
export function emptyAggregate(): SettingAggregate {
  return {
    runs: 0, complete: 0, statuses: {}, truncated: 0, truncatedSeeds: [], failures: 0, failedSeeds: [], violatedSeeds: 0, violations: [],
    digests: [], enqueueCalls: 0, rejected: 0, tasks: 0, delivered: 0, cancelled: 0, timedOut: 0, failed: 0, dropped: 0, wastedMs: 0,
    perSeed: { rejected: [], cancelled: [], timedOut: [], wastedMs: [], endTimeMs: [] }, timeToResult: [], wait: [], pages: [],
  };
}

const bySeed = (a: ListedSeed, b: ListedSeed): number => a.seed - b.seed || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0);
const firstSeeds = (a: readonly ListedSeed[], b: readonly ListedSeed[]): ListedSeed[] => [...a, ...b].sort(bySeed).slice(0, MAX_LISTED);

function mergeStatuses(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) out[k] = (a[k] ?? 0) + (b[k] ?? 0);
  return out;
}

function mergeDigests(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort().slice(0, MAX_DIGESTS);
}

const pageKey = (p: PageAggregate): string => `${p.session}\u0000${p.page}`;

function mergePage(a: PageAggregate, b: PageAggregate): PageAggregate {
  return {
    session: a.session, page: a.page, tasks: a.tasks + b.tasks, rejected: a.rejected + b.rejected, delivered: a.delivered + b.delivered,
    cancelled: a.cancelled + b.cancelled, timedOut: a.timedOut + b.timedOut, failed: a.failed + b.failed, dropped: a.dropped + b.dropped,
    wastedMs: a.wastedMs + b.wastedMs, timeToResult: mergeCounts(a.timeToResult, b.timeToResult), wait: mergeCounts(a.wait, b.wait),
  };
}

/** Merges page lists by (session, page), ordered by that key. */
export function mergePages(a: readonly PageAggregate[], b: readonly PageAggregate[]): PageAggregate[] {
  const map = new Map<string, PageAggregate>();
  for (const p of [...a, ...b]) {
    const k = pageKey(p);
    const prev = map.get(k);
    map.set(k, prev === undefined ? p : mergePage(prev, p));
  }
  return [...map.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, p]) => p);
}

/**
 * Merges two aggregates exactly. Associative and commutative: any sharding and any order give
 * the same result (callers still merge in shard-key order).
 */
export function mergeAggregates(a: SettingAggregate, b: SettingAggregate): SettingAggregate {
  return {
    runs: a.runs + b.runs,
    complete: a.complete + b.complete,
    statuses: mergeStatuses(a.statuses, b.statuses),
    truncated: a.truncated + b.truncated,
    truncatedSeeds: firstSeeds(a.truncatedSeeds, b.truncatedSeeds),
    failures: a.failures + b.failures,
    failedSeeds: firstSeeds(a.failedSeeds, b.failedSeeds),
    violatedSeeds: a.violatedSeeds + b.violatedSeeds,
    violations: firstSeeds(a.violations, b.violations),
    digests: mergeDigests(a.digests, b.digests),
    enqueueCalls: a.enqueueCalls + b.enqueueCalls,
    rejected: a.rejected + b.rejected,
    tasks: a.tasks + b.tasks,
    delivered: a.delivered + b.delivered,
    cancelled: a.cancelled + b.cancelled,
    timedOut: a.timedOut + b.timedOut,
    failed: a.failed + b.failed,
    dropped: a.dropped + b.dropped,
    wastedMs: a.wastedMs + b.wastedMs,
    perSeed: {
      rejected: mergeCounts(a.perSeed.rejected, b.perSeed.rejected),
      cancelled: mergeCounts(a.perSeed.cancelled, b.perSeed.cancelled),
      timedOut: mergeCounts(a.perSeed.timedOut, b.perSeed.timedOut),
      wastedMs: mergeCounts(a.perSeed.wastedMs, b.perSeed.wastedMs),
      endTimeMs: mergeCounts(a.perSeed.endTimeMs, b.perSeed.endTimeMs),
    },
    timeToResult: mergeCounts(a.timeToResult, b.timeToResult),
    wait: mergeCounts(a.wait, b.wait),
    pages: mergePages(a.pages, b.pages),
  };
}
