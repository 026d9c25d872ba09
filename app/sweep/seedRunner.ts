/**
 * The record source of a shard: runs one seed of a compiled scenario, hands every record to the
 * given folds in trace order, checks the invariants and says how the run ended. Shards depend on
 * the {@link SeedRunner} type only, so this source can be swapped for the pipeline's streaming
 * fold API (brief interface 6: a compiled scenario run with a set of folds and no trace array)
 * without touching the shard, merge or report code.
 *
 * Two sources give the same runs: {@link runSeedStreaming} (the pipeline's `simulate` with the
 * online monitors: no trace kept; what worker threads and `pbtsim worker` use) and
 * {@link runSeedFromTrace} (`runScenario` + `checkTrace`, synchronous, keeping one run's records
 * while it runs: the in-process API).
 * @module
 */
import { simulate } from '../simulate.js';
import type { CompiledScenario } from '../../models/pbt/index.js';
import { runScenario } from '../../models/pbt/index.js';
import { checkTrace, createMonitorSet, type Violation } from '../../properties/index.js';
import type { RecordFold } from './seedFold.js';

/**
 * Run statuses that mean "stopped by the scenario's own limits before it was done" (truncated,
 * deterministic, not a failure). A stop by a wall-clock or heap budget depends on the machine,
 * so it counts as a failure of the run, never as a truncation a report could average around.
 */
export const TRUNCATED_STATUSES: ReadonlySet<string> = new Set(['until', 'stopped', 'event-budget-exceeded']);

/** A violation as a shard keeps it (enough for the report's first line). */
export interface SeedViolation {
  readonly invariant: string;
  readonly clauses: readonly string[];
  readonly message: string;
}

/** How one seed's run ended. */
export interface SeedRun {
  /** `empty` (done), a truncation status ({@link TRUNCATED_STATUSES}) or an engine error code. */
  readonly status: string;
  /** The engine error message when the run failed in the model, else null. */
  readonly failure: string | null;
  readonly digest: string;
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly violations: readonly SeedViolation[];
}

/** Runs one seed through `folds`; see the module comment. */
export type SeedRunner = (sc: CompiledScenario, seed: number, folds: readonly RecordFold[]) => SeedRun | Promise<SeedRun>;

/** A {@link SeedRunner} that returns at once (the in-process, synchronous sweep API). */
export type SyncSeedRunner = (sc: CompiledScenario, seed: number, folds: readonly RecordFold[]) => SeedRun;

/** The record source used until the pipeline's fold API lands: `runScenario` + `checkTrace`. */
export const runSeedFromTrace: SyncSeedRunner = (sc, seed, folds) => {
  const run = runScenario(sc, { seed, autoFreeze: false });
  for (const r of run.records) for (const f of folds) f.step(r);
  const status = run.run.ok ? (run.stoppedAtUntil ? 'until' : run.run.status) : run.run.error.code;
  const failure = run.run.ok || TRUNCATED_STATUSES.has(status) ? null : run.run.error.message;
  // The model frames its own trace (pbt.server first, pbt.runEnd last).
  const violations = checkTrace(run.records).map(shortViolation);
  return { status, failure, digest: run.result.digest, endTimeMs: run.result.endTimeMs, eventCount: run.result.eventCount, violations };
};

const shortViolation = (v: Violation): SeedViolation => ({ invariant: v.invariant, clauses: [...v.clauses], message: `at ${v.atMs} ms: ${v.message}` });

/**
 * The streaming record source (brief interface 6): the pipeline's `simulate` (app/simulate.ts)
 * hands every record to the folds and to the online invariant monitors, and keeps no trace. No
 * wall-clock budget, so a slow machine cannot change a result; a heap-budget stop is a failure.
 * Same runs, digests and violations as {@link runSeedFromTrace}.
 */
export const runSeedStreaming: SeedRunner = async (sc, seed, folds) => {
  const monitors = createMonitorSet();
  const out = await simulate(sc, { seed, folds: [...folds, monitors], budgets: { maxWallMs: Infinity }, checkThread: { mode: 'off' } });
  const failure = TRUNCATED_STATUSES.has(out.status) || out.status === 'empty' ? null
    : out.error?.message ?? (out.trip !== undefined ? `${out.trip.status}: limit ${out.trip.limit}, reached ${out.trip.value} (not deterministic)` : String(out.failure ?? out.status));
  return { status: out.status, failure, digest: out.digest, endTimeMs: out.endTimeMs, eventCount: out.eventCount, violations: monitors.finish().map(shortViolation) };
};
