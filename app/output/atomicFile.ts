/**
 * Writing one output file so that it is never half-written: the content goes to a new temp file
 * in the target's directory, created with `O_CREAT | O_EXCL` under a random name (so an existing
 * file or a planted symlink at that name is never opened), mode 0644; every write is checked for
 * completeness (a short write is continued, a write that takes nothing is an error); then fsync,
 * close and rename over the target. On any error, and on SIGINT/SIGTERM/SIGHUP (cleanup.ts), the
 * temp file is removed and the target is left as it was.
 *
 * Concurrent writers of one target each write their own temp file and rename it: the target is
 * always one writer's whole file, and the last rename wins.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { track, untrack, type Discardable } from './cleanup.js';
import { codeOf, describeCode, OutputError } from './errors.js';
import { claimOutput } from './registry.js';
import { errnoError, fileOps } from './seam.js';

const BUFFER_BYTES = 64 * 1024;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Writes all of `length` bytes of `buffer` to `fd`, continuing after short writes.
 * @throws the write's error, or an errno-style `SHORT` error when a write accepts nothing
 */
export function writeFully(fd: number, buffer: Uint8Array, offset: number, length: number): void {
  const ops = fileOps();
  let done = 0;
  while (done < length) {
    const n = ops.write(fd, buffer, offset + done, length - done);
    if (!(n > 0)) throw errnoError('SHORT', `write accepted 0 of ${length - done} bytes`);
    done += n;
  }
}

/** One output file being written (see the module comment). */
export class AtomicFile implements Discardable {
  /** The temp file's path (in the target's directory). */
  readonly tempPath: string;
  private fd: number | null;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private written = 0;
  private state: 'open' | 'committed' | 'discarded' = 'open';

  /**
   * Claims `target` (see registry.ts) and creates its temp file.
   * @param target - the file to produce
   * @param role - how messages name it (`--trace`, `the run report`, ...)
   * @throws OutputError for a refused target or a temp file that cannot be created
   */
  constructor(readonly target: string, readonly role = 'the output') {
    claimOutput(target, role);
    const dir = dirname(target);
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        this.fd = fileOps().open(temp, CREATE_FLAGS, 0o644);
        this.tempPath = temp;
        track(this);
        return;
      } catch (e) {
        lastError = e;
        if (codeOf(e) !== 'EEXIST' && codeOf(e) !== 'ELOOP') break;
      }
    }
    throw new OutputError(`${target}: cannot write ${role} (${describeCode(codeOf(lastError))})`, codeOf(lastError));
  }

  /** Bytes accepted so far (buffered or written). */
  get bytes(): number {
    return this.written + this.used;
  }

  /**
   * Appends text (UTF-8) or bytes.
   * @throws OutputError when the file system refuses the bytes (the temp file is removed)
   */
  write(data: string | Uint8Array): void {
    if (this.state !== 'open') throw new OutputError(`${this.target}: ${this.role} is already ${this.state}`, 'ECLOSED');
    if (typeof data === 'string') {
      // Fast path: most lines fit the rest of the buffer (at most 3 bytes per UTF-16 unit); a
      // text that surely fits an empty buffer is encoded there after a flush, not copied.
      const most = data.length * 3;
      if (most > BUFFER_BYTES - this.used && most <= BUFFER_BYTES) this.flush();
      if (most <= BUFFER_BYTES - this.used) {
        this.used += this.buffer.write(data, this.used, 'utf8');
        return;
      }
      data = Buffer.from(data, 'utf8');
    }
    if (data.length > BUFFER_BYTES - this.used) this.flush();
    if (data.length >= BUFFER_BYTES) {
      this.guard(() => writeFully(this.fd!, data, 0, data.length));
      this.written += data.length;
      return;
    }
    this.buffer.set(data, this.used);
    this.used += data.length;
  }

  /** Writes what is buffered to the temp file (no sync, no rename). @throws OutputError */
  flushOnly(): void {
    if (this.state === 'open') this.flush();
  }

  /**
   * Writes what is buffered, syncs, closes and renames the temp file over the target.
   * @throws OutputError (the temp file is removed, the target untouched)
   */
  commit(): void {
    if (this.state !== 'open') throw new OutputError(`${this.target}: ${this.role} is already ${this.state}`, 'ECLOSED');
    this.flush();
    const ops = fileOps();
    this.guard(() => {
      ops.fsync(this.fd!);
      const fd = this.fd!;
      this.fd = null;
      ops.close(fd);
      ops.rename(this.tempPath, this.target);
    });
    this.state = 'committed';
    untrack(this);
  }

  /** Removes the temp file (idempotent; never throws). The target is left as it was. */
  discard(): void {
    if (this.state !== 'open') return;
    this.state = 'discarded';
    untrack(this);
    const ops = fileOps();
    if (this.fd !== null) {
      try {
        ops.close(this.fd);
      } catch {
        // already unusable; the unlink below is what matters
      }
      this.fd = null;
    }
    try {
      ops.unlink(this.tempPath);
    } catch {
      // gone already
    }
  }

  private flush(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.guard(() => writeFully(this.fd!, this.buffer, 0, n));
    this.written += n;
    this.used = 0;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.discard();
      const code = codeOf(e);
      throw new OutputError(`${this.target}: cannot write ${this.role} (${describeCode(code)}); nothing was written under that name`, code);
    }
  }
}

/**
 * Writes a whole file atomically (see the module comment).
 * @param target - the file to produce
 * @param content - its content
 * @param role - how messages name it
 * @throws OutputError
 */
export function writeFileAtomic(target: string, content: string | Uint8Array, role = 'the output'): void {
  const f = new AtomicFile(target, role);
  try {
    f.write(content);
    f.commit();
  } finally {
    f.discard();
  }
}
