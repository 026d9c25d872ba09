/**
 * `pbtsim sweep <file> --seeds 1..1000`: runs one scenario over many seeds and reports
 * distributions (time to result per page, rejection and cancellation rates) as md, html (with
 * histograms) or json. A progress bar (cli-progress) goes to stderr when stderr is a terminal.
 * Exit 1 when a seed broke an invariant.
 * @module
 */
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { runScenario } from '../../models/pbt/index.js';
import { checkTrace, withRunContext } from '../../properties/index.js';
import { SweepAccumulator, parseSeedRange, renderSweepHtml, renderSweepMarkdown, type SweepReport } from '../../reports/index.js';
import { CliError } from '../errors.js';
import { readScenario, writeFileAtomic } from '../io.js';
import type { Register } from './index.js';
import { pbtsimVersion } from './report.js';

/** Options of `pbtsim sweep`. */
export interface SweepCommandOptions {
  seeds?: string;
  format?: string;
  out?: string;
  progress?: boolean;
}

/** The format asked for: `--format`, else the `--out` extension, else markdown. */
function sweepFormat(format: string | undefined, out: string | undefined): 'md' | 'html' | 'json' {
  if (format !== undefined) {
    if (format === 'md' || format === 'html' || format === 'json') return format;
    throw new CliError(`--format: expected md, html or json, got ${format}`);
  }
  const ext = out === undefined ? undefined : /\.([A-Za-z]+)$/.exec(out)?.[1]?.toLowerCase();
  return ext === 'html' || ext === 'htm' ? 'html' : ext === 'json' ? 'json' : 'md';
}

/**
 * Runs the sweep.
 * @param file - scenario file
 * @param seeds - the seeds
 * @param seedsSpec - the `--seeds` text, for the report
 * @param onRun - called after each run (progress)
 */
export function sweep(file: string, seeds: readonly number[], seedsSpec: string, onRun: (done: number) => void = () => {}): SweepReport {
  const started = performance.now();
  const sc = readScenario(file);
  const acc = new SweepAccumulator(sc.name, file);
  seeds.forEach((seed, i) => {
    const run = runScenario(sc, { seed, autoFreeze: false });
    if (!run.run.ok && run.run.error.code !== 'event-budget-exceeded') throw new CliError(`${file} --seed ${seed}: ${run.run.error.message}`);
    run.result.violations = checkTrace(withRunContext(sc, run)).map((v) => ({ ...v, clauses: [...v.clauses] }));
    acc.add(seed, run.result);
    onRun(i + 1);
  });
  return acc.report(seedsSpec, { pbtsimVersion: pbtsimVersion(), nodeVersion: process.version, createdAt: new Date().toISOString(), durationMs: performance.now() - started });
}

/** Runs `pbtsim sweep` and returns the exit code. */
export function sweepCommand(file: string, opts: SweepCommandOptions): number {
  const format = sweepFormat(opts.format, opts.out);
  const spec = opts.seeds ?? '1..100';
  let seeds: number[];
  try {
    seeds = parseSeedRange(spec);
  } catch (e) {
    throw new CliError(`--seeds: ${(e as Error).message}`);
  }
  const showBar = opts.progress !== false && process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'sweep [{bar}] {percentage}% | {value}/{total} seeds | eta {eta_formatted}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(seeds.length, 0);
  let report: SweepReport;
  try {
    report = sweep(file, seeds, spec, (done) => bar?.update(done));
  } finally {
    bar?.stop();
  }
  const text = format === 'html' ? renderSweepHtml(report) : format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderSweepMarkdown(report);
  if (opts.out !== undefined) {
    writeFileAtomic(opts.out, text);
    process.stderr.write(`pbtsim: wrote ${format} sweep report ${opts.out} (${report.seeds.count} seeds)\n`);
  } else process.stdout.write(text);
  return report.violatedSeeds > 0 ? 1 : 0;
}

/** Registers `pbtsim sweep`. */
export const registerSweep: Register = (program: Command, handle) => {
  program
    .command('sweep')
    .description('run one scenario over many seeds; distributions of time to result, rejection and cancellation rates')
    .argument('<file>', 'scenario file')
    .option('--seeds <list>', 'seeds: 1..1000, 7, or a mix like 1..10,20 (default 1..100)')
    .option('--format <fmt>', 'md, html or json (default: from --out, else md)')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--no-progress', 'no progress bar (it is shown only when stderr is a terminal)')
    .action((file: string, opts: SweepCommandOptions) => handle(() => sweepCommand(file, opts)));
};
