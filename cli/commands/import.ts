/**
 * `pbtsim import <path…>`: builds a scenario (format v1) from the user's AL — a page with its
 * extensions, parts and task codeunits, and a default user script. What cannot be translated
 * exactly is written into the scenario's description and printed on stderr as notes. The
 * scenario is compiled (validated) before it is written.
 * @module
 */
import type { Command } from 'commander';
import { AlPathError, ImportError, importScenario, readAlProject, type ImportOptions } from '../../al/index.js';
import { compileScenario } from '../../models/pbt/index.js';
import { CliError } from '../errors.js';
import { parseSeed, parsePositiveInt, registerInput, writeFileAtomic } from '../io.js';

interface Options {
  readonly page?: string;
  readonly out?: string;
  readonly durationMs?: string;
  readonly moves?: string;
  readonly thinkMs?: string;
  readonly rows?: string;
  readonly seed?: string;
  readonly call?: string[];
}

function nonNegative(name: string, v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new CliError(`${name}: expected a non-negative integer, got ${v}`);
  return Number(v);
}

/** Registers `import`. */
export function registerImport(program: Command, handle: (fn: () => number) => void): void {
  program
    .command('import')
    .description('build a scenario from AL files or folders (a page, its extensions, parts and task codeunits)')
    .argument('<path...>', 'AL files or folders (read recursively for *.al)')
    .option('--page <name>', 'the page (name or ID) or page extension to import (needed when several pages enqueue tasks)')
    .option('--out <file>', 'write the scenario to a file (atomically) instead of stdout')
    .option('--duration-ms <ms>', 'duration of task codeunits without a Sleep literal (default 1000)')
    .option('--moves <n>', 'record moves after opening the page (default 3)')
    .option('--think-ms <ms>', 'think time between record moves (default 2000)')
    .option('--rows <n>', 'rows a list page fetches (default 5)')
    .option('--seed <seed>', 'the scenario seed (default 1)')
    .option('--call <trigger>', 'also run this trigger after the moves, e.g. "action(Recalculate).OnAction" or an action name (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .action((paths: string[], opts: Options) =>
      handle(() => {
        const o: { -readonly [K in keyof ImportOptions]: ImportOptions[K] } = {};
        if (opts.page !== undefined) o.page = opts.page;
        if (opts.durationMs !== undefined) o.durationMs = nonNegative('--duration-ms', opts.durationMs);
        if (opts.moves !== undefined) o.moves = nonNegative('--moves', opts.moves);
        if (opts.thinkMs !== undefined) o.thinkMs = nonNegative('--think-ms', opts.thinkMs);
        if (opts.rows !== undefined) o.rows = parsePositiveInt('--rows', opts.rows);
        if (opts.seed !== undefined) o.seed = parseSeed(opts.seed);
        if (opts.call !== undefined) o.calls = opts.call;
        let result;
        let project;
        try {
          project = readAlProject(paths);
          for (const f of project.files) registerInput(f.file);
          result = importScenario(project, o);
        } catch (e) {
          if (e instanceof AlPathError || e instanceof ImportError) throw new CliError(e.message);
          throw e;
        }
        for (const f of project.failures) process.stderr.write(`pbtsim: note: ${f.file}(${f.line},${f.column}): skipped, cannot read this file: ${f.reason}\n`);
        compileScenario(result.scenario, opts.out ?? '<imported>');
        const text = JSON.stringify(result.scenario, null, 2) + '\n';
        for (const n of result.notes) process.stderr.write(`pbtsim: note: ${n}\n`);
        if (opts.out !== undefined) {
          writeFileAtomic(opts.out, text);
          process.stderr.write(`pbtsim: ${opts.out}: scenario for page "${result.page}" (${result.notes.length} note(s) in its description)\n`);
        } else process.stdout.write(text);
        return 0;
      }),
    );
}
