/**
 * `pbtsim sweep <file> --seeds 1..1000 [--set key=v1,v2,…]… [--target "p99<=2000"]`: runs one
 * scenario over many seeds and over the cartesian product of the `--set` values, on every core
 * (`--workers`, worker threads) or on many machines (`--queue redis://…`, see docs/sweep.md),
 * and reports per setting the distributions, truncated runs, violations and the recommendation
 * as md, html or json. The report is byte-identical for any number of workers and for the queue.
 * A progress bar (seeds done, rate, ETA) goes to stderr when stderr is a terminal; Ctrl-C stops
 * cleanly and prints what was finished (exit 130). Exit 1 when a seed broke an invariant or a
 * run failed in the model; truncated runs are reported prominently (exit 0); 2 for bad input.
 * @module
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import {
  buildSweepReport, parseAxes, parseTarget, pbtsimVersion, resolveSettings, runShardsLocal, runSweep, runSweepSync, SettingError, TargetError,
  type ShardExecutor, type SweepOutcome,
} from '../../app/sweep/index.js';
import { parseSeedRange, renderSweepHtml, renderSweepMarkdown, type SweepReport } from '../../reports/index.js';
import { asCliError, CliError } from '../errors.js';
import { parsePositiveInt, readScenario, writeFileAtomic } from '../io.js';
import { progressBar, whileInterruptible } from '../../app/sweep/progress.js';
import type { Register } from './index.js';

/** Options of `pbtsim sweep`. */
export interface SweepCommandOptions {
  seeds?: string;
  set?: string[];
  target?: string;
  workers?: string;
  queue?: string;
  shardSeeds?: string;
  format?: string;
  json?: boolean;
  out?: string;
  progress?: boolean;
}

/** The format asked for: `--json`, `--format`, else the `--out` extension, else markdown. */
function sweepFormat(opts: SweepCommandOptions): 'md' | 'html' | 'json' {
  if (opts.json === true) {
    if (opts.format !== undefined && opts.format !== 'json') throw new CliError(`--json and --format ${opts.format} disagree; give one`);
    return 'json';
  }
  if (opts.format !== undefined) {
    if (opts.format === 'md' || opts.format === 'html' || opts.format === 'json') return opts.format;
    throw new CliError(`--format: expected md, html or json, got ${opts.format}`);
  }
  const ext = opts.out === undefined ? undefined : /\.([A-Za-z]+)$/.exec(opts.out)?.[1]?.toLowerCase();
  return ext === 'html' || ext === 'htm' ? 'html' : ext === 'json' ? 'json' : 'md';
}

function parseSeeds(spec: string): number[] {
  try {
    return parseSeedRange(spec);
  } catch (e) {
    throw new CliError(`--seeds: ${(e as Error).message}`);
  }
}

/** Everything a sweep needs, validated (bad input throws CliError or ScenarioError). */
function prepare(file: string, opts: SweepCommandOptions): { input: Parameters<typeof runSweepSync>[0]; reportInput: Parameters<typeof buildSweepReport>[1] } {
  const spec = opts.seeds ?? '1..100';
  const seeds = parseSeeds(spec);
  const sc = readScenario(file);
  try {
    const axes = parseAxes(opts.set ?? []);
    const target = opts.target === undefined ? null : parseTarget(opts.target);
    const version = pbtsimVersion();
    resolveSettings(sc.source, file, axes);
    const input = { source: sc.source, file, seeds, axes, pbtsimVersion: version, ...(opts.shardSeeds !== undefined ? { shardSeeds: parsePositiveInt('--shard-seeds', opts.shardSeeds) } : {}) };
    return { input, reportInput: { scenario: sc.name, file, pbtsimVersion: version, seedsSpec: spec, seedCount: seeds.length, axes, target } };
  } catch (e) {
    throw asCliError(e);
  }
}

/**
 * Runs a sweep in this process (synchronously) and returns its report: the API for tests and
 * small sweeps. Same report as the command for the same inputs.
 * @param file - scenario file
 * @param seeds - the seeds
 * @param seedsSpec - the `--seeds` text, for the report
 * @param opts - `set`, `target`
 */
export function sweep(file: string, seeds: readonly number[], seedsSpec: string, opts: Pick<SweepCommandOptions, 'set' | 'target' | 'shardSeeds'> = {}): SweepReport {
  const { input, reportInput } = prepare(file, { ...opts, seeds: seedsSpec });
  const outcome = runSweepSync({ ...input, seeds });
  return buildSweepReport(outcome, { ...reportInput, seedCount: seeds.length }).report;
}

