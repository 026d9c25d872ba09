import test from 'ava';
import { enq, run, scenario } from './helpers.js';

const open = { atMs: 0, open: 'p', record: 'R1' };

test('PBT-CONC-01 PBT-CFG-01 no more than ChildSessionsMaxConcurrency (default 5) tasks run at once', (t) => {
  const r = run(scenario({ triggers: { OnAfterGetCurrRecord: [{ repeat: { times: 8, statement: enq() } }] }, script: [open] }));
  const starts = r.of('pbt.start');
  t.is(Math.max(...starts.map((s) => Number(s['running']))), 5);
  t.deepEqual(r.result.tasks.map((x) => x.startedAtMs), [0, 0, 0, 0, 0, 1000, 1000, 1000]);
});

test('PBT-CONC-02 a waiting task starts when a running task of the same session ends, in FIFO order (A2)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    codeunits: { '50100': { durationMs: 100 }, '50101': { durationMs: 300 } },
    triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 50101 } }, enq(), enq(), enq()] },
    script: [open],
  }));
  t.deepEqual(r.result.tasks.map((x) => x.startedAtMs), [0, 300, 400, 500]);
});

test('PBT-CONC-02 with queueOrder = lifo the newest waiting task starts first (A2 alternative)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    policies: { queueOrder: 'lifo' },
    triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq()] },
    script: [open],
  }));
  t.deepEqual(r.result.tasks.map((x) => x.startedAtMs), [0, 2000, 1000]);
});

test('PBT-CONC-03 PBT-CFG-02 the queue limit defaults to 100 per parent session', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 60000 } },
    triggers: { OnAfterGetCurrRecord: [{ repeat: { times: 106, statement: enq({ useReturnValue: true }) } }] },
    script: [open],
  }));
  t.is(r.result.enqueueCalls.filter((c) => c.ok).length, 105);
  t.is(r.result.enqueueCalls[105]!.ok, false);
});

test('PBT-CONC-05 two parts of one session share the limits (A24: per parent session)', (t) => {
  const r = run(scenario({
    pages: {
      rc: { kind: 'roleCenter', parts: ['a', 'b'] },
      a: { kind: 'part', triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq()] } },
      b: { kind: 'part', triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq()] } },
    },
    script: [{ atMs: 0, open: 'rc', record: null }],
  }));
  t.is(Math.max(...r.of('pbt.start').map((s) => Number(s['running']))), 5);
  t.is(r.result.tasks.filter((x) => x.startedAtMs === 1000).length, 1);
});

test('PBT-CONC-05 with limitScope = page each page has its own limits (A24 alternative)', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 2 },
    policies: { limitScope: 'page' },
    pages: {
      rc: { kind: 'roleCenter', parts: ['a', 'b'] },
      a: { kind: 'part', triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq()] } },
      b: { kind: 'part', triggers: { OnAfterGetCurrRecord: [enq(), enq(), enq()] } },
    },
    script: [{ atMs: 0, open: 'rc', record: null }],
  }));
  t.is(r.result.tasks.filter((x) => x.startedAtMs === 0).length, 4);
});

test('PBT-CONC-05 sessions do not share limits with each other', (t) => {
  const data = scenario({ triggers: { OnAfterGetCurrRecord: [{ repeat: { times: 5, statement: enq() } }] }, script: [open] });
  const sessions = data['sessions'] as Record<string, unknown>[];
  sessions.push({ ...sessions[0]!, id: 'v' });
  const r = run(data);
  t.is(r.result.tasks.filter((x) => x.startedAtMs === 0).length, 10);
});

test('PBT-CONC-08 child-session start-up delays the end of every task and counts as run time (A3)', (t) => {
  const r = run(scenario({
    server: { childSessionStartupMs: 250 },
    codeunits: { '50100': { durationMs: 1000 } },
    triggers: { OnAfterGetCurrRecord: [enq({ timeoutMs: 1100 })] },
    script: [open],
  }));
  t.is(r.task(1).outcome, 'timedOut');
  t.is(r.task(1).endedAtMs, 1100);
});

test('PBT-CONC-11 a task that only sleeps holds its slot for the whole sleep', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 1 },
    codeunits: { '50100': { durationMs: 2000 } },
    triggers: { OnAfterGetCurrRecord: [enq(), enq()] },
    script: [open],
  }));
  t.is(r.task(2).startedAtMs, 2000);
});

test('PBT-CONC-12 a loop of 200 statement-form enqueues raises a runtime error partway through', (t) => {
  const r = run(scenario({
    codeunits: { '50100': { durationMs: 60000 } },
    pages: { p: {} },
    script: [open, { atMs: 100, call: 'p', statements: [{ repeat: { times: 200, statement: enq() } }] }],
  }));
  t.is(r.result.enqueueCalls.length, 106, 'the runtime error ends the loop');
  t.truthy(r.result.enqueueCalls[105]!.runtimeError);
  t.is(r.of('pbt.surface')[0]!['surfacedAs'], 'error');
});

test('PBT-CONC-04 lowering the concurrency while tasks run keeps them; new limits apply to later starts (A29)', (t) => {
  const data = scenario({
    codeunits: { '50100': { durationMs: 1000 } },
    triggers: { OnAfterGetCurrRecord: [{ repeat: { times: 6, statement: enq() } }] },
    script: [open],
  });
  data['serverUpdates'] = [{ atMs: 500, server: { childSessionsMaxConcurrency: 1 } }];
  const r = run(data);
  t.is(r.result.tasks.filter((x) => x.startedAtMs === 0).length, 5);
  t.deepEqual(r.result.tasks.filter((x) => x.outcome === 'completed').map((x) => x.endedAtMs), [1000, 1000, 1000, 1000, 1000, 2000]);
});
