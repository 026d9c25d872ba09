/**
 * `pbtsim run <file>`: runs a scenario through the application pipeline (app/run.ts) and prints
 * its summary and story (cli/story.ts, a fold of the streamed result), or streams the result
 * contract with `--json`; `--trace out.jsonl` writes the trace
 * (replayable), `--report` the run report; `--max-wall`, `--max-heap`, `--max-trace-bytes` bound
 * the run. This file only parses arguments.
 * @module
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CHECK_BATCH_RECORDS, CHECK_THREAD_MODES, runPipeline, runReportFormat, stdoutWriter, type Budgets, type CheckThreadMode } from '../../app/index.js';
import { CliError } from '../errors.js';
import { maxInputBytesOption, parseSeed, readScenario, registerInput } from '../io.js';

import { triggerIndexOf } from '../../reports/index.js';
import { createRunTextFold, parseStoryOption, wantColor, type StoryMode } from '../story.js';

/** Options of `pbtsim run`. */
export interface RunCommandOptions {
  seed?: string;
  json?: boolean;
  trace?: string;
  report?: string;
  story?: StoryMode;
  maxWall?: number;
  maxHeap?: number;
  maxTraceBytes?: number;
  maxInputBytes?: number;
  checkThread?: CheckThreadMode;
  digestThread?: CheckThreadMode;
}

const checkThreadMode = (v: string): CheckThreadMode => {
  const mode = CHECK_THREAD_MODES.find((m) => m === v);
  if (mode === undefined) throw new InvalidArgumentError(`expected ${CHECK_THREAD_MODES.join(', ')}, got ${v}`);
  return mode;
};

const positive = (name: string, unit: string) => (v: string): number => {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of ${unit}, got ${v}`);
  return n;
};

/** The budgets the options and the scenario ask for (absent: the defaults of app/guards.ts). */
export function budgetsOf(opts: RunCommandOptions, limits: object): Budgets {
  const fromScenario = (limits as { readonly maxWallMs?: unknown }).maxWallMs;
  const wall = opts.maxWall !== undefined ? opts.maxWall * 1000 : typeof fromScenario === 'number' ? fromScenario : undefined;
  return {
    ...(wall !== undefined ? { maxWallMs: wall } : {}),
    ...(opts.maxHeap !== undefined ? { maxHeapBytes: opts.maxHeap * 1024 * 1024 } : {}),
    ...(opts.maxTraceBytes !== undefined ? { maxTraceBytes: opts.maxTraceBytes } : {}),
  };
}

/** Runs a scenario file and returns the exit code. */
export async function runCommand(file: string, opts: RunCommandOptions): Promise<number> {
  const seed = opts.seed !== undefined ? parseSeed(opts.seed) : undefined;
  registerInput(file, 'the input scenario');
  const sc = readScenario(file, opts.maxInputBytes !== undefined ? { maxInputBytes: opts.maxInputBytes } : {});
  const out = stdoutWriter();
  const text = opts.json === true ? undefined : createRunTextFold({ story: opts.story, color: wantColor(process.stdout.isTTY, process.env), triggers: triggerIndexOf(sc) });
  const threadMode = opts.checkThread ?? opts.digestThread;
  const r = await runPipeline({
    file, scenario: sc, json: opts.json === true, out,
    ...(seed !== undefined ? { seed } : {}),
    ...(opts.trace !== undefined ? { trace: opts.trace } : {}),
    ...(opts.report !== undefined ? { report: opts.report } : {}),
    budgets: budgetsOf(opts, sc.limits),
    ...(text !== undefined ? { text } : {}),
    ...(threadMode !== undefined ? { checkThread: { mode: threadMode } } : {}),
    note: (line) => process.stderr.write(line + '\n'),
  });
  out.flush();
  if (r.message !== null) throw new CliError(r.message, r.exitCode === 1 ? 1 : 2);
  return r.exitCode;
}

/** Registers `run` on the program. */
export function registerRun(program: Command, handle: (fn: () => number | Promise<number>) => void): void {
  program
    .command('run')
    .description('run a scenario and print the story of every task (or the result contract with --json)')
    .argument('<file>', 'scenario file (JSON, see `pbtsim schema`)')
    .option('--seed <n>', 'master seed (overrides the scenario\'s)')
    .option('--json', 'print the result contract as JSON (streamed)')
    .option('--trace <out.jsonl>', 'write the trace as JSON lines (replayable with `pbtsim replay`)')
    .option('--report <file>', 'also write a run report: timeline and tables (.html, .md or .json by extension)', (v: string) => {
      if (runReportFormat(v) === null) throw new InvalidArgumentError(`expected a file ending in .html, .md or .json, got ${v}`);
      return v;
    })
    .option('--story <mode>', 'how much of the per-task story to print: grouped (default; none above 300 tasks), full or none', parseStoryOption)
    .option('--max-wall <s>', 'stop the run after this many seconds of wall-clock time (default 120; or limits.maxWallMs)', positive('--max-wall', 'seconds'))
    .option('--max-heap <MB>', 'stop the run when the heap in use passes this many MB (default 1536, at most 80 % of the V8 limit)', positive('--max-heap', 'MB'))
    .option('--max-trace-bytes <n>', 'stop the run when the --trace file passes this many bytes (default 512 MiB)', positive('--max-trace-bytes', 'bytes'))
    .option('--check-thread <mode>', `digest the trace and run the invariant monitors on a second thread once a run passes ${CHECK_BATCH_RECORDS.toLocaleString('en-US')} records: auto (default: with 2 or more cores), on or off`, checkThreadMode)
    .addOption(new Option('--digest-thread <mode>', 'the former name of --check-thread').argParser(checkThreadMode).hideHelp())
    .addOption(maxInputBytesOption())
    .action((file: string, opts: RunCommandOptions) => handle(() => runCommand(file, opts)));
}
