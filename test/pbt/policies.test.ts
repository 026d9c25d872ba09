// Every policy alternative changes the behaviour it names (so none is a dead switch).
import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };

test('A3 timeoutClockStarts = atEnqueue counts waiting time against the timeout (PBT-TMO-01)', (t) => {
  const r = run(scenario({ policies: { timeoutClockStarts: 'atEnqueue' }, server: { childSessionsMaxConcurrency: 1 }, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 1500 }), enq({ timeoutMs: 1500 })] }, script: [open] }));
  t.is(r.task(2).outcome, 'timedOut');
  t.is(r.task(2).endedAtMs, 1500);
});

test('A3 startupCountsAsRunTime = false starts the timeout after child start-up (PBT-CONC-08)', (t) => {
  const r = run(scenario({ policies: { startupCountsAsRunTime: false }, server: { childSessionStartupMs: 250 }, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 1100 })] }, script: [open] }));
  t.is(r.task(1).outcome, 'completed');
});

test('A8 firstRecordLoadIsChange = false keeps tasks enqueued before the page had a record (PBT-CAN-03)', (t) => {
  const script = [{ atMs: 0, open: 'p', record: null }, { atMs: 0, call: 'p', enqueue: { codeunit: 50100 } }, { atMs: 100, navigate: 'p', record: 'R1' }];
  t.is(run(scenario({ pages: { p: {} }, script })).task(1).outcome, 'cancelled');
  t.is(run(scenario({ policies: { firstRecordLoadIsChange: false }, pages: { p: {} }, script })).task(1).outcome, 'completed');
});

test('A9 triggerOnCancel = never: a timeout reaches no trigger (PBT-CAN-05)', (t) => {
  const r = run(scenario({ policies: { triggerOnCancel: 'never' }, codeunits: { '50100': { durationMs: 5000 } }, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 100 })] }, script: [open] }));
  t.is(r.task(1).outcome, 'timedOut');
  t.is(r.task(1).trigger, null);
});

test('A10 cancelAfterEnd = returnFalseAndDeliver: a cancel after the end returns false and the trigger runs (PBT-CAN-01)', (t) => {
  const r = run(scenario({ policies: { cancelAfterEnd: 'returnFalseAndDeliver' }, server: { deliveryDelayMs: 500 }, pages: { p: { triggers: { OnAfterGetCurrRecord: [enq()] } } }, script: [open, { atMs: 1200, call: 'p', cancel: { taskId: 1 } }] }));
  t.is(r.of('pbt.cancelCall')[0]!['returned'], false);
  t.is(r.task(1).delivery, 'delivered');
});

test('A11 deliverOnlyWhenIdle = false delivers while a trigger is busy (PBT-TRG-08)', (t) => {
  const r = run(scenario({ policies: { deliverOnlyWhenIdle: false }, codeunits: { '50100': { durationMs: 100 } }, triggers: { OnAfterGetCurrRecord: [enq(), { busyMs: 500 }] }, script: [open] }));
  t.is(r.task(1).deliveredAtMs, 100);
});

test('A12 deliveryOrder = taskIdOrder delivers the lowest TaskId first (PBT-TRG-08)', (t) => {
  const policies = { deliveryOrder: 'taskIdOrder' };
  const s = { codeunits: { '50100': { durationMs: 100 }, '50101': { durationMs: 200 } }, triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 50101 } }, enq(), { busyMs: 500 }] }, script: [open] };
  t.deepEqual(run(scenario(s)).of('pbt.deliver').map((d) => d['taskId']), [2, 1]);
  t.deepEqual(run(scenario({ ...s, policies })).of('pbt.deliver').map((d) => d['taskId']), [1, 2]);
});

test('A13 updateInCallbackSaves = false: Update(true) in a callback saves nothing (PBT-TRG-06)', (t) => {
  const r = run(scenario({ policies: { updateInCallbackSaves: false }, triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskCompleted: [{ update: { saveRecord: true } }] }, script: [open] }));
  t.is(r.of('pbt.update')[0]!['saved'], false);
});

test('A14 dialogInCallback = allowed: a Confirm in a callback raises nothing (PBT-TRG-05)', (t) => {
  const r = run(scenario({ policies: { dialogInCallback: 'allowed' }, triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskCompleted: [{ dialog: 'Confirm' }] }, script: [open] }));
  t.is(r.task(1).surfacedAs, null);
  t.is(r.of('pbt.triggerError').length, 0);
});

