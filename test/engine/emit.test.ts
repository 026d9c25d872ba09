// ctx.emit takes ownership of its payload: records built in place must still be distinct,
// complete and (with autoFreeze) deeply frozen.
import test from 'ava';
import { MemorySink, Simulation, type Model } from '../../engine/index.js';

type Ev = { readonly type: 'go' };

test('a payload emitted twice gives two records with their own seq; nested values are owned and frozen', (t) => {
  const shared = { n: 1 };
  const nested = { list: [1, 2] };
  const frozenNested = Object.freeze({ k: 'v' });
  const model: Model<{ readonly x: number }, Ev> = {
    name: 'emit',
    rank: () => 0,
    handle: (_d, _e, ctx) => {
      ctx.emit('a', shared);
      ctx.emit('b', shared);
      ctx.emit('c', { nested, frozenNested });
      nested.list.push(3); // after emit: the record keeps what was emitted
    },
  };
  const sink = new MemorySink();
  const sim = new Simulation(model, { seed: 1, initialState: { x: 0 }, sink });
  sim.schedule(5, { type: 'go' });
  sim.run();
  const [, a, b, c] = sink.records;
  t.like(a, { type: 'a', seq: 1, timeMs: 5, n: 1 });
  t.like(b, { type: 'b', seq: 2, timeMs: 5, n: 1 });
  t.not(a, b);
  t.deepEqual(c!['nested'], { list: [1, 2] });
  t.is(c!['frozenNested'], frozenNested, 'a frozen plain nested value is kept, not copied');
  for (const r of sink.records) t.true(Object.isFrozen(r));
  t.true(Object.isFrozen(c!['nested']) && Object.isFrozen((c!['nested'] as { list: number[] }).list));
});

test('records keep the key order of { ...payload, seq, timeMs, type }', (t) => {
  const model: Model<{ readonly x: number }, Ev> = {
    name: 'order', rank: () => 0,
    handle: (_d, _e, ctx) => ctx.emit('p', { z: 1, type: 'ignored', a: 2 }),
  };
  for (const autoFreeze of [true, false]) {
    const sink = new MemorySink();
    const sim = new Simulation(model, { seed: 1, initialState: { x: 0 }, sink, autoFreeze });
    sim.schedule(0, { type: 'go' });
    sim.run();
    const r = sink.records[1]!;
    t.deepEqual(Object.keys(r), Object.keys({ ...{ z: 1, type: 'ignored', a: 2 }, seq: 1, timeMs: 0, type: 'p' }));
    t.is(r.type, 'p');
  }
});

// Records are new objects (engine/_internal/recordEncoder.ts `compileBuilder`): without auto-freeze
// too, the kernel never adds seq, timeMs or type to the event a handler received or to a payload.
test('without autoFreeze the kernel changes neither the fired event nor an emitted payload', (t) => {
  type Go = { readonly type: 'go'; readonly n: number };
  const seen: Go[] = [];
  const payloads: Record<string, unknown>[] = [];
  const model: Model<{ readonly x: number }, Go> = {
    name: 'untouched', rank: () => 0,
    handle: (_d, e, ctx) => {
      seen.push(e);
      t.deepEqual(Object.keys(e), ['type', 'n'], 'the handler sees the event as scheduled');
      const p = { n: e.n, page: 'p' };
      payloads.push(p);
      ctx.emit('x', p);
      if (e.n < 3) ctx.schedule(1, { type: 'go', n: e.n + 1 });
    },
  };
  const sink = new MemorySink();
  const sim = new Simulation(model, { seed: 1, initialState: { x: 0 }, sink, autoFreeze: false });
  sim.schedule(0, { type: 'go', n: 1 });
  sim.run();
  t.is(seen.length, 3);
  for (const e of seen) t.deepEqual(Object.keys(e), ['type', 'n']);
  for (const p of payloads) t.deepEqual(Object.keys(p), ['n', 'page']);
  t.deepEqual(sink.records.map((r) => Object.keys(r)), [
    ['type', 'n', 'seq', 'timeMs'], ['n', 'page', 'seq', 'timeMs', 'type'],
    ['type', 'n', 'seq', 'timeMs'], ['n', 'page', 'seq', 'timeMs', 'type'],
    ['type', 'n', 'seq', 'timeMs'], ['n', 'page', 'seq', 'timeMs', 'type'],
  ]);
  for (const r of sink.records) t.false(seen.includes(r as unknown as Go) || payloads.includes(r), 'a record is a new object');
});
