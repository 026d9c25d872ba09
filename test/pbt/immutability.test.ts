// What the pbt model never changes (docs/engine.md "What is immutable"): states observed between
// runs, snapshots, the records handed to sinks, the events handlers receive and the compiled
// scenario. The model mutates owned session copies inside a draft (and remembers them per
// draft), so these tests run it in several chunks and several drafts per run.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { MemorySink, Simulation, type SimulationSnapshot } from '../../engine/index.js';
import { createPbtModel, initialState, loadScenario, scheduleScenario, type CompiledScenario, type PbtEvent, type PbtState } from '../../models/pbt/index.js';

function isDeepFrozen(value: unknown, seen = new Set<unknown>()): boolean {
  if (value === null || typeof value !== 'object' || seen.has(value)) return true;
  seen.add(value);
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every((v) => isDeepFrozen(v, seen));
}

const load = (f: string): CompiledScenario => loadScenario(readFileSync(`examples/${f}`, 'utf8'), f);

function sim(sc: CompiledScenario, options: { autoFreeze?: boolean; batchSize?: number; sink?: MemorySink } = {}): Simulation<PbtState, PbtEvent> {
  const s = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed: 3, initialState: initialState(sc), ...options });
  scheduleScenario(s, sc);
  return s;
}

for (const autoFreeze of [true, false]) {
  for (const batchSize of [Infinity, 3]) {
    test(`states and snapshots observed between runs never change (autoFreeze ${autoFreeze}, batchSize ${batchSize})`, (t) => {
      const sc = load('business-manager-role-center.json');
      const whole = sim(sc);
      whole.run();
      const s = sim(sc, { autoFreeze, batchSize });
      const observed: { value: unknown; json: string }[] = [];
      const observe = (value: unknown): void => {
        observed.push({ value, json: JSON.stringify(value) });
      };
      observe(s.state);
      for (let until = 100; s.pendingCount > 0; until += 700) {
        t.true(s.run({ untilMs: until }).ok);
        observe(s.state);
        observe(s.snapshot());
      }
      t.true(observed.length > 6);
      if (autoFreeze) for (const o of observed) t.true(isDeepFrozen(o.value));
      for (const o of observed) t.is(JSON.stringify(o.value), o.json);
      // Chunks and drafts change nothing in the trace: same digest as one uninterrupted run.
      t.is(s.digest(), whole.digest());
    });
  }
}

test('a snapshot restored through JSON continues to the same digest, and the original is unchanged by it', (t) => {
  const sc = load('customer-card-browse.json');
  const whole = sim(sc);
  whole.finish('empty');
  const first = sim(sc, { autoFreeze: false });
  first.run({ untilMs: 5000 });
  const snap = first.snapshot();
  const json = JSON.stringify(snap);
  const resumed = Simulation.restore(createPbtModel(sc), JSON.parse(json) as SimulationSnapshot<PbtState, PbtEvent>);
  resumed.run();
  resumed.finish('empty');
  first.run();
  t.is(JSON.stringify(snap), json, 'running the original on does not change its snapshot');
  const wholeRun = sim(sc);
  wholeRun.run();
  wholeRun.finish('empty');
  t.is(resumed.digest(), wholeRun.digest());
});

test('handler inputs: events and records are deeply frozen; the compiled scenario is not changed by a run', (t) => {
  const sc = load('headless-web-service.json');
  const before = JSON.stringify(sc, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v));
  const sink = new MemorySink();
  const model = createPbtModel(sc);
  const events: PbtEvent[] = [];
  const spy = { ...model, handle: (d: Parameters<typeof model.handle>[0], e: PbtEvent, c: Parameters<typeof model.handle>[2]) => { events.push(e); model.handle(d, e, c); } };
  const s = new Simulation<PbtState, PbtEvent>(spy, { seed: 1, initialState: initialState(sc), sink });
  scheduleScenario(s, sc);
  t.true(s.run().ok);
  s.finish('empty');
  t.true(events.length > 5);
  for (const e of events) t.true(Object.isFrozen(e));
  t.true(sink.records.length > 10);
  for (const r of sink.records) t.true(isDeepFrozen(r));
  t.true(isDeepFrozen(s.state));
  t.is(JSON.stringify(sc, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v)), before);
});
