/**
 * The error of the output module: one line naming the file and what went wrong; the CLI prints
 * it and exits 2 (unusable input or arguments, or an output that could not be written).
 * @module
 */

/** A refused or failed output. */
export class OutputError extends Error {
  /**
   * @param message - one line, naming the file
   * @param code - the errno code behind it (`ENOSPC`, `EISDIR`, ...) or a refusal reason
   */
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** The errno code of a caught error, or `'error'`. */
export function codeOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : 'error';
}

/** A short text for an errno code (`ENOSPC: no space left on device`). */
export function describeCode(code: string): string {
  const known: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such directory',
    EROFS: 'read-only file system',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    EXDEV: 'not on the same file system',
    EFBIG: 'file too large',
    SHORT: 'the device accepted no more bytes',
  };
  return Object.hasOwn(known, code) ? `${code}: ${known[code]!}` : code;
}
