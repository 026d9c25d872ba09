// Run framing of the pbt model: `pbt.server` opens every trace, `pbt.runEnd` closes it, with the
// fields of interface 1 (docs/trace-format.md, models/pbt/framing.ts).
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DEFAULT_SERVER, PbtSimulator, RUN_END_STATUSES, compileScenario, loadScenario, runScenario } from '../../models/pbt/index.js';
import { enq, run, scenario } from './helpers.js';

test('pbt.server is the first record: mode, server settings, updates and the non-default policies, flat', (t) => {
  const r = run(scenario({
    server: { childSessionsMaxConcurrency: 2 },
    policies: { queueOrder: 'lifo', deliveryOrder: 'endOrder' }, // endOrder is the default: not listed
    triggers: { OnAfterGetCurrRecord: [enq()] },
    script: [{ atMs: 0, open: 'p', record: 'R' }],
  }));
  const first = r.records[0]!;
  t.is(first.type, 'pbt.server');
  t.is(first.seq, 0);
  t.is(first.timeMs, 0);
  t.is(first['mode'], 'client');
  t.deepEqual(first['server'], { ...DEFAULT_SERVER, childSessionsMaxConcurrency: 2 });
  t.deepEqual(first['updates'], []);
  t.deepEqual(first['policies'], { queueOrder: 'lifo' });
  t.false('run' in first);
  t.is(r.of('pbt.server').length, 1);
});

test('pbt.server lists the settings after each server update', (t) => {
  const data = { ...scenario({ triggers: {}, script: [{ atMs: 0, open: 'p', record: 'R' }] }), serverUpdates: [{ atMs: 5, server: { childSessionsMaxConcurrency: 1 } }, { atMs: 9, server: { deliveryDelayMs: 3 } }] };
  const r = run(data);
  t.deepEqual(r.records[0]!['updates'], [
    { ...DEFAULT_SERVER, childSessionsMaxConcurrency: 1 },
    { ...DEFAULT_SERVER, childSessionsMaxConcurrency: 1, deliveryDelayMs: 3 },
  ]);
});

test('pbt.runEnd is the last record; its counts agree with the result contract', (t) => {
  for (const f of ['customer-card-browse.json', 'enqueue-200-overflow.json', 'headless-web-service.json', 'business-manager-role-center.json']) {
    const r = runScenario(loadScenario(readFileSync(`examples/${f}`, 'utf8'), f));
    const last = r.records[r.records.length - 1]!;
    t.is(last.type, 'pbt.runEnd', f);
    t.is(r.records.filter((x) => x.type === 'pbt.runEnd').length, 1, f);
    const tasks = r.result.tasks;
    const outcome = (o: string): number => tasks.filter((x) => x.outcome === o).length;
    t.like(last, {
      status: 'empty', error: null, endTimeMs: r.result.endTimeMs, eventCount: r.result.eventCount, pendingEvents: 0,
      tasks: tasks.length, enqueueCalls: r.result.enqueueCalls.length,
      failedEnqueues: r.result.enqueueCalls.filter((c) => !c.ok).length,
      completed: outcome('completed'), failed: outcome('failed'), timedOut: outcome('timedOut'), cancelled: outcome('cancelled'),
      unended: tasks.filter((x) => x.outcome === null).length, timeMs: r.result.endTimeMs,
    }, f);
  }
});

test('pbt.runEnd says how the run ended: event budget, untilMs with pending events', (t) => {
  const runaway = runScenario(loadScenario(readFileSync('test/fixtures/runaway-reenqueue.json', 'utf8'), 'runaway'));
  t.false(runaway.run.ok);
  t.like(runaway.records[runaway.records.length - 1], { type: 'pbt.runEnd', status: 'event-budget-exceeded', error: null, eventCount: 2000 });

  const until = runScenario(compileScenario(scenario({
    codeunits: { '50100': { durationMs: 1000 } },
    triggers: { OnAfterGetCurrRecord: [enq()] },
    script: [{ atMs: 0, open: 'p', record: 'R' }],
    limits: { untilMs: 500, maxEvents: 1000 },
  })));
  t.like(until.records[until.records.length - 1], { type: 'pbt.runEnd', status: 'until', unended: 1, tasks: 1, completed: 0 });
  t.true((until.records[until.records.length - 1]!['pendingEvents'] as number) > 0);
});

test('every status of interface 1 is known; an engine error other than the budget is a model failure naming its code', (t) => {
  t.deepEqual([...RUN_END_STATUSES], ['empty', 'until', 'stopped', 'event-budget-exceeded', 'wall-budget-exceeded', 'heap-budget-exceeded', 'trace-budget-exceeded', 'model-failure']);
  const sim = new PbtSimulator({ seed: 1 });
  sim.codeunit(50100, { durationMs: 10 });
  sim.session('u').page('p', {
    OnAfterGetCurrRecord() {
      throw new TypeError('a bug in a TypeScript trigger');
    },
  }).open(0, 'R');
  const r = sim.run();
  t.false(r.run.ok);
  t.like(r.records[r.records.length - 1], { type: 'pbt.runEnd', status: 'model-failure', error: 'handler-failed' });
});
