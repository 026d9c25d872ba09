/**
 * Sweeps and checks sharded over worker threads or a Redis queue: settings (`--set`), targets,
 * shard payloads, exact mergeable aggregates, the local pool and the report builder.
 * @module
 */
export { parseAxes, settingsOf, applySetting, resolveSettings, compareSettings, SettingError, SETTABLE_SECTIONS } from './settings.js';
export type { SweepAxis, SweepSetting, SettingValue } from './settings.js';
export { parseTarget, evaluateTarget, TargetError, TARGET_METRICS, TARGET_STATS } from './target.js';
export type { SweepTarget, TargetClause, TargetVerdict } from './target.js';
export { runSweep, runSweepSync, planSweep, mergeSweep, DEFAULT_SHARD_SEEDS } from './sweepRun.js';
export type { SweepInput, SweepOutcome, SettingOutcome, ShardExecutor } from './sweepRun.js';
export { runSweepShard, runSweepShardAsync, checkPayload, digestOf, jobIdOf, compareShards, ShardRefused, SHARD_FORMAT } from './shard.js';
export type { SweepShardPayload, SweepShardResult } from './shard.js';
export { runCheckShard, planCheck, locate, chunkSeed, CHECK_CHUNK, CHECK_SHARD } from './checkShard.js';
export type { CheckShardPayload, CheckShardResult, CheckShardFailure } from './checkShard.js';
export { runShardTask } from './task.js';
export { runMutantShard } from './mutantShard.js';
export type { MutantShardPayload } from './mutantShard.js';
export type { ShardTask } from './task.js';
export { runShardsLocal, shardPool } from './pool.js';
export type { LocalRunOptions } from './pool.js';
export { buildSweepReport, summaryOf, histogramOf } from './report.js';
export type { SweepReportInput } from './report.js';
export { pbtsimVersion } from './version.js';
export { emptyAggregate, mergeAggregates, MAX_LISTED, MAX_DIGESTS } from './aggregate.js';
export type { SettingAggregate, PageAggregate, ListedSeed, RunTotals } from './aggregate.js';
export { ShardAccumulator } from './shardAccumulator.js';
export { runSeedFromTrace, runSeedStreaming, TRUNCATED_STATUSES } from './seedRunner.js';
export type { SeedRunner, SyncSeedRunner, SeedRun, SeedViolation } from './seedRunner.js';
export { SeedFold } from './seedFold.js';
export type { RecordFold, SeedTotals } from './seedFold.js';
export type { Counts } from './counts.js';