function render(report: SweepReport, format: 'md' | 'html' | 'json'): string {
  return format === 'html' ? renderSweepHtml(report) : format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderSweepMarkdown(report);
}

/** Runs `pbtsim sweep` and resolves with the exit code. */
export async function sweepCommand(file: string, opts: SweepCommandOptions): Promise<number> {
  const format = sweepFormat(opts);
  const workers = opts.workers !== undefined ? parsePositiveInt('--workers', opts.workers) : availableParallelism();
  const { input, reportInput } = prepare(file, opts);
  // The queue (BullMQ, ioredis) is loaded only when asked for: it is a third of a second of
  // start-up that local sweeps do not need.
  const queue = opts.queue !== undefined ? await import('../../app/queue/index.js') : undefined;
  if (queue !== undefined && opts.queue !== undefined) await queue.probeRedis(opts.queue).catch((e: unknown) => { throw asCliError(e); });
  const started = performance.now();
  const where = opts.queue !== undefined ? `the queue ${opts.queue}` : workers === 1 ? 'this thread' : `${workers} worker threads`;
  const bar = progressBar(opts.progress !== false && process.stderr.isTTY === true, 'sweep', 'runs');
  let outcome: SweepOutcome;
  try {
    outcome = await whileInterruptible(async (signal) => {
      process.stderr.write(`pbtsim: sweep of ${input.seeds.length} seeds × ${reportInput.axes.reduce((n, a) => n * a.values.length, 1)} setting(s) on ${where} (Ctrl-C stops and reports what finished)\n`);
      const execute: ShardExecutor = queue !== undefined && opts.queue !== undefined
        ? queue.queueExecutor({ url: opts.queue, signal, version: input.pbtsimVersion, onIdle: (m) => process.stderr.write(`pbtsim: ${m}\n`) })
        : (tasks, onResult) => runShardsLocal(tasks, { workers, onResult, signal });
      return runSweep(input, execute, (done, total) => bar.update(done, total));
    });
  } finally {
    bar.stop();
  }
  const { report, exitCode } = buildSweepReport(outcome, reportInput);
  const text = render(report, format);
  if (opts.out !== undefined) writeFileAtomic(opts.out, text);
  else process.stdout.write(text);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`pbtsim: ${outcome.finished ? '' : `interrupted: ${outcome.shards.done} of ${outcome.shards.total} shards; `}${outcome.runs.done} runs (${report.settings.length} setting(s)) in ${seconds.toFixed(1)} s on ${where}, ${Math.round(outcome.runs.done / Math.max(seconds, 1e-3))} runs/s${opts.out !== undefined ? `; wrote ${format} sweep report ${opts.out}` : ''}\n`);
  if (report.totals.truncated > 0) process.stderr.write(`pbtsim: warning: ${report.totals.truncated} of ${report.totals.runs} runs were truncated (limits.untilMs or limits.maxEvents); they are not in the distributions\n`);
  return outcome.finished ? exitCode : 130;
}


const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Registers `pbtsim sweep`. */
export const registerSweep: Register = (program: Command, handle) => {
  program
    .command('sweep')
    .description('run one scenario over many seeds and settings (--set); distributions per setting, truncated runs, a recommendation (--target)')
    .argument('<file>', 'scenario file')
    .option('--seeds <list>', 'seeds: 1..1000, 7, or a mix like 1..10,20 (default 1..100)')
    .option('--set <key=values>', 'a setting to vary, e.g. server.childSessionsMaxConcurrency=3,5,8 (server.*, policies.*, limits.*; repeat for a cartesian product)', collect, [])
    .option('--target <expr>', 'e.g. "p99<=2000" or "wait.p99<500 and rejected.max<=0": recommend the smallest setting that meets it')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--queue <url>', 'put the shards on a BullMQ queue in Redis (redis://host:port); run `pbtsim worker --queue <url>` on any machines')
    .option('--shard-seeds <n>', 'seeds per shard (default 50; the result does not depend on it)')
    .option('--format <fmt>', 'md, html or json (default: from --out, else md)')
    .option('--json', 'the report as JSON (same as --format json)')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--no-progress', 'no progress bar (it is shown only when stderr is a terminal)')
    .action((file: string, opts: SweepCommandOptions) => handle(() => sweepCommand(file, opts)));
};
