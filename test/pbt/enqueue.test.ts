import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };

test('PBT-ENQ-01 the full signature is accepted: parameters, timeout, error level, return value', (t) => {
  const r = run(scenario({
    triggers: { OnAfterGetCurrRecord: [enq({ parameters: { Wait: '10' }, timeoutMs: 5000, errorLevel: 'Warning', useReturnValue: true, taskIdVar: 'Id' })] },
    script: [open],
  }));
  const task = r.task(1);
  t.is(task.requestedTimeoutMs, 5000);
  t.is(task.errorLevel, 'Warning');
  t.deepEqual(r.of('pbt.enqueue')[0]!['parameters'], { Wait: '10' });
});

test('PBT-ENQ-01 only TaskId and CodeunitId are required; optional arguments default', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  const task = r.task(1);
  t.is(task.requestedTimeoutMs, null);
  t.is(task.effectiveTimeoutMs, 120000);
  t.is(task.errorLevel, 'Error');
});

test('PBT-ENQ-02 the task runs in a read-only child session (ClientType ChildSession)', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  const start = r.of('pbt.start')[0]!;
  t.is(start['clientType'], 'ChildSession');
  t.is(r.task(1).outcome, 'completed');
});

test('PBT-ENQ-03 TaskId receives the new ID after a successful enqueue and keeps its value after a failed one', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1, childSessionsMaxQueueLength: 0 },
    triggers: {
      OnAfterGetCurrRecord: [enq({ taskIdVar: 'Id' }), enq({ taskIdVar: 'Id', useReturnValue: true }), { cancel: { taskIdVar: 'Id' } }],
    },
    script: [open],
  }));
  // The second enqueue failed (queue length 0), so Id still holds 1 and the cancel hits task 1.
  t.is(r.result.enqueueCalls[1]!.ok, false);
  t.is(r.task(1).outcome, 'cancelled');
  t.is(r.task(1).cancelReason, 'cancelBackgroundTask');
});

test('PBT-ENQ-04 a full queue gives false in the Ok := form and a runtime error in the statement form', (t) => {
  const server = { childSessionsMaxConcurrency: 1, childSessionsMaxQueueLength: 1 };
  const withReturn = run(scenario({ server, triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq({ useReturnValue: true }), { notification: 'after' }] }, script: [open] }));
  t.deepEqual(withReturn.result.enqueueCalls.map((c) => c.ok), [true, true, false]);
  t.is(withReturn.result.enqueueCalls[2]!.runtimeError, null);
  t.is(withReturn.of('pbt.notification').length, 1, 'the trigger continued after the false return');
  const statement = run(scenario({ server, triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq(), { notification: 'after' }] }, script: [open] }));
  t.truthy(statement.result.enqueueCalls[2]!.runtimeError);
  t.is(statement.of('pbt.notification').filter((n) => n['level'] === 'info').length, 0, 'the runtime error ended the trigger');
  t.is(statement.of('pbt.surface')[0]!['surfacedAs'], 'error');
});

test('PBT-ENQ-05 the enqueue that finds ChildSessionsMaxQueueLength tasks waiting fails (A1 default: waiting tasks count)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 2, childSessionsMaxQueueLength: 3 },
    triggers: { OnAfterGetCurrRecord: [{ repeat: { times: 7, statement: enq({ useReturnValue: true }) } }] },
    script: [open],
  }));
  // 2 run, 3 wait, the 6th and 7th fail.
  t.deepEqual(r.result.enqueueCalls.map((c) => c.ok), [true, true, true, true, true, false, false]);
  const failed = r.of('pbt.enqueue').filter((e) => e['ok'] === false)[0]!;
  t.is(failed['waitingBefore'], 3);
});

test('PBT-ENQ-05 with queueLengthCounts = waitingAndRunning, running tasks count too (A1 alternative)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 2, childSessionsMaxQueueLength: 3 },
    policies: { queueLengthCounts: 'waitingAndRunning' },
    triggers: { OnAfterGetCurrRecord: [{ repeat: { times: 5, statement: enq({ useReturnValue: true }) } }] },
    script: [open],
  }));
  t.deepEqual(r.result.enqueueCalls.map((c) => c.ok), [true, true, true, false, false]);
});

test('PBT-ENQ-06 the task stores the record ID of the page at the moment of the call', (t) => {
  const r = run(scenario({
    triggers: { OnAfterGetCurrRecord: [enq()] },
    script: [open, { atMs: 2000, navigate: 'p', record: 'R2' }],
  }));
  t.is(r.task(1).record, 'R1');
  t.is(r.task(2).record, 'R2');
});

test('PBT-ENQ-07 enqueueing from OnOpenPage is allowed but flagged (A33)', (t) => {
  const r = run(scenario({ triggers: { OnOpenPage: [enq()] }, script: [open] }));
  t.is(r.task(1).outcome, 'completed');
  t.true(r.result.warnings.some((w) => w.code === 'enqueueFromOnOpenPage'));
});

test('PBT-ENQ-08 on a list page every task enqueued from OnAfterGetRecord but the last row\'s is cancelled', (t) => {
  const r = run(scenario({
    triggers: { OnAfterGetRecord: [enq()] },
    script: [{ atMs: 0, open: 'p', record: null }, { atMs: 10, fetchRows: 'p', records: ['A', 'B', 'C', 'D'] }],
  }));
  const rows = r.result.tasks.filter((x) => x.record !== null);
  t.deepEqual(rows.map((x) => x.outcome), ['cancelled', 'cancelled', 'cancelled', 'completed']);
  t.true(rows.slice(0, 3).every((x) => x.cancelReason === 'recordChanged'));
});

test('PBT-ENQ-10 PBT-PAR-01 the codeunit reads the parameters given at enqueue', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: { parameter: 'Wait' } } },
    triggers: { OnAfterGetCurrRecord: [enq({ parameters: { Wait: '1234' } })] },
    script: [open],
  }));
  t.is(r.task(1).endedAtMs! - r.task(1).startedAtMs!, 1234);
});

test('PBT-ENQ-11 ErrorLevel defaults to Error, so an unhandled failure is shown as an error', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: 10, outcome: 'error' } }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.is(r.task(1).errorLevel, 'Error');
  t.is(r.task(1).surfacedAs, 'error');
});

test('PBT-ENQ-12 re-enqueueing from the completion trigger chains tasks and still obeys the queue limit', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1, childSessionsMaxQueueLength: 1 },
    triggers: {
      OnAfterGetCurrRecord: [enq({ taskIdVar: 'Id' })],
      OnPageBackgroundTaskCompleted: [enq({ taskIdVar: 'Id' }), enq({ useReturnValue: true }), enq({ useReturnValue: true })],
    },
    script: [open, { atMs: 3500, close: 'p' }],
  }));
  // Each completion enqueues 3: one starts, one waits, the third finds the queue full.
  t.true(r.result.tasks.filter((x) => x.outcome === 'completed').length >= 3);
  t.true(r.result.enqueueCalls.some((c) => !c.ok && c.runtimeError === null));
});

test('PBT-ENQ-14 several tasks from one trigger get their own IDs and each completion reports its own ID', (t) => {
  const r = run(scenario({
    triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq()] },
    script: [open],
  }));
  t.deepEqual(r.result.tasks.map((x) => x.taskId), [1, 2, 3]);
  t.deepEqual(r.of('pbt.deliver').map((d) => d['taskId']).sort(), [1, 2, 3]);
});
