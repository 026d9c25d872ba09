// The result fold (brief interface 3): hands each task on in enqueue order once it and every
// earlier task are final, keeps only the tasks not yet handed on, and agrees with buildResult.
import test from 'ava';
import type { TraceRecord } from '../../engine/index.js';
import { runScenario } from '../../models/pbt/index.js';
import { buildResult, ResultFold, type TaskResult } from '../../models/pbt/result.js';
import { load } from './helpers.js';

let seq = 0;
const rec = (timeMs: number, type: string, fields: Record<string, unknown>): TraceRecord => ({ seq: seq++, timeMs, type, ...fields }) as TraceRecord;
const enq = (t: number, id: number): TraceRecord => rec(t, 'pbt.enqueue', { session: 's', page: 'p', taskId: id, ok: true, codeunit: 1, record: null, requestedTimeoutMs: null, effectiveTimeoutMs: 100, errorLevel: 'Error', runtimeError: null });

test('a task is handed on only when it and every earlier task are final, after its instant', (t) => {
  const handed: number[] = [];
  const fold = new ResultFold({ task: (x) => handed.push(x.taskId), enqueueCall: () => {}, warning: () => {} });
  fold.step(enq(0, 1));
  fold.step(enq(0, 2));
  fold.step(rec(5, 'pbt.end', { session: 's', page: 'p', taskId: 2, outcome: 'cancelled', cancelReason: 'recordChanged', errorCode: null }));
  fold.step(rec(6, 'pbt.start', { session: 's', page: 'p', taskId: 1 }));
  t.deepEqual(handed, [], 'task 2 is final but task 1 is not');
  fold.step(rec(7, 'pbt.end', { session: 's', page: 'p', taskId: 1, outcome: 'completed', cancelReason: null, errorCode: null }));
  fold.step(rec(9, 'pbt.deliver', { session: 's', page: 'p', taskId: 1, trigger: 'OnPageBackgroundTaskCompleted', results: { a: '1' } }));
  fold.step(rec(9, 'pbt.triggerDone', { session: 's', page: 'p', taskId: 1 }));
  t.deepEqual(handed, [], 'still the instant of its triggerDone');
  fold.step(rec(10, 'pbt.page', { session: 's', page: 'p', open: false }));
  t.deepEqual(handed, [], 'a record the fold ignores does not end the instant');
  fold.step(rec(11, 'pbt.surface', { session: 's', page: 'p', taskId: null, surfacedAs: 'none' }));
  t.deepEqual(handed, [1, 2]);
  t.is(fold.pendingTasks, 0);
  const counts = fold.finish();
  t.deepEqual(counts, { tasks: 2, enqueueCalls: 2, warnings: 0, lateRecords: 0 });
});

test('records of the same instant after the terminal record still apply (surface after triggerDone)', (t) => {
  const handed: TaskResult[] = [];
  const fold = new ResultFold({ task: (x) => handed.push(x), enqueueCall: () => {}, warning: () => {} });
  fold.step(enq(0, 1));
  fold.step(rec(3, 'pbt.end', { session: 's', page: 'p', taskId: 1, outcome: 'failed', cancelReason: null, errorCode: 'E' }));
  fold.step(rec(4, 'pbt.deliver', { session: 's', page: 'p', taskId: 1, trigger: 'OnPageBackgroundTaskError', results: null }));
  fold.step(rec(4, 'pbt.triggerDone', { session: 's', page: 'p', taskId: 1 }));
  fold.step(rec(4, 'pbt.surface', { session: 's', page: 'p', taskId: 1, surfacedAs: 'warning' }));
  fold.finish();
  t.is(handed[0]?.surfacedAs, 'warning');
  t.is(handed[0]?.delivery, 'delivered');
});

test('on the capacity file the fold streams with few tasks pending and agrees with buildResult', (t) => {
  const sc = load('test/app/fixtures/capacity-10x10.json');
  const run = runScenario(sc);
  const batch = buildResult(run.records, { scenario: sc.name, seed: 1, endTimeMs: 0, eventCount: 0, digest: '' });
  const streamed: TaskResult[] = [];
  let maxPending = 0;
  let handedBeforeEnd = 0;
  const fold = new ResultFold({ task: (x) => streamed.push(x), enqueueCall: () => {}, warning: () => {} });
  for (const r of run.records) {
    fold.step(r);
    maxPending = Math.max(maxPending, fold.pendingTasks);
  }
  handedBeforeEnd = streamed.length;
  fold.finish();
  t.deepEqual(streamed, batch.tasks);
  t.true(handedBeforeEnd >= 380, `most tasks are handed on before the end (${handedBeforeEnd} of 400)`);
  t.true(maxPending <= 60, `at most the tasks alive at once are pending (${maxPending})`);
});

