/**
 * The process's stdout as an {@link FdWriter} (one per process, shared by every command), so
 * that every byte of a command's output is checked like a file's.
 * @module
 */
import { FdWriter } from './fdWriter.js';

let stdout: FdWriter | undefined;

/** The process's stdout writer (created on first use). */
export function stdoutWriter(): FdWriter {
  stdout ??= new FdWriter(1, 'stdout');
  return stdout;
}
