// A detached digest (Simulation.detachDigest, used by the application's check thread): the sink
// gets the same records, and a record canonical JSON cannot carry fails with the same error, as
// with the digest attached; what needs the digest says it is detached.
import test from 'ava';
import fc from 'fast-check';
import { MemorySink, Simulation, SimulationError, type Model, type SimEvent, type TraceRecord, type TraceSink } from '../../engine/index.js';
import { RecordEncoder } from '../../engine/_internal/recordEncoder.js';
import { TraceDigest } from '../../engine/index.js';

// Values of every kind the encoder sees: canonical ones and the ones it must refuse.
const bad = fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, () => 1, Symbol('s'), 10n, undefined);
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), bad);
const value = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), leaf, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
);
const key = fc.oneof(fc.constantFrom('seq', 'timeMs', 'type', 'session', 'taskId', '__proto__', '3'), fc.string({ maxLength: 4 }));
const fields = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) => {
  const o: Record<string, unknown> = {};
  for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
});

type Outcome = { record: Record<string, unknown> } | { error: string };
const attempt = (f: () => Record<string, unknown>): Outcome => {
  try {
    return { record: f() };
  } catch (e) {
    return { error: e instanceof SimulationError ? `${e.code} ${String(e.details['field'])}` : `other ${String(e)}` };
  }
};

test('build (detached) takes what encode takes, builds what the spread builds, and throws what encode throws', (t) => {
  fc.assert(
    fc.property(fc.array(fields, { minLength: 1, maxLength: 12 }), fc.nat(), (rows, seq) => {
      const detached = new RecordEncoder();
      const attached = new RecordEncoder();
      const digest = new TraceDigest();
      for (const f of rows) {
        const a = attempt(() => {
          attached.encode(digest, 'x', f, seq, 3, false);
          return { ...f, seq, timeMs: 3, type: 'x' };
        });
        const d = attempt(() => detached.build('x', f, seq, 3));
        t.deepEqual(d, a);
        if ('record' in d && 'record' in a) t.deepEqual(Object.keys(d.record), Object.keys(a.record));
      }
    }),
    { numRuns: 400 },
  );
});

interface Ev extends SimEvent { readonly type: 'tick'; readonly n: number }
const model: Model<{ n: number }, Ev> = {
  name: 'ticks',
  rank: () => 0,
  handle(s, e, ctx) {
    s.n++;
    ctx.emit('pbt.x', { n: e.n, half: e.n / 2, name: `t${e.n}`, nested: { list: [e.n, null] } });
    if (e.n < 50) ctx.schedule(1, { type: 'tick', n: e.n + 1 });
  },
};
class Folding implements TraceSink {
  readonly needsLines = false;
  readonly records: TraceRecord[] = [];
  write(r: TraceRecord): void { this.records.push(r); }
  close(): void {}
}

test('a run with its digest detached hands the sink the same records; digest() and snapshot() say it is detached', (t) => {
  const run = (detach: boolean) => {
    const sink = new Folding();
    const sim = new Simulation(model, { seed: 1, initialState: { n: 0 }, sink });
    sim.schedule(0, { type: 'tick', n: 0 });
    sim.run({ maxEvents: 10 });
    if (detach) sim.detachDigest();
    sim.run();
    return { sim, sink };
  };
  const on = run(false);
  const off = run(true);
  t.deepEqual(off.sink.records, on.sink.records);
  t.is(off.sim.recordCount, on.sim.recordCount);
  t.true(off.sim.isDigestDetached);
  t.is(t.throws(() => off.sim.digest(), { instanceOf: SimulationError })?.code, 'digest-detached');
  t.is(t.throws(() => off.sim.snapshot(), { instanceOf: SimulationError })?.code, 'digest-detached');
  t.notThrows(() => on.sim.digest());
});

test('a bad record fails the same way with the digest detached', (t) => {
  const failing: Model<{ n: number }, Ev> = { name: 'bad', rank: () => 0, handle(_s, e, ctx) { ctx.emit('pbt.x', { n: e.n, bad: Number.NaN }); } };
  const run = (detach: boolean) => {
    const sim = new Simulation(failing, { seed: 1, initialState: { n: 0 }, sink: new Folding(), autoFreeze: false });
    if (detach) sim.detachDigest();
    sim.schedule(0, { type: 'tick', n: 0 });
    const r = sim.run();
    return r.ok ? 'ok' : `${r.error.code} ${r.error.message}`;
  };
  t.regex(run(false), /^invalid-event/);
  t.is(run(true), run(false));
});

test('detachDigest refuses a sink that keeps no records or reads the canonical lines', (t) => {
  const digestOnly = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  t.is(t.throws(() => digestOnly.detachDigest(), { instanceOf: SimulationError })?.code, 'invalid-option');
  const lines = new Simulation(model, { seed: 1, initialState: { n: 0 }, sink: new MemorySink() });
  t.is(t.throws(() => lines.detachDigest(), { instanceOf: SimulationError })?.code, 'invalid-option');
});
