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
