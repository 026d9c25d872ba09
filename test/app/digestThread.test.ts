// The digest thread (app/digestFollower.ts): a run whose digest is computed by a digest-only copy
// of itself on a worker thread gives the same digest, counts and result as a run that computes it
// itself, whatever ended the run; a thread that cannot help leaves a correct digest behind.
import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MonitorFold, resetFileRegistry, simulate, StringOutput, runPipeline, type SimulateOptions } from '../../app/index.js';
import { compileScenario, type CompiledScenario } from '../../models/pbt/index.js';
import { browseCapacityScenario } from '../../bench/scenarios/generate.js';
import { load } from './helpers.js';

test.afterEach(() => resetFileRegistry());

// The thread starts after the first event and the run waits until it is ready, so even a short
// run goes most of its way with its digest detached.
const THREAD = { mode: 'on', afterEvents: 0, awaitReady: true } as const;

async function both(sc: CompiledScenario, extra: Partial<SimulateOptions> = {}) {
  const inline = await simulate(sc, { seed: sc.seed ?? 0, folds: [new MonitorFold()], digestThread: { mode: 'off' }, ...extra });
  const threaded = await simulate(sc, { seed: sc.seed ?? 0, folds: [new MonitorFold()], digestThread: THREAD, ...extra });
  return { inline, threaded };
}

const examples = readdirSync('examples').filter((f) => f.endsWith('.json'));

test('every example: the digest thread gives the digest and counts of the run itself', async (t) => {
  for (const f of examples) {
    const { inline, threaded } = await both(load(join('examples', f)));
    t.is(inline.digestFrom, 'inline', f);
    t.is(threaded.digestFrom, 'thread', f);
    t.is(threaded.digest, inline.digest, f);
    t.is(threaded.eventCount, inline.eventCount, f);
    t.is(threaded.records, inline.records, f);
    t.is(threaded.status, inline.status, f);
  }
});

const browse = compileScenario(browseCapacityScenario({ users: 30, moves: 15 }), 'browse-30.json');

test('a 30-user browse: same digest, and the same --json result byte for byte', async (t) => {
  const { inline, threaded } = await both(browse);
  t.true(inline.eventCount > 4000, `${inline.eventCount} events`);
  t.is(threaded.digestFrom, 'thread');
  t.is(threaded.digest, inline.digest);
  const json = async (digestThread: 'on' | 'off'): Promise<string> => {
    const out = new StringOutput();
    const r = await runPipeline({ file: 'browse-30.json', scenario: browse, json: true, out, digestThread: { ...THREAD, mode: digestThread } });
    t.is(r.outcome.digestFrom, digestThread === 'on' ? 'thread' : 'inline');
    return out.text();
  };
  const [on, off] = [await json('on'), await json('off')];
  t.is(on, off);
  t.regex(on, new RegExp(inline.digest));
});

test('stopped by the event budget, by a stop after N events, by the wall clock: the digest of the same stop', async (t) => {
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

  // A wall-clock stop lands on an event no one can predict: the thread stops on the same one.
  const long = compileScenario({ ...browseCapacityScenario({ users: 200, moves: 100 }), limits: { maxEvents: 50_000_000 } }, 'browse-200.json');
  const walled = await simulate(long, { seed: 1, folds: [new MonitorFold()], digestThread: THREAD, budgets: { maxWallMs: 400 } });
  t.is(walled.status, 'wall-budget-exceeded');
  t.is(walled.digestFrom, 'thread');
  const same = await simulate(long, { seed: 1, folds: [new MonitorFold()], digestThread: { mode: 'off' }, stopAfterEvents: walled.eventCount, stopAfterStatus: 'wall-budget-exceeded' });
  t.is(same.eventCount, walled.eventCount);
  t.is(same.digest, walled.digest);
});

// A one-thread run of the browse example, and one whose digest thread is the failing `fixture`.
async function withFailingThread(fixture: string) {
  const sc = load('examples/customer-card-browse.json');
  const inline = await simulate(sc, { seed: 1, folds: [new MonitorFold()], digestThread: { mode: 'off' } });
  const failing = await simulate(sc, { seed: 1, folds: [new MonitorFold()], digestThread: { ...THREAD, entry: new URL(`./fixtures/${fixture}`, import.meta.url) } });
  return { inline, failing };
}

test('a thread that fails before it is ready: the run keeps its own digest', async (t) => {
  const { inline, failing: broken } = await withFailingThread('failingDigestWorker.mjs');
  t.is(broken.digestFrom, 'inline');
  t.is(broken.digest, inline.digest);
});

test('a thread that fails after the digest was detached: the digest comes from a rerun', async (t) => {
  const { inline, failing: late } = await withFailingThread('lateFailingDigestWorker.mjs');
  t.is(late.digestFrom, 'rerun');
  t.regex(late.digestThreadProblem ?? '', /fails after it was ready/);
  t.is(late.digest, inline.digest);
});

test('no digest thread for folds that read canonical lines, for off, nor for a short run under auto', async (t) => {
  const sc = load('examples/customer-card-browse.json');
  const lines = await simulate(sc, { seed: 1, folds: [{ usesLines: true, step() {} }], digestThread: THREAD });
  t.is(lines.digestFrom, 'inline');
  const off = await simulate(sc, { seed: 1, folds: [new MonitorFold()], digestThread: { ...THREAD, mode: 'off' } });
  t.is(off.digestFrom, 'inline');
  const auto = await simulate(sc, { seed: 1, folds: [new MonitorFold()] });
  t.is(auto.digestFrom, 'inline', 'fewer events than DIGEST_THREAD_AFTER_EVENTS');
});

test('the default path: started at 4,096 events, handed off at 32,768, detached while the run goes on', async (t) => {
  // No waiting for the thread here: it is ready long before this run's 100,000-odd events end,
  // unless the machine is starved, in which case the run keeps its own digest (never a rerun).
  const sc = compileScenario(browseCapacityScenario({ users: 100, moves: 100 }), 'browse-100.json');
  const inline = await simulate(sc, { seed: 1, folds: [new MonitorFold()], digestThread: { mode: 'off' } });
  const threaded = await simulate(sc, { seed: 1, folds: [new MonitorFold()], digestThread: { mode: 'on' } });
  t.true(inline.eventCount > 100_000, `${inline.eventCount} events`);
  t.not(threaded.digestFrom, 'rerun', threaded.digestThreadProblem);
  t.is(threaded.digest, inline.digest);
  t.is(threaded.records, inline.records);
  t.log(`digest from: ${threaded.digestFrom}`);
});
