/**
 * The child process of the `run-*` bench entries: runs one scenario file through the same
 * function `pbtsim run --json` calls (app/ `runPipeline`: every monitor, the result fold, the
 * digest), with the JSON result written through the real stdout writer to /dev/null, and prints
 * one JSON line of figures: events, records, seconds (reading and compiling the file included,
 * process start-up excluded), the process's peak RSS (`process.resourceUsage().maxRSS`) and
 * the peak heap the guards saw.
 *
 * `node --import tsx bench/entries/runChild.ts <scenario.json> [--model-only]`
 * @module
 */
import { openSync } from 'node:fs';
import { FdWriter, runPipeline } from '../../app/index.js';
import { readScenario } from '../../cli/io.js';
import { DigestOnlySink, Simulation } from '../../engine/index.js';
import { createPbtModel, initialState, scheduleScenario, type PbtEvent, type PbtState } from '../../models/pbt/index.js';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: runChild.ts <scenario.json> [--model-only]');
  const start = process.hrtime.bigint();
  const sc = readScenario(file);
  let figures: Record<string, number | string>;
  if (process.argv.includes('--model-only')) {
    // The model alone, as the pbt-browse entries measure it: digest only, no folds, no output.
    const sim = new Simulation<PbtState, PbtEvent>(createPbtModel(sc), { seed: sc.seed ?? 0, initialState: initialState(sc), sink: new DigestOnlySink(), autoFreeze: false });
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
    };
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ ...figures, seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`runChild: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
