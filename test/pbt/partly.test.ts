// Clauses the catalog marks "partly": modelled as parameters or records, as the catalog suggests.
import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };

test('PBT-ENQ-09 the page variable that receives the TaskId is recorded with every enqueue', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq({ taskIdVar: 'WaitTaskId' }), enq()] }, script: [open] }));
  t.deepEqual(r.of('pbt.enqueue').map((e) => e['taskIdVar']), ['WaitTaskId', null]);
});

test('PBT-CONC-09 the running count (the "# Active child sessions" counter) is in every start and end record', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq(), enq()] }, script: [open] }));
  t.deepEqual(r.of('pbt.start').map((s) => s['active']), [1, 2]);
  t.deepEqual(r.of('pbt.end').map((s) => s['running']), [1, 0]);
});

test('PBT-LIM-05 PBT-LIM-07 PBT-CHD-08 every task start is a session opened with clientType and session type ChildSession', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.like(r.of('pbt.start')[0], { clientType: 'ChildSession', sessionType: 'ChildSession', readOnly: true });
});

test('PBT-CHD-04 the child opens the parent\'s company in a transaction of its own', (t) => {
  const data = scenario({ triggers: { OnAfterGetCurrRecord: [enq(), enq()] }, script: [open] });
  (data['sessions'] as Record<string, unknown>[])[0]!['company'] = 'CRONUS DK';
  const starts = run(data).of('pbt.start');
  t.deepEqual(starts.map((s) => s['company']), ['CRONUS DK', 'CRONUS DK']);
  t.not(starts[0]!['transaction'], starts[1]!['transaction']);
});

test('PBT-TRG-09 the client refreshes the record after a clean completion trigger and after a handled error', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 10 }, '50101': { durationMs: 10, outcome: 'error' }, '50102': { durationMs: 10, outcome: 'error' } },
    triggers: {
      OnAfterGetCurrRecord: [enq(), { enqueue: { codeunit: 50101, taskIdVar: 'Handled' } }, { enqueue: { codeunit: 50102 } }],
      OnPageBackgroundTaskError: [{ exitIfTaskIdIsNot: 'Handled' }, { setIsHandled: true }],
    },
    script: [open],
  }));
  t.deepEqual(r.of('pbt.refresh').map((x) => x['taskId']), [1, 2]);
});

test('PBT-TRG-06 PBT-TRG-C01 CurrPage.Update(false) in a completion trigger refreshes nothing', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()], OnPageBackgroundTaskCompleted: [{ update: { saveRecord: false } }] }, script: [open] }));
  t.like(r.of('pbt.update')[0], { saved: false, refreshed: false });
});

test('PBT-CHD-06 PBT-CFG-05 automation calls are blocked unless PageBackgroundTaskAllowedAutomationMethods lists them', (t) => {
  const codeunits = {
    '50100': { durationMs: 10, automation: ['Update,Microsoft.Dynamics.Nav.Client.BusinessChart;PublicKeyToken=31bf3856ad364e35'] },
    '50101': { durationMs: 10, automation: ['Refresh,Contoso.Charts'] },
  };
  const triggers = { OnAfterGetCurrRecord: [enq(), { enqueue: { codeunit: 50101 } }] };
  const byDefault = run(scenario({ codeunits, triggers, script: [open] }));
  t.deepEqual(byDefault.result.tasks.map((x) => x.outcome), ['completed', 'failed']);
  const allowed = run(scenario({ codeunits, triggers, server: { pageBackgroundTaskAllowedAutomationMethods: '(Refresh,Contoso.Charts)' }, script: [open] }));
  t.deepEqual(allowed.result.tasks.map((x) => x.outcome), ['failed', 'completed']);
});

test('PBT-CHD-09 PBT-CFG-07 a task may start a background session, which counts against the background-session limits', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: 10, startsBackgroundSession: true } }, triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open] }));
  t.like(r.of('pbt.backgroundSession')[0], { countsAgainst: 'BackgroundSessionsMaxConcurrent', canWrite: true });
  t.is(r.of('pbt.start')[0]!['running'], 1, 'the child-session count is unchanged by it');
});

test('PBT-TST-04 PBT-TST-C03 the docs\' test: open the page, RunPageBackgroundTask(50100, Parameters), read the results from a child session', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: { parameter: 'Wait' }, results: { after: 'x' }, writes: [{ table: 1, temporary: true }] } },
    script: [{ atMs: 0, open: 'p', record: 'Customer: 10000' }, { atMs: 1, runPageBackgroundTask: { page: 'p', codeunit: 50100, parameters: { Wait: '5' } } }],
  }));
  t.like(r.of('pbt.testRun')[0], { durationMs: 5, results: { after: 'x' }, readOnlyChild: true });
});

test('PBT-CONC-10 a task is bound to its parent session and page: it never outlives either', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [enq()] }, script: [open, { atMs: 10, endSession: true }] }));
  t.is(r.task(1).cancelReason, 'sessionClosed');
});
