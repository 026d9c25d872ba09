// Packed records (engine/recordPacker.ts, recordUnpacker.ts; the check thread's channel): what is
// unpacked is what was packed — the same keys in the same order, the same values (`undefined`,
// `-0`, nested objects and arrays, `__proto__` and index keys included) — whatever the batch size,
// the string table and the slots that stop looking strings up; a simulation that packs its records
// gives the records and the digest of one that does not.
import test from 'ava';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemorySink, RecordDigest, RecordPacker, RecordUnpacker, Simulation, type PackedBatch, type TraceRecord } from '../../engine/index.js';
import { createPbtModel, initialState, scheduleScenario } from '../../models/pbt/index.js';
import { load } from '../app/helpers.js';

// Equal as the monitors and the encoder see records: keys in order, leaves by Object.is, plain prototypes.
function same(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? null : `${path}: ${String(a)} ≠ ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array ≠ object`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys [${ka.join(',')}] ≠ [${kb.join(',')}]`;
  for (const k of ka) {
    const d = same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

const own = (pairs: readonly (readonly [string, unknown])[]): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
};

const key = fc.oneof(fc.constantFrom('seq', 'timeMs', 'type', 'session', 'taskId', '__proto__', '0', '12', ''), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 }));
const leaf = fc.oneof(
  fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('user1', 'customerCard', 'x'.repeat(300)),
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 0, 2 ** 53, -(2 ** 31) - 1),
  fc.boolean(), fc.constant(null), fc.constant(undefined),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(own) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
  ),
}));
const record = fc.array(fc.tuple(key, value), { maxLength: 8 }).map(own);
// A few shapes whose records repeat (as a simulation's do): the shaped path and its string slots.
const shapedRecord = fc.tuple(fc.constantFrom(['session', 'page', 'taskId', 'seq', 'timeMs', 'type'], ['a', 'b'], ['type', 'x', 'nested']), fc.array(value, { minLength: 6, maxLength: 6 }))
  .map(([keys, vs]) => own(keys.map((k, i) => [k, vs[i]] as const)));

// `capacity`: the integers and doubles of each batch's arrays to start with (small ones make the
// packer grow them in the middle of a record, nested values included).
function roundTrip(records: readonly Record<string, unknown>[], batchRecords: number, shaped: boolean, capacity?: readonly [number, number]): { out: Record<string, unknown>[]; batches: PackedBatch[] } {
  const batches: PackedBatch[] = [];
  const arrays = capacity !== undefined ? { arrays: () => ({ ints: new Int32Array(capacity[0]), nums: new Float64Array(capacity[1]) }) } : {};
  const packer = new RecordPacker({ onBatch: (b) => batches.push(b), batchRecords, ...arrays });
  const shapes = new Map<string, ReturnType<RecordPacker['defineShape']>>();
  for (const r of records) {
    if (!shaped) {
      packer.pack(r);
      continue;
    }
    const keys = Object.keys(r);
    const k = JSON.stringify(keys);
    if (!shapes.has(k)) shapes.set(k, packer.defineShape(keys));
    const s = shapes.get(k)!;
    if (s === null) packer.pack(r);
    else packer.packShaped(r, s);
  }
  packer.flush();
  const out: Record<string, unknown>[] = [];
  const unpacker = new RecordUnpacker();
  for (const b of batches) unpacker.unpack(b, (r) => out.push(r as unknown as Record<string, unknown>));
  return { out, batches };
}

test('property: unpacked records equal the packed ones, key by key or by shape, in batches of any size and arrays of any capacity', (t) => {
  const capacity = fc.option(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 })), { nil: undefined });
  fc.assert(fc.property(fc.array(fc.oneof(record, shapedRecord), { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), capacity, (records, batchRecords, shaped, cap) => {
    const { out } = roundTrip(records, batchRecords, shaped, cap);
    if (out.length !== records.length) return false;
    for (let i = 0; i < records.length; i++) {
      const d = same(records[i], out[i]);
      if (d !== null) throw new Error(`record ${i}: ${d}`);
    }
    return true;
  }), { numRuns: 500 });
  t.pass();
});

test('a nested value that fills the arrays: the fields after it still fit (a review found them written past the end)', (t) => {
  const records = [
    { results: { a: 'x', b: 'y' }, seq: 0, timeMs: 0, type: 'pbt.end' },
    { results: null, seq: 1, timeMs: 0, type: 'pbt.start' },
    { results: { a: 'x', b: 'y' }, seq: 2, timeMs: 5, type: 'pbt.end' },
    { results: null, seq: 3, timeMs: 5, type: 'pbt.start' },
  ];
  for (let ints = 5; ints <= 14; ints++) {
    const { out } = roundTrip(records, 2, true, [ints, 64]);
    t.is(out.length, 4);
    for (let i = 0; i < 4; i++) t.is(same(records[i], out[i]), null, `${ints} integers, record ${i}`);
  }
});

test('strings: a slot of unique strings stops looking them up, a full table sends the rest inline, all still equal', (t) => {
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < 70_000; i++) records.push({ transaction: `child-${i}`, session: `user${i % 7}`, long: i % 1000 === 0 ? 'y'.repeat(200 + (i % 3)) : 'short' });
  // Key by key: every new string goes to the table until it is full (65,536), then inline.
  const generic = roundTrip(records, 4096, false);
  const inline = generic.batches.reduce((n, b) => n + b.inline.length, 0);
  const table = generic.batches.reduce((n, b) => n + b.table.length, 0);
  t.is(table, 65_536);
  t.true(inline > 4000, `${inline} inline`);
  // By shape: the transaction slot gives up on the table after 4,096 misses.
  const shaped = roundTrip(records, 4096, true);
  const shapedTable = shaped.batches.reduce((n, b) => n + b.table.length, 0);
  t.true(shapedTable < 4096 + 20, `${shapedTable} table strings`);
  for (const r of [generic, shaped]) {
    t.is(r.out.length, records.length);
    for (let i = 0; i < records.length; i += 997) t.is(same(records[i], r.out[i]), null);
    t.is(same(records[69_999], r.out[69_999]), null);
  }
});

test('a batch out of order, or not from the packer, is refused', (t) => {
  const batches: PackedBatch[] = [];
  const packer = new RecordPacker({ onBatch: (b) => batches.push(b), batchRecords: 1 });
  const s = packer.defineShape(['a', 'seq'])!;
  packer.packShaped({ a: 'x', seq: 1 }, s);
  packer.packShaped({ a: 'y', seq: 2 }, s);
  t.is(batches.length, 2);
  t.throws(() => new RecordUnpacker().unpack(batches[1]!, () => {}), { message: /unknown (shape|string)/ });
  t.throws(() => new RecordUnpacker().unpack({ ...batches[0]!, records: 0 }, () => {}), { message: /left over/ });
  t.throws(() => new RecordPacker({ onBatch() {}, batchRecords: 0 }));
  t.throws(() => packer.pack({ f: () => 1 }), { message: /cannot pack a function/ });
});

const examples = readdirSync('examples').filter((f) => f.endsWith('.json'));

test('every example: a simulation that packs its records gives the records and the digest of one that does not', (t) => {
  for (const f of examples) {
    const sc = load(join('examples', f));
    const plain = new MemorySink();
    const a = new Simulation(createPbtModel(sc), { seed: sc.seed ?? 0, initialState: initialState(sc), sink: plain });
    scheduleScenario(a, sc);
    const ra = a.run({ maxEvents: sc.limits.maxEvents });
    a.finish(ra.ok ? ra.status : ra.error.code);

    const batches: PackedBatch[] = [];
    const packer = new RecordPacker({ onBatch: (b) => batches.push(b), batchRecords: 16 });
    const kept: TraceRecord[] = [];
    const b = new Simulation(createPbtModel(sc), { seed: sc.seed ?? 0, initialState: initialState(sc), sink: { needsLines: false, write: (r) => kept.push(r), close() {} } });
    b.detachDigest(packer);
    scheduleScenario(b, sc);
    const rb = b.run({ maxEvents: sc.limits.maxEvents });
    b.finish(rb.ok ? rb.status : rb.error.code);
    packer.flush();

    const digest = new RecordDigest();
    const out: TraceRecord[] = [];
    const unpacker = new RecordUnpacker();
    for (const batch of batches) unpacker.unpack(batch, (r, shape) => { out.push(r); digest.add(r, shape); });
    t.is(out.length, plain.records.length, f);
    t.is(packer.records, plain.records.length, f);
    for (let i = 0; i < out.length; i++) {
      const d = same(plain.records[i], out[i]) ?? same(kept[i], out[i]);
      if (d !== null) t.fail(`${f} record ${i}: ${d}`);
    }
    t.is(digest.records, plain.records.length, f);
    t.is(digest.value(), a.digest(), f);
  }
});

test('RecordDigest: the same digest with and without the shape id, and for a record of another type under a known id', (t) => {
  const a = new RecordDigest();
  const b = new RecordDigest();
  const records = [
    { session: 'u', seq: 0, timeMs: 0, type: 'pbt.a' },
    { session: 'v', seq: 1, timeMs: 5, type: 'pbt.a' },
    { session: 'w', seq: 2, timeMs: 5, type: 'pbt.b' }, // same keys, another type: the writer's type is checked
    { session: undefined, seq: 3, timeMs: 6, type: 'pbt.a' }, // a value the fast path does not take
  ] as unknown as TraceRecord[];
  for (const r of records) {
    a.add(r);
    b.add(r, 0);
  }
  t.is(b.value(), a.value());
  t.is(b.records, 4);
});

test('detachDigest takes one packer', (t) => {
  const sim = new Simulation<{ n: number }, { type: 'tick' }>({ name: 'm', rank: () => 0, handle() {} }, { seed: 1, initialState: { n: 0 }, sink: { needsLines: false, write() {}, close() {} } });
  const p = new RecordPacker({ onBatch() {} });
  sim.detachDigest(p);
  sim.detachDigest(p);
  t.throws(() => sim.detachDigest(new RecordPacker({ onBatch() {} })), { message: /one per simulation/ });
});
