/**
 * Experiment behind docs/performance.md ("State layout"): the hold workload of `kernel-state-*`
 * with different layouts of the entity collection (Record, array, Map, 100 shards), two access
 * patterns (pseudo-random over the whole collection, or a fixed entity per event id) and kernel
 * options (autoFreeze, batchSize). Not a benchmark entry: run it with
 * `npx tsx bench/experiments/stateLayout.ts [record|array|map|shards|opts|mutable]`.
 * @module
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- layouts differ; this is a throwaway harness */
import { Simulation, type Model } from '../../engine/index.js';
import { HOLD_UNTIL_MS, POPULATION, holdDelay } from '../entries/holdWorkload.js';
type Touch = { readonly type: 'touch'; readonly id: number };
type Ent = { count: number; lastMs: number };
function run(width: number, layout: string, pattern: string, opts: { autoFreeze?: boolean; batchSize?: number } = {}): number {
  const keys = Array.from({ length: width }, (_, i) => `e${i}`);
  let init: unknown;
  if (layout === 'record') { const r: Record<string, Ent> = {}; for (const k of keys) r[k] = { count: 0, lastMs: 0 }; init = { entities: r }; }
  else if (layout === 'array') init = { entities: Array.from({ length: width }, () => ({ count: 0, lastMs: 0 })) };
  else if (layout === 'map') init = { entities: new Map(keys.map((k) => [k, { count: 0, lastMs: 0 }])) };
  else { const shards: Record<string, Ent>[] = []; for (let s = 0; s < 100; s++) shards.push({}); keys.forEach((k, i) => { shards[i % 100]![k] = { count: 0, lastMs: 0 }; }); init = { shards }; }
  const pick = (now: number, id: number): number => pattern === 'random' ? (now * 7919 + id * 104729) % width : id % width;
  const model: Model<any, Touch> = {
    name: 'x', rank: () => 0,
    handle: (d, ev, ctx) => {
      const i = pick(ctx.now, ev.id);
      const e = layout === 'record' ? d.entities[keys[i]!] : layout === 'array' ? d.entities[i] : layout === 'map' ? d.entities.get(keys[i]!) : d.shards[i % 100][keys[i]!];
      e.count += 1; e.lastMs = ctx.now;
      ctx.schedule(holdDelay(ctx.now, ev.id), ev);
    },
  };
  const sim = new Simulation(model, { seed: 1, initialState: init, ...opts });
  for (let id = 0; id < POPULATION; id++) sim.schedule(holdDelay(0, id), { type: 'touch', id });
  const s = process.hrtime.bigint();
  sim.run({ untilMs: HOLD_UNTIL_MS });
  return sim.eventCount / (Number(process.hrtime.bigint() - s) / 1e9) / 1e6;
}
const args = process.argv.slice(2);
for (const layout of ['record', 'array', 'map', 'shards']) for (const pattern of ['random', 'byId']) {
  if (args.length && !args.includes(layout)) continue;
  const a = run(10, layout, pattern), b = run(10000, layout, pattern), a2 = run(10, layout, pattern), b2 = run(10000, layout, pattern);
  console.log(layout.padEnd(7), pattern.padEnd(7), 'w10', ((a + a2) / 2).toFixed(3), 'w10000', ((b + b2) / 2).toFixed(3), 'ratio', ((b + b2) / (a + a2)).toFixed(2));
}
if (args.includes('opts')) {
  for (const o of [{ autoFreeze: false }, { batchSize: 1024 }, { batchSize: 16384 }, { batchSize: 131072 }, {}]) {
    const a = run(10, 'record', 'random', o), b = run(10000, 'record', 'random', o), a2 = run(10, 'record', 'random', o), b2 = run(10000, 'record', 'random', o);
    console.log(JSON.stringify(o).padEnd(24), 'w10', ((a + a2) / 2).toFixed(3), 'w10000', ((b + b2) / 2).toFixed(3), 'ratio', ((b + b2) / (a + a2)).toFixed(2));
  }
}

// Reference without kernel or immer: the same entity accesses on a plain mutable Record.
if (args.includes('mutable')) {
  for (let rep = 0; rep < 2; rep++) {
    const rate = (width: number): number => {
      const keys = Array.from({ length: width }, (_, i) => `e${i}`);
      const ents: Record<string, Ent> = {};
      for (const k of keys) ents[k] = { count: 0, lastMs: 0 };
      let n = 0;
      const s = process.hrtime.bigint();
      for (let now = 0; n < 1_000_000; now++) for (let id = 0; id < POPULATION && n < 1_000_000; id += 97, n++) {
        const e = ents[keys[(now * 7919 + id * 104729) % width]!]!;
        e.count += 1;
        e.lastMs = now;
      }
      return n / (Number(process.hrtime.bigint() - s) / 1e9) / 1e6;
    };
    const a = rate(10), b = rate(10000);
    console.log('mutable random w10', a.toFixed(2), 'w10000', b.toFixed(2), 'ratio', (b / a).toFixed(2));
  }
}
