import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };
const long = { '50100': { durationMs: 10_000_000 } };

test('PBT-TMO-01 the timeout is in milliseconds of run time; the task is cancelled when it passes', (t) => {
  const r = run(scenario({ codeunits: long, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 1500 })] }, script: [open] }));
  t.is(r.task(1).outcome, 'timedOut');
  t.is(r.task(1).endedAtMs, 1500);
});

test('PBT-TMO-01 the timeout clock starts when the task starts, not at enqueue (A3)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    codeunits: { '50100': { durationMs: 1000 } },
    triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 1500 }), enq({ timeoutMs: 1500 })] },
    script: [open],
  }));
  t.is(r.task(2).startedAtMs, 1000);
  t.is(r.task(2).outcome, 'completed', 'waiting time does not count');
});

test('PBT-TMO-02 PBT-CFG-03 without a timeout the default of 00:02:00 applies', (t) => {
  const r = run(scenario({ codeunits: long, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.is(r.task(1).effectiveTimeoutMs, 120000);
  t.is(r.task(1).endedAtMs, 120000);
});

test('PBT-TMO-03 PBT-TMO-04 PBT-CFG-04 a timeout above the maximum is clamped to 00:10:00', (t) => {
  const r = run(scenario({ codeunits: long, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 900000 })] }, script: [open] }));
  t.is(r.task(1).requestedTimeoutMs, 900000);
  t.is(r.task(1).effectiveTimeoutMs, 600000);
  t.is(r.task(1).endedAtMs, 600000);
});

test('PBT-TMO-03 with timeoutAboveMax = useDefault a too-large timeout means the default (A5 alternative)', (t) => {
  const r = run(scenario({ policies: { timeoutAboveMax: 'useDefault' }, codeunits: long, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 900000 })] }, script: [open] }));
  t.is(r.task(1).effectiveTimeoutMs, 120000);
});

test('PBT-TMO-05 a timeout calls OnPageBackgroundTaskError with ChildSessionTaskTimeout and shows a notification', (t) => {
  const r = run(scenario({ codeunits: long, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 100, errorLevel: 'Warning' })] }, script: [open] }));
  const task = r.task(1);
  t.is(task.errorCode, 'ChildSessionTaskTimeout');
  t.is(task.trigger, 'OnPageBackgroundTaskError');
  t.is(task.surfacedAs, 'warning');
  t.is(r.of('pbt.notification')[0]!['level'], 'warning');
});

test('PBT-TMO-06 the simulated timeout text is the docs\' sample text', (t) => {
  const r = run(scenario({ codeunits: long, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 100 })] }, script: [open] }));
  t.is(r.of('pbt.deliver')[0]!['errorText'], 'Child Session task was terminated because of a timeout.');
});

test('PBT-TMO-07 timeout settings accept hh:mm:ss and integer milliseconds', (t) => {
  const r = run(scenario({
    server: { pageBackgroundTaskDefaultTimeout: '00:00:02.5', pageBackgroundTaskMaxTimeout: 4000 },
    codeunits: long,
    triggers: { OnAfterGetCurrRecord: [enq(), enq({ timeoutMs: 9000 })] },
    script: [open],
  }));
  t.is(r.task(1).effectiveTimeoutMs, 2500);
  t.is(r.task(2).effectiveTimeoutMs, 4000);
});

test('PBT-TMO-08 a codeunit that finishes exactly at its timeout completes (A6)', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: { parameter: 'Wait' } } }, triggers: { OnAfterGetCurrRecord: [enq({ parameters: { Wait: '1000' }, timeoutMs: 1000 })] }, script: [open] }));
  t.is(r.task(1).outcome, 'completed');
  t.is(r.task(1).endedAtMs, 1000);
});

test('PBT-TMO-08 with timeoutTie = timesOut the same task times out (A6 alternative)', (t) => {
  const r = run(scenario({ policies: { timeoutTie: 'timesOut' }, codeunits: { '50100': { durationMs: 1000 } }, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 1000 })] }, script: [open] }));
  t.is(r.task(1).outcome, 'timedOut');
});

test('PBT-TMO-02 a timeout of 0 or below means the default timeout, with a warning (A4)', (t) => {
  const r = run(scenario({ codeunits: long, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 0 }), enq({ timeoutMs: -5 })] }, script: [open] }));
  t.is(r.task(1).effectiveTimeoutMs, 120000);
  t.is(r.task(2).effectiveTimeoutMs, 120000);
  t.is(r.result.warnings.filter((w) => w.code === 'nonPositiveTimeout').length, 2);
});

test('PBT-TMO-02 with nonPositiveTimeout = runtimeError a timeout of 0 raises a runtime error (A4 alternative)', (t) => {
  const r = run(scenario({ policies: { nonPositiveTimeout: 'runtimeError' }, triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 0, useReturnValue: true })] }, script: [open] }));
  t.is(r.result.tasks.length, 0);
  t.truthy(r.result.enqueueCalls[0]!.runtimeError);
});
