/**
 * Sweep reports: the value the md, html and json renderers take. A sweep runs one scenario over
 * many seeds and, with `--set`, over the cartesian product of server settings or policies; per
 * setting the report gives the distributions (time to result per page, wait, rejections,
 * cancellations, timeouts, wasted child-session time), the truncated and failed runs (counted
 * and listed, never averaged in), the seeds that broke an invariant, and against a `--target`
 * a verdict and the recommendation. The report holds no wall-clock data, so the same inputs give
 * byte-identical reports (and `digest`) on 1 or N workers and through a Redis queue. Built by
 * app/sweep (`buildSweepReport`).
 * @module
 */
import type { Bin, Summary } from './stats.js';

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

/** Distributions of one page over a setting's complete runs. */
export interface SweepPageRow {
  readonly session: string;
  readonly page: string;
  readonly tasks: number;
  readonly rejected: number;
  readonly delivered: number;
  readonly cancelled: number;
  readonly timedOut: number;
  readonly failed: number;
  readonly dropped: number;
  readonly wastedMs: number;
  /** Enqueue → trigger ran, over every delivered task of every complete run. */
  readonly timeToResult: Summary;
  readonly timeToResultHistogram: readonly Bin[];
  /** Enqueue → child session started. */
  readonly wait: Summary;
}

/** A seed listed in the report. */
export interface SweepSeedRow {
  readonly seed: number;
  /** The run status, or the first violation (`invariant (clauses): message`). */
  readonly what: string;
  readonly count: number;
  /** The command that replays it (with the setting applied to the file first, see `setting`). */
  readonly replay: string;
}

/** A target clause evaluated on a setting. */
export interface SweepVerdictClause {
  readonly text: string;
  readonly value: number | null;
  readonly holds: boolean;
}

/** One setting of the sweep. */
export interface SweepSettingRow {
  readonly index: number;
  readonly label: string;
  readonly assignments: readonly { readonly key: string; readonly value: number | boolean | string }[];
  readonly scenarioDigest: string;
  readonly runs: number;
  readonly complete: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly truncated: number;
  readonly truncatedSeeds: readonly SweepSeedRow[];
  readonly failures: number;
  readonly failedSeeds: readonly SweepSeedRow[];
  readonly violatedSeeds: number;
  readonly violations: readonly SweepSeedRow[];
  /** Distinct trace digests; `distinctTracesAtLeast` when more were seen than kept. */
  readonly distinctTraces: number;
  readonly distinctTracesAtLeast: boolean;
  readonly enqueueCalls: number;
  readonly rejected: number;
  readonly tasks: number;
  readonly delivered: number;
  readonly cancelled: number;
  readonly timedOut: number;
  readonly failed: number;
  readonly dropped: number;
  readonly wastedMs: number;
  readonly timeToResult: Summary;
  /** On one scale for every setting of the report. */
  readonly timeToResultHistogram: readonly Bin[];
  /** Rejected enqueue calls per complete run, on one scale for every setting. */
  readonly rejectedPerRunHistogram: readonly Bin[];
  readonly wait: Summary;
  /** Per complete run. */
  readonly perSeed: {
    readonly rejected: Summary;
    readonly cancelled: Summary;
    readonly timedOut: Summary;
    readonly wastedMs: Summary;
    readonly endTimeMs: Summary;
  };
  readonly pages: readonly SweepPageRow[];
  /** Against `--target`; null without one. */
  readonly verdict: { readonly meets: boolean; readonly clauses: readonly SweepVerdictClause[]; readonly disqualified: string | null } | null;
}

/** The sweep report. */
export interface SweepReport {
  readonly format: 'pbtsim-sweep/2';
  readonly scenario: string;
  readonly file: string;
  readonly pbtsimVersion: string;
  readonly seeds: { readonly spec: string; readonly count: number };
  readonly axes: readonly { readonly key: string; readonly values: readonly (number | boolean | string)[] }[];
  readonly target: string | null;
  /** False when the sweep was stopped (Ctrl-C): the report covers the finished shards only. */
  readonly finished: boolean;
  readonly shards: { readonly done: number; readonly total: number };
  readonly events: number;
  /** Over every setting. */
  readonly totals: { readonly runs: number; readonly complete: number; readonly truncated: number; readonly failures: number; readonly violatedSeeds: number };
  readonly settings: readonly SweepSettingRow[];
  /** The recommendation line (null without `--target`) and the recommended setting's index. */
  readonly recommendation: { readonly text: string; readonly setting: number | null } | null;
  /** The verdict line on invariants, truncation and failures (what the exit code says). */
  readonly verdict: string;
  /** `sha256:` of the canonical JSON of the merged aggregates, settings and seeds. */
  readonly digest: string;
}
