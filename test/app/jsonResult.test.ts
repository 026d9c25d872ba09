// The streamed --json writer builds each line as bytes (app/output/jsonBytes.ts); every line must
// be byte-identical to JSON.stringify of the object it was given, whatever the values: escapes,
// non-ASCII text, lone surrogates, odd numbers, missing fields, results that are not strings.
import test from 'ava';
import { FdWriter, JsonBytes, JsonField, JsonResultWriter, jsonPiece, Spool, StringOutput, type TextOutput } from '../../app/index.js';
import type { EnqueueCallResult, RunWarning, TaskResult } from '../../models/pbt/result.js';

const task = (over: Partial<Record<keyof TaskResult, unknown>> = {}): TaskResult => ({
  session: 'user1', page: 'customerCard', taskId: 1, codeunit: 50100, record: 'Customer: 10000', requestedTimeoutMs: null,
  effectiveTimeoutMs: 120000, errorLevel: 'Error', enqueuedAtMs: 0, startedAtMs: 5, endedAtMs: 400, outcome: 'completed',
  cancelReason: null, errorCode: null, trigger: 'OnPageBackgroundTaskCompleted', deliveredAtMs: 400, delivery: 'delivered',
  surfacedAs: null, dropReason: null, results: { TotalSales: '1' }, ...over,
}) as TaskResult;
const call = (over: Partial<Record<keyof EnqueueCallResult, unknown>> = {}): EnqueueCallResult =>
  ({ session: 'user1', page: 'p', atMs: 3, ok: true, taskId: 1, runtimeError: null, ...over }) as EnqueueCallResult;
const warning = (over: Partial<Record<keyof RunWarning, unknown>> = {}): RunWarning =>
  ({ code: 'noSeed', message: 'm', atMs: 0, session: null, taskId: null, ...over }) as RunWarning;

// What the writer wrote before it built lines by hand: the same layout around JSON.stringify.
function expected(tasks: TaskResult[], calls: EnqueueCallResult[], warnings: RunWarning[]): string {
  const list = (xs: unknown[]): string => (xs.length === 0 ? '[]' : `[${xs.map((x) => `\n    ${JSON.stringify(x)}`).join(',')}\n  ]`);
  return `{\n  "scenario": "s",\n  "seed": 1,\n  "tasks": ${list(tasks)},\n  "enqueueCalls": ${list(calls)},\n`
    + `  "endTimeMs": 9,\n  "eventCount": 2,\n  "digest": "d",\n  "warnings": ${list(warnings)},\n  "violations": []\n}\n`;
}

function written(out: TextOutput & { text?: () => string }, tasks: TaskResult[], calls: EnqueueCallResult[], warnings: RunWarning[]): void {
  const w = new JsonResultWriter(out, { scenario: 's', seed: 1 });
  for (const c of calls) w.enqueueCall(c);
  for (const x of warnings) w.warning(x);
  for (const x of tasks) w.task(x);
  w.finish({ endTimeMs: 9, eventCount: 2, digest: 'd', lateWarnings: [], violations: [] });
}

const odd: string[] = ['', 'plain', 'quote " and \\ backslash', 'tab\tnewline\ncr\r', '\u0000\u001f\u007f', 'é ü ß', '日本語', '😀 pair', 'lone \ud800 high', 'lone \udc00 low', 'x'.repeat(3000), `${'é'.repeat(2000)}"`];
const oddNumbers: number[] = [0, -0, 7, -7, 2147483647, 2147483648, 9007199254740991, 1.5, -2.25, 1e21, 1e-7, NaN, Infinity, -Infinity];

