/**
 * The record source of a shard: runs one seed of a compiled scenario, hands every record to the
 * given folds in trace order, checks the invariants and says how the run ended. Shards depend on
 * the {@link SeedRunner} type only, so this source can be swapped for the pipeline's streaming
 * fold API (brief interface 6: a compiled scenario run with a set of folds and no trace array)
 * without touching the shard, merge or report code.
 *
 * Today it is `runScenario` from models/pbt (which keeps the run's records in memory while the
 * seed runs) and the batch `checkTrace` over the framed trace; the records are dropped when the
 * seed is done, so a shard's memory is one run, never the sweep.
 * @module
 */
import type { CompiledScenario } from '../../models/pbt/index.js';
import { runScenario } from '../../models/pbt/index.js';
import { checkTrace, withRunContext } from '../../properties/index.js';
import type { RecordFold } from './seedFold.js';

/** Run statuses that mean "stopped before the scenario was done" (truncated, not a failure). */
export const TRUNCATED_STATUSES: ReadonlySet<string> = new Set([
  'until', 'stopped', 'event-budget-exceeded', 'wall-budget-exceeded', 'heap-budget-exceeded', 'trace-budget-exceeded',
]);

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
  const violations = checkTrace(withRunContext(sc, run)).map((v) => ({ invariant: v.invariant, clauses: [...v.clauses], message: `at ${v.atMs} ms: ${v.message}` }));
  return { status, failure, digest: run.result.digest, endTimeMs: run.result.endTimeMs, eventCount: run.result.eventCount, violations };
};
