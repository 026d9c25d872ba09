import test from 'ava';
import { Simulation, SimulationError, type Model } from '../../engine/index.js';

type Ev = { readonly type: 'go' | 'again' | 'boom'; readonly badDelay?: number };

const badDelays = [-1, Number.NaN, 1.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 60];

const model: Model<{ n: number }, Ev> = {
  name: 'errors',
  rank: () => 0,
  handle: (draft, e, ctx) => {
    draft.n += 1;
    if (e.type === 'go') ctx.schedule(e.badDelay === undefined ? 0 : badDelays[e.badDelay]!, { type: 'again' });
    if (e.type === 'again') ctx.schedule(1, { type: 'again' });
    if (e.type === 'boom') {
      ctx.schedule(5, { type: 'again' });
      ctx.emit('before-boom');
      throw new Error('kaput');
    }
  },
};

test('Simulation.schedule rejects bad delays with invalid-delay', (t) => {
  for (const delay of badDelays) {
    const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
    const e = t.throws(() => sim.schedule(delay, { type: 'go' }), { instanceOf: SimulationError });
    t.is(e?.code, 'invalid-delay', String(delay));
    t.is(sim.pendingCount, 0);
  }
});

test('HandlerContext.schedule with a bad delay fails the run with invalid-delay', (t) => {
  badDelays.forEach((delay, badDelay) => {
    const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
    sim.schedule(0, { type: 'go', badDelay });
    const r = sim.run();
    t.false(r.ok);
    if (!r.ok) t.is(r.error.code, 'invalid-delay', String(delay));
    t.is(sim.pendingCount, 0);
  });
});

test('Simulation.run rejects a bad untilMs with invalid-time', (t) => {
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  for (const untilMs of [-1, 0.5, Number.NaN]) t.is(t.throws(() => sim.run({ untilMs }), { instanceOf: SimulationError })?.code, 'invalid-time');
});

test('Simulation.run exceeding maxEvents fails with event-budget-exceeded naming the budget and last events', (t) => {
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  sim.schedule(0, { type: 'go' });
  const r = sim.run({ maxEvents: 50 });
  t.false(r.ok);
  if (r.ok) return;
  t.is(r.error.code, 'event-budget-exceeded');
  t.is(r.eventCount, 50);
  t.is(r.error.details['maxEvents'], 50);
  t.regex(r.error.message, /maxEvents=50/);
  const last = r.error.details['lastEventList'] as string[];
  t.is(last.length, 5);
  // go at 0 → again at 0 (delay 0) → again every 1 ms: event #49 (trace seq 49) is at 48 ms.
  t.is(last[4], '{"seq":49,"timeMs":48,"type":"again"}');
  t.true(r.error.message.includes(last[0]!));
  t.is(r.error.timeMs, 48);
});

test('Simulation.run with a throwing handler returns a failed result and applies none of its effects', (t) => {
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  sim.schedule(3, { type: 'boom' });
  const digestBefore = sim.digest();
  const r = sim.run();
  t.false(r.ok);
  if (r.ok) return;
  t.is(r.error.code, 'handler-failed');
  t.is(r.error.timeMs, 3);
  t.regex(r.error.message, /kaput/);
  t.regex(r.error.message, /"type":"boom"/);
  t.is(r.eventCount, 1);
  t.is(sim.pendingCount, 0, 'the schedule made by the failing handler is dropped');
  t.not(sim.digest(), digestBefore, 'the failing event itself is in the trace');
  t.is(sim.snapshot().digest.records, 1, 'the emit of the failing handler is not');
  t.throws(() => {
    const again = new Simulation(model, { seed: 1, initialState: { n: 0 } });
    again.schedule(0, { type: 'boom' });
    again.runOrThrow();
  }, { instanceOf: SimulationError, message: /kaput/ });
});

test('Simulation.step throws the failure of the event it processes', (t) => {
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  sim.schedule(0, { type: 'boom' });
  t.is(t.throws(() => sim.step(), { instanceOf: SimulationError })?.code, 'handler-failed');
});

test('Simulation rejects non-JSON event data with invalid-event and drafts with draft-in-event', (t) => {
  type Loose = { readonly type: string; readonly item?: { readonly id: number } };
  const loose: Model<{ items: { id: number }[] }, Loose> = {
    name: 'loose',
    rank: () => 0,
    handle: (draft, e, ctx) => {
      if (e.type === 'leak') ctx.schedule(1, { type: 'x', item: draft.items[0]! });
    },
  };
  const sim = new Simulation(loose, { seed: 1, initialState: { items: [{ id: 1 }] } });
  for (const bad of [{ v: Number.NaN }, { v: () => 1 }, { v: { deep: Number.POSITIVE_INFINITY } }, { v: new Date(0) }]) {
    t.is(t.throws(() => sim.schedule(0, { type: 'x', ...bad } as { type: string }), { instanceOf: SimulationError })?.code, 'invalid-event');
  }
  sim.schedule(0, { type: 'leak' });
  const r = sim.run();
  t.false(r.ok);
  if (!r.ok) t.is(r.error.code, 'draft-in-event');
});

test('Simulation rejects bad options with invalid-option', (t) => {
  for (const batchSize of [0, -1, 1.5]) {
    t.is(t.throws(() => new Simulation(model, { seed: 1, initialState: { n: 0 }, batchSize }), { instanceOf: SimulationError })?.code, 'invalid-option');
  }
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  t.is(t.throws(() => sim.run({ maxEvents: -1 }), { instanceOf: SimulationError })?.code, 'invalid-option');
});
