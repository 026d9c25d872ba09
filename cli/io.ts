/**
 * File input and output for the CLI: reading scenarios with clear errors, writing outputs
 * atomically (to a temporary name, renamed when complete) so nothing half-written is left.
 * @module
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic as writeOutputAtomic } from '../app/index.js';
import { loadScenario, type CompiledScenario } from '../models/pbt/index.js';
import { CliError } from './errors.js';

/** Reads and compiles a scenario file; errors name the file. */
export function readScenario(file: string): CompiledScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: cannot read the scenario file (${code === 'ENOENT' ? 'no such file' : code ?? 'error'})`);
  }
  return loadScenario(text, file);
}

/**
 * Writes `content` to `file` atomically through the output module (app/output: exclusive temp
 * in the same directory, checked writes, fsync, rename; refuses directories, devices and the
 * command's inputs and other outputs). Errors are one-line {@link OutputError}s (exit 2).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  writeOutputAtomic(file, content, 'the output');
}

/** Registers a file the command reads, so no output of the command may overwrite it. */
export { registerInput } from '../app/index.js';

/** Parses a `--seed` value: an integer, else the text itself. */
export function parseSeed(v: string): number | string {
  if (/^-?\d+$/.test(v)) {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new CliError(`--seed: expected a non-negative integer or a text, got ${v}`);
    return n;
  }
  if (v.length === 0) throw new CliError('--seed: expected a non-negative integer or a text, got an empty value');
  return v;
}

/** Parses a positive integer option. */
export function parsePositiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new CliError(`${name}: expected a positive integer, got ${v}`);
  return Number(v);
}
