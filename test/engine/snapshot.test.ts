import test from 'ava';
import fc from 'fast-check';
import { Simulation, SimulationError, type SimulationSnapshot } from '../../engine/index.js';
import { randomModel, randomSimulation, type RandomEvent, type RandomState } from './fixtures/randomModel.js';

const UNTIL = 600;

test('Simulation restored from a snapshot continues to the digest of an uninterrupted run', (t) => {
  fc.assert(
    fc.property(fc.integer(), fc.integer({ min: 0, max: UNTIL }), fc.boolean(), (seed, cut, viaJson) => {
      const whole = randomSimulation(seed);
      whole.runOrThrow({ untilMs: UNTIL, maxEvents: 100_000 });

      const first = randomSimulation(seed);
      first.runOrThrow({ untilMs: cut, maxEvents: 100_000 });
      const snap = first.snapshot();
      const carried = viaJson ? (JSON.parse(JSON.stringify(snap)) as SimulationSnapshot<RandomState, RandomEvent>) : snap;
      const resumed = Simulation.restore(randomModel, carried);
      resumed.runOrThrow({ untilMs: UNTIL, maxEvents: 100_000 });

      // The interrupted original also continues identically (taking a snapshot changes nothing).
      first.runOrThrow({ untilMs: UNTIL, maxEvents: 100_000 });
      return (
        resumed.digest() === whole.digest() &&
        first.digest() === whole.digest() &&
        resumed.eventCount === whole.eventCount &&
        JSON.stringify(resumed.state) === JSON.stringify(whole.state)
      );
    }),
    { numRuns: 40 },
  );
  t.pass();
});

test('Simulation snapshot taken after step() restores mid-draft state exactly', (t) => {
  const whole = randomSimulation('step');
  whole.runOrThrow({ untilMs: UNTIL });
  const sim = randomSimulation('step');
  for (let i = 0; i < 17; i++) sim.step();
  const resumed = Simulation.restore(randomModel, JSON.parse(JSON.stringify(sim.snapshot())) as SimulationSnapshot<RandomState, RandomEvent>);
  resumed.runOrThrow({ untilMs: UNTIL });
  t.is(resumed.digest(), whole.digest());
});

test('Simulation.restore rejects malformed snapshots with invalid-snapshot', (t) => {
  const sim = randomSimulation(3);
  sim.runOrThrow({ untilMs: 100 });
  const good = JSON.parse(JSON.stringify(sim.snapshot())) as SimulationSnapshot<RandomState, RandomEvent>;
  const bad: unknown[] = [
    { ...good, format: 'other' },
    { ...good, nowMs: -1 },
    { ...good, nextSeq: 0 },
    { ...good, digest: { chain: 1 } },
    { ...good, pending: [{ timeMs: 0, rank: 0, seq: 0, event: { type: 'a', n: 0 } }] },
  ];
  for (const b of bad) {
    const e = t.throws(() => Simulation.restore(randomModel, b as SimulationSnapshot<RandomState, RandomEvent>), { instanceOf: SimulationError });
    t.is(e?.code, 'invalid-snapshot');
  }
});