test('odd strings, numbers and fields give the bytes JSON.stringify gives', (t) => {
  const tasks: TaskResult[] = [];
  for (const s of odd) tasks.push(task({ session: s, page: s, record: s, errorCode: s, results: { [s]: s } }));
  for (const n of oddNumbers) tasks.push(task({ taskId: n, startedAtMs: n, requestedTimeoutMs: n }));
  tasks.push(task({ results: null }), task({ results: {} }), task({ results: { b: '1', a: '2', 10: 'x', 2: 'y' } }));
  tasks.push(task({ outcome: undefined }), task({ results: { a: 1 } }), task({ results: ['a'] }), task({ record: { nested: true } }), task({ codeunit: true }));
  const calls = [call(), call({ ok: false, taskId: null, runtimeError: odd[3] }), call({ page: odd[8] }), call({ atMs: NaN }), call({ taskId: undefined })];
  const warnings = odd.map((s) => warning({ message: s, session: s })).concat([warning({ taskId: 3.5 }), warning({ code: undefined })]);
  const want = expected(tasks, calls, warnings);
  const text = new StringOutput();
  written(text, tasks, calls, warnings);
  t.is(text.text(), want, 'through a text output');
  const bytes: Buffer[] = [];
  const fd = new FdWriter(99, 'test', (_fd, b, off, len) => { bytes.push(Buffer.from(b.subarray(off, off + len))); return len; });
  written(fd, tasks, calls, warnings);
  fd.flush();
  t.is(Buffer.concat(bytes).toString('utf8'), want, 'through a descriptor (bytes)');
  t.deepEqual(Buffer.concat(bytes), Buffer.from(want, 'utf8'));
});

test('many lines cross the byte buffers and the spool (memory, then its temp file) in order', (t) => {
  const tasks: TaskResult[] = [];
  const calls: EnqueueCallResult[] = [];
  for (let i = 0; i < 30_000; i++) {
    tasks.push(task({ taskId: i + 1, session: `user${i % 97}`, record: i % 1000 === 0 ? 'é"' : 'Customer: 10000' }));
    calls.push(call({ taskId: i + 1, page: i % 777 === 0 ? '日本' : 'p' }));
  }
  const want = expected(tasks, calls, []);
  const text = new StringOutput();
  written(text, tasks, calls, []);
  t.is(text.text(), want);
  const bytes: Buffer[] = [];
  const fd = new FdWriter(99, 'test', (_fd, b, off, len) => { bytes.push(Buffer.from(b.subarray(off, off + len))); return len; });
  written(fd, tasks, calls, []);
  fd.flush();
  t.is(Buffer.concat(bytes).toString('utf8'), want);
});

test('JsonBytes: pieces, strings longer than its buffer, and text outputs get whole characters', (t) => {
  const parts: string[] = [];
  const b = new JsonBytes({ write: (s) => parts.push(s) });
  const long = 'é'.repeat(40_000) + 'x'.repeat(100_000);
  b.piece(jsonPiece('['));
  b.string(long);
  for (let i = 0; i < 20_000; i++) {
    b.piece(jsonPiece(','));
    b.scalar(i % 3 === 0 ? 'ü' : i % 3 === 1 ? i : null);
  }
  b.text(']');
  b.flush();
  const want = '[' + JSON.stringify(long) + Array.from({ length: 20_000 }, (_, i) => ',' + JSON.stringify(i % 3 === 0 ? 'ü' : i % 3 === 1 ? i : null)).join('') + ']';
  t.is(parts.join(''), want);
  t.true(parts.length > 2, 'handed on in pieces');
  t.false(parts.some((p) => p.includes('\ufffd')), 'no character was cut');
  t.throws(() => jsonPiece('é'), { message: /not ASCII/ });
});

