/**
 * CLI error handling: every expected failure becomes one line on stderr and an exit code,
 * never a stack trace. Exit codes: 0 done, 1 invariant violated (or a check failed),
 * 2 unusable input or arguments, a run stopped by a budget (events, wall clock, heap, trace
 * size), or an output that could not be written.
 * @module
 */
import { OutputError, TraceFileError } from '../app/index.js';
import { QueueError } from '../app/queue/url.js';
import { SettingError } from '../app/sweep/settings.js';
import { TargetError } from '../app/sweep/target.js';
import { SimulationError } from '../engine/index.js';
import { ScenarioError } from '../models/pbt/index.js';

/** An error the CLI reports as a message with an exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit code for unusable input or arguments. */
export const EXIT_USAGE = 2;

/** Prints `err` as one line (no stack) and returns the exit code to use. */
export function reportError(err: unknown): number {
  if (err instanceof CliError) {
    process.stderr.write(`pbtsim: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof OutputError || err instanceof TraceFileError) {
    process.stderr.write(`pbtsim: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof ScenarioError) {
    process.stderr.write(`pbtsim: invalid scenario: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof SimulationError) {
    process.stderr.write(`pbtsim: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const e = err as NodeJS.ErrnoException;
  if (e !== null && typeof e === 'object' && typeof e.code === 'string' && typeof e.message === 'string') {
    process.stderr.write(`pbtsim: ${e.message}\n`);
    return EXIT_USAGE;
  }
  // A bug, not bad input: still no stack trace unless PBTSIM_DEBUG is set.
  process.stderr.write(`pbtsim: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env['PBTSIM_DEBUG']) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  return 70;
}

/**
 * Turns the one-line errors of sweeps and queues (a bad `--set`, `--target` or queue URL) into
 * usage errors (exit 2); anything else is returned as it is.
 * @param e - what was thrown
 * @returns a {@link CliError} or `e`
 */
export function asCliError(e: unknown): unknown {
  return e instanceof SettingError || e instanceof TargetError || e instanceof QueueError ? new CliError(e.message) : e;
}
