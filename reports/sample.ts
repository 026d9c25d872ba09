/**
 * A growable sample of numbers in a `Float64Array`: 8 bytes a value, no per-value object, so the
 * run report and the run summary keep exact percentiles of hundreds of thousands of tasks in a
 * few megabytes (issue 8 §3: "exact percentiles from compact typed arrays").
 * @module
 */
import { summarize, type Summary } from './stats.js';

const INITIAL_CAPACITY = 16;

/** An append-only sample of numbers with exact nearest-rank summaries. */
export class NumberSample {
  private values = new Float64Array(INITIAL_CAPACITY);
  private size = 0;

  /** Values added so far. */
  get count(): number {
    return this.size;
  }

  /** Adds one value (capacity doubles when full, so adding is amortised O(1)). */
  push(v: number): void {
    if (this.size === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.size++] = v;
  }

  /** Adds every value of another sample. */
  pushAll(other: NumberSample): void {
    for (let i = 0; i < other.size; i++) this.push(other.values[i]!);
  }

  /** Σ of the values. */
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += this.values[i]!;
    return s;
  }

  /** The values in ascending order (a sorted copy; the sample is unchanged). */
  sorted(): Float64Array {
    return this.values.slice(0, this.size).sort();
  }

  /** Exact nearest-rank percentiles, min, max and mean (see {@link summarize}). */
  summary(): Summary {
    return summarize(this.sorted(), true);
  }
}
