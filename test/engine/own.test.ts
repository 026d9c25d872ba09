import test from 'ava';
import { own, Simulation, type Model } from '../../engine/index.js';

type Ev = { type: 'add'; key: string; amount: number };
interface Account { balance: number; history: { n: number } }
interface S { accounts: Record<string, Account> }

const model: Model<S, Ev> = {
  name: 'accounts',
  rank: () => 0,
  handle(draft, e) {
    const a = own(draft.accounts, e.key, (v) => ({ ...v, history: { ...v.history } }));
    a.balance += e.amount;
    a.history.n += 1;
  },
};

test('own: updates through the owned copy reach the next state and leave observed states untouched', (t) => {
  const initial: S = { accounts: { a: { balance: 0, history: { n: 0 } }, b: { balance: 5, history: { n: 0 } } } };
  const sim = new Simulation(model, { seed: 1, initialState: initial });
  sim.schedule(1, { type: 'add', key: 'a', amount: 10 });
  sim.schedule(2, { type: 'add', key: 'a', amount: 1 });
  sim.run({ untilMs: 1 });
  const first = sim.state;
  sim.run();
  t.deepEqual(first.accounts['a'], { balance: 10, history: { n: 1 } });
  t.deepEqual(sim.state.accounts['a'], { balance: 11, history: { n: 2 } });
  t.is(sim.state.accounts['b'], first.accounts['b'], 'untouched entities are shared');
  t.true(Object.isFrozen(sim.state.accounts['a']) && Object.isFrozen(sim.state.accounts['a']!.history), 'owned copies are frozen when the draft ends');
  t.deepEqual(initial.accounts['a'], { balance: 0, history: { n: 0 } });
});

test('own: a shallow copy shares nested objects, and mutating them fails loudly with auto-freeze on', (t) => {
  const shallowModel: Model<S, Ev> = { ...model, handle(draft, e) { own(draft.accounts, e.key).history.n += 1; } };
  const sim = new Simulation(shallowModel, { seed: 1, initialState: { accounts: { a: { balance: 0, history: { n: 0 } } } } });
  sim.schedule(1, { type: 'add', key: 'a', amount: 1 });
  const r = sim.run();
  t.false(r.ok);
});
