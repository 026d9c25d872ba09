/**
 * Reading AL files and folders: finds `*.al` files (recursively, in a stable order), decodes
 * them, tokenizes, resolves preprocessor blocks and reads their objects. A file that cannot be
 * read (not UTF-8 text, an unterminated string or comment, broken structure, nesting too deep)
 * yields one {@link FileReadFailure} with its position; the other files are still read.
 * @module
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AlObject } from './objects.js';
import { readObjects } from './objectReader.js';
import { resolvePreprocessor, type PreprocessorSummary } from './preprocessor.js';
import { AlReadError } from './source.js';
import { tokenize, type Suppressions } from './tokenizer.js';

/** One file that was read. */
export interface AlFile {
  readonly file: string;
  readonly objects: readonly AlObject[];
  readonly suppressions: Suppressions;
  readonly preprocessor: PreprocessorSummary;
}

/** A file that could not be read, and where. */
export interface FileReadFailure {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** Everything read from the given paths. */
export interface AlProject {
  readonly files: readonly AlFile[];
  readonly failures: readonly FileReadFailure[];
  /** Every object of every file read, in file order. */
  readonly objects: readonly AlObject[];
}

/** A path argument that names nothing readable (a usage error, not a file diagnostic). */
export class AlPathError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'AlPathError';
  }
}

const slash = (p: string): string => p.replace(/\\/g, '/');

/**
 * Lists the AL files under `paths`: folders recursively (`*.al`, sorted by name), files as given.
 * @throws AlPathError for a path that does not exist or is neither a file nor a folder
 */
export function findAlFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new AlPathError(p, code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code ?? 'error'})`);
    }
    if (st.isFile()) { out.push(slash(p)); continue; }
    if (!st.isDirectory()) throw new AlPathError(p, 'expected an .al file or a folder');
    const todo = [p];
    while (todo.length > 0) {
      const dir = todo.pop()!;
      const real = realpathSync(dir);
      if (seen.has(real)) continue; // symlink loops
      seen.add(real);
      const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const sub: string[] = [];
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory() || (e.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isDirectory() === true)) {
          if (e.name !== 'node_modules' && !e.name.startsWith('.')) sub.push(full);
        } else if (/\.al$/i.test(e.name)) out.push(slash(full));
      }
      for (let k = sub.length - 1; k >= 0; k--) todo.push(sub[k]!);
    }
  }
  return out;
}

function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < index; k++) if (text.charCodeAt(k) === 10) { line++; start = k + 1; }
  return { line, column: index - start + 1 };
}

/**
 * Reads one file's text.
 * @param text - the decoded contents
 * @param file - the name used in positions
 */
export function readAlText(text: string, file: string): AlFile | FileReadFailure {
  try {
    const tok = tokenize(text);
    const pre = resolvePreprocessor(tok.tokens);
    return { file, objects: readObjects(pre.tokens, file), suppressions: tok.suppressions, preprocessor: pre.summary };
  } catch (e) {
    if (e instanceof AlReadError) return { file, line: e.line, column: e.column, reason: e.reason };
    throw e;
  }
}

/** Reads one file's bytes: binary or non-UTF-8 content is a failure with its position. */
export function readAlBytes(bytes: Uint8Array, file: string): AlFile | FileReadFailure {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { file, ...positionOf(text, nul), reason: 'not a text file (it contains NUL bytes)' };
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0 && !new Uint8Array(bytes).some((b, k) => b === 0xef && bytes[k + 1] === 0xbf && bytes[k + 2] === 0xbd)) {
    return { file, ...positionOf(text, bad), reason: 'not valid UTF-8 text' };
  }
  return readAlText(text, file);
}

/** True for a {@link FileReadFailure}. */
export function isFailure(r: AlFile | FileReadFailure): r is FileReadFailure {
  return 'reason' in r;
}

/**
 * Reads every AL file under `paths`.
 * @throws AlPathError for a path that does not exist
 */
export function readAlProject(paths: readonly string[]): AlProject {
  const files: AlFile[] = [];
  const failures: FileReadFailure[] = [];
  for (const f of findAlFiles(paths)) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f);
    } catch (e) {
      failures.push({ file: f, line: 1, column: 1, reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    const r = readAlBytes(bytes, f);
    if (isFailure(r)) failures.push(r);
    else files.push(r);
  }
  return projectOf(files, failures);
}

/** Assembles a project from files already read (tests, the benchmark). */
export function projectOf(files: readonly AlFile[], failures: readonly FileReadFailure[] = []): AlProject {
  return { files, failures, objects: files.flatMap((f) => f.objects) };
}
