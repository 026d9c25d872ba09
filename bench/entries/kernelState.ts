/**
 * kernel-state-10 / kernel-state-10000: the hold workload where every event also updates one
 * entity of a collection of 10 or 10,000 in the immutable state. The pair measures whether the
 * cost of an event grows with the size of the world.
 *
 * Layouts (docs/performance.md, "State layout for wide collections"):
 * - `columns` (the registered entries): the entities' fields as columns (`count[i]`,
 *   `lastMs[i]`), each column owned per draft with `own(draft, 'count', a => a.slice())`, so an
 *   update is two plain array stores into contiguous memory;
 * - `record`: a normalized `Record<id, entity>` whose entities are owned one by one with
 *   `own(draft.entities, id)`; kept for comparison (`kernelState(width, { layout: 'record' })`).
 * @module
 */
import { own, Simulation, type Model } from '../../engine/index.js';
import { secondsSince, type BenchEntry } from './entry.js';
import { HOLD_UNTIL_MS, POPULATION, holdDelay } from './holdWorkload.js';

type Touch = {
  readonly type: 'touch';
  readonly id: number;
};

// Pseudo-random entity, spread over the whole collection.
const pick = (now: number, id: number, width: number): number => (now * 7919 + id * 104729) % width;

interface Columns {
  readonly count: readonly number[];
  readonly lastMs: readonly number[];
}

interface Entity {
  readonly count: number;
  readonly lastMs: number;
}

interface Entities {
  readonly entities: Readonly<Record<string, Entity>>;
}

interface Workload<S> {
  readonly model: Model<S, Touch>;
  readonly initialState: S;
  /** Sum of `count` over the final state (must equal the number of events). */
  total(state: S): number;
}

function columns(width: number): Workload<Columns> {
  return {
    model: {
      name: `state-columns-${width}`,
      rank: () => 0,
      handle: (draft, event, ctx) => {
        const i = pick(ctx.now, event.id, width);
        const count = own(draft, 'count', (a) => a.slice());
        const lastMs = own(draft, 'lastMs', (a) => a.slice());
        count[i] = count[i]! + 1;
        lastMs[i] = ctx.now;
        ctx.schedule(holdDelay(ctx.now, event.id), event);
      },
    },
    initialState: { count: new Array<number>(width).fill(0), lastMs: new Array<number>(width).fill(0) },
    total: (s) => s.count.reduce((a, b) => a + b, 0),
  };
}

function record(width: number): Workload<Entities> {
  const keys = Array.from({ length: width }, (_, i) => `e${i}`);
  const entities: Record<string, Entity> = {};
  for (const k of keys) entities[k] = { count: 0, lastMs: 0 };
  return {
    model: {
      name: `state-record-${width}`,
      rank: () => 0,
      handle: (draft, event, ctx) => {
        const e = own(draft.entities, keys[pick(ctx.now, event.id, width)]!)!;
        e.count += 1;
        e.lastMs = ctx.now;
        ctx.schedule(holdDelay(ctx.now, event.id), event);
      },
    },
    initialState: { entities },
    total: (s) => Object.values(s.entities).reduce((a, e) => a + e.count, 0),
  };
}

function measure<S>(w: Workload<S>, name: string, options: { autoFreeze?: boolean; batchSize?: number }): { events: number; seconds: number } {
  const sim = new Simulation(w.model, { seed: 1, initialState: w.initialState, ...options });
  for (let id = 0; id < POPULATION; id++) sim.schedule(holdDelay(0, id), { type: 'touch', id });
  const start = process.hrtime.bigint();
  const r = sim.run({ untilMs: HOLD_UNTIL_MS });
  const seconds = secondsSince(start);
  if (!r.ok) throw r.error;
  const total = w.total(sim.state);
  if (total !== sim.eventCount) throw new Error(`${name}: ${total} updates for ${sim.eventCount} events`);
  return { events: sim.eventCount, seconds };
}

/**
 * Builds the entry for a collection of `width` entities.
 * @param width - number of entities in the state
 * @param options - the layout (default `columns`) and simulation tuning for experiments
 */
export function kernelState(width: number, options: { layout?: 'columns' | 'record'; autoFreeze?: boolean; batchSize?: number } = {}): BenchEntry {
  const { layout = 'columns', ...tuning } = options;
  const suffix = Object.entries(options).map(([k, v]) => `-${k}=${String(v)}`).join('');
  const name = `kernel-state-${width}${suffix}`;
  return {
    name,
    description: `engine, each event updates 1 of ${width} entities (${layout} layout, owned per draft), ${POPULATION} events in flight`,
    run: () => (layout === 'columns' ? measure(columns(width), name, tuning) : measure(record(width), name, tuning)),
  };
}
