// The compiled record writers (engine/_internal/recordEncoder.ts) against canonicalJson, on the
// values their fast paths special-case: strings (inline ASCII, escapes, non-ASCII, long ones that
// outgrow the buffer) and nested objects/arrays (written inline), under a repeated shape so the
// same compiled writer runs again and again.
import test from 'ava';
import fc from 'fast-check';
import { canonicalJson, TraceDigest } from '../../engine/index.js';
import { RecordEncoder } from '../../engine/_internal/recordEncoder.js';

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u0001', 'é', '€', '😀'), maxLength: 10 }),
);
const leaf = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const nested = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })), { maxKeys: 4 }),
  fc.array(fc.oneof(leaf, fc.constant(undefined)), { maxLength: 4 }),
);

test('compiled writers give canonicalJson bytes for strings and nested values of a repeated shape', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(text, leaf, nested, fc.nat()), { minLength: 1, maxLength: 40 }), (rows) => {
      const encoder = new RecordEncoder();
      const fast = new TraceDigest();
      const slow = new TraceDigest();
      for (const [s, x, n, seq] of rows) {
        const fields = { session: s, value: x, parameters: n, page: 'p' };
        const line = encoder.encode(fast, 'pbt.x', fields, seq, 7, true);
        const expected = canonicalJson({ ...fields, seq, timeMs: 7, type: 'pbt.x' });
        if (line !== expected) throw new Error(`${String(line)} !== ${expected}`);
        slow.add(expected);
      }
      return fast.value() === slow.value();
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('a string longer than the digest buffer is written whole by the inline path', (t) => {
  const encoder = new RecordEncoder();
  const fast = new TraceDigest();
  const slow = new TraceDigest();
  for (const s of ['short', 'x'.repeat(300_000), 'é'.repeat(100_000), 'again']) {
    const line = encoder.encode(fast, 't', { s, n: 1 }, 0, 0, true);
    t.is(line, canonicalJson({ s, n: 1, seq: 0, timeMs: 0, type: 't' }));
    slow.add(line!);
  }
  t.is(fast.value(), slow.value());
});

// The record builder (recordEncoder.ts `compileBuilder`) against the spread it replaces: same
// keys in the same order, same values, for fields with arbitrary keys (including `seq`, `timeMs`,
// `type`, `__proto__` and array indices, which must take the spread instead) and values.
test('the record builder gives the keys, order and values of { ...fields, seq, timeMs, type }', (t) => {
  const key = fc.oneof(fc.constantFrom('seq', 'timeMs', 'type', '__proto__', '0', '7', '01', 'session', 'taskId', 'a b', '"q"'), fc.string({ maxLength: 5 }));
  const value = fc.oneof(leaf, nested);
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), fc.nat(), fc.nat(), fc.boolean(), (pairs, seq, timeMs, none) => {
      const fields: Record<string, unknown> = {};
      for (const [k, v] of pairs) Object.defineProperty(fields, k, { value: v, enumerable: true, writable: true, configurable: true });
      const encoder = new RecordEncoder();
      const digest = new TraceDigest();
      const given = none ? undefined : fields;
      // Twice: the first encode builds the shape, the second takes its compiled fast path.
      for (let i = 0; i < 2; i++) {
        encoder.encode(digest, 'pbt.x', given, seq, timeMs, false);
        const build = encoder.builder;
        if (build === null) continue;
        const built = build(given, seq, timeMs, 'pbt.x');
        const spread: Record<string, unknown> = { ...given, seq, timeMs, type: 'pbt.x' };
        if (Object.getPrototypeOf(built) !== Object.prototype) throw new Error('prototype changed');
        if (JSON.stringify(Object.keys(built)) !== JSON.stringify(Object.keys(spread))) throw new Error(`keys ${JSON.stringify(Object.keys(built))} !== ${JSON.stringify(Object.keys(spread))}`);
        for (const k of Object.keys(spread)) if (!Object.is(built[k], spread[k])) throw new Error(`value of ${k}`);
      }
      return true;
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test('a shape with a __proto__ or array-index key has no builder; a plain one has', (t) => {
  const encoder = new RecordEncoder();
  const digest = new TraceDigest();
  const odd = JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>;
  for (let i = 0; i < 2; i++) encoder.encode(digest, 'x', odd, i, 0, false);
  t.is(encoder.builder, null);
  for (let i = 0; i < 2; i++) encoder.encode(digest, 'y', { 3: 'x', a: 1 }, i, 0, false);
  t.is(encoder.builder, null);
  for (let i = 0; i < 2; i++) encoder.encode(digest, 'z', { a: 1, type: 'q' }, i, 0, false);
  t.not(encoder.builder, null);
  t.deepEqual(Object.keys(encoder.builder!({ a: 1, type: 'q' }, 5, 6, 'z')), ['a', 'type', 'seq', 'timeMs']);
  // An undefined field leaves the compiled writer's path, so there is no builder for that record.
  encoder.encode(digest, 'z', { a: undefined, type: 'q' }, 9, 0, false);
  t.is(encoder.builder, null);
});
