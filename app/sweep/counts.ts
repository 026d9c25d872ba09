/**
 * Exact distributions as counts per integer value: a sweep of a million seeds keeps one entry
 * per distinct millisecond value, never one per task. Counts merge exactly (integer sums), so a
 * distribution does not depend on how the seeds were sharded; percentiles, means and histograms
 * are computed from the counts at the end.
 * @module
 */

/**
 * A distribution as ascending `[value, count]` pairs (values distinct integers, counts ≥ 1).
 * Plain JSON, so it crosses worker threads and Redis unchanged.
 */
export type Counts = readonly (readonly [number, number])[];

/** Builds counts incrementally (a Map), then freezes them into {@link Counts}. */
export class CountsBuilder {
  private readonly map = new Map<number, number>();

  /** Adds `n` occurrences of `value` (an integer). */
  add(value: number, n = 1): void {
    this.map.set(value, (this.map.get(value) ?? 0) + n);
  }

  /** Adds every pair of `c`. */
  addAll(c: Counts): void {
    for (const [v, n] of c) this.add(v, n);
  }

  /** True when nothing was added. */
  get empty(): boolean {
    return this.map.size === 0;
  }

  /** The counts, ascending by value. */
  build(): Counts {
    return [...this.map.entries()].sort((a, b) => a[0] - b[0]);
  }
}

/** Merges two count lists (linear; exact). */
export function mergeCounts(a: Counts, b: Counts): Counts {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x[0] < y[0])) { out.push([x![0], x![1]]); i++; }
    else if (x === undefined || y[0] < x[0]) { out.push([y[0], y[1]]); j++; }
    else { out.push([x[0], x[1] + y[1]]); i++; j++; }
  }
  return out;
}

/** Number of values counted. */
export function countOf(c: Counts): number {
  let n = 0;
  for (const [, k] of c) n += k;
  return n;
}

/** Sum of the values counted (exact for integer values up to 2^53). */
export function sumOf(c: Counts): number {
  let s = 0;
  for (const [v, k] of c) s += v * k;
  return s;
}

/**
 * The nearest-rank percentile (the smallest value with at least p % of the values at or below
 * it), the same definition as `percentile` in reports/stats.ts.
 * @param c - the counts
 * @param p - percentile, 0 < p ≤ 100
 * @returns the value, or null when nothing was counted
 */
export function percentileOf(c: Counts, p: number): number | null {
  const total = countOf(c);
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const [v, k] of c) {
    seen += k;
    if (seen >= rank) return v;
  }
  return null;
}
