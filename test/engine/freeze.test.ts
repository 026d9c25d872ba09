import test from 'ava';
import { Simulation, type Model } from '../../engine/index.js';
import { randomSimulation } from './fixtures/randomModel.js';

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(isDeepFrozen);
}

test('Simulation states, snapshots and handler events are deeply frozen and never change', (t) => {
  const sim = randomSimulation(5, 5, { batchSize: 3 });
  const observed: { value: unknown; json: string }[] = [];
  const observe = (value: unknown): void => {
    observed.push({ value, json: JSON.stringify(value) });
  };
  observe(sim.state);
  for (const until of [50, 100, 200, 400]) {
    sim.runOrThrow({ untilMs: until });
    observe(sim.state);
    observe(sim.snapshot());
    sim.step();
    observe(sim.state);
  }
  for (const o of observed) t.true(isDeepFrozen(o.value));
  sim.runOrThrow({ untilMs: 800 });
  for (const o of observed) t.is(JSON.stringify(o.value), o.json);
});

type Carry = { readonly type: 'carry'; readonly payload: { readonly items: readonly number[] } };

test('Simulation hands handlers frozen events that are copies of what was scheduled', (t) => {
  const received: Carry[] = [];
  const model: Model<{ items: number[] }, Carry> = {
    name: 'carry',
    rank: () => 0,
    handle: (draft, e, ctx) => {
      received.push(e);
      draft.items.push(e.payload.items.length);
      if (draft.items.length < 3) ctx.schedule(1, { type: 'carry', payload: { items: [...draft.items] } });
    },
  };
  const sim = new Simulation(model, { seed: 1, initialState: { items: [] } });
  const mine = { items: [1, 2] };
  sim.schedule(0, { type: 'carry', payload: mine });
  mine.items.push(99); // the caller's object stays the caller's
  sim.runOrThrow();
  t.is(received.length, 3);
  t.deepEqual(received[0]!.payload.items, [1, 2]);
  for (const e of received) t.true(isDeepFrozen(e));
  t.false(Object.isFrozen(mine));
  t.deepEqual(sim.state.items, [2, 1, 2]);
});

test('Simulation with autoFreeze off still never changes a state it handed out', (t) => {
  const sim = randomSimulation(8, 5, { autoFreeze: false });
  sim.runOrThrow({ untilMs: 100 });
  const state = sim.state;
  const json = JSON.stringify(state);
  sim.runOrThrow({ untilMs: 600 });
  t.not(sim.state, state);
  t.is(JSON.stringify(state), json);
});

test('Simulation freezes the initial state it was given', (t) => {
  const initialState = { n: 0, nested: { list: [1] } };
  const model: Model<typeof initialState, { type: 'x' }> = { name: 'm', rank: () => 0, handle: () => {} };
  const sim = new Simulation(model, { seed: 1, initialState });
  t.true(isDeepFrozen(sim.state));
});
