import test from 'ava';
import fc from 'fast-check';
import { Agenda, COMPACT_MIN, compareEntries, type AgendaEntry } from '../../engine/agenda.js';
import { LiveSet } from '../../engine/_internal/liveSet.js';
import { Simulation, type Model } from '../../engine/index.js';

// The oracle: live entries kept in a plain array; the next entry is found by sorting a copy.
interface Oracle {
  entries: AgendaEntry<number>[];
  issued: number[];
}
interface Real {
  agenda: Agenda<number>;
  nextSeq: number;
}
type AgendaCommand = fc.Command<Oracle, Real>;

const next = (o: Oracle): AgendaEntry<number> | undefined => [...o.entries].sort(compareEntries)[0];

class PushCommand implements AgendaCommand {
  constructor(readonly time: number, readonly rank: number) {}
  check = (): boolean => true;
  run(o: Oracle, r: Real): void {
    const entry = { time: this.time, rank: this.rank, seq: r.nextSeq++, event: r.nextSeq };
    r.agenda.push(entry);
    o.entries.push(entry);
    o.issued.push(entry.seq);
    if (r.agenda.size !== o.entries.length) throw new Error('size differs after push');
  }
  toString = (): string => `push(${this.time}, ${this.rank})`;
}

class CancelCommand implements AgendaCommand {
  constructor(readonly pick: number) {}
  check = (o: Oracle): boolean => o.issued.length > 0;
  run(o: Oracle, r: Real): void {
    const seq = o.issued[this.pick % o.issued.length]!;
    const live = o.entries.some((e) => e.seq === seq);
    const got = r.agenda.cancel(seq);
    if (got !== live) throw new Error(`cancel(${seq}) returned ${got}, oracle ${live}`);
    o.entries = o.entries.filter((e) => e.seq !== seq);
    if (r.agenda.isPending(seq)) throw new Error('cancelled seq still pending');
  }
  toString = (): string => `cancel(#${this.pick})`;
}

class PopCommand implements AgendaCommand {
  check = (): boolean => true;
  run(o: Oracle, r: Real): void {
    const expected = next(o);
    const peeked = r.agenda.peek();
    const got = r.agenda.pop();
    if (peeked !== got) throw new Error('peek and pop disagree');
    if (got?.seq !== expected?.seq) throw new Error(`pop gave seq ${String(got?.seq)}, oracle ${String(expected?.seq)}`);
    o.entries = o.entries.filter((e) => e !== expected);
    if (r.agenda.size !== o.entries.length) throw new Error('size differs after pop');
  }
  toString = (): string => 'pop';
}

test('Agenda pops in (time, rank, seq) order under random schedule/cancel/pop sequences', (t) => {
  const commands = [
    fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })).map(([time, rank]) => new PushCommand(time, rank)),
    fc.nat().map((n) => new CancelCommand(n)),
    fc.constant(new PopCommand()),
  ];
  fc.assert(
    fc.property(fc.commands(commands, { maxCommands: 200 }), (cmds) => {
      fc.modelRun(() => ({ model: { entries: [], issued: [] }, real: { agenda: new Agenda<number>(), nextSeq: 0 } }), cmds);
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('Agenda sortedEntries lists live entries in firing order', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(3), fc.boolean()), { maxLength: 100 }), (specs) => {
      const a = new Agenda<null>();
      const live: AgendaEntry<null>[] = [];
      specs.forEach(([time, rank, cancel], seq) => {
        const e = { time, rank, seq, event: null };
        a.push(e);
        if (cancel) a.cancel(seq);
        else live.push(e);
      });
      const got = a.sortedEntries().map((e) => e.seq);
      const want = live.sort(compareEntries).map((e) => e.seq);
      return JSON.stringify(got) === JSON.stringify(want);
    }),
  );
  t.pass();
});

