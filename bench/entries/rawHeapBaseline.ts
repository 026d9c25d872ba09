/**
 * raw-heap-baseline: a bare binary heap ordered by (time, rank, seq) with a no-op handler, no
 * trace, no state, no checks. The reference for the kernel's overhead (`kernel-noop`).
 * @module
 */
import { secondsSince, type BenchEntry } from './entry.js';
import { HOLD_UNTIL_MS, POPULATION, holdDelay } from './holdWorkload.js';

interface Entry {
  time: number;
  rank: number;
  seq: number;
  event: { readonly type: string; readonly id: number };
}

function less(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)));
}

function push(h: Entry[], e: Entry): void {
  let i = h.length;
  h.push(e);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const parent = h[p]!;
    if (!less(e, parent)) break;
    h[i] = parent;
    i = p;
  }
  h[i] = e;
}

function pop(h: Entry[]): Entry | undefined {
  const n = h.length;
  if (n === 0) return undefined;
  const top = h[0]!;
  const last = h.pop()!;
  if (n > 1) {
    const size = n - 1;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let c = l;
      if (r < size && less(h[r]!, h[l]!)) c = r;
      if (!less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
  return top;
}

export const rawHeapBaseline: BenchEntry = {
  name: 'raw-heap-baseline',
  description: `bare (time, rank, seq) heap, no-op handler, ${POPULATION} events in flight`,
  run() {
    const heap: Entry[] = [];
    let seq = 0;
    const noop = (_e: Entry['event']): void => {};
    for (let id = 0; id < POPULATION; id++) push(heap, { time: holdDelay(0, id), rank: 0, seq: seq++, event: { type: 'tick', id } });
    const start = process.hrtime.bigint();
    let processed = 0;
    while (heap[0]!.time <= HOLD_UNTIL_MS) {
      const e = pop(heap)!;
      processed++;
      noop(e.event);
      push(heap, { time: e.time + holdDelay(e.time, e.event.id), rank: 0, seq: seq++, event: e.event });
    }
    return { events: processed, seconds: secondsSince(start) };
  },
};
