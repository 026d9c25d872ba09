// The check thread (app/checkThread.ts): a run whose digest and invariant monitors run on a worker
// thread, over the records the run packs for it, gives the same digest, counts, violations and
// result as a run that checks itself, whatever ended the run; a thread that cannot help leaves
// correct checks behind (a rerun).
import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resetFileRegistry, simulate, StringOutput, runPipeline, type SimulateOptions } from '../../app/index.js';
import { compileScenario, type CompiledScenario } from '../../models/pbt/index.js';
import { browseCapacityScenario } from '../../bench/scenarios/generate.js';
import { load } from './helpers.js';

test.afterEach(() => resetFileRegistry());

// Batches of 64 records: the thread starts with the 64th record, so even a short run is checked there.
const THREAD = { mode: 'on', batchRecords: 64 } as const;

async function both(sc: CompiledScenario, extra: Partial<SimulateOptions> = {}) {
  const inline = await simulate(sc, { seed: sc.seed ?? 0, folds: [], checks: {}, checkThread: { mode: 'off' }, ...extra });
  const threaded = await simulate(sc, { seed: sc.seed ?? 0, folds: [], checks: {}, checkThread: THREAD, ...extra });
  return { inline, threaded };
}

const examples = readdirSync('examples').filter((f) => f.endsWith('.json'));

test('every example: the check thread gives the digest, counts and violations of the run itself', async (t) => {
  for (const f of examples) {
    const { inline, threaded } = await both(load(join('examples', f)));
    t.is(inline.digestFrom, 'inline', f);
    t.is(threaded.digestFrom, inline.records >= 64 ? 'thread' : 'inline', f);
    t.is(threaded.digest, inline.digest, f);
    t.is(threaded.eventCount, inline.eventCount, f);
    t.is(threaded.records, inline.records, f);
    t.is(threaded.status, inline.status, f);
    t.deepEqual(threaded.violations, inline.violations, f);
  }
});

test('a model fault: the thread finds the same violations as the run itself', async (t) => {
  const data = browseCapacityScenario({ users: 4, moves: 6 });
  for (const fault of ['callbackAfterCancel', 'recordChangeNotCancelling', 'resultsAltered'] as const) {
    const sc = compileScenario(data, 'faulty.json', new Set([fault]));
    const { inline, threaded } = await both(sc);
    t.is(threaded.digestFrom, 'thread', fault);
    t.true((inline.violations ?? []).length > 0, `${fault} is caught`);
    t.deepEqual(threaded.violations, inline.violations, fault);
    t.is(threaded.digest, inline.digest, fault);
  }
});

test('large nested Results across the end of a ring slot: the same digest and violations (a review found them corrupted)', async (t) => {
  // 41 result keys per codeunit make about 17 integers a record, so batches cross the end of a
  // ring slot's arrays in the middle of a record's Results.
  const data = browseCapacityScenario({ users: 33, moves: 20 }) as { codeunits: Record<string, { results?: Record<string, string> }> };
  const results = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`K${i}`, `v${i}`]));
  for (const c of Object.values(data.codeunits)) c.results = results;
  const sc = compileScenario(data, 'results-41.json');
  // The default batch of 4,096 records: its integers overflow the slot's 65,536.
  const { inline, threaded } = await both(sc, { checkThread: { mode: 'on' } });
  t.is(threaded.digestFrom, 'thread', threaded.checkThreadProblem);
  t.is(threaded.digest, inline.digest);
  t.deepEqual(threaded.violations, inline.violations);
  t.deepEqual(inline.violations, []);
});

const browse = compileScenario(browseCapacityScenario({ users: 30, moves: 15 }), 'browse-30.json');

test('a 30-user browse: same digest, and the same --json result byte for byte', async (t) => {
  const { inline, threaded } = await both(browse);
  t.true(inline.records > 4096, `${inline.records} records`);
  t.is(threaded.digestFrom, 'thread');
  t.is(threaded.digest, inline.digest);
  const json = async (mode: 'on' | 'off'): Promise<string> => {
    const out = new StringOutput();
    const r = await runPipeline({ file: 'browse-30.json', scenario: browse, json: true, out, checkThread: { mode } });
    t.is(r.outcome.digestFrom, mode === 'on' ? 'thread' : 'inline');
    return out.text();
  };
  const [on, off] = [await json('on'), await json('off')];
  t.is(on, off);
  t.regex(on, new RegExp(inline.digest));
});

