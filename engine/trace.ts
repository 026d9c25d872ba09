/**
 * The trace: one canonical-JSON record per processed or emitted event, a rolling SHA-256
 * digest over those records, and sinks that keep them (memory, JSONL file, digest only).
 *
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, `undefined`
 * fields omitted, non-finite numbers rejected. Two runs with the same records therefore give
 * the same bytes and the same digest in every process.
 *
 * The digest is a chain over chunks: records are appended as UTF-8 (each followed by `\n`) to a
 * buffer; whenever the buffer reaches 64 KiB (65,536 bytes), `chain := sha256(chain || buffer)`,
 * with `chain` as its hex text, and the buffer is emptied. The final digest is
 * `sha256(chain || buffer)`. Chunk boundaries depend only on the records, and the (chain, buffer)
 * pair is plain data, so a snapshot can carry it and a restored run reaches the same digest as an
 * uninterrupted one.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ByteWriter } from './_internal/byteWriter.js';

/** A JSON value that can appear in a trace record. */
export type TraceValue = string | number | boolean | null | readonly TraceValue[] | { readonly [k: string]: TraceValue | undefined };

/** One trace record: `{ seq, timeMs, type, ...payload }`. */
export interface TraceRecord {
  /** Position of the record in the trace, from 0. */
  readonly seq: number;
  /** Simulated time of the record. */
  readonly timeMs: number;
  /** Record type: the event's `type` or the name given to `emit`. */
  readonly type: string;
  readonly [field: string]: TraceValue | undefined;
}

/**
 * Serializes a value as canonical JSON (sorted keys, no whitespace).
 * @param value - any JSON-compatible value
 * @returns the canonical text
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) s += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
        return s + ']';
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        s += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
        first = false;
      }
      return s + '}';
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

const CHUNK = 64 * 1024;

/** The serializable state of a {@link TraceDigest}. */
export interface DigestState {
  /** Hex SHA-256 of everything hashed so far (empty before the first chunk). */
  readonly chain: string;
  /** The records appended since the last chunk, each followed by a newline. */
  readonly buffer: string;
  /** Number of records digested so far. */
  readonly records: number;
}

/**
 * The rolling SHA-256 digest of a trace (see the module comment for the exact construction).
 * Records are kept as UTF-8 bytes; a chunk is hashed once it reaches 64 KiB.
 */
export class TraceDigest {
  private chain = '';
  private count = 0;
  /** The pending chunk; the kernel's record encoder writes into it directly. @internal */
  readonly writer = new ByteWriter(2 * CHUNK);

  /**
   * Appends one canonical record line.
   * @param line - the record's canonical JSON, without its newline
   */
  add(line: string): void {
    this.writer.text(line);
    this.endRecord();
  }

  /** Ends the record just written into {@link TraceDigest.writer}. @internal */
  endRecord(): void {
    this.writer.byte(10);
    this.endTerminatedRecord();
  }

  /** Ends a record written into {@link TraceDigest.writer} with its newline already. @internal */
  endTerminatedRecord(): void {
    const w = this.writer;
    this.count++;
    if (w.pos >= CHUNK) {
      this.chain = createHash('sha256').update(this.chain).update(w.bytes.subarray(0, w.pos)).digest('hex');
      w.pos = 0;
    }
  }

  /** Number of records digested so far. */
  get records(): number {
    return this.count;
  }

  /** The digest of everything added so far, as `sha256:<hex>`. */
  value(): string {
    const w = this.writer;
    return 'sha256:' + createHash('sha256').update(this.chain).update(w.bytes.subarray(0, w.pos)).digest('hex');
  }

  /** Plain-data state for snapshots. */
  save(): DigestState {
    return { chain: this.chain, buffer: this.writer.decode(0, this.writer.pos), records: this.count };
  }

  /** Restores a state from {@link TraceDigest.save}. */
  restore(s: DigestState): void {
    this.chain = s.chain;
    this.writer.pos = 0;
    this.writer.text(s.buffer);
    this.count = s.records;
  }
}

