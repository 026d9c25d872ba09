// Run framing: Model.start's records open the trace, Simulation.finish(status) runs Model.finish
// once and its records close it; both are in the digest.
import test from 'ava';
import { MemorySink, Simulation, SimulationError, statusOf, type Model, type RunEnd, type SimulationSnapshot } from '../../engine/index.js';

type Ev = { readonly type: 'tick'; readonly n: number };
interface St { readonly ticks: number }

function framedModel(log: string[] = []): Model<St, Ev> {
  return {
    name: 'framed',
    rank: () => 0,
    handle(draft, e, ctx) {
      draft.ticks++;
      if (e.n < 5) ctx.schedule(10, { type: 'tick', n: e.n + 1 });
    },
    start(state, ctx) {
      log.push(`start@${ctx.now}`);
      ctx.emit('run.header', { ticks: state.ticks });
    },
    finish(state, ctx, end: RunEnd) {
      log.push(`finish@${ctx.now}`);
      ctx.emit('run.footer', { status: end.status, ticks: state.ticks, events: end.eventCount, pending: end.pendingCount, at: end.nowMs });
    },
  };
}

const plain: Model<St, Ev> = { name: 'plain', rank: () => 0, handle: (d) => { d.ticks++; } };

test('start emits first (time 0, once over several runs); finish emits last with the status and counts', (t) => {
  const log: string[] = [];
  const sink = new MemorySink();
  const sim = new Simulation(framedModel(log), { seed: 1, initialState: { ticks: 0 }, sink });
  sim.schedule(3, { type: 'tick', n: 0 });
  t.true(sim.run({ untilMs: 20 }).ok);
  const r = sim.run();
  sim.finish(statusOf(r));
  const types = sink.records.map((x) => x.type);
  t.deepEqual(types, ['run.header', 'tick', 'tick', 'tick', 'tick', 'tick', 'tick', 'run.footer']);
  t.deepEqual(log, ['start@0', 'finish@53']);
  t.like(sink.records[0], { seq: 0, timeMs: 0, ticks: 0 });
  t.like(sink.records[7], { seq: 7, timeMs: 53, status: 'empty', ticks: 6, events: 6, pending: 0, at: 53 });
  t.true(sim.isFinished);
});

test('the framing records are in the digest', (t) => {
  const run = (finish: boolean): string => {
    const sim = new Simulation(framedModel(), { seed: 1, initialState: { ticks: 0 } });
    sim.schedule(0, { type: 'tick', n: 0 });
    sim.run();
    if (finish) sim.finish('empty');
    return sim.digest();
  };
  t.not(run(true), run(false));
  // The same framed run gives the same digest; another status another one.
  t.is(run(true), run(true));
  const other = new Simulation(framedModel(), { seed: 1, initialState: { ticks: 0 } });
  other.schedule(0, { type: 'tick', n: 0 });
  other.run();
  other.finish('wall-budget-exceeded');
  t.not(other.digest(), run(true));
});

test('finish is one-shot: a second finish, run, step or schedule throws `finished`', (t) => {
  const sim = new Simulation(framedModel(), { seed: 1, initialState: { ticks: 0 } });
  sim.schedule(0, { type: 'tick', n: 0 });
  sim.finish('stopped');
  for (const f of [() => sim.finish('empty'), () => sim.run(), () => sim.step(), () => sim.schedule(0, { type: 'tick', n: 9 })]) {
    t.is(t.throws(f, { instanceOf: SimulationError })?.code, 'finished');
  }
  t.throws(() => new Simulation(plain, { seed: 1, initialState: { ticks: 0 } }).finish(''), { instanceOf: SimulationError });
});

test('finish without any event still runs start first; a model without hooks adds nothing', (t) => {
  const sink = new MemorySink();
  const sim = new Simulation(framedModel(), { seed: 1, initialState: { ticks: 0 }, sink });
  sim.finish('empty');
  t.deepEqual(sink.records.map((r) => r.type), ['run.header', 'run.footer']);

  const a = new Simulation(plain, { seed: 1, initialState: { ticks: 0 } });
  const b = new Simulation(plain, { seed: 1, initialState: { ticks: 0 } });
  for (const s of [a, b]) {
    s.schedule(1, { type: 'tick', n: 0 });
    s.run();
  }
  a.finish('empty');
  t.is(a.digest(), b.digest());
});

test('a restored simulation does not repeat start and finishes to the uninterrupted digest', (t) => {
  const whole = new Simulation(framedModel(), { seed: 1, initialState: { ticks: 0 } });
  whole.schedule(0, { type: 'tick', n: 0 });
  whole.finish(statusOf(whole.run()));

  const first = new Simulation(framedModel(), { seed: 1, initialState: { ticks: 0 } });
  first.schedule(0, { type: 'tick', n: 0 });
  first.run({ untilMs: 15 });
  const snap = JSON.parse(JSON.stringify(first.snapshot())) as SimulationSnapshot<St, Ev>;
  t.true(snap.started);
  const log: string[] = [];
  const resumed = Simulation.restore(framedModel(log), snap);
  resumed.finish(statusOf(resumed.run()));
  t.deepEqual(log, ['finish@50']);
  t.is(resumed.digest(), whole.digest());

  // A snapshot of a finished simulation restores finished.
  const done = Simulation.restore(framedModel(), JSON.parse(JSON.stringify(whole.snapshot())) as SimulationSnapshot<St, Ev>);
  t.is(t.throws(() => done.run(), { instanceOf: SimulationError })?.code, 'finished');
});

test('a throwing start hook fails the run (handler-failed), it does not throw from run()', (t) => {
  const model: Model<St, Ev> = { ...plain, start: () => { throw new Error('boom'); } };
  const sim = new Simulation(model, { seed: 1, initialState: { ticks: 0 } });
  sim.schedule(0, { type: 'tick', n: 0 });
  const r = sim.run();
  t.false(r.ok);
  t.is(r.ok ? '' : r.error.code, 'handler-failed');
  t.is(statusOf(r), 'handler-failed');
  t.is(sim.eventCount, 0);
});

test('framing payloads are owned: a nested object mutated after emit does not change the record', (t) => {
  const nested = { a: [1] };
  const model: Model<St, Ev> = { ...plain, start: (_s, ctx) => ctx.emit('h', { nested }) };
  const sink = new MemorySink();
  const sim = new Simulation(model, { seed: 1, initialState: { ticks: 0 }, sink });
  sim.run();
  nested.a.push(2);
  t.deepEqual(sink.records[0]!['nested'], { a: [1] });
});
