/**
 * kernel-noop: the engine running the hold workload with a model whose handler changes nothing
 * and only reschedules its event. Every event is still a trace record in the digest.
 * @module
 */
import { Simulation, type Model } from '../../engine/index.js';
import { secondsSince, type BenchEntry } from './entry.js';
import { HOLD_UNTIL_MS, POPULATION, holdDelay } from './holdWorkload.js';

type Tick = {
  readonly type: 'tick';
  readonly id: number;
};

export const noopModel: Model<{ readonly unused: number }, Tick> = {
  name: 'noop',
  rank: () => 0,
  handle: (_draft, event, ctx) => {
    ctx.schedule(holdDelay(ctx.now, event.id), event);
  },
};

export const kernelNoop: BenchEntry = {
  name: 'kernel-noop',
  description: `engine, no-op model (reschedule only), ${POPULATION} events in flight, digest-only trace`,
  run() {
    const sim = new Simulation(noopModel, { seed: 1, initialState: { unused: 0 } });
    for (let id = 0; id < POPULATION; id++) sim.schedule(holdDelay(0, id), { type: 'tick', id });
    const start = process.hrtime.bigint();
    const r = sim.run({ untilMs: HOLD_UNTIL_MS });
    const seconds = secondsSince(start);
    if (!r.ok) throw r.error;
    return { events: sim.eventCount, seconds, extra: { digest: sim.digest().slice(0, 19) } };
  },
};
