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
