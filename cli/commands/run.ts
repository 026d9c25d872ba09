/**
 * `pbtsim run <file>`: runs a scenario; prints its story, or the result contract with `--json`;
 * `--trace out.jsonl` writes the trace (with a header that makes it replayable).
 * @module
 */
import type { Command } from 'commander';
import { JsonlFileSink } from '../../engine/index.js';
import { runScenario, type ScenarioRun } from '../../models/pbt/index.js';
import { checkTrace, withRunContext } from '../../properties/index.js';
import { CliError } from '../errors.js';
import { parseSeed, readScenario } from '../io.js';
import { renderStory } from '../story.js';

/** The format tag of trace files. */
export const TRACE_FORMAT = 'pbtsim-trace/1';

/** Options of `pbtsim run`. */
export interface RunCommandOptions {
  seed?: string;
  json?: boolean;
  trace?: string;
}

/** Hooks other commands add to `run` (e.g. `--report`). */
export const runExtensions: ((cmd: Command) => void)[] = [];
/** Called after a successful run with the command's options (e.g. to write a report). */
export const afterRunHooks: ((run: ScenarioRun, opts: Record<string, unknown>, file: string) => void)[] = [];

/** Runs a scenario file and returns the exit code. */
export function runCommand(file: string, opts: RunCommandOptions & Record<string, unknown>): number {
  const sc = readScenario(file);
  const seed = opts.seed !== undefined ? parseSeed(opts.seed) : undefined;
  const sink = opts.trace !== undefined ? new JsonlFileSink(opts.trace) : undefined;
  let run: ScenarioRun;
  try {
    sink?.writeMeta({ format: TRACE_FORMAT, kind: 'header', file, seed: seed ?? sc.seed ?? 0, scenario: sc.source });
    run = runScenario(sc, seed !== undefined ? { seed, ...(sink ? { sink } : {}) } : sink ? { sink } : {});
    if (!run.run.ok) {
      const stopped = run.run.error.code === 'event-budget-exceeded'
        ? `${file}: the run exceeded limits.maxEvents = ${sc.limits.maxEvents} (a trigger that re-enqueues forever?). ${run.run.error.message}`
        : `${file}: ${run.run.error.message}`;
      // The events before the stop are still checked, so a counterexample that ends at its
      // budget (as `pbtsim check` allows) shows its violation when replayed: exit 1 then.
      const before = checkTrace(withRunContext(sc, run));
      if (before.length === 0) throw new CliError(stopped);
      throw new CliError(`${stopped}\n${before.length} invariant violation(s) in the events before the stop:\n` +
        before.map((v) => `  VIOLATION ${v.invariant} [${v.clauses.join(', ')}] at ${v.atMs ?? '?'} ms: ${v.message}`).join('\n'), 1);
    }
    sink?.writeMeta({ format: TRACE_FORMAT, kind: 'footer', digest: run.result.digest, eventCount: run.result.eventCount, records: run.records.length });
    sink?.close();
  } catch (e) {
    sink?.abort();
    throw e;
  }
  const violations = checkTrace(withRunContext(sc, run));
  run.result.violations = violations.map((v) => ({ ...v, clauses: [...v.clauses] }));
  for (const hook of afterRunHooks) hook(run, opts, file);
  if (opts.json === true) process.stdout.write(JSON.stringify(run.result, null, 2) + '\n');
  else process.stdout.write(renderStory(run.result, process.stdout.isTTY === true && !process.env['NO_COLOR']));
  return violations.length > 0 ? 1 : 0;
}

/** Registers `run` on the program. */
export function registerRun(program: Command, handle: (fn: () => number) => void): void {
  const cmd = program
    .command('run')
    .description('run a scenario and print the story of every task (or the result contract with --json)')
    .argument('<file>', 'scenario file (JSON, see `pbtsim schema`)')
    .option('--seed <n>', 'master seed (overrides the scenario\'s)')
    .option('--json', 'print the result contract as JSON')
    .option('--trace <out.jsonl>', 'write the trace as JSON lines (replayable with `pbtsim replay`)');
  for (const ext of runExtensions) ext(cmd);
  cmd.action((file: string, opts: RunCommandOptions & Record<string, unknown>) => handle(() => runCommand(file, opts)));
}
