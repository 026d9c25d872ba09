import test from 'ava';
import { compileScenario, DEFAULT_SERVER, ScenarioError } from '../../models/pbt/index.js';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };

test('PBT-CFG-06 the defaults are Business Central\'s (and online\'s): 5, 100, 00:02:00, 00:10:00', (t) => {
  t.deepEqual(
    [DEFAULT_SERVER.childSessionsMaxConcurrency, DEFAULT_SERVER.childSessionsMaxQueueLength, DEFAULT_SERVER.pageBackgroundTaskDefaultTimeoutMs, DEFAULT_SERVER.pageBackgroundTaskMaxTimeoutMs],
    [5, 100, 120000, 600000],
  );
  const sc = compileScenario(scenario({ server: { profile: 'online' }, script: [] }));
  t.deepEqual(sc.server, DEFAULT_SERVER);
});

test('PBT-CFG-06 PBT-CONC-04 the online profile refuses other limits', (t) => {
  const e = t.throws(() => compileScenario(scenario({ server: { profile: 'online', childSessionsMaxConcurrency: 10 }, script: [] }), 'x.json'), { instanceOf: ScenarioError });
  t.regex(e.message, /\$\.server\.childSessionsMaxConcurrency/);
});

test('PBT-CONC-04 PBT-CFG-01 PBT-CFG-02 on-premises limits are configurable', (t) => {
  const r = run(scenario({ server: { childSessionsMaxConcurrency: 2, childSessionsMaxQueueLength: 1 }, triggers: { OnAfterGetCurrRecord: [{ repeat: { times: 4, statement: enq({ useReturnValue: true }) } }] }, script: [open] }));
  t.deepEqual(r.result.enqueueCalls.map((c) => c.ok), [true, true, true, false]);
});

test('PBT-CFG-07 background-session settings are not page-background-task settings', (t) => {
  t.throws(() => compileScenario(scenario({ server: { backgroundSessionsMaxConcurrent: 10 }, script: [] }), 'x.json'), { message: /unknown key.*backgroundSessionsMaxConcurrent/ });
});

test('PBT-LIM-01 PBT-LIM-C01 a part page shows no data until the tasks outstanding at load have finished (A28)', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 300 }, '50101': { durationMs: 800 } },
    pages: { card: { parts: ['fb'] }, fb: { kind: 'part', triggers: { OnAfterGetCurrRecord: [enq(), { enqueue: { codeunit: 50101 } }] } } },
    script: [{ atMs: 0, open: 'card', record: 'R1' }],
  }));
  t.deepEqual(r.of('pbt.display').map((d) => [d.timeMs, d['ready']]), [[0, false], [800, true]]);
});

test('PBT-LIM-02 PBT-TST-C01 PBT-TST-C02 headless: the task runs inline and its trigger runs before EnqueueBackgroundTask returns (A26)', (t) => {
  const r = run(scenario({
    mode: 'headless',
    codeunits: { '50100': { durationMs: 200 } },
    triggers: {
      OnAfterGetCurrRecord: [enq({ taskIdVar: 'Id' }), { notification: 'after enqueue' }],
      OnPageBackgroundTaskCompleted: [{ notification: 'in trigger' }, { exitIfTaskIdIsNot: 'Id' }, { notification: 'Id already set' }],
    },
    server: { childSessionsMaxConcurrency: 1, childSessionsMaxQueueLength: 0 },
    script: [open],
  }));
  t.deepEqual(r.of('pbt.notification').map((n) => [n['text'], n.timeMs]), [['in trigger', 200], ['after enqueue', 200]]);
  t.is(r.task(1).deliveredAtMs, 200);
});

test('PBT-TST-01 PBT-TST-02 PBT-TST-03 TestPage.RunPageBackgroundTask waits for the child and runs triggers only on request', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 300, results: { x: '1' } } },
    triggers: { OnPageBackgroundTaskCompleted: [{ notification: 'completed trigger' }] },
    script: [
      open,
      { atMs: 10, runPageBackgroundTask: { page: 'p', codeunit: 50100, parameters: { a: 'b' } } },
      { atMs: 20, runPageBackgroundTask: { page: 'p', codeunit: 50100, runCompletionTriggers: true } },
    ],
  }));
  const runs = r.of('pbt.testRun');
  t.deepEqual(runs.map((x) => [x.timeMs, x['completionTriggerRan'], x['readOnlyChild']]), [[10, false, true], [310, true, true]]);
  t.deepEqual(runs[0]!['results'], { x: '1' });
  t.deepEqual(r.of('pbt.notification').map((n) => n.timeMs), [610]);
});

test('PBT-TST-03 an error in the task reaches the test when completion triggers are off (A27)', (t) => {
  const r = run(scenario({ codeunits: { '50100': { durationMs: 10, outcome: 'error' } }, script: [open, { atMs: 10, runPageBackgroundTask: { page: 'p', codeunit: 50100 } }] }));
  t.is(r.of('pbt.surface')[0]!['surfacedAs'], 'error');
});
