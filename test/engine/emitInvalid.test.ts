// Emit payload leaves are checked when the record is encoded: the run fails with invalid-event.
import test from 'ava';
import { Simulation, type Model } from '../../engine/index.js';
test('an emit payload canonical JSON cannot carry fails the run with invalid-event (NaN, Infinity, function, symbol, bigint)', (t) => {
  for (const bad of [NaN, Infinity, () => 1, Symbol('s'), 10n]) {
    const model: Model<{ x: number }, { type: 'go' }> = { name: 'm', rank: () => 0, handle: (_d, _e, ctx) => { ctx.emit('e', { bad } as never); } };
    const sim = new Simulation(model, { seed: 1, initialState: { x: 0 } });
    sim.schedule(0, { type: 'go' });
    const r = sim.run();
    t.false(r.ok, String(typeof bad));
    t.is(r.ok ? '' : r.error.code, 'invalid-event', String(typeof bad));
  }
});
