/**
 * A small unordered set of TaskIds for the per-session slot and queue sets of the shared
 * monitor state (started, waiting, queued, holding). They hold a handful of IDs (at most the
 * session's slots, or its waiting queue) and are filled and emptied once per task, so a plain
 * array with swap-remove and a count beats a `Set`: V8 reallocates a `Set`'s table (and an
 * array's backing store) each time it runs empty, while this array never shrinks.
 * Same membership as a `Set<number>` (SameValueZero: NaN equals NaN, -0 is kept as 0).
 * @module
 */

/** An unordered set of numbers in an array (no allocation once it has grown). @internal */
export class IdBag {
  /** The IDs in `ids[0 .. n)`; entries from `n` on are stale. */
  private readonly ids: number[] = [];
  private n = 0;

  /** Number of IDs in the set. */
  get size(): number {
    return this.n;
  }

  private indexOf(id: number): number {
    const ids = this.ids;
    const n = this.n;
    if (id === id) {
      for (let i = 0; i < n; i++) if (ids[i] === id) return i;
    } else {
      for (let i = 0; i < n; i++) if (ids[i] !== ids[i]) return i;
    }
    return -1;
  }

  /** True when `id` is in the set. */
  has(id: number): boolean {
    return this.indexOf(id) >= 0;
  }

  /** Adds `id` (no-op when present). */
  add(id: number): void {
    if (this.indexOf(id) >= 0) return;
    const ids = this.ids;
    // A Set keeps -0 as +0.
    const v = id === 0 ? 0 : id;
    if (this.n < ids.length) ids[this.n] = v;
    else ids.push(v);
    this.n++;
  }

  /** Removes `id`; true when it was present. */
  delete(id: number): boolean {
    const i = this.indexOf(id);
    if (i < 0) return false;
    const last = --this.n;
    if (i < last) this.ids[i] = this.ids[last]!;
    return true;
  }

  /** The smallest ID (Infinity when empty; NaN is never the smallest). */
  min(): number {
    const ids = this.ids;
    let m = Infinity;
    for (let i = 0; i < this.n; i++) if (ids[i]! < m) m = ids[i]!;
    return m;
  }
}
