/**
 * A reusable buffer for what a monitor collects within one instant (tasks to forget, starts to
 * check, enqueues waiting for their warning…). Emptying a JS array (`length = 0`, or popping it
 * empty) makes V8 drop its backing store, so a buffer filled and emptied at every instant would
 * allocate a new one each time; this one keeps its array and a count, and clears its slots so
 * it holds no references between instants.
 * @module
 */

/** An append-only buffer emptied in one go, reusing its storage. @internal */
export class Batch<T> {
  private readonly items: (T | undefined)[] = [];
  private n = 0;

  /** Number of items. */
  get length(): number {
    return this.n;
  }

  /** Appends `x`. */
  push(x: T): void {
    if (this.n < this.items.length) this.items[this.n] = x;
    else this.items.push(x);
    this.n++;
  }

  /** The item at `i` (`0 <= i < length`). */
  at(i: number): T {
    return this.items[i] as T;
  }

  /** Removes every item (the storage is kept). */
  clear(): void {
    const items = this.items;
    for (let i = 0; i < this.n; i++) items[i] = undefined;
    this.n = 0;
  }
}
