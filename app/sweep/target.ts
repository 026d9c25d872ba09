/**
 * Sweep targets (`--target "p99<=2000"`): a conjunction of clauses `[metric.]stat op number`,
 * joined by `and` or `,`. Metrics: `ttr` (time to result per delivered task, the default),
 * `wait` (enqueue → child session started, per started task), and per complete run
 * `rejected` (failed enqueue calls), `cancelled`, `timedOut` and `wastedMs`. Stats: `p50`,
 * `p90`, `p99`, `max`, `mean`. Operators: `<=`, `<`. Example:
 * `p99<=2000 and rejected.max<=0`.
 * @module
 */
import type { SettingAggregate } from './aggregate.js';
import { countOf, percentileOf, sumOf, type Counts } from './counts.js';

/** Metrics a target may name. */
export const TARGET_METRICS = ['ttr', 'wait', 'rejected', 'cancelled', 'timedOut', 'wastedMs'] as const;
/** Statistics a target may name. */
export const TARGET_STATS = ['p50', 'p90', 'p99', 'max', 'mean'] as const;

/** One clause of a target. */
export interface TargetClause {
  readonly metric: (typeof TARGET_METRICS)[number];
  readonly stat: (typeof TARGET_STATS)[number];
  readonly op: '<=' | '<';
  readonly limit: number;
  /** The clause as text, normalized (`ttr.p99<=2000`). */
  readonly text: string;
}

/** A parsed target. */
export interface SweepTarget {
  readonly text: string;
  readonly clauses: readonly TargetClause[];
}

/** A bad `--target` (the CLI prints it as one line, exit 2). */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/**
 * Parses a target.
 * @throws TargetError naming the bad clause and what is allowed
 */
export function parseTarget(text: string): SweepTarget {
  const parts = text.split(/\s*(?:,|\band\b)\s*/).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new TargetError('--target: expected e.g. "p99<=2000"');
  const clauses = parts.map((part): TargetClause => {
    const m = /^(?:([A-Za-z]+)\.)?([a-z0-9]+)\s*(<=|<)\s*(\d+(?:\.\d+)?)$/.exec(part);
    const metric = m?.[1] ?? 'ttr';
    const stat = m?.[2];
    if (!m || !(TARGET_METRICS as readonly string[]).includes(metric) || !(TARGET_STATS as readonly string[]).includes(stat ?? '')) {
      throw new TargetError(`--target: cannot read "${part}": expected [metric.]stat<=number with metric one of ${TARGET_METRICS.join(', ')} (default ttr) and stat one of ${TARGET_STATS.join(', ')}, e.g. "p99<=2000"`);
    }
    const clause = { metric: metric as TargetClause['metric'], stat: stat as TargetClause['stat'], op: m[3] as TargetClause['op'], limit: Number(m[4]) };
    return { ...clause, text: `${clause.metric}.${clause.stat}${clause.op}${clause.limit}` };
  });
  return { text, clauses };
}

/** The distribution a metric reads. */
export function metricCounts(agg: SettingAggregate, metric: TargetClause['metric']): Counts {
  switch (metric) {
    case 'ttr': return agg.timeToResult;
    case 'wait': return agg.wait;
    default: return agg.perSeed[metric];
  }
}

/** A statistic of counts (mean rounded to 0.1), null when nothing was counted. */
export function statOf(c: Counts, stat: TargetClause['stat']): number | null {
  switch (stat) {
    case 'p50': return percentileOf(c, 50);
    case 'p90': return percentileOf(c, 90);
    case 'p99': return percentileOf(c, 99);
    case 'max': return percentileOf(c, 100);
    case 'mean': {
      const n = countOf(c);
      return n === 0 ? null : Math.round((sumOf(c) / n) * 10) / 10;
    }
  }
}

/** How one setting fares against the target. */
export interface TargetVerdict {
  /** True when every clause holds and every run of the setting was complete and clean. */
  readonly meets: boolean;
  /** Per clause: the measured value (null: nothing measured) and whether it holds. */
  readonly clauses: readonly { readonly text: string; readonly value: number | null; readonly holds: boolean }[];
  /** Why the setting cannot be recommended even if the clauses hold, or null. */
  readonly disqualified: string | null;
}

/** Evaluates a target on a setting's aggregate. */
export function evaluateTarget(target: SweepTarget, agg: SettingAggregate): TargetVerdict {
  const clauses = target.clauses.map((c) => {
    const value = statOf(metricCounts(agg, c.metric), c.stat);
    return { text: c.text, value, holds: value !== null && (c.op === '<=' ? value <= c.limit : value < c.limit) };
  });
  const why: string[] = [];
  if (agg.truncated > 0) why.push(`${agg.truncated} truncated run(s)`);
  if (agg.failures > 0) why.push(`${agg.failures} failed run(s)`);
  if (agg.violatedSeeds > 0) why.push(`${agg.violatedSeeds} seed(s) broke an invariant`);
  const disqualified = why.length > 0 ? why.join(', ') : null;
  return { meets: disqualified === null && clauses.every((c) => c.holds), clauses, disqualified };
}
