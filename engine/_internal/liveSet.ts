/**
 * The set of live (scheduled, not yet fired or cancelled) event seqs, as a bitset over a sliding
 * window of seqs. Seqs are issued in increasing order, so the window is
 * [oldest live seq, next seq): memory is one bit per event scheduled since the oldest event still
 * pending, and the window is compacted when it would otherwise grow.
 *
 * Fast path, justified by the `kernel-noop` benchmark (docs/performance.md): a `Set<number>` cost
 * three hash operations per event (add, has, delete), about a sixth of the kernel's time.
 * @module
 * @internal
 */

/** @internal */
export class LiveSet {
  private words = new Int32Array(1024);
  // Seq of bit 0 of words[0]; always a multiple of 32.
  private base = 0;
  private count = 0;

  /** Number of live seqs. */
  get size(): number {
    return this.count;
  }

  /** Marks `seq` live; seqs must be added at or above every seq added before minus the window. */
  add(seq: number): void {
    let off = seq - this.base;
    if (off < 0) {
      this.rebase(seq);
      off = seq - this.base;
    }
    let w = off >>> 5;
    if (w >= this.words.length) {
      this.compact(seq);
      w = (seq - this.base) >>> 5;
    }
    const bit = 1 << (off & 31);
    const word = this.words[w]!;
    if ((word & bit) === 0) {
      this.words[w] = word | bit;
      this.count++;
    }
  }

  /** Whether `seq` is live. */
  has(seq: number): boolean {
    const off = seq - this.base;
    if (off < 0) return false;
    const w = off >>> 5;
    if (w >= this.words.length) return false;
    return (this.words[w]! & (1 << (off & 31))) !== 0;
  }

  /** Removes `seq`; returns whether it was live. */
  delete(seq: number): boolean {
    const off = seq - this.base;
    if (off < 0) return false;
    const w = off >>> 5;
    if (w >= this.words.length) return false;
    const bit = 1 << (off & 31);
    const word = this.words[w]!;
    if ((word & bit) === 0) return false;
    this.words[w] = word & ~bit;
    this.count--;
    return true;
  }

  // Slides the window up to the oldest live seq (dropping empty words below it) and grows the
  // array when `seq` would still not fit with half of it to spare. Each compaction costs O(words)
  // and leaves at least half the words free, so its cost per seq is O(1/32).
  private compact(seq: number): void {
    const words = this.words;
    let first = 0;
    if (this.count === 0) first = words.length;
    else while (words[first] === 0) first++;
    const newBase = this.count === 0 ? seq - (seq & 31) : this.base + first * 32;
    const keep = words.length - first;
    const need = ((seq - newBase) >>> 5) + 1;
    let cap = words.length;
    while (cap < need * 2) cap *= 2;
    if (cap === words.length) {
      words.copyWithin(0, first);
      words.fill(0, keep);
    } else {
      const next = new Int32Array(cap);
      next.set(words.subarray(first));
      this.words = next;
    }
    this.base = newBase;
  }

  // A seq below the window (only after restoring pending events out of order): grow downwards.
  private rebase(seq: number): void {
    const newBase = seq - (seq & 31);
    const shift = (this.base - newBase) >>> 5;
    const next = new Int32Array(this.words.length + shift);
    next.set(this.words, shift);
    this.words = next;
    this.base = newBase;
  }
}
