/**
 * `npm run bench`: runs every entry of `bench/entries/index.ts` (or `--only NAME`, repeatable),
 * prints a table and the target ratios with pass/fail, and writes `bench/results/latest.json`.
 *
 * Options: `--only NAME` (repeatable), `--json` (JSON only on stdout), `--repeat N` (timed runs per
 * entry after one warm-up run, interleaved across entries; medians are reported, default 3),
 * `--no-write` (do not write latest.json).
 *
 * Timings come from a shared 2-core machine: compare them only as ratios from one run.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entries } from './entries/index.js';
import type { Measurement } from './entries/entry.js';

interface Result {
  readonly name: string;
  readonly description: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly runs: readonly number[];
  readonly [extra: string]: unknown;
}

interface Ratio {
  readonly description: string;
  readonly value: number;
  readonly target: number | null;
  readonly pass: boolean | null;
  /** `≥` (default) or `≤`: which side of the target passes. */
  readonly direction?: '≥' | '≤';
  readonly note?: string;
}

/** A bad command line: one line on stderr, exit 2. */
class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { only: string[]; json: boolean; repeat: number; write: boolean } {
  const only: string[] = [];
  let json = false;
  let repeat = 3;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--no-write') write = false;
    else if (a === '--only' || a === '--repeat') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '--only') only.push(v);
      else {
        repeat = Number(v);
        if (!Number.isSafeInteger(repeat) || repeat < 1) throw new UsageError('--repeat needs a positive integer');
      }
    } else throw new UsageError(`unknown argument ${a} (options: --only NAME, --json, --repeat N, --no-write)`);
  }
  return { only, json, repeat, write };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const known = new Set(entries.map((e) => e.name));
  for (const name of opts.only) if (!known.has(name)) throw new UsageError(`unknown entry ${name}; known: ${[...known].join(', ')}`);
  const selected = opts.only.length === 0 ? entries : entries.filter((e) => opts.only.includes(e.name));
  const log = (line: string): void => {
    if (!opts.json) process.stdout.write(line + '\n');
  };

  // Interleaved repetitions (all entries, then all again, ...) so that a burst of load from other
  // jobs on the shared machine hits every entry of a repetition alike; ratios are computed per
  // repetition and their median reported.
  for (const entry of selected) {
    if (entry.warmup === false) continue;
    log(`warming up ${entry.name} …`);
    entry.run();
  }
  const runs = new Map<string, Measurement[]>(selected.map((e) => [e.name, []]));
  for (let i = 0; i < opts.repeat; i++) {
    for (const entry of selected) {
      log(`run ${i + 1}/${opts.repeat} ${entry.name} …`);
      // A full collection before each timed run (when node runs with --expose-gc, as `npm run
      // bench` does), so no entry pays for the garbage the previous one left behind.
      (globalThis as { gc?: () => void }).gc?.();
      runs.get(entry.name)!.push(entry.run());
    }
  }
  const results: Result[] = [];
  for (const entry of selected) {
    const own = runs.get(entry.name)!;
    const seconds = median(own.map((r) => r.seconds));
    const chosen = own.find((r) => r.seconds === seconds) ?? own[0]!;
    results.push({
      name: entry.name,
      description: entry.description,
      events: chosen.events,
      seconds: Number(seconds.toFixed(4)),
      eventsPerSecond: Math.round(chosen.events / seconds),
      runs: own.map((r) => Number(r.seconds.toFixed(4))),
      ...(chosen.extra ?? {}),
    });
  }

  const ratios: Record<string, Ratio> = {};
  const ratio = (key: string, description: string, num: string, den: string, target: number): void => {
    const a = runs.get(num);
    const b = runs.get(den);
    if (a === undefined || b === undefined) return;
    const perRun = a.map((m, i) => m.events / m.seconds / (b[i]!.events / b[i]!.seconds));
    const value = Number(median(perRun).toFixed(3));
    ratios[key] = { description: `${description} (median over ${perRun.length} interleaved repetitions: ${perRun.map((x) => x.toFixed(2)).join(', ')})`, value, target, pass: value >= target };
  };
  ratio('kernelNoopVsRawHeap', 'kernel-noop events/s ÷ raw-heap-baseline events/s', 'kernel-noop', 'raw-heap-baseline', 0.5);
  ratio('state10000VsState10', 'kernel-state-10000 events/s ÷ kernel-state-10 events/s', 'kernel-state-10000', 'kernel-state-10', 0.7);
  ratio('pbtBrowse10000Vs10', 'pbt-browse-10000 events/s ÷ pbt-browse-10 events/s', 'pbt-browse-10000', 'pbt-browse-10', 0.7);
  // The user's path (issue 8 §5).
  ratio('runBrowse1000Vs100', 'run-browse-1000 events/s ÷ run-browse-100 events/s (linear in the run\'s length)', 'run-browse-1000', 'run-browse-100', 0.8);
  const rss = (name: string): number[] | undefined => runs.get(name)?.map((m) => Number(m.extra?.['peakRssMB']));
  const rss1000 = rss('run-browse-1000');
  const rss100 = rss('run-browse-100');
  if (rss1000 !== undefined && rss100 !== undefined) {
    const perRun = rss1000.map((r, i) => r / rss100[i]!);
    const value = Number(median(perRun).toFixed(3));
    ratios['runBrowseMemory1000Vs100'] = {
      description: `run-browse-1000 peak RSS ÷ run-browse-100 peak RSS (flat in the run's length; MB ${rss1000.join('/')} vs ${rss100.join('/')}; median over ${perRun.length})`,
      value, target: 1.5, pass: value <= 1.5, direction: '≤',
    };
  }
  ratio('endToEndVsPbtBrowse', 'run-browse-1000 events/s ÷ pbt-browse-10 events/s (the model-only entry; monitors, result and output cost at most 40 %)', 'run-browse-1000', 'pbt-browse-10', 0.6);
  ratio('endToEndVsModelSameFile', 'run-browse-1000 events/s ÷ model-browse-1000 events/s (the same file through the model alone)', 'run-browse-1000', 'model-browse-1000', 0.6);
  const mmc = results.find((r) => r.name === 'mmc-queue');
  if (mmc !== undefined) {
    const value = Number((1.8 / mmc.seconds).toFixed(2));
    ratios['mmcVsSimpyReference'] = {
      description: 'SimPy 4 reference 1.8 s ÷ mmc-queue seconds (goal ≥ 3)',
      value,
      target: 3,
      pass: value >= 3,
      note: 'reference figure only: SimPy was NOT measured in this run or on this machine',
    };
  }

  const report = {
    generatedBy: 'bench/run.ts',
    node: process.version,
    repeat: opts.repeat,
    note: 'median of interleaved timed runs after one warm-up each; ratios are medians of per-repetition ratios',
    results,
    ratios,
  };
  if (opts.write) {
    const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  log('');
  log(`${'entry'.padEnd(22)} ${'events'.padStart(10)} ${'seconds'.padStart(8)} ${'events/s'.padStart(12)}  extra`);
  for (const r of results) {
    const { name, description: _d, events, seconds, eventsPerSecond, runs: _r, ...extra } = r;
    const extraText = Object.entries(extra).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    log(`${name.padEnd(22)} ${String(events).padStart(10)} ${seconds.toFixed(3).padStart(8)} ${eventsPerSecond.toLocaleString('en-US').padStart(12)}  ${extraText}`);
  }
  log('');
  for (const [key, r] of Object.entries(ratios)) {
    const verdict = r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL';
    log(`${key.padEnd(24)} ${r.value.toFixed(3).padStart(8)}  target ${r.direction ?? '≥'} ${String(r.target)}  ${verdict}  (${r.description}${r.note === undefined ? '' : '; ' + r.note})`);
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 2;
}
