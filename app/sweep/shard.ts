/**
 * Shards: a shard is (setting index, a run of consecutive seeds of the sweep's seed list) and
 * returns folded aggregates, never traces. The payload is plain JSON and versioned (pbtsim
 * version + the digest of the scenario it runs), so it can cross a worker thread or a Redis
 * queue, and a worker of another version refuses it instead of mixing results. The job ID of a
 * payload is the digest of its canonical JSON: the same shard is never counted twice.
 * @module
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../engine/index.js';
import { compileScenario, type CompiledScenario } from '../../models/pbt/index.js';
import { emptyAggregate, mergePages, MAX_DIGESTS, MAX_LISTED, type ListedSeed, type PageAggregate, type SettingAggregate } from './aggregate.js';
import { CountsBuilder } from './counts.js';
import { SeedFold } from './seedFold.js';
import { runSeedFromTrace, TRUNCATED_STATUSES, type SeedRunner } from './seedRunner.js';

/** Format tag of a sweep shard payload. */
export const SHARD_FORMAT = 'pbtsim-shard/1';

/** One shard of a sweep: run `seeds` of the scenario (with the setting applied). */
export interface SweepShardPayload {
  readonly format: typeof SHARD_FORMAT;
  readonly kind: 'sweep';
  /** The pbtsim version that planned the shard; a worker of another version refuses it. */
  readonly pbtsimVersion: string;
  /** sha256 of the canonical JSON of `scenario`; checked by the worker. */
  readonly scenarioDigest: string;
  /** The scenario source with the setting applied (validated by the coordinator). */
  readonly scenario: unknown;
  /** The scenario's file name, for messages. */
  readonly file: string;
  /** Index of the setting in the sweep's cartesian product. */
  readonly setting: number;
  /** Index of the first seed in the sweep's seed list (the shard's place in the merge order). */
  readonly first: number;
  readonly seeds: readonly number[];
}

/** What a shard returns. */
export interface SweepShardResult {
  readonly setting: number;
  readonly first: number;
  readonly events: number;
  readonly aggregate: SettingAggregate;
}

/** `sha256:<hex>` of a value's canonical JSON. */
export function digestOf(value: unknown): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The job ID of a payload: its digest, without characters Redis keys or BullMQ dislike. */
export function jobIdOf(payload: unknown): string {
  return digestOf(payload).replace('sha256:', 'shard-');
}

/** Orders shards for merging: setting, then position in the seed list. */
export function compareShards(a: { setting: number; first: number }, b: { setting: number; first: number }): number {
  return a.setting - b.setting || a.first - b.first;
}

/** Thrown when a payload is not one this worker may run (version or digest mismatch). */
export class ShardRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardRefused';
  }
}

/**
 * Checks a payload before running it.
 * @param payload - the payload as received
 * @param version - this worker's pbtsim version
 * @throws ShardRefused naming what does not match
 */
export function checkPayload(payload: { format?: unknown; pbtsimVersion?: unknown; scenarioDigest?: unknown; scenario?: unknown }, version: string, format: string): void {
  if (payload.format !== format) throw new ShardRefused(`shard payload format ${JSON.stringify(payload.format)}; this worker runs ${format}`);
  if (payload.pbtsimVersion !== version) {
    throw new ShardRefused(`shard planned by pbtsim ${String(payload.pbtsimVersion)}, this worker is pbtsim ${version}: refusing to mix results of different versions`);
  }
  if (payload.scenario !== undefined && digestOf(payload.scenario) !== payload.scenarioDigest) throw new ShardRefused('shard scenario does not match its scenarioDigest');
}

/** Keeps the {@link MAX_LISTED} smallest seeds of a list that grows in any seed order. */
function pushListed(list: ListedSeed[], item: ListedSeed): void {
  list.push(item);
  if (list.length > 2 * MAX_LISTED) list.splice(0, list.length, ...sortSeeds(list));
}

const sortSeeds = (l: readonly ListedSeed[]): ListedSeed[] => [...l].sort((a, b) => a.seed - b.seed).slice(0, MAX_LISTED);

interface PageBuilder {
  totals: Omit<PageAggregate, 'timeToResult' | 'wait'>;
  ttr: CountsBuilder;
  wait: CountsBuilder;
}

/**
 * Runs a sweep shard: each seed through the record source, folded into one aggregate. Complete
 * runs feed the distributions; truncated and failed runs are counted and listed only.
 * @param payload - the shard
 * @param compiled - the compiled scenario (compiled from the payload when omitted)
 * @param runner - the record source (default: {@link runSeedFromTrace})
 */
