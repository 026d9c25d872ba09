/**
 * Reading a text file line by line with bounded memory (synchronous, 64 KiB at a time), for
 * `pbtsim replay` and `check-trace`-style consumers. Lines end at `\n` (a trailing `\r` is
 * kept: trace lines never contain one, so it shows up as a difference).
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 64 * 1024;

/** A line-by-line reader over one file. */
export class LineReader {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private pos = 0;
  private eof = false;
  private lineNo = 0;

  /** @param path - the file (opened at once; throws node's error if it cannot be) */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  /** 1-based number of the line last returned (0 before the first). */
  get line(): number {
    return this.lineNo;
  }

  /** The next line without its `\n`, or null at the end of the file. */
  next(): string | null {
    for (;;) {
      const nl = this.pending.indexOf('\n', this.pos);
      if (nl >= 0) {
        const line = this.pending.slice(this.pos, nl);
        this.pos = nl + 1;
        this.lineNo++;
        return line;
      }
      if (this.eof) {
        if (this.pos < this.pending.length) {
          const line = this.pending.slice(this.pos);
          this.pending = '';
          this.pos = 0;
          this.lineNo++;
          return line;
        }
        return null;
      }
      const n = readSync(this.fd, this.buffer, 0, CHUNK, null);
      this.pending = this.pending.slice(this.pos) + (n === 0 ? this.decoder.end() : this.decoder.write(this.buffer.subarray(0, n)));
      this.pos = 0;
      if (n === 0) this.eof = true;
    }
  }

  /** Closes the file (idempotent). */
  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
  }
}

/**
 * The last non-empty line of a file, read from its end (at most `maxBytes` from the end).
 * @returns the line, or null when the file is empty or its last line is longer than `maxBytes`
 */
export function lastLine(path: string, maxBytes = 1 << 20): string | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, maxBytes);
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, size - len + got);
      if (n === 0) break;
      got += n;
    }
    const text = buf.toString('utf8', 0, got).replace(/\n+$/, '');
    const nl = text.lastIndexOf('\n');
    if (nl < 0 && len < size) return null;
    return nl < 0 ? text : text.slice(nl + 1);
  } finally {
    closeSync(fd);
  }
}