test('Agenda compacts cancelled entries: memory follows the pending events and the firing order is unchanged', (t) => {
  // Far-future entries (a task's timeout) cancelled soon after they are pushed, as the page
  // background task model does, across several compactions; pops interleaved.
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(1_000_000), fc.nat(3), fc.nat(9)), { minLength: 3 * COMPACT_MIN, maxLength: 5 * COMPACT_MIN }), (specs) => {
      const a = new Agenda<null>();
      const live = new Map<number, AgendaEntry<null>>();
      let maxHeapOverLive = 0;
      const popped: number[] = [];
      const expected: number[] = [];
      specs.forEach(([time, rank, op], seq) => {
        const e = { time: time + 1_000_000, rank, seq, event: null };
        a.push(e);
        live.set(seq, e);
        if (op < 8) { a.cancel(seq); live.delete(seq); }
        if (op === 9) {
          const want = [...live.values()].sort(compareEntries)[0];
          const got = a.pop();
          if (got !== want) throw new Error(`pop gave ${String(got?.seq)}, oracle ${String(want?.seq)}`);
          live.delete(want!.seq);
        }
        maxHeapOverLive = Math.max(maxHeapOverLive, a.heapLength - 2 * a.size);
      });
      for (const e of [...live.values()].sort(compareEntries)) expected.push(e.seq);
      for (let e = a.pop(); e !== undefined; e = a.pop()) popped.push(e.seq);
      if (JSON.stringify(popped) !== JSON.stringify(expected)) throw new Error('drain order differs from the oracle');
      // Never more than COMPACT_MIN cancelled entries beyond the live ones held.
      return maxHeapOverLive <= COMPACT_MIN;
    }),
    { numRuns: 30 },
  );
  t.pass();
});

test('LiveSet agrees with a Set under increasing adds, deletes and far-apart seqs', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'delete', 'has'), fc.nat(2000), fc.nat(100_000)), { maxLength: 400 }), (ops) => {
      const live = new LiveSet();
      const oracle = new Set<number>();
      let nextSeq = 0;
      for (const [op, a, jump] of ops) {
        if (op === 'add') {
          // Mostly dense, sometimes a long jump (slides and grows the window).
          nextSeq += jump > 95_000 ? jump : 1;
          live.add(nextSeq);
          oracle.add(nextSeq);
        } else {
          const seq = nextSeq - (a % (nextSeq + 1));
          const got = op === 'has' ? live.has(seq) : live.delete(seq);
          const want = op === 'has' ? oracle.has(seq) : oracle.delete(seq);
          if (got !== want) return false;
        }
        if (live.size !== oracle.size) return false;
      }
      return [...oracle].every((s) => live.has(s));
    }),
    { numRuns: 300 },
  );
  t.pass();
});

type Tagged = { readonly type: 'e'; readonly id: number; readonly rank: number };

test('Simulation fires events with equal (time, rank) in FIFO order', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(2)), { minLength: 1, maxLength: 60 }), (specs) => {
      const fired: number[] = [];
      const model: Model<{ n: number }, Tagged> = {
        name: 'fifo',
        rank: (e) => e.rank,
        handle: (_d, e) => {
          fired.push(e.id);
        },
      };
      const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
      specs.forEach(([delay, rank], id) => sim.schedule(delay, { type: 'e', id, rank }));
      sim.runOrThrow();
      const expected = specs
        .map(([delay, rank], id) => ({ delay, rank, id }))
        .sort((a, b) => a.delay - b.delay || a.rank - b.rank || a.id - b.id)
        .map((x) => x.id);
      return JSON.stringify(fired) === JSON.stringify(expected);
    }),
  );
  t.pass();
});

test('Simulation time never decreases and a cancelled event never fires', (t) => {
  const fired: number[] = [];
  const times: number[] = [];
  const model: Model<{ n: number }, Tagged> = {
    name: 'cancel',
    rank: () => 0,
    handle: (_d, e, ctx) => {
      fired.push(e.id);
      times.push(ctx.now);
    },
  };
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  const handles = [5, 1, 3, 1, 0].map((d, id) => sim.schedule(d, { type: 'e', id, rank: 0 }));
  t.true(sim.cancel(handles[2]!));
  t.false(sim.cancel(handles[2]!));
  sim.runOrThrow();
  t.deepEqual(fired, [4, 1, 3, 0]);
  t.deepEqual(times, [...times].sort((a, b) => a - b));
  t.false(sim.cancel(handles[0]!));
});