test('A15 extensionTriggers = pageOnly: extension callbacks do not run (PBT-TRG-01)', (t) => {
  const r = run(scenario({ policies: { extensionTriggers: 'pageOnly' }, triggers: { OnAfterGetCurrRecord: [enq()] }, extensions: [{ name: 'E', triggers: { OnPageBackgroundTaskCompleted: [{ notification: 'ext' }] } }], script: [open] }));
  t.is(r.of('pbt.notification').length, 0);
});

test('A17 taskIdAfterFailedEnqueue = zero resets the TaskId variable (PBT-ENQ-03)', (t) => {
  const r = run(scenario({
    policies: { taskIdAfterFailedEnqueue: 'zero' },
    server: { childSessionsMaxConcurrency: 1, childSessionsMaxQueueLength: 0 },
    triggers: { OnAfterGetCurrRecord: [enq({ taskIdVar: 'Id' }), enq({ taskIdVar: 'Id', useReturnValue: true }), { cancel: { taskIdVar: 'Id' } }] },
    script: [open],
  }));
  t.is(r.of('pbt.cancelCall')[0]!['taskId'], 0);
  t.is(r.task(1).outcome, 'completed');
});

test('A19 multipleResults = merge merges every SetBackgroundTaskResult (PBT-PAR-02)', (t) => {
  const r = run(scenario({ policies: { multipleResults: 'merge' }, codeunits: { '50100': { durationMs: 10, results: [{ a: '1' }, { b: '2' }] } }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.deepEqual(r.of('pbt.deliver')[0]!['results'], { a: '1', b: '2' });
});

test('A27 testRunErrorPropagates = false keeps the task error out of the test (PBT-TST-03)', (t) => {
  const r = run(scenario({ policies: { testRunErrorPropagates: false }, codeunits: { '50100': { durationMs: 10, outcome: 'error' } }, script: [open, { atMs: 10, runPageBackgroundTask: { page: 'p', codeunit: 50100 } }] }));
  t.is(r.of('pbt.surface').length, 0);
});

test('A28 partDisplayWaitsFor = allOutstanding waits for tasks enqueued after load too (PBT-LIM-01)', (t) => {
  const pages = {
    card: { parts: ['fb'] },
    fb: { kind: 'part', triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskCompleted: [{ exitIfTaskIdIsNot: 'First' }, enq()] } },
  };
  const base = { codeunits: { '50100': { durationMs: 300 } }, script: [{ atMs: 0, open: 'card', record: 'R1' }] };
  const pagesWithVar = { ...pages, fb: { kind: 'part', triggers: { OnAfterGetCurrRecord: [enq({ taskIdVar: 'First' }), enq()], OnPageBackgroundTaskCompleted: [{ exitIfTaskIdIsNot: 'First' }, enq()] } } };
  const atLoad = run(scenario({ ...base, pages: pagesWithVar }));
  const all = run(scenario({ ...base, pages: pagesWithVar, policies: { partDisplayWaitsFor: 'allOutstanding' } }));
  t.deepEqual(atLoad.of('pbt.display').map((d) => [d.timeMs, d['ready']]), [[0, false], [300, true]]);
  t.deepEqual(all.of('pbt.display').map((d) => [d.timeMs, d['ready']]), [[0, false], [600, true]]);
});

test('A30 A31 slot release delays keep the slot taken after a cancel or an end (PBT-CONC-02)', (t) => {
  const s = { server: { childSessionsMaxConcurrency: 1 }, codeunits: { '50100': { durationMs: 100 } }, pages: { p: {} }, script: [open, { atMs: 0, call: 'p', statements: [enq(), enq(), enq()] }, { atMs: 50, call: 'p', cancel: { taskId: 1 } }] };
  t.deepEqual(run(scenario(s)).result.tasks.map((x) => x.startedAtMs), [0, 50, 150]);
  t.deepEqual(run(scenario({ ...s, policies: { cancelSlotReleaseDelayMs: 20, closeSlotReleaseDelayMs: 5 } })).result.tasks.map((x) => x.startedAtMs), [0, 70, 175]);
});