test('stopped by the event budget, by a stop after N events, by the wall clock: the checks of the same stop', async (t) => {
  const runaway = compileScenario({
    version: 1, name: 'runaway', seed: 1, codeunits: { '50100': { durationMs: 10 } },
    sessions: [{ id: 'u1', pages: { p: { kind: 'card', triggers: { OnOpenPage: [{ enqueue: { codeunit: 50100 } }], OnPageBackgroundTaskCompleted: [{ enqueue: { codeunit: 50100 } }] } } }, script: [{ atMs: 0, open: 'p' }] }],
    limits: { maxEvents: 20_000 },
  }, 'runaway.json');
  const budget = await both(runaway);
  t.is(budget.threaded.status, 'event-budget-exceeded');
  t.is(budget.threaded.digestFrom, 'thread');
  t.is(budget.threaded.digest, budget.inline.digest);

  const stop = await both(browse, { stopAfterEvents: 3001, stopAfterStatus: 'wall-budget-exceeded' });
  t.is(stop.threaded.eventCount, 3001);
  t.is(stop.threaded.digest, stop.inline.digest);
  t.deepEqual(stop.threaded.violations, stop.inline.violations);

  // A wall-clock stop lands on an event no one can predict: the thread checks up to that one.
  const long = compileScenario({ ...browseCapacityScenario({ users: 200, moves: 100 }), limits: { maxEvents: 50_000_000 } }, 'browse-200.json');
  const walled = await simulate(long, { seed: 1, folds: [], checks: {}, checkThread: { mode: 'on' }, budgets: { maxWallMs: 400 } });
  t.is(walled.status, 'wall-budget-exceeded');
  t.is(walled.digestFrom, 'thread');
  const same = await simulate(long, { seed: 1, folds: [], checks: {}, checkThread: { mode: 'off' }, stopAfterEvents: walled.eventCount, stopAfterStatus: 'wall-budget-exceeded' });
  t.is(same.eventCount, walled.eventCount);
  t.is(same.digest, walled.digest);
  t.deepEqual(same.violations, walled.violations);
});

// A one-thread run of a faulty 4-user browse (so there are violations to lose), and one whose
// check thread is the failing `fixture`.
async function withFailingThread(fixture: string, extra: object = {}) {
  const sc = compileScenario(browseCapacityScenario({ users: 4, moves: 6 }), 'faulty.json', new Set(['resultsAltered']));
  const inline = await simulate(sc, { seed: 1, folds: [], checks: {}, checkThread: { mode: 'off' } });
  const failing = await simulate(sc, { seed: 1, folds: [], checks: {}, checkThread: { ...THREAD, entry: new URL(`./fixtures/${fixture}`, import.meta.url), ...extra } });
  mustHaveViolations(inline.violations);
  return { inline, failing };
}
function mustHaveViolations(v: unknown): void {
  if (!Array.isArray(v) || v.length === 0) throw new Error('the faulty browse should have violations');
}

for (const [fixture, problem, extra] of [
  ['failingCheckWorker.mjs', /fails at once/, {}],
  ['lateFailingCheckWorker.mjs', /fails after two batches/, {}],
  ['stalledCheckWorker.mjs', /consumed nothing for 0.3 s/, { stallMs: 300 }],
  // Five batches, fewer than may be in flight: the stall is seen while waiting for the reply.
  ['stalledCheckWorker.mjs', /consumed nothing for 0.3 s/, { stallMs: 300, batchRecords: 256 }],
  ['miscountingCheckWorker.mjs', /consumed \d+ records, the run made \d+/, {}],
] as const) {
  test(`a check thread that ${fixture.replace('CheckWorker.mjs', '')}${'batchRecords' in extra ? ' at the end' : ''}: the checks come from a rerun`, async (t) => {
    const { inline, failing } = await withFailingThread(fixture, extra);
    t.is(failing.digestFrom, 'rerun');
    t.regex(failing.checkThreadProblem ?? '', problem);
    t.is(failing.digest, inline.digest);
    t.is(failing.records, inline.records);
    t.deepEqual(failing.violations, inline.violations);
  });
}

test('no check thread for folds that read canonical lines, nor for off; a short run under auto checks itself', async (t) => {
  const sc = load('examples/customer-card-browse.json');
  const lines = await simulate(sc, { seed: 1, folds: [{ usesLines: true, step() {} }], checks: {}, checkThread: THREAD });
  t.is(lines.digestFrom, 'inline');
  const off = await simulate(sc, { seed: 1, folds: [], checks: {}, checkThread: { ...THREAD, mode: 'off' } });
  t.is(off.digestFrom, 'inline');
  const auto = await simulate(sc, { seed: 1, folds: [], checks: {} });
  t.true(auto.records < 4096);
  t.is(auto.digestFrom, 'inline', 'fewer records than one batch');
  t.is(auto.digest, off.digest);
});

test('the default path: a 100-user browse, 4,096 records a batch', async (t) => {
  const sc = compileScenario(browseCapacityScenario({ users: 100, moves: 100 }), 'browse-100.json');
  const inline = await simulate(sc, { seed: 1, folds: [], checks: {}, checkThread: { mode: 'off' } });
  const threaded = await simulate(sc, { seed: 1, folds: [], checks: {}, checkThread: { mode: 'on' } });
  t.true(inline.eventCount > 100_000, `${inline.eventCount} events`);
  t.is(threaded.digestFrom, 'thread', threaded.checkThreadProblem);
  t.is(threaded.digest, inline.digest);
  t.is(threaded.records, inline.records);
  t.deepEqual(threaded.violations, inline.violations);
});
