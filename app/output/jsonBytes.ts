/**
 * JSON text written straight into a byte buffer, for writers that emit many lines of a known
 * shape (the streamed `--json` result): no intermediate object is stringified, no string is
 * concatenated per line, and ASCII text is copied byte by byte instead of going through a UTF-8
 * encoder per line. What it writes is byte-identical to `JSON.stringify` of the same values:
 * strings that need escaping (quotes, backslashes, control characters) or that hold non-ASCII
 * characters are written as `JSON.stringify` writes them, UTF-8 encoded.
 *
 * The buffer is handed to its output whenever it fills (never in the middle of a character): as
 * bytes to an output that takes them ({@link TextOutput.writeBytes}), otherwise as text.
 * @module
 */
import type { TextOutput } from './fdWriter.js';

const BUFFER_BYTES = 64 * 1024;
/**
 * A buffer size for writers of much text (the `--json` result's task and call lines): when the
 * buffer fills, what it hands on is at least 256 KiB, which FdWriter and AtomicFile (buffers of
 * 256 and 64 KiB) write straight to their descriptor instead of copying it into their buffer first.
 */
export const LARGE_BUFFER_BYTES = 320 * 1024;
// A string longer than this is encoded by Buffer.write, not copied char by char.
const LONG_STRING = 1024;

/** A constant piece of ASCII JSON text (keys and punctuation), encoded once. */
export type JsonPiece = Uint8Array;

/**
 * Encodes a constant piece of ASCII JSON text once, for {@link JsonBytes.piece}.
 * @param text - ASCII text (e.g. `,"page":`)
 * @throws Error for text that is not ASCII
 */
export function jsonPiece(text: string): JsonPiece {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) throw new Error(`jsonPiece: not ASCII: ${text}`);
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

const NULL = jsonPiece('null');
const TRUE = jsonPiece('true');
const FALSE = jsonPiece('false');

/** JSON text built in a byte buffer (see the module comment). */
export class JsonBytes {
  private readonly buffer: Buffer;
  private readonly size: number;
  private pos = 0;

