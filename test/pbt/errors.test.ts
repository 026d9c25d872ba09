import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };
const failing = { '50100': { durationMs: 10, outcome: 'error', error: { code: 'NDBCS:Deadlock', text: 'Deadlock victim' } } };

test('PBT-ERR-01 errors can arise in the codeunit, in the error trigger and in the completion trigger', (t) => {
  const inCodeunit = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.is(inCodeunit.task(1).outcome, 'failed');
  const inError = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskError: [{ error: 'boom' }] }, script: [open] }));
  t.is(inError.of('pbt.triggerError')[0]!['trigger'], 'OnPageBackgroundTaskError');
  const inCompleted = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskCompleted: [{ error: 'boom' }] }, script: [open] }));
  t.is(inCompleted.of('pbt.triggerError')[0]!['trigger'], 'OnPageBackgroundTaskCompleted');
});

test('PBT-ERR-02 PBT-ERR-10 PBT-ERR-11 the error trigger gets the error code, text and call stack', (t) => {
  const r = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskError: [] }, script: [open] }));
  const d = r.of('pbt.deliver')[0]!;
  t.is(d['errorCode'], 'NDBCS:Deadlock');
  t.is(d['errorText'], 'Deadlock victim');
  t.truthy(d['errorCallStack']);
});

test('PBT-ERR-03 IsHandled starts as false', (t) => {
  const r = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskError: [] }, script: [open] }));
  t.is(r.of('pbt.deliver')[0]!['isHandled'], false);
  t.is(r.of('pbt.invoke').find((i) => i['taskId'] === 1)!['isHandled'], false);
});

test('PBT-ERR-04 IsHandled := true suppresses the error', (t) => {
  const r = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskError: [{ setIsHandled: true }] }, script: [open] }));
  t.is(r.task(1).surfacedAs, 'none');
  t.is(r.of('pbt.notification').length, 0);
});

test('PBT-ERR-05 PBT-ERR-07 an unhandled error is shown at the ErrorLevel given at enqueue (A22)', (t) => {
  for (const [level, seen] of [['Warning', 'warning'], ['Error', 'error']] as const) {
    const r = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq({ errorLevel: level })], OnPageBackgroundTaskError: [] }, script: [open] }));
    t.is(r.task(1).surfacedAs, seen);
    t.is(r.of('pbt.notification')[0]!['level'], seen);
  }
});

test('PBT-ERR-06 with ErrorLevel Ignore the page shows no sign of the error', (t) => {
  const r = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq({ errorLevel: 'Ignore' })] }, script: [open] }));
  t.is(r.task(1).surfacedAs, 'none');
  t.is(r.of('pbt.notification').length, 0);
});

test('PBT-ERR-08 without an error trigger the ErrorLevel alone decides, the same as with an empty one', (t) => {
  const without = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq({ errorLevel: 'Warning' })] }, script: [open] }));
  const empty = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq({ errorLevel: 'Warning' })], OnPageBackgroundTaskError: [] }, script: [open] }));
  t.is(without.task(1).surfacedAs, 'warning');
  t.is(empty.task(1).surfacedAs, without.task(1).surfacedAs);
  t.is(without.task(1).trigger, 'OnPageBackgroundTaskError', 'the platform still invokes the callback');
});

test('PBT-ERR-09 an error raised inside a callback trigger is shown as an Error whatever the ErrorLevel (A23)', (t) => {
  const r = run(scenario({ codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq({ errorLevel: 'Ignore' })], OnPageBackgroundTaskError: [{ setIsHandled: true }, { error: 'trigger failed' }] }, script: [open] }));
  t.is(r.task(1).surfacedAs, 'error');
  t.is(r.of('pbt.surface')[0]!['text'], 'trigger failed');
});

test('PBT-ERR-09 with errorInErrorTrigger = showBoth the task\'s own error is shown too (A23 alternative)', (t) => {
  const r = run(scenario({ policies: { errorInErrorTrigger: 'showBoth' }, codeunits: failing, triggers: { OnAfterGetCurrRecord: [enq({ errorLevel: 'Warning' })], OnPageBackgroundTaskError: [{ error: 'trigger failed' }] }, script: [open] }));
  t.deepEqual(r.of('pbt.notification').map((n) => n['text']), ['Deadlock victim', 'trigger failed']);
});

test('PBT-ERR-12 PBT-CHD-01 PBT-CHD-C01 a real write from the task fails with a permission error; a temporary one succeeds', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 100, writes: [{ table: 50125, temporary: true }, { table: 50125, afterMs: 40 }] } },
    triggers: { OnAfterGetCurrRecord: [enq()] },
    script: [open],
  }));
  t.is(r.task(1).outcome, 'failed');
  t.is(r.task(1).endedAtMs, 40);
  t.deepEqual(r.of('pbt.write').map((w) => w['ok']), [true, false]);
  t.regex(String(r.of('pbt.deliver')[0]!['errorText']), /permissions prevented the action\. \(TableData 50125 Insert\)/);
});

test('PBT-CHD-03 a dialog in the task codeunit is an error', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: 10, dialog: true } }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.is(r.task(1).outcome, 'failed');
});

test('PBT-CHD-02 PBT-CHD-07 PBT-PAR-03 the codeunit has no source record and exchanges only Text values', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: { parameter: 'Wait' } } }, triggers: { OnAfterGetCurrRecord: [enq({ parameters: { Wait: 'ten' } })] }, script: [open] }));
  // Parameters are text: a non-numeric Wait fails the Evaluate in the codeunit.
  t.is(r.task(1).outcome, 'failed');
  t.regex(String(r.of('pbt.deliver')[0]!['errorText']), /Evaluate failed/);
  t.false('sourceRecord' in r.of('pbt.start')[0]!);
});

test('PBT-PAR-C01 a task that never sets a result still completes, with empty Results (A19)', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: 10 } }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.is(r.task(1).trigger, 'OnPageBackgroundTaskCompleted');
  t.deepEqual(r.of('pbt.deliver')[0]!['results'], {});
});

test('PBT-PAR-02 with several SetBackgroundTaskResult calls the last one wins (A19)', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: 10, results: [{ a: '1' }, { b: '2' }] } }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.deepEqual(r.of('pbt.deliver')[0]!['results'], { b: '2' });
});