test('the ring grows past its first size with tasks held back by an earlier one, and hands them on in order', (t) => {
  const handed: number[] = [];
  const fold = new ResultFold({ task: (x) => handed.push(x.taskId), enqueueCall: () => {}, warning: () => {} });
  const n = 5000;
  for (let id = 1; id <= n; id++) fold.step(enq(0, id));
  // Every task but the first ends (cancelled) at once; the first holds them all back.
  for (let id = 2; id <= n; id++) fold.step(rec(1, 'pbt.end', { session: 's', page: 'p', taskId: id, outcome: 'cancelled', cancelReason: 'pageClosed', errorCode: null }));
  fold.step(rec(2, 'pbt.surface', { session: 's', page: 'p', taskId: null, surfacedAs: 'none' }));
  t.deepEqual(handed, []);
  t.is(fold.pendingTasks, n);
  fold.step(rec(3, 'pbt.end', { session: 's', page: 'p', taskId: 1, outcome: 'cancelled', cancelReason: 'pageClosed', errorCode: null }));
  fold.step(rec(3, 'pbt.start', { session: 's', page: 'p', taskId: 1 }));
  fold.step(rec(4, 'pbt.surface', { session: 's', page: 'p', taskId: null, surfacedAs: 'none' }));
  t.is(handed.length, n);
  t.deepEqual(handed, Array.from({ length: n }, (_, i) => i + 1));
  t.is(fold.pendingTasks, 0);
  // A record about a task already handed on is counted, not applied.
  fold.step(rec(5, 'pbt.start', { session: 's', page: 'p', taskId: 7 }));
  // Interleaved sessions with the same taskIds are told apart.
  fold.step({ ...enq(6, 1), session: 'a' } as TraceRecord);
  fold.step({ ...enq(6, 1), session: 'b' } as TraceRecord);
  fold.step(rec(7, 'pbt.start', { session: 'b', page: 'p', taskId: 1 }));
  const got: TaskResult[] = [];
  const counts = new ResultFold({ task: (x) => got.push(x), enqueueCall: () => {}, warning: () => {} }).finish();
  t.deepEqual(counts, { tasks: 0, enqueueCalls: 0, warnings: 0, lateRecords: 0 });
  const last = fold.finish();
  t.is(last.lateRecords, 1);
  t.is(last.tasks, n + 2);
});

test('interleaved sessions: records find their own session\'s task', (t) => {
  const got: TaskResult[] = [];
  const fold = new ResultFold({ task: (x) => got.push(x), enqueueCall: () => {}, warning: () => {} });
  fold.step({ ...enq(0, 1), session: 'a' } as TraceRecord);
  fold.step({ ...enq(0, 1), session: 'b' } as TraceRecord);
  fold.step(rec(1, 'pbt.start', { session: 'b', page: 'p', taskId: 1 }));
  fold.step(rec(2, 'pbt.start', { session: 'a', page: 'p', taskId: 1 }));
  fold.step(rec(3, 'pbt.end', { session: 'b', page: 'p', taskId: 1, outcome: 'cancelled', cancelReason: 'pageClosed', errorCode: null }));
  fold.step(rec(4, 'pbt.end', { session: 'a', page: 'p', taskId: 1, outcome: 'completed', cancelReason: null, errorCode: null }));
  fold.finish();
  t.deepEqual(got.map((x) => [x.session, x.startedAtMs, x.endedAtMs, x.outcome]), [['a', 2, 4, 'completed'], ['b', 1, 3, 'cancelled']]);
});

test('borrowing handlers get reused task and call objects with the same values as fresh ones', (t) => {
  const sc = load('test/app/fixtures/capacity-10x10.json');
  const run = runScenario(sc);
  const fresh: string[] = [];
  const freshCalls: string[] = [];
  const plain = new ResultFold({ task: (x) => fresh.push(JSON.stringify(x)), enqueueCall: (c) => freshCalls.push(JSON.stringify(c)), warning: () => {} });
  const borrowed: string[] = [];
  const borrowedCalls: string[] = [];
  const objects = new Set<TaskResult>();
  const fold = new ResultFold({
    borrows: true,
    task: (x) => { objects.add(x); borrowed.push(JSON.stringify(x)); },
    enqueueCall: (c) => borrowedCalls.push(JSON.stringify(c)),
    warning: () => {},
  });
  for (const r of run.records) {
    plain.step(r);
    fold.step(r);
  }
  plain.finish();
  fold.finish();
  t.true(borrowed.length > 300);
  t.deepEqual(borrowed, fresh);
  t.deepEqual(borrowedCalls, freshCalls);
  // One object per ring slot (256 at first), reused once the slot comes round again.
  t.true(objects.size <= 256, `objects are reused (${objects.size} for ${borrowed.length} tasks)`);
});
