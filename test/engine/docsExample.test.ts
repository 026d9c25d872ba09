import test from 'ava';
import { Simulation, type Model } from '../../engine/index.js';

// The example of docs/engine.md (keep the two in step).
type Tick = { readonly type: 'tick'; readonly id: number };
interface Counter {
  readonly ticks: number;
}

const model: Model<Counter, Tick> = {
  name: 'ticker',
  rank: () => 0,
  handle: (draft, event, ctx) => {
    draft.ticks += 1;
    const delay = ctx.rng('ticks').sampleDelayMs({ kind: 'exponential', mean: 100 });
    ctx.schedule(delay, { type: 'tick', id: event.id + 1 });
  },
};

function runExample(): { ok: boolean; ticks: number; digest: string } {
  const sim = new Simulation(model, { seed: 42, initialState: { ticks: 0 } });
  sim.schedule(0, { type: 'tick', id: 0 });
  const result = sim.run({ untilMs: 10_000, maxEvents: 1_000_000 });
  return { ok: result.ok, ticks: sim.state.ticks, digest: sim.digest() };
}

test('docs/engine.md example runs to the same output every time', (t) => {
  const first = runExample();
  t.true(first.ok);
  // About 10,000 ms / 100 ms mean delay ticks.
  t.true(first.ticks > 70 && first.ticks < 130, String(first.ticks));
  t.deepEqual(runExample(), first);
});
