import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };

test('PBT-TRG-01 exactly one completion call per successful task that is not cancelled', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq(), enq()], OnPageBackgroundTaskCompleted: [] }, script: [open] }));
  t.deepEqual(r.of('pbt.invoke').filter((i) => i['trigger'] === 'OnPageBackgroundTaskCompleted').map((i) => i['taskId']), [1, 2]);
});

test('PBT-TRG-01 PBT-TRG-03 page-extension triggers run after the page\'s own and share IsHandled (A15)', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 10, outcome: 'error' } },
    triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskError: [] },
    extensions: [{ name: 'ExtA', triggers: { OnPageBackgroundTaskError: [{ setIsHandled: true }] } }, { name: 'ExtB', triggers: { OnPageBackgroundTaskError: [] } }],
    script: [open],
  }));
  t.deepEqual(r.of('pbt.invoke').filter((i) => i['taskId'] === 1).map((i) => [i['owner'], i['isHandled']]), [[null, false], ['ExtA', false], ['ExtB', true]]);
  t.is(r.task(1).surfacedAs, 'none');
});

test('PBT-TRG-02 PBT-PAR-02 the completion trigger runs on the enqueuing page and receives the Results the task set', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: 10, results: { a: '1', b: 'two' } } }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  const d = r.of('pbt.deliver')[0]!;
  t.is(d['page'], 'p');
  t.deepEqual(d['results'], { a: '1', b: 'two' });
});

test('PBT-TRG-03 the error trigger runs once per failed or timed-out task', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 10, outcome: 'error' }, '50101': { durationMs: 5000 } },
    triggers: { OnAfterGetCurrRecord: [enq(), { enqueue: { codeunit: 50101, timeoutMs: 100 } }], OnPageBackgroundTaskError: [] },
    script: [open],
  }));
  t.deepEqual(r.of('pbt.invoke').filter((i) => i['trigger'] === 'OnPageBackgroundTaskError').map((i) => i['taskId']), [1, 2]);
});

test('PBT-TRG-04 triggers tell tasks apart by TaskId', (t) => {
  const r = run(scenario({
    triggers: { OnAfterGetCurrRecord: [enq({ taskIdVar: 'A' }), enq({ taskIdVar: 'B' })], OnPageBackgroundTaskCompleted: [{ exitIfTaskIdIsNot: 'B' }, { notification: 'B done' }] },
    script: [open],
  }));
  t.deepEqual(r.of('pbt.notification').map((n) => n['text']), ['B done']);
});

test('PBT-TRG-05 PBT-ERR-C01 a dialog in a callback trigger is a runtime error shown as an Error (A14)', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq({ errorLevel: 'Ignore' })], OnPageBackgroundTaskCompleted: [{ dialog: 'Confirm' }] }, script: [open] }));
  t.is(r.task(1).surfacedAs, 'error');
  t.regex(String(r.of('pbt.triggerError')[0]!['text']), /client callback/);
});

test('PBT-TRG-06 CurrPage.Update in a callback refreshes nothing and runs no OnAfterGetCurrRecord (A13)', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskCompleted: [{ update: {} }] }, script: [open] }));
  const u = r.of('pbt.update')[0]!;
  t.is(u['refreshed'], false);
  t.is(u['saved'], true);
  t.is(r.of('pbt.invoke').filter((i) => i['trigger'] === 'OnAfterGetCurrRecord').length, 1);
});

test('PBT-TRG-07 the completion trigger may write to the database', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskCompleted: [{ write: { table: 50125 } }] }, script: [open] }));
  t.is(r.of('pbt.write')[0]!['ok'], true);
});

test('PBT-TRG-08 results are delivered only while the parent is idle, one at a time, in end order (A11, A12)', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 100 }, '50101': { durationMs: 200 } },
    triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 50101 } }, enq(), { busyMs: 500 }], OnPageBackgroundTaskCompleted: [{ busyMs: 50 }] },
    script: [open],
  }));
  t.deepEqual(r.of('pbt.deliver').map((d) => [d['taskId'], d.timeMs]), [[2, 500], [1, 550]]);
});

test('PBT-TRG-08 user actions wait while a trigger keeps the parent busy', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [{ busyMs: 500 }, enq()] }, script: [open, { atMs: 100, navigate: 'p', record: 'R2' }] }));
  t.is(r.task(1).enqueuedAtMs, 500);
  // The navigation waited until 500, then its own OnAfterGetCurrRecord was busy until 1000.
  t.is(r.task(2).enqueuedAtMs, 1000);
  t.is(r.task(1).cancelReason, 'recordChanged');
  t.is(r.task(1).endedAtMs, 500);
});

test('PBT-TRG-08 deliveryDelayMs models the idle scheduler\'s latency (A32)', (t) => {
  const r = run(scenario({ server: { deliveryDelayMs: 250 }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.is(r.task(1).deliveredAtMs, 1250);
});

test('PBT-TRG-10 a task changes nothing in the parent except through its triggers', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  const between = r.records.filter((x) => x.timeMs > 0 && x.timeMs < 1000 && x.type.startsWith('pbt.'));
  t.is(between.length, 0);
});

test('PBT-TRG-C02 an auto-refresh chain re-enqueues from the completion trigger and stops via an error raised in the error trigger', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 2000 }, '50101': { durationMs: 100, outcome: 'error' } },
    triggers: {
      OnAfterGetCurrRecord: [enq()],
      OnPageBackgroundTaskCompleted: [{ repeat: { times: 1, statement: { enqueue: { codeunit: 50101 } } } }],
      OnPageBackgroundTaskError: [{ error: 'Auto refresh stopped.' }],
    },
    script: [{ atMs: 0, open: 'p', record: null }],
  }));
  t.is(r.task(2).trigger, 'OnPageBackgroundTaskError');
  t.is(r.task(2).surfacedAs, 'error');
  t.is(r.result.tasks.length, 2, 'the chain ended');
});
