// `import`: the scenario built from each fixture project is valid (compileScenario), runs
// (runScenario), and says in its description what it could not translate.
import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importScenario, readAlProject, readAlText, ImportError, PLACEHOLDER_ID, type AlFile } from '../../al/index.js';
import { compileScenario, loadScenario, runScenario, type ScenarioFile } from '../../models/pbt/index.js';
import { cli, FIXTURES } from './helpers.js';

const all = readAlProject([FIXTURES]);
const readAlTextFile = (src: string): AlFile => readAlText(src, 'inline.al') as AlFile;
const imp = (page: string, o = {}): { scenario: ScenarioFile; notes: readonly string[] } => importScenario(all, { page, ...o });

test('Customer Card extension: the extension\'s triggers, codeunit resolved to its ID, Sleep as duration', (t) => {
  const { scenario, notes } = imp('Customer Card Sales Ext');
  const page = scenario.sessions[0]!.pages['Customer Card']!;
  t.is(page.kind, 'card');
  t.deepEqual(page.extensions![0]!.triggers!.OnAfterGetCurrRecord, [
    { cancel: { taskIdVar: 'SalesTaskId' } },
    { enqueue: { codeunit: 50101, parameters: { CustomerNo: 'CustomerNo', Mode: 'Compatible' }, timeoutMs: 20000, errorLevel: 'Warning', taskIdVar: 'SalesTaskId' } },
  ]);
  t.deepEqual(page.extensions![0]!.triggers!.OnPageBackgroundTaskCompleted, [{ exitIfTaskIdIsNot: 'SalesTaskId' }]);
  t.deepEqual(scenario.codeunits['50101'], { durationMs: 100, outcome: 'complete', results: { TotalSales: '', NoOfSales: '' } });
  t.true(notes.some((n) => /page "Customer Card" itself was not among the files read/.test(n)));
  t.true(scenario.description!.includes(notes[0]!), 'notes are in the description');
  const run = runScenario(compileScenario(scenario));
  t.true(run.run.ok);
  t.is(run.result.tasks.length, 4, 'open + 3 moves, one task each');
});

test('Role Center: the activities part is hosted, its 6 OnOpenPage tasks with literal parameters from the caller', (t) => {
  const { scenario } = imp('Sales Role Center');
  const pages = scenario.sessions[0]!.pages;
  t.deepEqual(pages['Sales Role Center'], { kind: 'roleCenter', parts: ['Sales Activities'] });
  const open = pages['Sales Activities']!.triggers!.OnOpenPage!;
  t.is(open.length, 6);
  t.deepEqual(open[0], { enqueue: { codeunit: 50112, parameters: { Cue: 'SalesThisMonth' }, timeoutMs: 2000, taskIdVar: 'SalesThisMonthId' } });
  t.like(open[5], { enqueue: { timeoutMs: 900000, taskIdVar: 'TopCustomerId' } });
  const run = runScenario(compileScenario(scenario));
  t.is(run.result.tasks.length, 6);
  t.true(run.result.warnings.some((w) => w.code === 'enqueueFromOnOpenPage'));
});

test('journal: the re-enqueue from the completion trigger is imported, and the run hits its limit as the AL would loop', (t) => {
  const { scenario, notes } = imp('Journal Check FactBox');
  const done = scenario.sessions[0]!.pages['Journal Check FactBox']!.triggers!.OnPageBackgroundTaskCompleted!;
  t.deepEqual(done, [{ update: { saveRecord: false } }, { enqueue: { codeunit: 50131, parameters: { LineNo: 'LineNo' }, taskIdVar: 'CheckTaskId' } }]);
  t.true(notes.some((n) => /branch on TaskId/.test(n)));
  const run = runScenario(compileScenario(scenario));
  t.true(run.stoppedAtUntil, 'the chain is still going when the time limit is reached');
  t.true(run.result.tasks.length > 100);
});

