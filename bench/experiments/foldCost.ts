/**
 * Where the end-to-end time goes: runs one scenario file through `simulate` (app/) with a chosen
 * set of folds and prints CPU seconds (user + system, `process.cpuUsage`) of the simulation alone,
 * the record count and the digest. Compare configurations in one sitting (A/B), never across
 * sittings: the machines are shared.
 *
 * `node --import tsx bench/experiments/foldCost.ts <scenario.json> [none|monitors|result|json|all] [--repeat N]`
 *
 * - `none`: a fold that does nothing (the engine's record path with no consumer)
 * - `model`: digest-only sink (the model alone, as model-browse measures it)
 * - `monitors`: the 17 online monitors
 * - `result`: the result fold with no-op handlers
 * - `json`: the result fold writing the streamed JSON result to /dev/null
 * - `all`: monitors + result + json (what `pbtsim run --json` runs)
 *
 * `--time-folds`: also prints the wall-clock milliseconds spent inside each fold (timed per
 * batch of {@link BATCH} records, as the pipeline hands them on), a figure that leaves the model's
 * time out and so varies less on a busy machine than the process's CPU time.
 * @module
 */
import { openSync } from 'node:fs';
import { FdWriter, JsonResultWriter, MonitorFold, simulate, type RecordFold } from '../../app/index.js';
import { BATCH } from '../../app/folds.js';
import type { TraceRecord } from '../../engine/index.js';
import { readScenario } from '../../cli/io.js';
import { DigestOnlySink, Simulation } from '../../engine/index.js';
import { createPbtModel, initialState, scheduleScenario, type PbtEvent, type PbtState } from '../../models/pbt/index.js';
import { ResultFold } from '../../models/pbt/result.js';

const file = process.argv[2];
const mode = process.argv[3] ?? 'all';
const ri = process.argv.indexOf('--repeat');
const repeat = ri > 0 ? Number(process.argv[ri + 1]) : 1;
if (file === undefined) throw new Error('usage: foldCost.ts <scenario.json> [model|none|monitors|result|json|all] [--repeat N]');
const timeFolds = process.argv.includes('--time-folds');
const sc = readScenario(file);

/** A fold timed per batch: it takes records in batches of BATCH, as FoldSink hands them on. */
class Timed implements RecordFold {
  ns = 0n;
  private readonly batch: TraceRecord[] = [];
  constructor(readonly name: string, private readonly inner: RecordFold) {}
  step(r: TraceRecord): void {
    this.batch.push(r);
    if (this.batch.length >= BATCH) this.flush();
  }
  flush(): void {
    const t0 = process.hrtime.bigint();
    for (const r of this.batch) this.inner.step(r, '');
    this.ns += process.hrtime.bigint() - t0;
    this.batch.length = 0;
  }
}
const timed: Timed[] = [];
const add = (folds: RecordFold[], name: string, f: RecordFold): void => {
  if (!timeFolds) { folds.push(f); return; }
  const t = new Timed(name, f);
  timed.push(t);
  folds.push(t);
};
const seed = sc.seed ?? 0;

async function once(): Promise<{ cpu: number; records: number; digest: string; events: number }> {
  timed.length = 0;
  const c0 = process.cpuUsage();
  if (mode === 'model') {
    const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed, initialState: initialState(sc), sink: new DigestOnlySink(), autoFreeze: false });
    scheduleScenario(sim, sc);
    const r = sim.run({ maxEvents: sc.limits.maxEvents });
    sim.finish(r.ok ? r.status : r.error.code);
    const c = process.cpuUsage(c0);
    return { cpu: (c.user + c.system) / 1e6, records: 0, digest: sim.digest(), events: sim.eventCount };
  }
  const folds: RecordFold[] = [];
  const nothing = { task() {}, enqueueCall() {}, warning() {} };
  let json: JsonResultWriter | undefined;
  let out: FdWriter | undefined;
  if (mode === 'none') folds.push({ step() {} });
  if (mode === 'monitors' || mode === 'all') add(folds, 'monitors', new MonitorFold());
  if (mode === 'result') add(folds, 'result', new ResultFold(nothing));
  if (mode === 'json' || mode === 'all') {
    out = new FdWriter(openSync('/dev/null', 'w'), '/dev/null');
    json = new JsonResultWriter(out, { scenario: sc.name, seed });
    add(folds, 'result+json', new ResultFold(json));
  }
  const o = await simulate(sc, { seed, folds, budgets: { maxWallMs: 3_600_000 } });
  for (const t of timed) t.flush();
  if (json !== undefined) json.finish({ endTimeMs: o.endTimeMs, eventCount: o.eventCount, digest: o.digest, lateWarnings: [], violations: [] });
  out?.flush();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e6, records: o.records, digest: o.digest, events: o.eventCount };
}

const foldTimes = (): string => (timed.length === 0 ? '' : `\t${timed.map((t) => `${t.name} ${(Number(t.ns) / 1e6).toFixed(0)} ms`).join('\t')}`);

for (let i = 0; i < repeat; i++) {
  const r = await once();
  process.stdout.write(`${mode}\tcpu ${r.cpu.toFixed(2)} s\tevents ${r.events}\trecords ${r.records}\t${r.digest.slice(0, 19)}${foldTimes()}\n`);
}
