/**
 * Text output to an inherited descriptor (stdout): buffered, every write checked for
 * completeness, written synchronously so output and exit code never race. A reader that went
 * away (EPIPE: `pbtsim run X --json | head`) is not an error: the rest of the output is dropped
 * quietly and the command ends with its own exit code. A full or failing device (ENOSPC, EIO:
 * `pbtsim run X > /dev/full`) is an {@link OutputError} (exit 2, one line).
 * @module
 */
import { writeSync } from 'node:fs';
import { codeOf, describeCode, OutputError } from './errors.js';

const BUFFER_BYTES = 256 * 1024;
// Short texts (a line of the `--json` result) are joined into one string and encoded into the
// buffer once it is this long: one encoding call per ~32 K characters instead of one per line.
const SHORT_TEXT = 4 * 1024;
const PENDING_CHARS = 32 * 1024;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** A text sink (stdout, a file, or a test's buffer). */
export interface TextOutput {
  /** Appends text. */
  write(text: string): void;
  /**
   * Appends UTF-8 bytes (optional: outputs that take bytes spare writers an encoding round
   * trip). The bytes are only read during the call; a character may be split across calls.
   */
  writeBytes?(bytes: Uint8Array): void;
}

/** Buffered, checked, synchronous writes to a descriptor (see the module comment). */
export class FdWriter implements TextOutput {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private pending = '';
  private brokenPipe = false;

  /**
   * @param fd - the descriptor (1 for stdout)
   * @param name - how messages name it (`stdout`)
   * @param writeCall - the write call (a seam for tests; `fs.writeSync` by default)
   */
  constructor(
    readonly fd: number,
    readonly name: string,
    private readonly writeCall: (fd: number, buffer: Uint8Array, offset: number, length: number) => number = writeSync,
  ) {}

  /** True once the reader has gone away (EPIPE); later writes are dropped. */
  get broken(): boolean {
    return this.brokenPipe;
  }

  /** @inheritdoc */
  write(text: string): void {
    if (this.brokenPipe) return;
    if (text.length < SHORT_TEXT) {
      this.pending += text;
      if (this.pending.length >= PENDING_CHARS) this.drainPending();
      return;
    }
    this.drainPending();
    this.encode(text);
  }

  /** @inheritdoc */
  writeBytes(bytes: Uint8Array): void {
    if (this.brokenPipe) return;
    this.drainPending();
    const n = bytes.length;
    if (n > BUFFER_BYTES - this.used) this.flushBuffer();
    if (this.brokenPipe) return;
    if (n >= BUFFER_BYTES) {
      this.writeAll(bytes, n);
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += n;
  }

  /** Writes everything buffered. @throws OutputError on ENOSPC, EIO, ... (not on EPIPE) */
  flush(): void {
    this.drainPending();
    this.flushBuffer();
  }

  private drainPending(): void {
    const text = this.pending;
    if (text.length === 0) return;
    this.pending = '';
    this.encode(text);
  }

  private encode(text: string): void {
    // At most 3 bytes per UTF-16 unit: a text that may not fit the rest of the buffer is written
    // after what is buffered, into the emptied buffer when it surely fits there.
    if (text.length * 3 > BUFFER_BYTES - this.used) this.flushBuffer();
    if (this.brokenPipe) return;
    if (text.length * 3 <= BUFFER_BYTES - this.used) {
      this.used += this.buffer.write(text, this.used, 'utf8');
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length < BUFFER_BYTES) {
      bytes.copy(this.buffer, 0);
      this.used = bytes.length;
    } else {
      this.writeAll(bytes, bytes.length);
    }
  }

  private flushBuffer(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    this.writeAll(this.buffer, n);
  }

  private writeAll(bytes: Uint8Array, length: number): void {
    let done = 0;
    while (done < length && !this.brokenPipe) {
      let n: number;
      try {
        n = this.writeCall(this.fd, bytes, done, length - done);
      } catch (e) {
        const code = codeOf(e);
        if (code === 'EAGAIN') {
          // A non-blocking pipe whose reader is slow: wait a moment and retry.
          Atomics.wait(pause, 0, 0, 2);
          continue;
        }
        if (code === 'EPIPE') {
          this.brokenPipe = true;
          return;
        }
        throw new OutputError(`cannot write to ${this.name} (${describeCode(code)})`, code);
      }
      if (!(n > 0)) throw new OutputError(`cannot write to ${this.name} (${describeCode('SHORT')})`, 'SHORT');
      done += n;
    }
  }
}

/** Collects text in memory (tests, and callers that want the result as a string). */
export class StringOutput implements TextOutput {
  private readonly parts: string[] = [];
  /** @inheritdoc */
  write(text: string): void {
    this.parts.push(text);
  }
  /** Everything written so far. */
  text(): string {
    return this.parts.join('');
  }
}
