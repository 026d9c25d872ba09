/**
 * The write seam of the output module: every system call that creates, writes, syncs, renames or
 * removes an output file goes through {@link fileOps}, so tests can simulate short writes, a full
 * disk (ENOSPC) or an I/O error without a special file system ({@link setFileOpsForTesting}).
 * @module
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** The file-system calls the output module makes. */
export interface FileOps {
  /** `open(2)`; returns a descriptor. */
  open(path: string, flags: number, mode: number): number;
  /** `write(2)` of `length` bytes of `buffer` from `offset`; returns the bytes written (maybe fewer). */
  write(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  /** `fsync(2)`. */
  fsync(fd: number): void;
  /** `close(2)`. */
  close(fd: number): void;
  /** `rename(2)`: atomic replacement of `to` within one file system. */
  rename(from: string, to: string): void;
  /** `unlink(2)`. */
  unlink(path: string): void;
}

/** The real calls (node:fs, synchronous). */
export const realFileOps: FileOps = {
  open: (path, flags, mode) => openSync(path, flags, mode),
  write: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
};

let current: FileOps = realFileOps;

/** The calls in use (the real ones unless a test replaced them). */
export function fileOps(): FileOps {
  return current;
}

/**
 * Replaces the file-system calls (tests only); `undefined` restores the real ones.
 * @param ops - e.g. `{ ...realFileOps, write: () => 0 }` for a disk that takes nothing more
 */
export function setFileOpsForTesting(ops: FileOps | undefined): void {
  current = ops ?? realFileOps;
}

/** An `Error` with an errno-style `code`, as node:fs throws (for seams that simulate failures). */
export function errnoError(code: string, message: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: ${message}`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}