  /**
   * @param out - where the bytes go when the buffer fills or on {@link JsonBytes.flush}
   * @param bufferBytes - the buffer's size (64 KiB by default; see `LARGE_BUFFER_BYTES`)
   */
  constructor(private readonly out: TextOutput, bufferBytes = BUFFER_BYTES) {
    this.size = bufferBytes;
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** Hands everything buffered to the output. */
  flush(): void {
    const n = this.pos;
    if (n === 0) return;
    this.pos = 0;
    if (this.out.writeBytes !== undefined) this.out.writeBytes(this.buffer.subarray(0, n));
    else this.out.write(this.buffer.toString('utf8', 0, n));
  }

  /**
   * Appends a constant piece.
   * @param p - from {@link jsonPiece}
   */
  piece(p: JsonPiece): void {
    const n = p.length;
    if (this.pos + n > this.size) {
      this.flush();
      if (n > this.size) {
        this.handOn(p);
        return;
      }
    }
    const b = this.buffer;
    let pos = this.pos;
    if (n > 16) {
      b.set(p, pos);
      this.pos = pos + n;
      return;
    }
    for (let i = 0; i < n; i++) b[pos++] = p[i]!;
    this.pos = pos;
  }

  /**
   * Appends `key`, `JSON.stringify(v)` and the suffix of a field (its fused piece when the field
   * caches it, or for null).
   * @param f - the field (its key piece, e.g. `,"page":`)
   * @param v - a JSON scalar
   */
  field(f: JsonField, v: string | number | boolean | null): void {
    if (v === null) {
      this.piece(f.nullPiece);
      return;
    }
    if (typeof v === 'string') {
      const p = f.fused(v);
      if (p !== undefined) {
        this.piece(p);
        return;
      }
    }
    this.piece(f.key);
    this.scalar(v);
    if (f.suffix !== null) this.piece(f.suffix);
  }

  /**
   * Appends `JSON.stringify(s)`.
   * @param s - any string
   */
  string(s: string): void {
    const n = s.length;
    if (n <= LONG_STRING) {
      if (this.pos + n + 2 > this.size) this.flush();
      const b = this.buffer;
      const start = this.pos;
      let pos = start;
      b[pos++] = 0x22;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) break;
        b[pos++] = c;
      }
      if (i === n) {
        b[pos++] = 0x22;
        this.pos = pos;
        return;
      }
      this.pos = start;
    }
    this.text(JSON.stringify(s));
  }

  /**
   * Appends `JSON.stringify(n)` (`null` for NaN and infinities).
   * @param n - any number
   */
  number(n: number): void {
    if (n >= 0 && n <= 0x7fffffff && (n | 0) === n) {
      // A non-negative 31-bit integer (-0 included, which JSON writes as 0): digits, no string.
      if (this.pos + 10 > this.size) this.flush();
      const b = this.buffer;
      let v = n | 0;
      let digits = 1;
      for (let t = v; t >= 10; t = (t / 10) | 0) digits++;
      let pos = this.pos + digits;
      this.pos = pos;
      do {
        const q = (v / 10) | 0;
        b[--pos] = 0x30 + (v - q * 10);
        v = q;
      } while (v > 0);
      return;
    }
    this.text(Number.isFinite(n) ? String(n) : 'null');
  }

  /**
   * Appends `JSON.stringify(v)` of a JSON scalar.
   * @param v - a string, number, boolean or null
   */
  scalar(v: string | number | boolean | null): void {
    if (typeof v === 'string') this.string(v);
    else if (typeof v === 'number') this.number(v);
    else this.piece(v === null ? NULL : v ? TRUE : FALSE);
  }

  /**
   * Appends text as it is (UTF-8 encoded), e.g. the `JSON.stringify` of an odd value.
   * @param t - JSON text
   */
  text(t: string): void {
    if (t.length * 3 > this.size - this.pos) {
      this.flush();
      if (t.length * 3 > this.size) {
        this.handOn(Buffer.from(t, 'utf8'));
        return;
      }
    }
    this.pos += this.buffer.write(t, this.pos, 'utf8');
  }

  // A piece too big for the buffer, handed on by itself (the buffer is empty).
  private handOn(bytes: Uint8Array): void {
    if (this.out.writeBytes !== undefined) this.out.writeBytes(bytes);
    else this.out.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  }
}

/**
 * One field of a line shape: its key piece and the fused `key` + value (+ suffix) pieces of the
 * string values it has seen (at most `limit` of them, so memory stays bounded), for values that
 * repeat (names, enumerations): one copy instead of a key and a string. The optional suffix is
 * constant text that always follows the value (the next field's key), fused in as well.
 */
export class JsonField {
  /** The key piece, e.g. `,"page":`. */
  readonly key: JsonPiece;
  /** The key followed by `null` (and the suffix). */
  readonly nullPiece: JsonPiece;
  /** The constant text written after the value, or null for none. */
  readonly suffix: JsonPiece | null;
  private readonly pieces = new Map<string, JsonPiece>();

  /**
   * @param keyText - ASCII text of the key, e.g. `,"page":`
   * @param limit - how many values it keeps fused pieces of (0: only `null` is fused, for fields
   *   of many values, where the lookup costs more than writing the string)
   * @param suffixText - ASCII text always written after the value (e.g. the next key), default none
   */
  constructor(private readonly keyText: string, private readonly limit = 2048, private readonly suffixText = '') {
    this.key = jsonPiece(keyText);
    this.nullPiece = jsonPiece(`${keyText}null${suffixText}`);
    this.suffix = suffixText === '' ? null : jsonPiece(suffixText);
  }

  /**
   * The fused piece of `key` + `JSON.stringify(v)` + suffix, or undefined when the field keeps no more.
   * @param v - any string
   */
  fused(v: string): JsonPiece | undefined {
    if (this.limit === 0) return undefined;
    let p = this.pieces.get(v);
    if (p === undefined && this.pieces.size < this.limit) {
      p = Uint8Array.from(Buffer.from(this.keyText + JSON.stringify(v) + this.suffixText, 'utf8'));
      this.pieces.set(v, p);
    }
    return p;
  }
}

/**
 * True for a value that {@link JsonBytes.scalar} writes (a string, number, boolean or null).
 * @param v - any value
 */
export function isJsonScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
