/**
 * kernel-state-10 / kernel-state-10000: the hold workload where every event also updates one
 * entity of a normalized collection (`Record<id, entity>`) in the immutable state. The pair
 * measures how the cost of an update grows with the width of the collection it lives in.
 * @module
 */
import { own, Simulation, type Model } from '../../engine/index.js';
import { secondsSince, type BenchEntry } from './entry.js';
import { HOLD_UNTIL_MS, POPULATION, holdDelay } from './holdWorkload.js';

interface Entity {
  readonly count: number;
  readonly lastMs: number;
}

interface EntityState {
  readonly entities: Readonly<Record<string, Entity>>;
}

type Touch = {
  readonly type: 'touch';
  readonly id: number;
};

function stateModel(width: number): { model: Model<EntityState, Touch>; initialState: EntityState } {
  const keys = Array.from({ length: width }, (_, i) => `e${i}`);
  const entities: Record<string, Entity> = {};
  for (const k of keys) entities[k] = { count: 0, lastMs: 0 };
  const model: Model<EntityState, Touch> = {
    name: `state-${width}`,
    rank: () => 0,
    handle: (draft, event, ctx) => {
      // Pseudo-random entity, spread over the whole collection, updated the recommended way:
      // owned for the rest of the draft (engine/own.ts), so the update is two plain writes.
      const e = own(draft.entities, keys[(ctx.now * 7919 + event.id * 104729) % width]!)!;
      e.count += 1;
      e.lastMs = ctx.now;
      ctx.schedule(holdDelay(ctx.now, event.id), event);
    },
  };
  return { model, initialState: { entities } };
}

/**
 * Builds the entry for a collection of `width` entities.
 * @param width - number of entities in the state
 * @param options - simulation tuning (e.g. `autoFreeze`, `batchSize`) for experiments
 */
export function kernelState(width: number, options: { autoFreeze?: boolean; batchSize?: number } = {}): BenchEntry {
  const suffix = Object.entries(options).map(([k, v]) => `-${k}=${String(v)}`).join('');
  return {
    name: `kernel-state-${width}${suffix}`,
    description: `engine, each event updates 1 of ${width} entities (Record), ${POPULATION} events in flight`,
    run() {
      const { model, initialState } = stateModel(width);
      const sim = new Simulation(model, { seed: 1, initialState, ...options });
      for (let id = 0; id < POPULATION; id++) sim.schedule(holdDelay(0, id), { type: 'touch', id });
      const start = process.hrtime.bigint();
      const r = sim.run({ untilMs: HOLD_UNTIL_MS });
      const seconds = secondsSince(start);
      if (!r.ok) throw r.error;
      let total = 0;
      for (const e of Object.values(sim.state.entities)) total += e.count;
      if (total !== sim.eventCount) throw new Error(`kernel-state-${width}: ${total} updates for ${sim.eventCount} events`);
      return { events: sim.eventCount, seconds };
    },
  };
}
