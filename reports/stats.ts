/**
 * Small statistics for reports: nearest-rank percentiles, summaries, histogram bins and axis
 * ticks. Pure and deterministic.
 * @module
 */

/** Percentiles and extremes of a sample. */
export interface Summary {
  readonly count: number;
  readonly min: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

/**
 * The nearest-rank percentile of an ascending sample: the smallest value with at least p % of
 * the sample at or below it.
 * @param sorted - values in ascending order
 * @param p - percentile, 0 < p ≤ 100
 * @returns the value, or null for an empty sample
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/**
 * Summarises a sample (nearest-rank percentiles; the mean rounded to 0.1).
 * @param values - the sample (a plain array or a typed array)
 * @param isSorted - the values are already ascending (skips the sorted copy)
 */
export function summarize(values: ArrayLike<number>, isSorted = false): Summary {
  const s: ArrayLike<number> = isSorted ? values : Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i]!;
  return {
    count: s.length,
    min: s.length === 0 ? null : s[0]!,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s.length === 0 ? null : s[s.length - 1]!,
    mean: s.length === 0 ? null : Math.round((sum / s.length) * 10) / 10,
  };
}

/** One histogram bin, [from, to) except the last, which includes `to`. */
export interface Bin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** A step that is 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/**
 * Bins a sample into about `target` bins of a nice width. Exact zeros get a bin of their own
 * (`from = to = 0`) when the sample also has other values, and a sample of one repeated value
 * is one bin `from = to = value`, so a chart can tell "exactly 0" from "a little above 0" (a
 * zero rate is not an alarm). The other bins are [from, to) except the last, which includes `to`.
 * @param values - the sample
 * @param target - wanted number of bins (the result has at most target + 2)
 */
export function histogram(values: ArrayLike<number>, target = 20): Bin[] {
  if (values.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 0) zeros++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return [{ from: lo, to: lo, count: values.length }];
  const splitZeros = lo === 0 && zeros > 0;
  const out: Bin[] = splitZeros ? [{ from: 0, to: 0, count: zeros }] : [];
  const width = niceStep(Math.max(1, (hi - lo) / target));
  const start = Math.floor(lo / width) * width;
  const n = Math.max(1, Math.floor((hi - start) / width) + 1);
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (splitZeros && v === 0) continue;
    counts[Math.min(n - 1, Math.floor((v - start) / width))]! += 1;
  }
  return out.concat(counts.map((count, i) => ({ from: start + i * width, to: start + (i + 1) * width, count })));
}

/**
 * Axis ticks from 0 to the first tick at or above `max` (so the tallest bar is under the top
 * tick), about `target` of them.
 * @returns tick values, ascending, starting at 0
 */
export function ticks(max: number, target = 8): number[] {
  const step = niceStep(Math.max(1, max) / target);
  const out = [0];
  while (out[out.length - 1]! < max && out.length < 100) out.push(Number((out.length * step).toPrecision(12)));
  return out;
}

/** A ratio as a percentage text with one decimal, `–` when the denominator is 0. */
export function pct(part: number, whole: number): string {
  return whole === 0 ? '–' : `${(Math.round((part / whole) * 1000) / 10).toFixed(1)} %`;
}

/** Milliseconds as text: `850 ms`, `12.5 s`, `3 min 20 s`; `–` for null. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (Math.abs(ms) < 10_000) return `${ms} ms`;
  if (Math.abs(ms) < 120_000) return `${Math.round(ms / 100) / 10} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms - min * 60_000) / 1000);
  return s === 0 ? `${min} min` : `${min} min ${s} s`;
}
