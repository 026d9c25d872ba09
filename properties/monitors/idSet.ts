/**
 * A set of positive integer TaskIds kept as sorted disjoint intervals. The model hands out
 * TaskIds consecutively per parent session (A16), so the set of every ID a session ever
 * enqueued is one interval: the monitors remember which IDs existed in O(1) memory per session
 * after they forgot the tasks themselves.
 * @module
 */

/** Sorted disjoint closed intervals of integers. @internal */
export class IdSet {
  /** Interval bounds, flattened: `[lo0, hi0, lo1, hi1, …]`, ascending. */
  private readonly b: number[] = [];

  /** Number of intervals (the memory the set takes). */
  get intervals(): number {
    return this.b.length / 2;
  }

  /** True when `id` is in the set. */
  has(id: number): boolean {
    const b = this.b;
    const n = b.length;
    // The common case: the latest interval.
    if (n > 0 && id >= b[n - 2]! && id <= b[n - 1]!) return true;
    let lo = 0;
    let hi = n / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (id < b[2 * mid]!) hi = mid - 1;
      else if (id > b[2 * mid + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Adds `id` (an integer), merging neighbouring intervals. */
  add(id: number): void {
    const b = this.b;
    const n = b.length;
    if (n === 0 || id > b[n - 1]! + 1) { b.push(id, id); return; }
    if (id === b[n - 1]! + 1) { b[n - 1] = id; return; }
    if (this.has(id)) return;
    // First interval whose lo is above id.
    let i = 0;
    while (i < n && b[i]! <= id) i += 2;
    const joinsLeft = i > 0 && b[i - 1]! + 1 === id;
    const joinsRight = i < n && b[i]! - 1 === id;
    if (joinsLeft && joinsRight) b.splice(i - 1, 2);
    else if (joinsLeft) b[i - 1] = id;
    else if (joinsRight) b[i] = id;
    else b.splice(i, 0, id, id);
  }
}
