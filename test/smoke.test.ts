import test from 'ava';
import { Simulation, type Model } from '../engine/index.js';

test('Simulation runs a trivial model to an empty agenda', (t) => {
  const model: Model<{ n: number }, { type: 'tick' }> = {
    name: 'counter',
    rank: () => 0,
    handle: (draft) => {
      draft.n += 1;
    },
  };
  const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
  sim.schedule(5, { type: 'tick' });
  sim.schedule(3, { type: 'tick' });
  const r = sim.run();
  t.true(r.ok);
  t.is(sim.state.n, 2);
  t.is(sim.now, 5);
});
