#!/usr/bin/env node
/**
 * The `pbtsim` command: parses arguments (commander) and calls the layers. Exit codes: 0 done,
 * 1 an invariant was violated (or a check failed), 2 unusable input or arguments, a run stopped
 * by a budget, or an output that could not be written. A reader that goes away (EPIPE on stdout
 * or stderr: `pbtsim schema | head -1`) ends the command quietly with its own exit code;
 * SIGINT/SIGTERM/SIGHUP remove unfinished output files and exit 130/143/129 (app/output).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { installCleanup, stdoutWriter } from '../app/index.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_USAGE, reportError } from './errors.js';

// The package root is the nearest folder above this file with a package.json (works from
// dist/cli/main.js and from cli/main.ts under tsx).
function packageJson(): { version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
}
const pkg = packageJson();

/** Builds the program (exported for tests). */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('pbtsim')
    .description('Deterministic simulation of Business Central page background tasks')
    .version(pkg.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `pbtsim: ${s}` : s) })
    .showHelpAfterError('(run `pbtsim --help` for usage)');
  // Commands return an exit code, or a promise of one (the streaming pipeline yields to the
  // event loop so signals are served during long runs).
  const handle = (fn: () => number | Promise<number>): void | Promise<void> => {
    const done = (code: number): void => {
      try {
        stdoutWriter().flush();
        setExit(code);
      } catch (e) {
        setExit(reportError(e));
      }
    };
    try {
      const r = fn();
      if (typeof r === 'number') return done(r);
      return r.then(done, (e: unknown) => setExit(reportError(e)));
    } catch (e) {
      setExit(reportError(e));
    }
  };
  for (const register of COMMANDS) register(program, handle);
  return program;
}

// stdout/stderr written through process.stdout (commander's help, commands that do not use the
// stdout writer): a reader that went away ends the process quietly with the exit code so far;
// any other failure (ENOSPC on /dev/full, EIO) is one line on stderr and exit 2.
function guardStdio(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(`pbtsim: cannot write to stdout (${e.code ?? e.message})\n`);
    } finally {
      process.exit(EXIT_USAGE);
    }
  });
  process.stderr.on('error', () => process.exit(process.exitCode ?? 0));
}

async function main(): Promise<void> {
  installCleanup();
  guardStdio();
  const program = buildProgram((c) => { process.exitCode = c; });
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
    } else {
      process.exitCode = reportError(e);
    }
  }
}

void main();
