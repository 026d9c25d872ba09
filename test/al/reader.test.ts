// The AL reader on the fixture projects: objects, variables, trigger levels, findings with
// positions, reachability through procedures.
import test from 'ava';
import { isFailure, ProjectIndex, reachFrom, readAlProject, readAlText, routineLabel, type AlFile, type AlObject } from '../../al/index.js';
import { FIXTURES } from './helpers.js';

const all = readAlProject([FIXTURES]);
const obj = (name: string): AlObject => all.objects.find((o) => o.name === name)!;

test('every fixture file but the two broken ones is read; objects carry kind, ID, name, extends, PageType', (t) => {
  t.deepEqual(all.failures.map((f) => f.file.split('/').pop()), ['UnterminatedComment.Codeunit.al', 'UnterminatedString.Page.al']);
  const ext = obj('Customer Card Sales Ext');
  t.like(ext, { type: 'pageextension', id: 50100, extends: 'Customer Card', namespace: 'Contoso.Sales.Statistics' });
  t.is(obj('Customer Overdue List').properties.get('pagetype'), 'List');
  t.is(obj('Activity Log').type, 'table');
  t.deepEqual(obj('Sales Role Center').parts.map((p) => p.page), ['Sales Activities', 'Headline RC Business Manager']);
});

test('variables: lists of names, record/codeunit type names, temporary records', (t) => {
  const sa = obj('Sales Activities');
  t.true(['SalesThisMonthId', 'OverdueId', 'TopCustomerId'].every((n) => sa.variables.some((v) => v.name === n && v.type === 'integer')));
  const onRun = obj('Shipment Log Task').routines.find((r) => r.name === 'OnRun')!;
  t.like(onRun.locals.find((v) => v.name === 'TempLine'), { type: 'record', typeName: 'Sales Shipment Line', temporary: true });
});

test('triggers at object, field and action level, procedures with their access', (t) => {
  const list = obj('Customer Overdue List');
  t.deepEqual(list.routines.map((r) => `${r.kind}:${r.access}:${routineLabel(r)}`), [
    'trigger:public:field(Overdue).OnValidate', 'trigger:public:field(Balance).OnDrillDown', 'trigger:public:action(Recalculate).OnAction',
    'trigger:public:OnAfterGetRecord', 'procedure:local:RefreshOverdue', 'trigger:public:OnPageBackgroundTaskCompleted',
  ]);
});

test('an enqueue finding has its arguments, the return-value form and its position', (t) => {
  const fb = obj('Item Stats FactBox');
  const trig = fb.routines.find((r) => r.name === 'OnAfterGetCurrRecord')!;
  const enq = trig.findings.filter((f) => f.kind === 'enqueue');
  t.is(enq.length, 2);
  t.like(enq[0], { taskId: 'InventoryTaskId', codeunit: { kind: 'name', name: 'Item Inventory Task' }, parameters: 'Args', timeout: { kind: 'literal', value: 60000 }, returnValueUsed: true, pos: { line: 40, column: 16 } });
  t.like(enq[1], { returnValueUsed: false, timeout: null, guarded: true });
  const ext = obj('Customer Card Sales Ext').routines.find((r) => r.name === 'CalculateFieldValues')!;
  t.like(ext.findings.find((f) => f.kind === 'enqueue'), { errorLevel: 'Warning', codeunit: { kind: 'name', name: 'Customer Sales Task' }, pos: { file: `${FIXTURES}/customer-card/CustomerCardExt.PageExt.al`, line: 55, column: 9 } });
});

test('callback idioms: exitIfTaskIdIsNot, IsHandled, routing by TaskId is not a guard', (t) => {
  const ext = obj('Customer Card Sales Ext');
  const done = ext.routines.find((r) => r.name === 'OnPageBackgroundTaskCompleted')!;
  t.like(done.findings[0], { kind: 'exitIfTaskIdIsNot', variable: 'SalesTaskId' });
  const err = ext.routines.find((r) => r.name === 'OnPageBackgroundTaskError')!;
  t.like(err.findings.find((f) => f.kind === 'isHandled'), { value: true, guarded: false, routed: true });
});

