#!/usr/bin/env node
/**
 * The `pbtsim` command: parses arguments (commander) and calls the layers. Exit codes: 0 done,
 * 1 an invariant was violated (or a check failed), 2 unusable input or arguments.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
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
  const handle = (fn: () => number): void => {
    try {
      setExit(fn());
    } catch (e) {
      setExit(reportError(e));
    }
  };
  for (const register of COMMANDS) register(program, handle);
  return program;
}

function main(): void {
  let exit = 0;
  const program = buildProgram((c) => { exit = c; });
  try {
    program.parse(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      exit = e.exitCode === 0 ? 0 : EXIT_USAGE;
    } else {
      exit = reportError(e);
    }
  }
  process.exitCode = exit;
}

main();
