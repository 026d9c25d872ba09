/**
 * A growable byte buffer that canonical-JSON text is written into directly (ASCII fast paths,
 * UTF-8 for the rest), so that the trace digest hashes bytes without first building, joining and
 * re-encoding strings. Fast path, justified by the `kernel-noop` benchmark (docs/performance.md).
 * @module
 * @internal
 */

const encoder = new TextEncoder();

// "00".."99" as byte pairs: two digits per division when writing integers.
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + ((i / 10) | 0);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** Number of decimal digits of a non-negative safe integer. */
function digitCount(v: number): number {
  let n = 1;
  while (v >= 10000) {
    v = Math.floor(v / 10000);
    n += 4;
  }
  return v >= 1000 ? n + 3 : v >= 100 ? n + 2 : v >= 10 ? n + 1 : n;
}

/**
 * Writes the non-negative safe integer `v` in decimal at `b[p]`; returns the new position. The
 * caller guarantees 16 free bytes.
 * @internal
 */
export function writeUint(b: Uint8Array, p: number, v: number): number {
  const end = p + digitCount(v);
  let q = end;
  while (v > 0x7fffffff) {
    const r = Math.floor(v / 100);
    const d = 2 * (v - r * 100);
    b[--q] = PAIRS[d + 1]!;
    b[--q] = PAIRS[d]!;
    v = r;
  }
  while (v >= 100) {
    const r = (v / 100) | 0;
    const d = 2 * (v - r * 100);
    b[--q] = PAIRS[d + 1]!;
    b[--q] = PAIRS[d]!;
    v = r;
  }
  if (v >= 10) {
    b[--q] = PAIRS[2 * v + 1]!;
    b[--q] = PAIRS[2 * v]!;
  } else {
    b[--q] = 48 + v;
  }
  return end;
}

/** @internal */
export class ByteWriter {
  bytes: Uint8Array;
  /** The same bytes as a DataView (word stores of the compiled record writers). */
  dataView: DataView;
  pos = 0;
  private view: Buffer;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.dataView = new DataView(this.bytes.buffer);
    this.view = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /** Makes room for `n` more bytes after `pos`. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
    this.dataView = new DataView(next.buffer);
    this.view = Buffer.from(next.buffer, next.byteOffset, next.byteLength);
  }

  byte(b: number): void {
    if (this.pos >= this.bytes.length) this.ensure(1);
    this.bytes[this.pos++] = b;
  }

  /** Writes pre-encoded bytes (short: a plain loop beats `set` for a few bytes). */
  raw(src: Uint8Array): void {
    const n = src.length;
    if (this.pos + n > this.bytes.length) this.ensure(n);
    const b = this.bytes;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = src[i]!;
    this.pos = p;
  }

  /** Writes a finite number exactly as `String(n)` would. */
  number(n: number): void {
    if (!Number.isFinite(n)) throw new TypeError(`canonicalJson: non-finite number ${n}`);
    if (!Number.isSafeInteger(n)) {
      this.text(String(n));
      return;
    }
    this.ensure(17);
    let p = this.pos;
    if (n < 0) {
      this.bytes[p++] = 45; // '-'
      n = -n;
    }
    this.pos = writeUint(this.bytes, p, n);
  }

  /** Writes `JSON.stringify(s)` (a JSON string literal). */
  jsonString(s: string): void {
    const n = s.length;
    this.ensure(n + 2);
    const b = this.bytes;
    const start = this.pos;
    let p = start;
    b[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Slow path for anything JSON escapes or UTF-8 encodes in more than one byte.
      if (c < 0x20 || c === 34 || c === 92 || c >= 0x80) {
        this.pos = start;
        this.text(JSON.stringify(s));
        return;
      }
      b[p++] = c;
    }
    b[p++] = 34;
    this.pos = p;
  }

  /** Writes `s` as UTF-8. */
  text(s: string): void {
    const n = s.length;
    this.ensure(n);
    const b = this.bytes;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.ensure(3 * n);
        this.pos += encoder.encodeInto(s, this.bytes.subarray(this.pos)).written;
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** The bytes [start, end) decoded as UTF-8. */
  decode(start: number, end: number): string {
    return this.view.toString('utf8', start, end);
  }
}

/** The UTF-8 bytes of `s`. @internal */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