/** Where trace records go besides the digest. */
export interface TraceSink {
  /**
   * Receives each record and its canonical line (an empty string when {@link needsLines} is
   * false).
   */
  write(record: TraceRecord, line: string): void;
  /**
   * False when the sink never reads the canonical line (folds over records only): the
   * simulation then skips decoding it. Default true. Read once, when the simulation is built.
   */
  readonly needsLines?: boolean;
  /**
   * The record types the sink reads, when it reads only some: with the digest detached to a
   * packer (`Simulation.detachDigest(packer)`), records of other types are packed, and neither
   * built nor written to the sink. Default: every type. Read once, when the digest is detached.
   */
  readonly recordTypes?: ReadonlySet<string>;
  /** Called once when the owner is done; a file sink commits its file here. */
  close(): void;
}

/** Keeps every record in memory (tests, reports, short runs). */
export class MemorySink implements TraceSink {
  /** The records, in trace order. */
  readonly records: TraceRecord[] = [];
  /** @inheritdoc */
  write(record: TraceRecord): void {
    this.records.push(record);
  }
  /** @inheritdoc */
  close(): void {}
}

/** Keeps nothing: only the digest is computed (very long runs). */
export class DigestOnlySink implements TraceSink {
  /** @inheritdoc */
  write(): void {}
  /** @inheritdoc */
  close(): void {}
}

// Where a JsonlFileSink puts its text: an output that commits or discards as a whole (the
// application's output module implements it; so does the built-in file writer below).
interface LineWriter {
  /** Appends text; throws when the bytes cannot be written. */
  write(text: string): void;
  /** Makes the whole output visible under its name. */
  commit(): void;
  /** Removes the unfinished output (idempotent, never throws). */
  discard(): void;
}

// The built-in writer: an exclusive temp file next to the target (random name, so an existing
// file or a planted symlink there is never opened), every write checked until all bytes are
// taken, fsync, then rename.
class TempFileWriter implements LineWriter {
  private readonly temp: string;
  private fd: number | null;
  constructor(readonly path: string) {
    const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | (fsConstants.O_NOFOLLOW ?? 0);
    this.temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    this.fd = openSync(this.temp, flags, 0o644);
  }
  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    try {
      while (done < bytes.length) {
        const n = writeSync(this.fd!, bytes, done, bytes.length - done);
        if (!(n > 0)) throw new Error(`${this.path}: write accepted 0 of ${bytes.length - done} bytes`);
        done += n;
      }
    } catch (e) {
      this.discard();
      throw e;
    }
  }
  commit(): void {
    try {
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = null;
      renameSync(this.temp, this.path);
    } catch (e) {
      this.discard();
      throw e;
    }
  }
  discard(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // unusable already
      }
      this.fd = null;
    }
    rmSync(this.temp, { force: true });
  }
}

/**
 * Writes one canonical line per record as JSON lines. The text goes to a writer that commits or
 * discards as a whole:
 * given a path, a built-in writer that fills an exclusive temp file next to it, checks every
 * write, and renames it to `path` only in {@link JsonlFileSink.close}, so a failed run never
 * leaves a half-written trace under the real name; {@link JsonlFileSink.abort} removes the temp.
 */
export class JsonlFileSink implements TraceSink {
  private readonly out: LineWriter;
  private pending = '';
  private closed = false;
  /**
   * @param target - destination file, or a writer that commits or discards as a whole
   *   (`write(text)` throws when bytes cannot be written; `commit()`; `discard()` never throws)
   */
  constructor(target: string | { write(text: string): void; commit(): void; discard(): void }) {
    this.out = typeof target === 'string' ? new TempFileWriter(target) : target;
  }
  /** @inheritdoc */
  write(_record: TraceRecord, line: string): void {
    this.pending += line + '\n';
    if (this.pending.length >= CHUNK) this.flush();
  }
  /** Writes a header or footer line that is not part of the digest (e.g. replay metadata). */
  writeMeta(value: unknown): void {
    this.pending += canonicalJson(value) + '\n';
  }
  /** @inheritdoc */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.out.commit();
    this.closed = true;
  }
  /** Discards the unfinished file. */
  abort(): void {
    if (this.closed) return;
    this.out.discard();
    this.closed = true;
  }
  private flush(): void {
    if (this.pending.length > 0) this.out.write(this.pending);
    this.pending = '';
  }
}
