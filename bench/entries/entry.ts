/**
 * The shape of one benchmark entry. Each entry lives in its own file under `bench/entries/` and
 * is registered by one line in `bench/entries/index.ts`.
 * @module
 */

/** What one timed run of an entry measured. */
export interface Measurement {
  /** Events processed (the unit of `eventsPerSecond`). */
  readonly events: number;
  /** Wall-clock seconds of the timed part only (set-up excluded). */
  readonly seconds: number;
  /** Extra figures to report with the entry (e.g. the measured mean wait of a queue). */
  readonly extra?: Readonly<Record<string, number | string>>;
}

/** A benchmark entry. */
export interface BenchEntry {
  /** Unique name, used by `--only` and in `bench/results/latest.json`. */
  readonly name: string;
  /** One line describing what is measured. */
  readonly description: string;
  /** Runs the workload once and measures it. Must be deterministic in everything but time. */
  run(): Measurement;
  /**
   * False for entries that run in a child process of their own (nothing to warm up in this
   * process); default true.
   */
  readonly warmup?: boolean;
}

/** Seconds elapsed since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
