/**
 * The per-session slot and queue sets of the shared monitor state (started, waiting, queued,
 * holding TaskIds) in one small array of `[id, membership bits]` pairs, with a count per set.
 * They hold a handful of IDs (at most the session's slots and its waiting queue) and a record
 * of a task moves its ID between them (a start leaves waiting and queued for started and
 * holding, an end leaves all four), so one entry per ID with a bit per set takes one search per
 * record where four sets took up to four, and touches one object and one array per session
 * instead of four of each (the sets were four arrays with swap-remove and a count, `IdBag`, whose
 * searches were the largest line of the shared state in a CPU profile of the 1,000-user run).
 * Each set has the membership of a `Set<number>` (SameValueZero: NaN equals NaN, -0 is kept as 0).
 * @module
 */

/** Bit of the started set: started and not ended (by record). @internal */
export const STARTED = 1;
/** Bit of the waiting set: enqueued, neither started nor ended (by record). @internal */
export const WAITING = 2;
/** Bit of the queued set: enqueued, not yet granted a slot nor ended. @internal */
export const QUEUED = 4;
/** Bit of the holding set: granted a slot and not ended. @internal */
export const HOLDING = 8;
/** Every set's bit. @internal */
export const ALL_SETS = STARTED | WAITING | QUEUED | HOLDING;

/** Four sets of TaskIds sharing one array (no allocation once it has grown). @internal */
export class SlotSets {
  /** `[id0, bits0, id1, bits1, …]` in `e[0 .. n)`; entries from `n` on are stale. An ID is present while it is in some set. */
  private readonly e: number[] = [];
  private n = 0;
  /** Size of the started set. */
  started = 0;
  /** Size of the waiting set. */
  waiting = 0;
  /** Size of the queued set. */
  queued = 0;
  /** Size of the holding set. */
  holding = 0;

  private indexOf(id: number): number {
    const e = this.e;
    const n = this.n;
    if (id === id) {
      for (let i = 0; i < n; i += 2) if (e[i] === id) return i;
    } else {
      for (let i = 0; i < n; i += 2) if (e[i] !== e[i]) return i;
    }
    return -1;
  }

  /** The sets `id` is in (bits; 0: none). */
  bits(id: number): number {
    const i = this.indexOf(id);
    return i < 0 ? 0 : this.e[i + 1]!;
  }

  /**
   * Adds `id` to the sets of `add`, then removes it from those of `remove` (bit masks; a bit in
   * both is removed).
   * @returns the sets `id` was in before
   */
  update(id: number, add: number, remove: number): number {
    const e = this.e;
    const i = this.indexOf(id);
    const old = i < 0 ? 0 : e[i + 1]!;
    const now = (old | add) & ~remove;
    if (now === old) return old;
    if (i < 0) {
      // A Set keeps -0 as +0.
      const v = id === 0 ? 0 : id;
      if (this.n < e.length) { e[this.n] = v; e[this.n + 1] = now; } else e.push(v, now);
      this.n += 2;
    } else if (now === 0) {
      const last = (this.n -= 2);
      if (i < last) { e[i] = e[last]!; e[i + 1] = e[last + 1]!; }
    } else e[i + 1] = now;
    const changed = old ^ now;
    if ((changed & STARTED) !== 0) this.started += (now & STARTED) !== 0 ? 1 : -1;
    if ((changed & WAITING) !== 0) this.waiting += (now & WAITING) !== 0 ? 1 : -1;
    if ((changed & QUEUED) !== 0) this.queued += (now & QUEUED) !== 0 ? 1 : -1;
    if ((changed & HOLDING) !== 0) this.holding += (now & HOLDING) !== 0 ? 1 : -1;
    return old;
  }

  /** The smallest waiting ID (Infinity when none waits; NaN is never the smallest). */
  minWaiting(): number {
    const e = this.e;
    let m = Infinity;
    for (let i = 0; i < this.n; i += 2) if ((e[i + 1]! & WAITING) !== 0 && e[i]! < m) m = e[i]!;
    return m;
  }
}
