// Each lint rule fires on the fixture written for it and stays quiet on one where the pattern
// is done right. Positions are checked, so a rule that fires somewhere else fails.
import test from 'ava';
import { lintProject, readAlText, type AlFile, LINT_RULES } from '../../al/index.js';
import { lintFixture, ofRule } from './helpers.js';

const cases: readonly { rule: string; fires: string; at: readonly [string, number][]; quiet: string }[] = [
  { rule: 'PBT0001', fires: 'role-center', at: [['SalesActivities.Page.al', 45]], quiet: 'customer-card' },
  { rule: 'PBT0002', fires: 'list-per-row', at: [['CustomerOverdueList.Page.al', 63]], quiet: 'factbox' },
  { rule: 'PBT0003', fires: 'list-per-row', at: [['CustomerOverdueList.Page.al', 63]], quiet: 'customer-card' },
  { rule: 'PBT0004', fires: 'role-center', at: [['SalesActivities.Page.al', 45]], quiet: 'factbox' },
  { rule: 'PBT0005', fires: 'journal', at: [['JournalCheck.Page.al', 33]], quiet: 'customer-card' },
  { rule: 'PBT0006', fires: 'vendor-factbox', at: [['VendorStats.Page.al', 27]], quiet: 'factbox' },
  { rule: 'PBT0007', fires: 'list-per-row', at: [['CustomerOverdueList.Page.al', 28]], quiet: 'role-center' },
  { rule: 'PBT0008', fires: 'writer', at: [['ShipmentLogTask.Codeunit.al', 22], ['ShipmentLogTask.Codeunit.al', 23]], quiet: 'customer-card' },
  { rule: 'PBT0009', fires: 'writer', at: [['ShipmentLog.Page.al', 31], ['ShipmentLogTask.Codeunit.al', 11]], quiet: 'customer-card' },
  { rule: 'PBT0010', fires: 'journal', at: [['JournalCheck.Page.al', 40], ['JournalCheck.Page.al', 56]], quiet: 'factbox' },
  // The second action of the same page checks the return value and exits: quiet on line 37.
  { rule: 'PBT0011', fires: 'auto-refresh', at: [['AutoRefreshCard.Page.al', 26]], quiet: 'role-center' },
];

for (const c of cases) {
  test(`${c.rule} fires on ${c.fires} and not on ${c.quiet}`, (t) => {
    const got = ofRule(lintFixture(c.fires), c.rule).map((d) => [d.file.split('/').pop(), d.line]);
    t.deepEqual(got, c.at.map(([f, l]) => [f, l]));
    t.deepEqual(ofRule(lintFixture(c.quiet), c.rule), []);
  });
}

test('every rule cites clause IDs and has a documented default severity', (t) => {
  for (const r of LINT_RULES.filter((x) => x.id !== 'PBT0000')) t.true(r.clauses.length > 0, r.id);
  t.deepEqual(cases.map((c) => c.rule), LINT_RULES.filter((x) => x.id !== 'PBT0000').map((x) => x.id));
});

test('PBT0004 covers both ends: a timeout above the maximum and one at most 0', (t) => {
  t.regex(ofRule(lintFixture('role-center'), 'PBT0004')[0]!.message, /900000 ms is above PageBackgroundTaskMaxTimeout/);
  t.regex(ofRule(lintFixture('list-per-row'), 'PBT0004')[0]!.message, /timeout 0 ms is not positive/);
});

test('PBT0005 stays quiet for a retry bounded by a counter (the journal\'s error trigger)', (t) => {
  t.false(ofRule(lintFixture('journal'), 'PBT0005').some((d) => d.line === 54));
});

test('PBT0002 needs a list page: the same trigger on a Card page does not fire', (t) => {
  const src = (type: string): string => `page 1 P { PageType = ${type}; var Id: Integer; trigger OnAfterGetRecord() begin CurrPage.EnqueueBackgroundTask(Id, 5); end; }`;
  const lint = (type: string): string[] => {
    const f = readAlText(src(type), 'p.al') as AlFile;
    return lintProject({ files: [f], failures: [], objects: [...f.objects] }).diagnostics.map((d) => d.rule);
  };
  t.deepEqual(lint('ListPart'), ['PBT0002']);
  t.deepEqual(lint('Card'), []);
});

test('the suppression comment silences exactly its line and rule', (t) => {
  const r = lintFixture('role-center');
  // StartCue's enqueue (line 57) is reached from OnOpenPage but carries `pbtsim-disable-next-line PBT0001`.
  t.false(ofRule(r, 'PBT0001').some((d) => d.line === 57));
  const f = readAlText('page 1 P { var Id: Integer;\ntrigger OnOpenPage() begin\n// pbtsim-disable-next-line PBT0004\nCurrPage.EnqueueBackgroundTask(Id, 5, P, 0);\nend; }', 'p.al') as AlFile;
  t.deepEqual(lintProject({ files: [f], failures: [], objects: [...f.objects] }).diagnostics.map((d) => `${d.rule}@${d.line}`), ['PBT0001@4']);
});

test('the configuration turns rules off and changes severities', (t) => {
  const f = readAlText('page 1 P { var Id: Integer; trigger OnOpenPage() begin CurrPage.EnqueueBackgroundTask(Id, 5, P, 0); end; }', 'p.al') as AlFile;
  const r = lintProject({ files: [f], failures: [], objects: [...f.objects] }, { rules: { PBT0001: 'off', PBT0004: 'error' } });
  t.deepEqual(r.diagnostics.map((d) => [d.rule, d.severity]), [['PBT0004', 'error']]);
});

test('PBT0011 needs a loop of unknown or more than 105 iterations in statement form', (t) => {
  const lint = (loop: string, call: string): string[] => {
    const f = readAlText(`page 1 P { var Id: Integer; trigger OnAfterGetCurrRecord() var I: Integer; begin ${loop} ${call}; end; }`, 'p.al') as AlFile;
    return lintProject({ files: [f], failures: [], objects: [...f.objects] }).diagnostics.map((d) => d.rule);
  };
  t.deepEqual(lint('for I := 1 to 200 do', 'CurrPage.EnqueueBackgroundTask(Id, 5)'), ['PBT0011']);
  t.deepEqual(lint('while I < N do', 'CurrPage.EnqueueBackgroundTask(Id, 5)'), ['PBT0011']);
  t.deepEqual(lint('for I := 1 to 3 do', 'CurrPage.EnqueueBackgroundTask(Id, 5)'), []);
  t.deepEqual(lint('for I := 1 to 200 do', 'if not CurrPage.EnqueueBackgroundTask(Id, 5) then exit'), []);
});
