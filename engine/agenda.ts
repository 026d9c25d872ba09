/**
 * The agenda (future-event set): a binary min-heap ordered by the total key (time, rank, seq).
 *
 * Ordering guarantee: an entry with a smaller `time` fires first; at equal time the smaller
 * `rank` fires first; at equal time and rank the entry scheduled first (smaller `seq`) fires
 * first. `seq` is unique, so the comparator never returns 0 for distinct entries and the order
 * is total: it does not depend on sort stability or on the heap's internal layout.
 *
 * Cancellation is lazy: `cancel` removes the seq from the set of live seqs and the entry is
 * discarded when it reaches the top, or earlier by a compaction: once cancelled entries are more
 * than half of the heap (and at least {@link COMPACT_MIN}), the heap is rebuilt from its live
 * entries in O(n). Without it a model that cancels far-future events (a task's timeout, minutes
 * away, cancelled when the task ends in milliseconds) keeps every one of them until its time, so
 * memory would grow with the run's length instead of with what is pending. Each compaction
 * removes at least as many entries as it keeps, so its cost per cancel is O(1) amortised. The
 * order of events does not depend on the heap's layout (the key is total), so compacting never
 * changes a trace. Cancel is O(1) amortised, push and pop O(log n).
 * @module
 */
import { LiveSet } from './_internal/liveSet.js';

/** One scheduled event. @internal */
export interface AgendaEntry<E> {
  readonly time: number;
  readonly rank: number;
  readonly seq: number;
  readonly event: E;
}

/** Compares two entries by (time, rank, seq). @internal */
export function compareEntries<E>(a: AgendaEntry<E>, b: AgendaEntry<E>): number {
  if (a.time !== b.time) return a.time - b.time;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.seq - b.seq;
}

/** Fewest cancelled entries in the heap before a compaction is considered. @internal */
export const COMPACT_MIN = 1024;

function less<E>(a: AgendaEntry<E>, b: AgendaEntry<E>): boolean {
  return a.time < b.time || (a.time === b.time && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)));
}

/**
 * A priority queue of events with lazy cancellation by seq.
 * @internal
 */
export class Agenda<E> {
  private readonly heap: AgendaEntry<E>[] = [];
  // Live seqs (bitset window, see _internal/liveSet.ts): cancel is O(1), a cancelled entry stays in
  // the heap until it reaches the top.
  private readonly pending = new LiveSet();
  // Cancelled entries still in the heap. Fast path (kernel-noop benchmark): while it is 0, the
  // top of the heap is live and needs no lookup in the live set.
  private cancelledInHeap = 0;

  /** Number of live (not cancelled) entries. */
  get size(): number {
    return this.pending.size;
  }

  /** Inserts an entry. */
  push(entry: AgendaEntry<E>): void {
    this.pending.add(entry.seq);
    const h = this.heap;
    let i = h.length;
    h.push(entry);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!less(entry, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = entry;
  }

  /** Cancels the entry with this seq; returns false when it is not pending (fired, cancelled, unknown). */
  cancel(seq: number): boolean {
    if (!this.pending.delete(seq)) return false;
    if (++this.cancelledInHeap >= COMPACT_MIN && this.cancelledInHeap * 2 > this.heap.length) this.compact();
    return true;
  }

  /** Entries physically in the heap, cancelled ones included (for tests of the compaction). @internal */
  get heapLength(): number {
    return this.heap.length;
  }

  // Drops every cancelled entry and restores the heap order bottom-up (Floyd), O(n).
  private compact(): void {
    const h = this.heap;
    let n = 0;
    for (let i = 0; i < h.length; i++) {
      const e = h[i]!;
      if (this.pending.has(e.seq)) h[n++] = e;
    }
    h.length = n;
    this.cancelledInHeap = 0;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, n);
  }

  private siftDown(start: number, size: number): void {
    const h = this.heap;
    const item = h[start]!;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let c = l;
      if (r < size && less(h[r]!, h[l]!)) c = r;
      if (!less(h[c]!, item)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = item;
  }

  /** True when the entry with this seq is scheduled and has neither fired nor been cancelled. */
  isPending(seq: number): boolean {
    return this.pending.has(seq);
  }

  /** The next live entry without removing it, or undefined. */
  peek(): AgendaEntry<E> | undefined {
    this.discardCancelled();
    return this.heap[0];
  }

  /** Removes and returns the next live entry, or undefined when empty. */
  pop(): AgendaEntry<E> | undefined {
    this.discardCancelled();
    const top = this.popRaw();
    if (top !== undefined) this.pending.delete(top.seq);
    return top;
  }

  /**
   * Removes the entry that the last {@link Agenda.peek} returned (fast path of the run loop: the
   * caller has just peeked, so no cancelled entry can be on top).
   */
  removePeeked(): void {
    const top = this.popRaw();
    if (top !== undefined) this.pending.delete(top.seq);
  }

  /** Live entries in firing order (for snapshots and exhaustive exploration). */
  sortedEntries(): AgendaEntry<E>[] {
    return this.heap.filter((e) => this.pending.has(e.seq)).sort(compareEntries);
  }

  /** Live entries whose (time, rank) equal the top's, in seq order, removed from the heap. */
  popTies(): AgendaEntry<E>[] {
    const first = this.pop();
    if (first === undefined) return [];
    const out = [first];
    for (;;) {
      const next = this.peek();
      if (next === undefined || next.time !== first.time || next.rank !== first.rank) break;
      out.push(this.pop()!);
    }
    return out;
  }

  private discardCancelled(): void {
    const h = this.heap;
    while (this.cancelledInHeap > 0 && h.length > 0 && !this.pending.has(h[0]!.seq)) {
      this.popRaw();
      this.cancelledInHeap--;
    }
  }

  private popRaw(): AgendaEntry<E> | undefined {
    const h = this.heap;
    const n = h.length;
    if (n === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (n > 1) {
      h[0] = last;
      this.siftDown(0, n - 1);
    }
    return top;
  }
}
