/**
 * The files a command reads and writes, so that no output can overwrite an input or another
 * output of the same command (`pbtsim run self.json --trace self.json`, `--trace X --report X`).
 * Two names are the same file when they resolve to the same path (symlinks and `..` followed)
 * or have the same device and inode (hard links, bind mounts).
 * @module
 */
import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError } from './errors.js';

interface FileIdentity {
  /** The name as given. */
  readonly name: string;
  /** What it was registered as (`the input scenario`, `--trace`, ...). */
  readonly role: string;
  /** Resolved absolute path. */
  readonly path: string;
  /** Device and inode, when the file exists. */
  readonly dev: number | null;
  readonly ino: number | null;
}

const inputs: FileIdentity[] = [];
const outputs: FileIdentity[] = [];

// The absolute path with every existing symlink resolved; a file that does not exist yet is
// resolved through its directory.
function resolvedPath(name: string): string {
  const abs = resolve(name);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

function identity(name: string, role: string): FileIdentity {
  let st: Stats | undefined;
  try {
    st = statSync(name);
  } catch {
    st = undefined;
  }
  return { name, role, path: resolvedPath(name), dev: st?.dev ?? null, ino: st?.ino ?? null };
}

function same(a: FileIdentity, b: FileIdentity): boolean {
  return a.path === b.path || (a.dev !== null && a.ino !== null && a.dev === b.dev && a.ino === b.ino);
}

/**
 * Registers a file the command reads: no output of this process may be written over it.
 * Idempotent; a file that cannot be stat'ed is still registered by its resolved path.
 * @param path - the file as the user named it
 * @param role - how to name it in a refusal (default `an input`)
 */
export function registerInput(path: string, role = 'an input'): void {
  const id = identity(path, role);
  if (!inputs.some((i) => same(i, id))) inputs.push(id);
}

/**
 * Checks that `path` may be written and claims it as an output of this process.
 * @param path - the target as the user named it
 * @param role - how to name it in messages, e.g. `--trace`
 * @throws OutputError when the target is a directory, a device or another non-regular file, or
 *   the same file as a registered input or an output already claimed under another role
 */
export function claimOutput(path: string, role: string): void {
  let st: Stats | undefined;
  try {
    st = lstatSync(path);
    if (st.isSymbolicLink()) st = statSync(path);
  } catch {
    st = undefined; // does not exist yet (or a dangling link, replaced by the rename)
  }
  if (st !== undefined) {
    if (st.isDirectory()) throw new OutputError(`${path}: cannot write ${role} there: it is a directory`, 'EISDIR');
    if (!st.isFile()) throw new OutputError(`${path}: cannot write ${role} there: it is not a regular file (a device, pipe or socket); name a file`, 'ENOTREG');
  }
  const id = identity(path, role);
  const input = inputs.find((i) => same(i, id));
  if (input !== undefined) throw new OutputError(`${path}: refusing to write ${role} over ${input.role} (${input.name}); name another file`, 'ESAMEFILE');
  const other = outputs.find((o) => same(o, id) && o.role !== role);
  if (other !== undefined) throw new OutputError(`${path}: refusing to write ${role} to the same file as ${other.role} (${other.name})`, 'ESAMEFILE');
  if (!outputs.some((o) => same(o, id) && o.role === role)) outputs.push(id);
}

/** Forgets every registered input and output (tests, and a process that runs several commands). */
export function resetFileRegistry(): void {
  inputs.length = 0;
  outputs.length = 0;
}