test('list page: open, fetch rows (OnAfterGetRecord per row), then moves; a timeout of 0 is kept for the model to default', (t) => {
  const { scenario, notes } = imp('Customer Overdue List');
  t.deepEqual(scenario.sessions[0]!.script.slice(0, 2), [
    { atMs: 0, open: 'Customer Overdue List', record: null },
    { atMs: 10, fetchRows: 'Customer Overdue List', records: ['Customer: 1', 'Customer: 2', 'Customer: 3', 'Customer: 4', 'Customer: 5'] },
  ]);
  t.like(scenario.sessions[0]!.pages['Customer Overdue List']!.triggers!.OnAfterGetRecord![0], { enqueue: { timeoutMs: 0 } });
  t.true(notes.some((n) => /OnDrillDown enqueues a task but is not a page trigger/.test(n)));
  const run = runScenario(compileScenario(scenario));
  t.true(run.result.tasks.filter((x) => x.outcome === 'cancelled').length >= 4, 'every row but the last is cancelled (PBT-ENQ-08)');
});

test('a codeunit that writes a real record and shows UI is imported with its write and dialog', (t) => {
  const { scenario } = imp('Shipment Log FactBox');
  t.like(scenario.codeunits['50150'], { writes: [{ table: 50152 }], dialog: true });
  const run = runScenario(compileScenario(scenario));
  t.true(run.result.tasks.every((x) => x.outcome === 'failed' && x.errorCode === 'NavPermission'), 'the write fails in the read-only child (PBT-CHD-01)');
});

test('a codeunit that was not read gets a placeholder ID and a note; --duration-ms sets its duration', (t) => {
  const src = readAlProject([`${FIXTURES}/customer-card/CustomerCardExt.PageExt.al`]);
  const r = importScenario(src, { durationMs: 750 });
  t.deepEqual(Object.keys(r.scenario.codeunits), [String(PLACEHOLDER_ID + 1)]);
  t.deepEqual(r.scenario.codeunits[String(PLACEHOLDER_ID + 1)], { durationMs: 750, outcome: 'complete' });
  t.true(r.notes.some((n) => /codeunit "Customer Sales Task" was not among the files read: it gets the placeholder ID/.test(n)));
  t.true(runScenario(compileScenario(r.scenario)).run.ok);
});

test('no page, or several without --page, or an unknown --page: ImportError', (t) => {
  t.throws(() => importScenario(all), { instanceOf: ImportError, message: /several pages enqueue tasks; choose one with --page/ });
  t.throws(() => importScenario(all, { page: 'Nope' }), { instanceOf: ImportError, message: /no page or page extension "Nope"/ });
  t.throws(() => importScenario(readAlProject([`${FIXTURES}/hostile`])), { instanceOf: ImportError, message: /no page/ });
});

test('every fixture page imports to a scenario that validates and runs', (t) => {
  for (const page of ['Customer Card', 'Item Stats FactBox', 'Journal Check FactBox', 'Customer Overdue List', 'Sales Role Center', 'Vendor Stats FactBox', 'Shipment Log FactBox', '50120']) {
    const { scenario } = imp(page);
    const sc = loadScenario(JSON.stringify(scenario), page);
    t.true(runScenario(sc).run.ok, page);
  }
});

test('pbtsim import → pbtsim validate → pbtsim run, end to end through the CLI', (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'pbtsim-import-')), 'fb.json');
  const r = cli('import', FIXTURES, '--page', 'Item Stats FactBox', '--out', out, '--moves', '2', '--think-ms', '500');
  t.is(r.status, 0, r.stderr);
  t.regex(r.stderr, /pbtsim: note: .*ItemStatsFactBox\.Page\.al:39:9: parameter 'ItemNo' is computed/);
  t.regex(r.stderr, /skipped, cannot read this file: unterminated string/);
  const sc = JSON.parse(readFileSync(out, 'utf8')) as ScenarioFile;
  t.deepEqual(sc.sessions[0]!.script, [{ atMs: 0, browse: 'Item Stats FactBox', records: ['Item: 1', 'Item: 2', 'Item: 3'], moves: 3, thinkMs: 500 }]);
  const run = cli('run', out, '--json');
  t.is(run.status, 0, run.stderr);
  t.is((JSON.parse(run.stdout) as { tasks: unknown[] }).tasks.length, 6);
  const bad = cli('import', FIXTURES);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /choose one with --page/);
});