export function runSweepShard(payload: SweepShardPayload, compiled?: CompiledScenario, runner: SeedRunner = runSeedFromTrace): SweepShardResult {
  const sc = compiled ?? compileScenario(payload.scenario, payload.file);
  const statuses = new Map<string, number>();
  const truncatedSeeds: ListedSeed[] = [];
  const failedSeeds: ListedSeed[] = [];
  const violations: ListedSeed[] = [];
  const digests = new Set<string>();
  const perSeed = { rejected: new CountsBuilder(), cancelled: new CountsBuilder(), timedOut: new CountsBuilder(), wastedMs: new CountsBuilder(), endTimeMs: new CountsBuilder() };
  const ttr = new CountsBuilder();
  const wait = new CountsBuilder();
  const pages = new Map<string, PageBuilder>();
  const sums = { enqueueCalls: 0, rejected: 0, tasks: 0, delivered: 0, cancelled: 0, timedOut: 0, failed: 0, dropped: 0, wastedMs: 0 };
  let complete = 0;
  let truncated = 0;
  let failures = 0;
  let violated = 0;
  let events = 0;
  for (const seed of payload.seeds) {
    const fold = new SeedFold();
    const run = runner(sc, seed, [fold]);
    const totals = fold.finish();
    events += run.eventCount;
    statuses.set(run.status, (statuses.get(run.status) ?? 0) + 1);
    if (digests.size < MAX_DIGESTS * 2) digests.add(run.digest);
    else { digests.add(run.digest); const keep = [...digests].sort().slice(0, MAX_DIGESTS); digests.clear(); for (const d of keep) digests.add(d); }
    if (run.violations.length > 0) {
      violated++;
      const v = run.violations[0]!;
      pushListed(violations, { seed, what: `${v.invariant} (${v.clauses.join(', ')}): ${v.message}`, count: run.violations.length });
    }
    if (run.failure !== null) {
      failures++;
      pushListed(failedSeeds, { seed, what: `${run.status}: ${run.failure}`, count: 1 });
      continue;
    }
    if (TRUNCATED_STATUSES.has(run.status)) {
      truncated++;
      pushListed(truncatedSeeds, { seed, what: run.status, count: 1 });
      continue;
    }
    complete++;
    perSeed.rejected.add(totals.rejected);
    perSeed.cancelled.add(totals.cancelled);
    perSeed.timedOut.add(totals.timedOut);
    perSeed.wastedMs.add(totals.wastedMs);
    perSeed.endTimeMs.add(run.endTimeMs);
    for (const k of Object.keys(sums) as (keyof typeof sums)[]) sums[k] += totals[k];
    for (const p of totals.pages) {
      const key = `${p.session}\u0000${p.page}`;
      let b = pages.get(key);
      if (b === undefined) {
        b = { totals: { session: p.session, page: p.page, tasks: 0, rejected: 0, delivered: 0, cancelled: 0, timedOut: 0, failed: 0, dropped: 0, wastedMs: 0 }, ttr: new CountsBuilder(), wait: new CountsBuilder() };
        pages.set(key, b);
      }
      const t = b.totals;
      b.totals = { ...t, tasks: t.tasks + p.tasks, rejected: t.rejected + p.rejected, delivered: t.delivered + p.delivered, cancelled: t.cancelled + p.cancelled,
        timedOut: t.timedOut + p.timedOut, failed: t.failed + p.failed, dropped: t.dropped + p.dropped, wastedMs: t.wastedMs + p.wastedMs };
      b.ttr.addAll(p.timeToResult);
      b.wait.addAll(p.wait);
      ttr.addAll(p.timeToResult);
      wait.addAll(p.wait);
    }
  }
  const aggregate: SettingAggregate = {
    ...emptyAggregate(), ...sums,
    runs: payload.seeds.length, complete, statuses: Object.fromEntries([...statuses.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    truncated, truncatedSeeds: sortSeeds(truncatedSeeds), failures, failedSeeds: sortSeeds(failedSeeds), violatedSeeds: violated, violations: sortSeeds(violations),
    digests: [...digests].sort().slice(0, MAX_DIGESTS),
    perSeed: { rejected: perSeed.rejected.build(), cancelled: perSeed.cancelled.build(), timedOut: perSeed.timedOut.build(), wastedMs: perSeed.wastedMs.build(), endTimeMs: perSeed.endTimeMs.build() },
    timeToResult: ttr.build(), wait: wait.build(),
    pages: mergePages([], [...pages.values()].map((b) => ({ ...b.totals, timeToResult: b.ttr.build(), wait: b.wait.build() }))),
  };
  return { setting: payload.setting, first: payload.first, events, aggregate };
}
