/**
 * The child process of the `run-*` and `model-browse-*` bench entries. It runs the *built* code
 * (dist/, what `npx pbtsim` runs; `npm run bench` builds it first), not the TypeScript sources
 * through tsx, whose transpiled monitors and folds ran 2–8 % slower than tsc's output in paired
 * runs. Plain JavaScript for that reason: it is started with `node`, without the tsx loader.
 *
 * It runs one scenario file through the same function `pbtsim run --json` calls (app/
 * `runPipeline`: every monitor, the result fold, the digest), with the JSON result written through
 * the real stdout writer to /dev/null, and prints one JSON line of figures: events, records,
 * seconds (reading and compiling the file included, process start-up excluded), the CPU seconds
 * of every thread (a long run digests and checks its records on a second thread: app/checkThread.ts) and
 * where the digest came from, the process's peak RSS (`process.resourceUsage().maxRSS`) and the peak heap the guards saw. `--model-only`
 * runs the model alone, as the pbt-browse entries measure it (digest only, no folds, no output).
 *
 * `node bench/entries/runChild.mjs <scenario.json> [--model-only]`
 */
import { openSync } from 'node:fs';

const dist = new URL('../../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);

async function main() {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: runChild.mjs <scenario.json> [--model-only]');
  const [{ FdWriter, runPipeline }, { readScenario }, { DigestOnlySink, Simulation }, { createPbtModel, initialState, scheduleScenario }] = await Promise.all(
    ['app/index.js', 'cli/io.js', 'engine/index.js', 'models/pbt/index.js'].map(load),
  );
  const start = process.hrtime.bigint();
  const sc = readScenario(file);
  let figures;
  if (process.argv.includes('--model-only')) {
    const sim = new Simulation(createPbtModel(sc), { seed: sc.seed ?? 0, initialState: initialState(sc), sink: new DigestOnlySink(), autoFreeze: false });
    scheduleScenario(sim, sc);
    const r = sim.run({ maxEvents: sc.limits.maxEvents });
    sim.finish(r.ok ? r.status : r.error.code);
    figures = { status: r.ok ? r.status : r.error.code, events: sim.eventCount, records: 0, digest: sim.digest() };
  } else {
    const out = new FdWriter(openSync('/dev/null', 'w'), '/dev/null');
    const r = await runPipeline({ file, scenario: sc, json: true, out, budgets: { maxWallMs: 3_600_000 } });
    out.flush();
    figures = {
      status: r.outcome.status, events: r.outcome.eventCount, records: r.outcome.records, digest: r.outcome.digest,
      tasks: r.tasks, violations: r.violations.length, peakHeapMB: Math.round(r.outcome.peakHeapBytes / 1024 / 1024),
      digestFrom: r.outcome.digestFrom,
    };
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // CPU time of the whole process (every thread: the check thread's too), start-up included.
  const cpu = process.cpuUsage();
  const cpuSeconds = Number(((cpu.user + cpu.system) / 1e6).toFixed(2));
  process.stdout.write(JSON.stringify({ ...figures, seconds, cpuSeconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`runChild: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