test('--call adds action and field triggers as call steps after the moves; an unknown one is ImportError', (t) => {
  const { scenario } = importScenario(all, { page: 'Customer Overdue List', moves: 1, calls: ['Recalculate', 'field(Balance).OnDrillDown'] });
  const calls = scenario.sessions[0]!.script.filter((s) => 'call' in s);
  t.deepEqual(calls, [
    { atMs: 4010, call: 'Customer Overdue List', statements: [{ enqueue: { codeunit: 50141, timeoutMs: 0, taskIdVar: 'OverdueTaskId' } }] },
    { atMs: 6010, call: 'Customer Overdue List', statements: [{ enqueue: { codeunit: 50141, taskIdVar: 'DrillTaskId' } }] },
  ]);
  const run = runScenario(compileScenario(scenario));
  t.true(run.result.tasks.some((x) => x.enqueuedAtMs === 6010));
  t.throws(() => importScenario(all, { page: 'Customer Overdue List', calls: ['Nope'] }), { instanceOf: ImportError, message: /known: "field\(Overdue\)\.OnValidate"/ });
});

test('a for loop with literal bounds becomes a repeat statement; 200 enqueues in statement form fail at the queue limit', (t) => {
  const { scenario, notes } = importScenario(all, { page: 'Auto Refresh Card', moves: 0, calls: ['EnqueueMany'] });
  const call = scenario.sessions[0]!.script.find((s) => 'call' in s)!;
  t.deepEqual('statements' in call ? call.statements : null, [{ repeat: { times: 200, statement: { enqueue: { codeunit: 50181, taskIdVar: 'BurstTaskId' } } } }]);
  t.false(notes.some((n) => n.includes('action(EnqueueMany)')), 'no "use --call" note for a trigger that was called');
  const run = runScenario(compileScenario(scenario));
  const failed = run.result.enqueueCalls.filter((c) => !c.ok);
  t.is(failed.length, 1, 'the statement form raises a runtime error and the trigger stops (PBT-CONC-12)');
  t.regex(failed[0]!.runtimeError!, /ChildSessionsMaxQueueLength = 100/);
});

test('the EnqueueBackgroundTask docs pattern: Sleep of a parameter becomes a parameter duration, and the run matches examples/customer-card.json', (t) => {
  const src = `
pageextension 50100 CustomerCardExt extends "Customer Card"
{
    var
        WaitTaskId: Integer;
    trigger OnAfterGetRecord()
    var
        TaskParameters: Dictionary of [Text, Text];
    begin
        TaskParameters.Add('Wait', '1000');
        CurrPage.EnqueueBackgroundTask(WaitTaskId, 50100, TaskParameters, 10000, PageBackgroundTaskErrorLevel::Warning);
    end;
    trigger OnPageBackgroundTaskCompleted(TaskId: Integer; Results: Dictionary of [Text, Text])
    begin
        if (TaskId <> WaitTaskId) then
            exit;
    end;
}
codeunit 50100 PBTWaitCodeunit
{
    trigger OnRun()
    var
        Result: Dictionary of [Text, Text];
        WaitTime: Integer;
    begin
        if not Evaluate(WaitTime, Page.GetBackgroundParameters().Get('Wait')) then
            Error('Could not parse parameter WaitParam');
        Sleep(WaitTime);
        Result.Add('before', '10:00:00');
        Page.SetBackgroundTaskResult(Result);
    end;
}`;
  const f = readAlTextFile(src);
  const { scenario } = importScenario({ files: [f], failures: [], objects: [...f.objects] }, { moves: 1, thinkMs: 400 });
  t.deepEqual(scenario.codeunits['50100'], { durationMs: { parameter: 'Wait' }, outcome: 'complete', results: { before: '10:00:00' } });
  t.deepEqual(scenario.sessions[0]!.pages['Customer Card']!.extensions![0]!.triggers, {
    OnAfterGetRecord: [{ enqueue: { codeunit: 50100, parameters: { Wait: '1000' }, timeoutMs: 10000, errorLevel: 'Warning', taskIdVar: 'WaitTaskId' } }],
    OnPageBackgroundTaskCompleted: [{ exitIfTaskIdIsNot: 'WaitTaskId' }],
  });
  const ours = runScenario(compileScenario(scenario)).result.tasks.map((x) => [x.enqueuedAtMs, x.outcome, x.cancelReason]);
  const example = runScenario(loadScenario(readFileSync('examples/customer-card.json', 'utf8'))).result.tasks.map((x) => [x.enqueuedAtMs, x.outcome, x.cancelReason]);
  t.deepEqual(ours, example, 'open, a move after 400 ms cancels the first task, the second completes');
});
