import test from 'ava';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, JsonlFileSink, MemorySink, Simulation, TraceDigest, type Model } from '../../engine/index.js';
import { RecordEncoder } from '../../engine/_internal/recordEncoder.js';
import { randomSimulation } from './fixtures/randomModel.js';

const jsonValue = fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== undefined);
const fields = fc.dictionary(fc.oneof(fc.constantFrom('seq', 'timeMs', 'type', 'a', 'b', 'é', 'Z'), fc.string({ maxLength: 4 })), fc.oneof(jsonValue, fc.constant(undefined)), { maxKeys: 5 });

test('RecordEncoder writes exactly the bytes of canonicalJson({ ...fields, seq, timeMs, type })', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom('tick', 'tock', 'ü"\n'), fields, fc.nat(), fc.nat()), { minLength: 1, maxLength: 30 }),
      (records) => {
        const encoder = new RecordEncoder();
        const fast = new TraceDigest();
        const slow = new TraceDigest();
        for (const [type, f, seq, timeMs] of records) {
          const line = encoder.encode(fast, type, f, seq, timeMs, true);
          const expected = canonicalJson({ ...f, seq, timeMs, type });
          if (line !== expected) throw new Error(`${String(line)} !== ${expected}`);
          slow.add(expected);
        }
        return fast.value() === slow.value();
      },
    ),
  );
  t.pass();
});

test('TraceDigest chunks at 64 KiB and its saved state continues to the same value', (t) => {
  const a = new TraceDigest();
  const line = canonicalJson({ seq: 1, text: 'x'.repeat(1000), ü: 'ñ' });
  for (let i = 0; i < 100; i++) a.add(line);
  const saved = JSON.parse(JSON.stringify(a.save())) as ReturnType<TraceDigest['save']>;
  t.true(saved.chain.length === 64, 'at least one chunk was hashed');
  const b = new TraceDigest();
  b.restore(saved);
  for (let i = 0; i < 50; i++) {
    a.add(line);
    b.add(line);
  }
  t.is(b.value(), a.value());
  t.is(b.records, 150);
});

test('canonicalJson sorts keys, drops undefined fields and rejects non-finite numbers', (t) => {
  t.is(canonicalJson({ b: 1, a: [1, undefined, { d: 'x', c: null }], u: undefined }), '{"a":[1,null,{"c":null,"d":"x"}],"b":1}');
  t.throws(() => canonicalJson({ x: Number.NaN }), { instanceOf: TypeError });
});

test('MemorySink receives every record with its canonical line, in trace order', (t) => {
  const sink = new MemorySink();
  const lines: string[] = [];
  const sim = randomSimulation(2, 5, { sink: { write: (r, l) => { sink.write(r); lines.push(l); }, close: () => {} } });
  sim.runOrThrow({ untilMs: 200 });
  t.true(sink.records.length > 10);
  sink.records.forEach((r, i) => {
    t.is(r.seq, i);
    t.is(canonicalJson(r), lines[i]!);
    t.true(Object.isFrozen(r));
  });
  const digest = new TraceDigest();
  for (const l of lines) digest.add(l);
  t.is(digest.value(), sim.digest());
});

test('JsonlFileSink leaves no file under the real name when aborted, and commits on close', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pbtsim-trace-'));
  try {
    const path = join(dir, 'trace.jsonl');
    const aborted = new JsonlFileSink(path);
    const sim = randomSimulation(4, 5, { sink: aborted });
    sim.runOrThrow({ untilMs: 300 });
    aborted.abort();
    t.false(existsSync(path));
    t.false(existsSync(path + '.partial'));

    const kept = new JsonlFileSink(path);
    const again = randomSimulation(4, 5, { sink: kept });
    again.runOrThrow({ untilMs: 300 });
    t.false(existsSync(path), 'nothing under the real name before close');
    again.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    t.is(lines.length, again.snapshot().digest.records);
    const digest = new TraceDigest();
    for (const l of lines) digest.add(l);
    t.is(digest.value(), again.digest());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Simulation trace records events as { ...event, seq, timeMs } and emits after their event', (t) => {
  const sink = new MemorySink();
  type E = { readonly type: 'ping'; readonly seq?: number; readonly who: string };
  const model: Model<{ n: number }, E> = {
    name: 'm',
    rank: () => 0,
    handle: (_d, e, ctx) => ctx.emit('pong', { who: e.who, type: 'ignored' }),
  };
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 }, sink });
  sim.schedule(7, { type: 'ping', seq: 999, who: 'me' });
  sim.runOrThrow();
  t.deepEqual(sink.records, [
    { type: 'ping', seq: 0, timeMs: 7, who: 'me' },
    { type: 'pong', seq: 1, timeMs: 7, who: 'me' },
  ]);
});
