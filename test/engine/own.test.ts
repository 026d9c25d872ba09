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

test('own: a draft stays open across run() slices, so an entity is copied once until the state is observed', (t) => {
  let copies = 0;
  const counting: Model<S, Ev> = {
    ...model,
    handle(draft, e) {
      own(draft.accounts, e.key, (v) => { copies++; return { ...v, history: { ...v.history } }; }).balance += e.amount;
    },
  };
  const sim = new Simulation(counting, { seed: 1, initialState: { accounts: { a: { balance: 0, history: { n: 0 } } } } });
  for (let i = 1; i <= 10; i++) sim.schedule(i, { type: 'add', key: 'a', amount: 1 });
  // Ten slices of one event each, as the application layer runs (it yields between slices).
  for (let i = 1; i <= 10; i++) sim.run({ untilMs: i });
  t.is(copies, 1, 'one copy for ten slices with no observation in between');
  const observed = sim.state;
  t.is(observed.accounts['a']!.balance, 10);
  for (let i = 11; i <= 13; i++) sim.schedule(0, { type: 'add', key: 'a', amount: 1 });
  sim.run();
  t.is(copies, 2, 'reading the state finished the draft: the next event copies again');
  t.is(observed.accounts['a']!.balance, 10, 'an observed state never changes afterwards');
  t.is(sim.state.accounts['a']!.balance, 13);
});

test('own: batchSize still bounds the events of one draft across run() slices', (t) => {
  let copies = 0;
  const counting: Model<S, Ev> = {
    ...model,
    handle(draft, e) {
      own(draft.accounts, e.key, (v) => { copies++; return { ...v }; }).balance += e.amount;
    },
  };
  const sim = new Simulation(counting, { seed: 1, initialState: { accounts: { a: { balance: 0, history: { n: 0 } } } }, batchSize: 4 });
  for (let i = 1; i <= 10; i++) sim.schedule(i, { type: 'add', key: 'a', amount: 1 });
  for (let i = 1; i <= 10; i++) sim.run({ untilMs: i });
  t.is(copies, 3, 'drafts of 4, 4 and 2 events');
  t.is(sim.state.accounts['a']!.balance, 10);
});