test('reachability: OnAfterGetCurrRecord → CalculateFieldValues, OnOpenPage → StartCueTasks → StartCue (guarded by an exit)', (t) => {
  const index = new ProjectIndex(all);
  const sa = obj('Sales Activities');
  const reached = reachFrom(index, { object: sa, routine: sa.routines.find((r) => r.name === 'OnOpenPage')! });
  t.deepEqual(reached.map((x) => x.target.routine.name), ['OnOpenPage', 'StartCueTasks', 'StartCue', 'CueParameters']);
  t.false(reached[1]!.unguarded, 'the call follows `if not Rec.Get() then exit`');
  t.deepEqual(reached[2]!.path.map((p) => p.routine.name), ['OnOpenPage', 'StartCueTasks', 'StartCue']);
});

test('a page extension reaches its base page\'s public procedures; a codeunit variable reaches that codeunit', (t) => {
  const src = `
page 1 "Base" { PageType = Card; procedure Refresh() begin CurrPage.EnqueueBackgroundTask(Id, 5); end; var Id: Integer; }
pageextension 2 "Ext" extends "Base" { trigger OnOpenPage() begin Refresh(); Helper.Go(); end; var Helper: Codeunit "Helper"; }
codeunit 3 "Helper" { procedure Go() begin Sleep(1); end; }`;
  const f = readAlText(src, 'x.al') as AlFile;
  t.false(isFailure(f));
  const index = new ProjectIndex({ files: [f], failures: [], objects: [...f.objects] });
  const ext = f.objects[1]!;
  const reached = reachFrom(index, { object: ext, routine: ext.routines[0]! });
  t.deepEqual(reached.map((x) => `${x.target.object.name}.${x.target.routine.name}`), ['Ext.OnOpenPage', 'Base.Refresh', 'Helper.Go']);
});

test('call cycles terminate', (t) => {
  const f = readAlText('codeunit 1 C { trigger OnRun() begin A(); end; procedure A() begin B(); end; procedure B() begin A(); Sleep(1); end; }', 'c.al') as AlFile;
  const index = new ProjectIndex({ files: [f], failures: [], objects: [...f.objects] });
  t.is(reachFrom(index, { object: f.objects[0]!, routine: f.objects[0]!.routines[0]! }).length, 3);
});

test('odd places: capitals, comments inside calls, quoted procedure names, an unbalanced #if (first branch read)', (t) => {
  const file = all.files.find((f) => f.file.endsWith('odd-places/ContactTiles.Page.al'))!;
  t.deepEqual(file.preprocessor, { allBranches: 1, firstBranchOnly: [38] });
  const page = file.objects[0]!;
  t.like(page, { type: 'page', id: 50170, name: 'Contact Tiles', namespace: 'Contoso.CRM.Tiles' });
  t.is(page.properties.get('caption'), "'Contact tiles: it''s /* not a comment */ // nor this'");
  t.true(page.variables.some((v) => v.name === 'LegacyTaskId'), 'the balanced #if in the var section is read');
  const proc = page.routines.find((r) => r.name === 'Start Tile Tasks')!;
  t.is(proc.access, 'local');
  const enq = proc.findings.filter((f) => f.kind === 'enqueue');
  t.like(enq[0], { taskId: 'TilesTaskId', errorLevel: 'Ignore', timeout: { kind: 'literal', value: 30000 }, guarded: true, pos: { line: 43, column: 13 } });
  t.like(enq[1], { codeunit: { kind: 'expression', text: 'TaskCodeunitId' }, returnValueUsed: true, argCount: 2 });
  t.like(proc.findings.find((f) => f.kind === 'cancel'), { taskId: 'TilesTaskId', pos: { line: 36, column: 9 } });
  const trig = page.routines.find((r) => r.name === 'OnAfterGetCurrRecord')!;
  t.like(trig.findings[0], { kind: 'call', name: 'Start Tile Tasks' });
});
