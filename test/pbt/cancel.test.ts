import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };

test('PBT-CAN-01 CancelBackgroundTask returns true for waiting and running tasks, false for finished and unknown IDs (A10)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    pages: { p: { triggers: { OnAfterGetCurrRecord: [enq(), enq()] } } },
    script: [
      open,
      { atMs: 100, call: 'p', cancel: { taskId: 2 } }, // waiting
      { atMs: 200, call: 'p', cancel: { taskId: 1 } }, // running
      { atMs: 300, call: 'p', cancel: { taskId: 1 } }, // finished (cancelled)
      { atMs: 400, call: 'p', cancel: { taskId: 99 } }, // unknown
    ],
  }));
  t.deepEqual(r.of('pbt.cancelCall').map((c) => c['returned']), [true, true, false, false]);
  t.is(r.task(1).cancelReason, 'cancelBackgroundTask');
  t.is(r.task(2).startedAtMs, null);
  t.is(r.of('pbt.surface').length, 0, 'never a runtime error');
});

test('PBT-CAN-01 cancelling a task whose result waits for delivery suppresses its trigger and returns true (A10)', (t) => {
  const r = run(scenario({
    server: { deliveryDelayMs: 500 },
    pages: { p: { triggers: { OnAfterGetCurrRecord: [enq()] } } },
    script: [open, { atMs: 1200, call: 'p', cancel: { taskId: 1 } }],
  }));
  t.is(r.task(1).outcome, 'completed');
  t.is(r.task(1).delivery, 'dropped');
  t.is(r.task(1).trigger, null);
  t.true(r.of('pbt.cancelCall')[0]!['returned'] === true);
});

test('PBT-CAN-02 closing the page cancels its waiting and running tasks and no trigger runs', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    triggers: { OnAfterGetCurrRecord: [enq(), enq()], OnPageBackgroundTaskCompleted: [{ notification: 'x' }], OnPageBackgroundTaskError: [{ notification: 'x' }] },
    script: [open, { atMs: 500, close: 'p' }],
  }));
  t.deepEqual(r.result.tasks.map((x) => [x.outcome, x.cancelReason, x.trigger]), [['cancelled', 'pageClosed', null], ['cancelled', 'pageClosed', null]]);
  t.is(r.of('pbt.invoke').filter((i) => i['taskId'] !== null).length, 0);
});

test('PBT-CAN-03 a record change cancels running tasks and removes waiting ones at once (A7)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    pages: { p: {}, q: { triggers: {} } },
    script: [
      open,
      { atMs: 0, call: 'p', statements: [enq(), enq()] },
      { atMs: 300, navigate: 'p', record: 'R2' },
    ],
  }));
  t.deepEqual(r.result.tasks.map((x) => [x.outcome, x.cancelReason, x.endedAtMs, x.startedAtMs]), [['cancelled', 'recordChanged', 300, 0], ['cancelled', 'recordChanged', 300, null]]);
});

test('PBT-CAN-03 moving to the same record ID is not a change (A8)', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [] }, pages: { p: {} }, script: [open, { atMs: 0, call: 'p', enqueue: { codeunit: 50100 } }, { atMs: 300, navigate: 'p', record: 'R1' }] }));
  t.is(r.task(1).outcome, 'completed');
  t.false(r.of('pbt.record')[0]!['changed'] as boolean);
});

test('PBT-CAN-03 with waitingTaskOnRecordChange = runAndDropAtDelivery a waiting task runs and its result is dropped (A7 alternative)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    policies: { waitingTaskOnRecordChange: 'runAndDropAtDelivery' },
    pages: { p: {} },
    script: [open, { atMs: 0, call: 'p', statements: [enq(), enq()] }, { atMs: 300, navigate: 'p', record: 'R2' }],
  }));
  t.is(r.task(2).outcome, 'completed');
  t.is(r.task(2).delivery, 'dropped');
});

test('PBT-CAN-04 ending the session cancels all its tasks', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq(), enq()] }, script: [open, { atMs: 500, endSession: true }] }));
  t.deepEqual(r.result.tasks.map((x) => x.cancelReason), ['sessionClosed', 'sessionClosed']);
});

test('PBT-CAN-05 only a timeout cancellation reaches the error trigger (A9)', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 5000 } },
    triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 100 }), enq()], OnPageBackgroundTaskError: [] },
    script: [open, { atMs: 200, call: 'p', cancel: { taskId: 2 } }],
  }));
  t.is(r.task(1).trigger, 'OnPageBackgroundTaskError');
  t.is(r.task(2).trigger, null);
});

test('PBT-CAN-06 a result that reaches delivery after the record changed is dropped and no trigger runs', (t) => {
  const r = run(scenario({
    server: { deliveryDelayMs: 300 },
    triggers: { OnAfterGetCurrRecord: [], OnPageBackgroundTaskCompleted: [{ notification: 'x' }] },
    pages: { p: { triggers: { OnPageBackgroundTaskCompleted: [{ notification: 'x' }] } } },
    script: [open, { atMs: 0, call: 'p', enqueue: { codeunit: 50100 } }, { atMs: 1100, navigate: 'p', record: 'R2' }],
  }));
  t.is(r.task(1).outcome, 'completed');
  t.is(r.task(1).delivery, 'dropped');
  t.is(r.task(1).dropReason, 'recordChanged');
  t.is(r.of('pbt.notification').length, 0);
});

test('PBT-CAN-07 the documented cancel pattern: cancel the previous ID, then enqueue into the same variable', (t) => {
  const r = run(scenario({
    triggers: { OnAfterGetCurrRecord: [{ cancel: { taskIdVar: 'Id' } }, enq({ taskIdVar: 'Id' })] },
    script: [open, { atMs: 100, call: 'p', statements: [{ cancel: { taskIdVar: 'Id' } }, enq({ taskIdVar: 'Id' })] }],
  }));
  t.deepEqual(r.of('pbt.cancelCall').map((c) => [c['taskId'], c['returned']]), [[0, false], [1, true]]);
  t.is(r.task(2).outcome, 'completed');
});

test('PBT-CAN-08 every task gets a fresh child session', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq(), enq()] }, script: [open] }));
  t.is(r.of('pbt.start').length, 2);
  t.deepEqual(r.of('pbt.start').map((s) => s['taskId']), [1, 2]);
});

test('PBT-GEN-C01 the task is tied to the record, the page and the session; the trigger runs in the page session', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open, { atMs: 200, navigate: 'p', record: 'R2' }, { atMs: 1500, close: 'p' }] }));
  t.is(r.task(1).cancelReason, 'recordChanged');
  t.is(r.task(2).trigger, 'OnPageBackgroundTaskCompleted');
  t.is(r.of('pbt.deliver')[0]!['session'], 'u');
});
