/**
 * `pbtsim validate <file>` and `pbtsim schema`: check a scenario without running it; print the
 * JSON Schema of the scenario format.
 * @module
 */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../models/pbt/index.js';
import { stdoutWriter } from '../../app/index.js';
import { maxInputBytesOption, readScenario, registerInput } from '../io.js';

/** Registers `validate` and `schema`. */
export function registerValidate(program: Command, handle: (fn: () => number | Promise<number>) => void): void {
  program
    .command('validate')
    .description('check a scenario file (schema, references, limits) without running it')
    .argument('<file>', 'scenario file')
    .addOption(maxInputBytesOption())
    .action((file: string, opts: { maxInputBytes?: number }) =>
      handle(() => {
        registerInput(file, 'the input scenario');
        const sc = readScenario(file, opts.maxInputBytes !== undefined ? { maxInputBytes: opts.maxInputBytes } : {});
        const steps = sc.sessions.reduce((n, s) => n + s.script.length, 0);
        stdoutWriter().write(`${file}: valid (version 1, "${sc.name}", ${sc.sessions.length} session(s), ${steps} script step(s), ${sc.codeunits.size} codeunit(s))\n`);
        return 0;
      }),
    );
  program
    .command('schema')
    .description('print the JSON Schema of the scenario format (use it as "$schema" in editors)')
    .action(() =>
      handle(() => {
        stdoutWriter().write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
        return 0;
      }),
    );
}
