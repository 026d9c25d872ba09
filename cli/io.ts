/**
 * File input and output for the CLI. Read side (owned with the scenario format): reading a
 * scenario with a size cap and without unbounded buffering, plain words for missing files,
 * folders and files of the wrong kind, and the option parsers every command shares (`--seed`,
 * positive integers, `--max-input-bytes`). Write side: {@link writeFileAtomic}.
 * @module
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option } from 'commander';
import { registerInput, writeFileAtomic as writeOutputAtomic } from '../app/index.js';
import { loadScenario, type CompiledScenario } from '../models/pbt/index.js';
import { escapeText } from '../models/pbt/scenarioError.js';
import { CliError } from './errors.js';

/** The default maximum size of an input file: 256 MiB. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Options of {@link readInputText} and {@link readScenario}. */
export interface ReadInputOptions {
  /**
   * Refuse inputs larger than this many bytes (default: `PBTSIM_MAX_INPUT_BYTES` from the
   * environment, else {@link DEFAULT_MAX_INPUT_BYTES}).
   */
  readonly maxInputBytes?: number;
  /** What the file should be, for messages (default "scenario file"). */
  readonly what?: string;
}

const CHUNK = 1 << 16;

function bytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB (${n} bytes)`;
  return `${n} bytes`;
}

/**
 * Parses a byte count: an integer, optionally with a suffix K, M or G (powers of 1024, an
 * optional "B" or "iB" after it): `268435456`, `256M`, `256MiB`, `1g`.
 * @param v - the option's text
 * @param name - the option, for the message
 * @returns the number of bytes (at least 1)
 */
export function parseMaxInputBytes(v: string, name = '--max-input-bytes'): number {
  const m = /^\s*(\d+)\s*(?:([kmg])(?:i?b)?|b)?\s*$/i.exec(v);
  const factor = m?.[2] === undefined ? 1 : 1024 ** ('kmg'.indexOf(m[2].toLowerCase()) + 1);
  const n = m === null ? NaN : Number(m[1]) * factor;
  if (!Number.isSafeInteger(n) || n < 1) throw new CliError(`${name}: expected a size in bytes such as 268435456, 256M or 1G, got ${escapeText(JSON.stringify(v))}`);
  return n;
}

/** The `--max-input-bytes <size>` option, for commands that read a scenario (pass its value to {@link readScenario}). */
export function maxInputBytesOption(): Option {
  return new Option('--max-input-bytes <size>', `refuse input files larger than this (bytes, or 256M, 1G; default ${bytes(DEFAULT_MAX_INPUT_BYTES)}, or PBTSIM_MAX_INPUT_BYTES)`)
    .argParser((v: string) => parseMaxInputBytes(v));
}

function limitOf(options: ReadInputOptions): number {
  if (options.maxInputBytes !== undefined) return options.maxInputBytes;
  const env = process.env['PBTSIM_MAX_INPUT_BYTES'];
  return env === undefined || env === '' ? DEFAULT_MAX_INPUT_BYTES : parseMaxInputBytes(env, 'PBTSIM_MAX_INPUT_BYTES');
}

function openError(file: string, name: string, what: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  const dir = dirname(file);
  switch (code) {
    case 'ENOENT':
      return new CliError(existsSync(dir) ? `${name}: no such file (cannot read the ${what})` : `${name}: no such file: the folder ${escapeText(dir)} does not exist`);
    case 'EISDIR':
      return new CliError(`${name}: is a folder, not a ${what}; give the path of a .json file inside it`);
    case 'ENOTDIR':
      return new CliError(`${name}: no such file: a part of the path is a file, not a folder`);
    case 'EACCES':
    case 'EPERM':
      return new CliError(`${name}: permission denied (cannot read the ${what})`);
    case 'ELOOP':
      return new CliError(`${name}: too many levels of symbolic links (cannot read the ${what})`);
    default:
      return new CliError(`${name}: cannot read the ${what} (${code ?? String(e)})`);
  }
}

function decode(buf: Buffer, name: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    const loose = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf);
    const at = loose.indexOf('\ufffd');
    const line = at < 0 ? 1 : loose.slice(0, at).split('\n').length;
    throw new CliError(`${name}: is not UTF-8 text (an invalid byte sequence on line ${line}); save the ${what} as UTF-8`);
  }
}

/**
 * Reads a text input with a size cap: a regular file larger than the cap is refused from its
 * size alone; a pipe or device is read in 64 KiB chunks and refused as soon as the cap is passed
 * or a NUL byte appears (no JSON or AL text holds one), so `/dev/zero` stops at once.
 * @param file - the path as given
 * @param options - the cap and what the file should be
 * @returns the decoded text (a leading BOM kept; `loadScenario` accepts it)
 * @throws CliError with one line naming the file
 */
export function readInputText(file: string, options: ReadInputOptions = {}): string {
  const what = options.what ?? 'scenario file';
  const name = escapeText(file);
  const max = limitOf(options);
  registerInput(file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw openError(file, name, what, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw openError(file, name, what, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
    const tooBig = (size: string): CliError => new CliError(`${name}: ${size} is more than the input limit of ${bytes(max)}; raise it with --max-input-bytes or PBTSIM_MAX_INPUT_BYTES`);
    if (st.isFile() && st.size > max) throw tooBig(`the file's size, ${bytes(st.size)},`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(st.isFile() && st.size >= total ? Math.min(st.size - total + 1, CHUNK * 16) : CHUNK);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw openError(file, name, what, e);
      }
      if (n === 0) break;
      if (total === 0 && n >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) throw new CliError(`${name}: is UTF-16 text; save the ${what} as UTF-8`);
      if (chunk.subarray(0, n).includes(0)) throw new CliError(`${name}: contains NUL bytes (a binary file?), not a ${what} (a UTF-8 text)`);
      total += n;
      if (total > max) throw tooBig(`more than ${bytes(max)} was read and it`);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), name, what);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and compiles a scenario file; every error names the file (one line per problem, exit 2).
 * @param file - the path as given
 * @param options - the input size cap
 * @returns the compiled scenario
 */
export function readScenario(file: string, options: ReadInputOptions = {}): CompiledScenario {
  return loadScenario(readInputText(file, options), file);
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

/**
 * Parses a `--seed` value, the same way in every command: digits are an integer seed (0 to
 * 2^53 - 1, leading zeros ignored); any other non-empty text is a text seed (hashed into the
 * random streams), except a leading "-" followed by digits, which is refused as a negative
 * number.
 * @param v - the option's text
 * @param name - the option, for the message
 * @returns the seed
 */
export function parseSeed(v: string, name = '--seed'): number | string {
  if (/^-?\d+$/.test(v)) {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new CliError(`${name}: expected an integer from 0 to 9007199254740991 or a text, got ${escapeText(v)}`);
    return n;
  }
  if (v.length === 0) throw new CliError(`${name}: expected an integer from 0 to 9007199254740991 or a text, got an empty value`);
  return v;
}

/**
 * Parses a positive integer option.
 * @param name - the option, for the message
 * @param v - the option's text
 * @returns the integer
 */
export function parsePositiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new CliError(`${name}: expected a positive integer, got ${escapeText(v)}`);
  return Number(v);
}
