/**
 * End-to-end entries of the path a user runs (issue 8 §5): `run-browse-N` runs the capacity
 * scenario of N users × 100 record moves (bench/scenarios/generate.ts: card + FactBox + 2
 * charts, 4 tasks per move, fixed durations) through `runPipeline`, the function `pbtsim run
 * --json` calls, in a child process of its own so its peak RSS is its own; `model-browse-N`
 * runs the same file through the model alone (digest only) for the end-to-end ratio;
 * `run-runaway` is a completion trigger re-enqueueing until the default event budget
 * (1,000,000 events) stops it.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browseCapacityScenario } from '../scenarios/generate.js';
import type { BenchEntry, Measurement } from './entry.js';

const dir = join(tmpdir(), `pbtsim-bench-${process.pid}`);
let cleanupInstalled = false;

function scenarioFile(name: string, content: unknown): string {
  // The generated files are removed when the bench process ends.
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  mkdirSync(dir, { recursive: true });
  const f = join(dir, `${name}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
}

/** Runs runChild.mjs on `file` and returns its figures as a measurement. */
function child(file: string, modelOnly: boolean): Measurement {
  // The built code, as `npx pbtsim` runs it (runChild.mjs says why; `npm run bench` builds first).
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'runChild.mjs'), file, ...(modelOnly ? ['--model-only'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`runChild ${file} exited ${String(r.status)}: ${r.stderr.trim()}`);
  const f = JSON.parse(r.stdout) as { events: number; records: number; seconds: number; cpuSeconds: number; peakRssMB: number; status: string; peakHeapMB?: number; tasks?: number; violations?: number; digestFrom?: string };
  return {
    events: f.events,
    seconds: f.seconds,
    extra: {
      status: f.status, records: f.records, recordsPerSecond: Math.round(f.records / f.seconds), cpuSeconds: f.cpuSeconds, peakRssMB: f.peakRssMB,
      ...(f.digestFrom !== undefined ? { digestFrom: f.digestFrom } : {}),
      ...(f.peakHeapMB !== undefined ? { peakHeapMB: f.peakHeapMB } : {}),
      ...(f.tasks !== undefined ? { tasks: f.tasks } : {}),
      ...(f.violations !== undefined ? { violations: f.violations } : {}),
    },
  };
}

/** `run-browse-N`: N users × 100 moves through the CLI's pipeline. */
export function runBrowse(users: number): BenchEntry {
  let file: string | undefined;
  return {
    name: `run-browse-${users}`,
    description: `pbtsim run --json path (runPipeline, monitors, result fold, digest, JSON to /dev/null), ${users} users × 100 moves, child process`,
    warmup: false,
    run() {
      file ??= scenarioFile(`capacity-${users}`, browseCapacityScenario({ users }));
      return child(file, false);
    },
  };
}

/** `model-browse-N`: the same file through the model alone (digest only). */
export function modelBrowse(users: number): BenchEntry {
  let file: string | undefined;
  return {
    name: `model-browse-${users}`,
    description: `the model alone (digest-only sink, no folds) on the run-browse-${users} file, child process`,
    warmup: false,
    run() {
      file ??= scenarioFile(`capacity-${users}`, browseCapacityScenario({ users }));
      return child(file, true);
    },
  };
}

/** `run-runaway`: a completion trigger that re-enqueues until the default event budget stops it. */
export const runRunaway: BenchEntry = {
  name: 'run-runaway',
  description: 'a completion trigger re-enqueueing forever, stopped by the default limits.maxEvents (1,000,000), through runPipeline',
  warmup: false,
  run() {
    const file = scenarioFile('runaway', {
      version: 1, name: 'runaway', seed: 1, codeunits: { '50100': { durationMs: 10 } },
      sessions: [{ id: 'u1', pages: { p: { kind: 'card', triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 50100 } }], OnPageBackgroundTaskCompleted: [{ enqueue: { codeunit: 50100 } }] } } }, script: [{ atMs: 0, open: 'p', record: null }] }],
    });
    return child(file, false);
  },
};
