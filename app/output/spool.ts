/**
 * A spool: text written now and read back once later, kept in a temp file rather than in memory
 * (the `enqueueCalls` and `warnings` of a streamed `--json` result come after its tasks). The
 * file is created exclusively under a random name in the system temp directory (through
 * {@link AtomicFile}, so it is tracked for removal on signals) and removed when read back or
 * discarded. Small spools never touch the disk. Short texts are joined before they are kept;
 * bytes ({@link Spool.writeBytes}) go to the file as they are and come back as bytes to an output
 * that takes them (stdout), so the JSON writer's lines are never decoded and encoded again.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AtomicFile } from './atomicFile.js';
import type { TextOutput } from './fdWriter.js';

const MEMORY_LIMIT = 1 << 20;
const SHORT_TEXT = 4 * 1024;
const PENDING_CHARS = 16 * 1024;
let counter = 0;

/** Text spooled to a temp file once it passes 1 MiB. */
export class Spool implements TextOutput {
  private memory: (string | Uint8Array)[] = [];
  private pending = '';
  private memoryChars = 0;
  private file: AtomicFile | null = null;
  private empty = true;

  /** @param label - names the spool in messages */
  constructor(private readonly label: string) {}

  /** True when nothing was written. */
  get isEmpty(): boolean {
    return this.empty;
  }

  /** @inheritdoc */
  write(text: string): void {
    if (text.length === 0) return;
    this.empty = false;
    // Short texts (lines) are joined and stored or written in pieces of ~16 K characters.
    if (text.length < SHORT_TEXT) {
      this.pending += text;
      if (this.pending.length >= PENDING_CHARS) this.store();
      return;
    }
    this.store();
    this.keep(text);
  }

  private store(): void {
    const text = this.pending;
    if (text.length === 0) return;
    this.pending = '';
    this.keep(text);
  }

  /** @inheritdoc */
  writeBytes(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.empty = false;
    this.store();
    if (this.file !== null) this.file.write(bytes);
    else this.keep(new Uint8Array(bytes));
  }

  private keep(text: string | Uint8Array): void {
    if (this.file !== null) {
      this.file.write(text);
      return;
    }
    this.memory.push(text);
    this.memoryChars += text.length;
    if (this.memoryChars > MEMORY_LIMIT) {
      this.file = new AtomicFile(join(tmpdir(), `pbtsim-spool-${process.pid}-${++counter}`), `the ${this.label} spool`);
      for (const part of this.memory) this.file.write(part);
      this.memory = [];
    }
  }

  /**
   * Writes everything spooled to `out`, in order, then removes the temp file.
   * @param out - where the text goes
   */
  drainTo(out: TextOutput): void {
    try {
      this.store();
      if (this.file === null) {
        const decoder = new StringDecoder('utf8');
        for (const part of this.memory) {
          if (typeof part === 'string') out.write(decoder.end() + part);
          else if (out.writeBytes !== undefined) out.writeBytes(part);
          else out.write(decoder.write(Buffer.from(part.buffer, part.byteOffset, part.length)));
        }
        out.write(decoder.end());
        return;
      }
      // The temp file is read back through its own name before it is removed: the spool never
      // becomes a visible output.
      this.file.flushOnly();
      const fd = openSync(this.file.tempPath, 'r');
      try {
        const buf = Buffer.allocUnsafe(1 << 16);
        // The decoder keeps a character cut by a chunk boundary for the next chunk.
        const decoder = new StringDecoder('utf8');
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          if (out.writeBytes !== undefined) out.writeBytes(buf.subarray(0, n));
          else out.write(decoder.write(buf.subarray(0, n)));
        }
        out.write(decoder.end());
      } finally {
        closeSync(fd);
      }
    } finally {
      this.discard();
    }
  }

  /** Removes the temp file, if any (idempotent). */
  discard(): void {
    this.memory = [];
    this.pending = '';
    this.file?.discard();
    this.file = null;
  }
}
