// FoldSink hands records on in batches: every fold still sees every record once, in trace order,
// with its line when a fold asked for lines; flush() hands on the rest; a fold that throws stops the
// others from seeing later records, and the failure is kept, not thrown.
import test from 'ava';
import fc from 'fast-check';
import { BATCH, FoldSink, type RecordFold } from '../../app/folds.js';
import type { TraceRecord } from '../../engine/index.js';

const rec = (seq: number): TraceRecord => ({ seq, timeMs: seq >> 3, type: 't' });

class Seen implements RecordFold {
  readonly seqs: number[] = [];
  readonly lines: string[] = [];
  constructor(readonly usesLines = false) {}
  step(r: TraceRecord, line: string): void {
    this.seqs.push(r.seq);
    this.lines.push(line);
  }
}

test('every fold sees every record once, in order, across batch boundaries and the final flush', (t) => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 3 * BATCH + 5 }), (n) => {
    const a = new Seen();
    const b = new Seen(true);
    const sink = new FoldSink([a, b]);
    for (let i = 0; i < n; i++) sink.write(rec(i), `line ${i}`);
    // Nothing is lost before the flush either: what is not handed on yet is in the last batch.
    const before = a.seqs.length;
    sink.flush();
    const want = Array.from({ length: n }, (_, i) => i);
    return before === n - (n % BATCH) && sink.records === n
      && a.seqs.join() === want.join() && b.seqs.join() === want.join()
      && b.lines.every((l, i) => l === `line ${i}`);
  }), { numRuns: 60 });
  t.pass();
});

test('close() flushes; a second flush hands nothing again', (t) => {
  const a = new Seen();
  const sink = new FoldSink([a]);
  for (let i = 0; i < 10; i++) sink.write(rec(i), '');
  t.is(a.seqs.length, 0);
  sink.close();
  t.is(a.seqs.length, 10);
  sink.flush();
  t.is(a.seqs.length, 10);
});

test('a fold that throws is kept as the failure; no fold sees a later batch', (t) => {
  const a = new Seen();
  const boom = new Error('disk full');
  let calls = 0;
  const bad: RecordFold = { step() { if (++calls === 5) throw boom; } };
  const sink = new FoldSink([a, bad]);
  for (let i = 0; i < 2 * BATCH; i++) sink.write(rec(i), '');
  sink.flush();
  t.true(sink.failed);
  t.is(sink.failure, boom);
  // The first fold took the first batch before the second one threw; nothing after that batch.
  t.is(a.seqs.length, BATCH);
  t.is(calls, 5);
});
