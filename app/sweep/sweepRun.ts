/**
 * A what-if sweep end to end, without the CLI: validate the `--set` axes against the scenario,
 * plan shards (setting × consecutive seeds; the plan depends only on the inputs, never on the
 * number of workers), run them on an executor (this thread, worker threads, or a Redis queue),
 * and merge the shard aggregates in shard-key order into one aggregate per setting.
 * @module
 */
import { emptyAggregate, mergeAggregates, type SettingAggregate } from './aggregate.js';
import { compareShards, digestOf, runSweepShard, SHARD_FORMAT, type SweepShardPayload, type SweepShardResult } from './shard.js';
import { resolveSettings, type SweepAxis, type SweepSetting } from './settings.js';
import type { ShardTask } from './task.js';

/** Seeds per sweep shard unless told otherwise. */
export const DEFAULT_SHARD_SEEDS = 50;

/** Runs shard tasks and hands back each result (by task index); false when stopped early. */
export type ShardExecutor = (tasks: readonly ShardTask[], onResult: (index: number, result: unknown) => void) => Promise<boolean>;

/** Inputs of {@link runSweep}. */
export interface SweepInput {
  /** The scenario source as read from the file. */
  readonly source: unknown;
  readonly file: string;
  readonly seeds: readonly number[];
  readonly axes: readonly SweepAxis[];
  readonly pbtsimVersion: string;
  /** Seeds per shard (default {@link DEFAULT_SHARD_SEEDS}); the merged result does not depend on it. */
  readonly shardSeeds?: number;
}

/** One setting's merged result. */
export interface SettingOutcome {
  readonly setting: SweepSetting;
  /** Digest of the scenario with the setting applied (the shard payloads carry it). */
  readonly scenarioDigest: string;
  readonly aggregate: SettingAggregate;
}

/** The merged sweep. */
export interface SweepOutcome {
  readonly settings: readonly SettingOutcome[];
  /** Engine events simulated over all finished shards. */
  readonly events: number;
  readonly shards: { readonly done: number; readonly total: number };
  /** Seeds run per setting, over all settings. */
  readonly runs: { readonly done: number; readonly total: number };
  /** False when the sweep was stopped (Ctrl-C) before every shard finished. */
  readonly finished: boolean;
}

/** The planned shards of a sweep (validates the settings; throws SettingError). */
export function planSweep(input: SweepInput): { settings: { setting: SweepSetting; scenarioDigest: string }[]; tasks: SweepShardPayload[] } {
  const size = input.shardSeeds ?? DEFAULT_SHARD_SEEDS;
  const resolved = resolveSettings(input.source, input.file, input.axes);
  const tasks: SweepShardPayload[] = [];
  const settings = resolved.map(({ setting, scenario }) => {
    const scenarioDigest = digestOf(scenario);
    for (let first = 0; first < input.seeds.length; first += size) {
      tasks.push({
        format: SHARD_FORMAT, kind: 'sweep', pbtsimVersion: input.pbtsimVersion, scenarioDigest, scenario, file: input.file,
        setting: setting.index, first, seeds: input.seeds.slice(first, first + size),
      });
    }
    return { setting, scenarioDigest };
  });
  return { settings, tasks };
}

/** Merges shard results (in shard-key order) into the outcome of a plan. */
export function mergeSweep(plan: ReturnType<typeof planSweep>, results: ReadonlyMap<number, SweepShardResult>, finished: boolean): SweepOutcome {
  const ordered = [...results.values()].sort(compareShards);
  const aggs = plan.settings.map(() => emptyAggregate());
  let events = 0;
  for (const r of ordered) {
    aggs[r.setting] = mergeAggregates(aggs[r.setting]!, r.aggregate);
    events += r.events;
  }
  let done = 0;
  for (const i of results.keys()) done += plan.tasks[i]!.seeds.length;
  return {
    settings: plan.settings.map((s, i) => ({ ...s, aggregate: aggs[i]! })),
    events, shards: { done: results.size, total: plan.tasks.length }, runs: { done, total: plan.tasks.reduce((n, t) => n + t.seeds.length, 0) },
    finished: finished && results.size === plan.tasks.length,
  };
}

/**
 * Runs a sweep on an executor.
 * @param input - scenario, seeds, axes, version
 * @param execute - where the shards run
 * @param onProgress - seeds done so far (over all settings), after each shard
 */
export async function runSweep(input: SweepInput, execute: ShardExecutor, onProgress: (done: number, total: number) => void = () => {}): Promise<SweepOutcome> {
  const plan = planSweep(input);
  const results = new Map<number, SweepShardResult>();
  const total = plan.tasks.reduce((n, t) => n + t.seeds.length, 0);
  let done = 0;
  const finished = await execute(plan.tasks, (i, r) => {
    if (results.has(i)) return; // a shard is counted once, whatever the executor delivers
    results.set(i, r as SweepShardResult);
    done += plan.tasks[i]!.seeds.length;
    onProgress(done, total);
  });
  return mergeSweep(plan, results, finished);
}

/** Runs a sweep in this thread, synchronously (tests, small sweeps, the API). */
export function runSweepSync(input: SweepInput): SweepOutcome {
  const plan = planSweep(input);
  const results = new Map<number, SweepShardResult>();
  plan.tasks.forEach((t, i) => results.set(i, runSweepShard(t)));
  return mergeSweep(plan, results, true);
}
