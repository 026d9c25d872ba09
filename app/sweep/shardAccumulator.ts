/**
 * The fold of a shard's seeds into one {@link SettingAggregate}: per seed, how its run ended and
 * what its records contributed ({@link SeedTotals}). Complete runs feed the distributions;
 * truncated runs and model failures are counted and listed (the smallest seeds) and kept out of
 * them; violations are counted for every run. The listed seeds and distinct digests are kept
 * bounded whatever order the seeds come in.
 * @module
 */
import { emptyAggregate, mergePages, MAX_DIGESTS, MAX_LISTED, type ListedSeed, type PageAggregate, type SettingAggregate } from './aggregate.js';
import { CountsBuilder } from './counts.js';
import type { SeedTotals } from './seedFold.js';
import { TRUNCATED_STATUSES, type SeedRun } from './seedRunner.js';

const sortSeeds = (l: readonly ListedSeed[]): ListedSeed[] => [...l].sort((a, b) => a.seed - b.seed).slice(0, MAX_LISTED);

/** Keeps the {@link MAX_LISTED} smallest seeds of a list that grows in any seed order. */
function pushListed(list: ListedSeed[], item: ListedSeed): void {
  list.push(item);
  if (list.length > 2 * MAX_LISTED) list.splice(0, list.length, ...sortSeeds(list));
}

interface PageBuilder {
  totals: Omit<PageAggregate, 'timeToResult' | 'wait'>;
  ttr: CountsBuilder;
  wait: CountsBuilder;
}

/** Accumulates the seeds of one shard. */
export class ShardAccumulator {
  /** Engine events of the runs added. */
  events = 0;
  private readonly statuses = new Map<string, number>();
  private readonly truncatedSeeds: ListedSeed[] = [];
  private readonly failedSeeds: ListedSeed[] = [];
  private readonly violations: ListedSeed[] = [];
  private readonly digests = new Set<string>();
  private readonly perSeed = { rejected: new CountsBuilder(), cancelled: new CountsBuilder(), timedOut: new CountsBuilder(), wastedMs: new CountsBuilder(), endTimeMs: new CountsBuilder() };
  private readonly ttr = new CountsBuilder();
  private readonly wait = new CountsBuilder();
  private readonly pages = new Map<string, PageBuilder>();
  private readonly sums = { enqueueCalls: 0, rejected: 0, tasks: 0, delivered: 0, cancelled: 0, timedOut: 0, failed: 0, dropped: 0, wastedMs: 0 };
  private complete = 0;
  private truncated = 0;
  private failures = 0;
  private violated = 0;

  /**
   * Adds one seed.
   * @param seed - the seed
   * @param run - how its run ended
   * @param totals - what its records contributed (from its {@link SeedFold})
   */
  add(seed: number, run: SeedRun, totals: SeedTotals): void {
    this.events += run.eventCount;
    this.statuses.set(run.status, (this.statuses.get(run.status) ?? 0) + 1);
    this.digests.add(run.digest);
    if (this.digests.size > MAX_DIGESTS * 2) {
      const keep = [...this.digests].sort().slice(0, MAX_DIGESTS);
      this.digests.clear();
      for (const d of keep) this.digests.add(d);
    }
    if (run.violations.length > 0) {
      this.violated++;
      const v = run.violations[0]!;
      pushListed(this.violations, { seed, what: `${v.invariant} (${v.clauses.join(', ')}): ${v.message}`, count: run.violations.length });
    }
    if (run.failure !== null) {
      this.failures++;
      pushListed(this.failedSeeds, { seed, what: `${run.status}: ${run.failure}`, count: 1 });
      return;
    }
    if (TRUNCATED_STATUSES.has(run.status)) {
      this.truncated++;
      pushListed(this.truncatedSeeds, { seed, what: run.status, count: 1 });
      return;
    }
    this.complete++;
    this.perSeed.rejected.add(totals.rejected);
    this.perSeed.cancelled.add(totals.cancelled);
    this.perSeed.timedOut.add(totals.timedOut);
    this.perSeed.wastedMs.add(totals.wastedMs);
    this.perSeed.endTimeMs.add(run.endTimeMs);
    for (const k of Object.keys(this.sums) as (keyof typeof this.sums)[]) this.sums[k] += totals[k];
    for (const p of totals.pages) this.addPage(p);
  }

  /** The aggregate of the seeds added (`runs` = seeds in the shard). */
  aggregate(runs: number): SettingAggregate {
    const ps = this.perSeed;
    return {
      ...emptyAggregate(), ...this.sums,
      runs, complete: this.complete, statuses: Object.fromEntries([...this.statuses.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      truncated: this.truncated, truncatedSeeds: sortSeeds(this.truncatedSeeds), failures: this.failures, failedSeeds: sortSeeds(this.failedSeeds),
      violatedSeeds: this.violated, violations: sortSeeds(this.violations), digests: [...this.digests].sort().slice(0, MAX_DIGESTS),
      perSeed: { rejected: ps.rejected.build(), cancelled: ps.cancelled.build(), timedOut: ps.timedOut.build(), wastedMs: ps.wastedMs.build(), endTimeMs: ps.endTimeMs.build() },
      timeToResult: this.ttr.build(), wait: this.wait.build(),
      pages: mergePages([], [...this.pages.values()].map((b) => ({ ...b.totals, timeToResult: b.ttr.build(), wait: b.wait.build() }))),
    };
  }

  private addPage(p: PageAggregate): void {
    const key = `${p.session}\u0000${p.page}`;
    let b = this.pages.get(key);
    if (b === undefined) {
      b = { totals: { session: p.session, page: p.page, tasks: 0, rejected: 0, delivered: 0, cancelled: 0, timedOut: 0, failed: 0, dropped: 0, wastedMs: 0 }, ttr: new CountsBuilder(), wait: new CountsBuilder() };
      this.pages.set(key, b);
    }
    const t = b.totals;
    b.totals = {
      ...t, tasks: t.tasks + p.tasks, rejected: t.rejected + p.rejected, delivered: t.delivered + p.delivered, cancelled: t.cancelled + p.cancelled,
      timedOut: t.timedOut + p.timedOut, failed: t.failed + p.failed, dropped: t.dropped + p.dropped, wastedMs: t.wastedMs + p.wastedMs,
    };
    b.ttr.addAll(p.timeToResult);
    b.wait.addAll(p.wait);
    this.ttr.addAll(p.timeToResult);
    this.wait.addAll(p.wait);
  }
}