test('FdWriter keeps the order of text and bytes; Spool hands back bytes and text in order', (t) => {
  const got: Buffer[] = [];
  const fd = new FdWriter(99, 'test', (_fd, b, off, len) => { got.push(Buffer.from(b.subarray(off, off + len))); return len; });
  fd.write('a');
  fd.writeBytes(Buffer.from('b'));
  fd.write('c'.repeat(5000));
  fd.writeBytes(Buffer.alloc(300_000, 'd'));
  fd.write('é');
  fd.flush();
  t.is(Buffer.concat(got).toString('utf8'), 'a' + 'b' + 'c'.repeat(5000) + 'd'.repeat(300_000) + 'é');
  for (const size of [10, 2_000_000]) {
    const spool = new Spool('test');
    const want: string[] = [];
    for (let i = 0, length = 0; length < size; i++) {
      const s = i % 2 === 0 ? `line ${i} é\n` : `bytes ${i} ü\n`;
      if (i % 2 === 0) spool.write(s);
      else spool.writeBytes(Buffer.from(s, 'utf8'));
      want.push(s);
      length += s.length;
    }
    const text = new StringOutput();
    spool.drainTo(text);
    t.is(text.text(), want.join(''), `a spool of ${size} characters, drained as text`);
  }
  const spool = new Spool('test');
  const want = 'é'.repeat(700_000);
  spool.write(want);
  spool.writeBytes(Buffer.from('ü'.repeat(100_000), 'utf8'));
  const bytes: Buffer[] = [];
  spool.drainTo({ write: (s) => bytes.push(Buffer.from(s, 'utf8')), writeBytes: (b) => bytes.push(Buffer.from(b)) });
  t.is(Buffer.concat(bytes).toString('utf8'), want + 'ü'.repeat(100_000), 'drained as bytes from its temp file');
});

test('JsonField: fused pieces of repeating values, past its limit and for odd values, give the bytes JSON.stringify gives', (t) => {
  const parts: string[] = [];
  const b = new JsonBytes({ write: (s) => parts.push(s) });
  const f = new JsonField(',"v":', 4);
  const values: (string | number | boolean | null)[] = [];
  for (let i = 0; i < 3_000; i++) values.push(i % 5 === 0 ? null : i % 7 === 0 ? i : i % 11 === 0 ? true : `s${i % 9}`, 'q"\\\n', 'é\u2028', '\ud800');
  let want = '';
  for (const v of values) {
    b.field(f, v);
    want += ',"v":' + JSON.stringify(v);
  }
  b.flush();
  t.is(parts.join(''), want);
});

test('the fast paths (kept results bytes, tail pieces past their limit, fused suffixes) give the bytes JSON.stringify gives', (t) => {
  const frozen = Object.freeze({ TotalSales: '1', 'é"': 'ü\n' });
  const empty = Object.freeze({});
  const odd = Object.freeze({ a: 1 }) as unknown as Record<string, string>;
  const tasks: TaskResult[] = [];
  for (let i = 0; i < 200; i++) {
    // 200 combinations of the tail values: more than the writer keeps pieces of.
    tasks.push(task({ errorCode: `E${i}`, results: i % 3 === 0 ? frozen : i % 3 === 1 ? empty : odd, deliveredAtMs: i % 2 === 0 ? null : i }));
    tasks.push(task({ outcome: 'cancelled', cancelReason: 'recordChanged', trigger: null, deliveredAtMs: null, delivery: null, results: null, requestedTimeoutMs: i % 5 === 0 ? 100 : null, startedAtMs: i % 4 === 0 ? null : 3, endedAtMs: i % 6 === 0 ? null : 9 }));
    tasks.push(task({ deliveredAtMs: i, results: null, errorLevel: i % 2 === 0 ? 'Warning' : 'Error', record: i % 7 === 0 ? null : 'Customer: 10000' }));
  }
  tasks.push(task({ errorCode: 'x'.repeat(300) }), task({ outcome: 7 as unknown as string }));
  const calls = [call(), call({ ok: false, taskId: null, runtimeError: 'queue full' }), call({ ok: false, taskId: null, runtimeError: 'queue full' }), call({ ok: 1 }), call({ runtimeError: 'é"' })];
  const want = expected(tasks, calls, []);
  const text = new StringOutput();
  written(text, tasks, calls, []);
  t.is(text.text(), want);
  const parts: string[] = [];
  const b = new JsonBytes({ write: (s) => parts.push(s) });
  const f = new JsonField(',"v":', 2, ',"w":');
  let fieldWant = '';
  for (const v of ['a', 'b', 'c', null, 3, true, 'a', 'é']) {
    b.field(f, v);
    fieldWant += `,"v":${JSON.stringify(v)},"w":`;
  }
  b.flush();
  t.is(parts.join(''), fieldWant);
});
