/**
 * The fast encoder of trace records. It writes exactly the UTF-8 bytes of
 * `canonicalJson({ ...fields, seq, timeMs, type })` into the digest's buffer, without building that
 * object or its string and without sorting keys per record: the sorted key order (with each key's
 * pre-encoded `"key":` bytes) is computed once per record *shape* (the record type and the own keys
 * of `fields`, in insertion order) and cached.
 *
 * Fast path, justified by the `kernel-noop` benchmark (docs/performance.md): sorting keys,
 * spreading the record and concatenating strings were the largest per-event costs of the first
 * cut. A shape hit costs one `Object.keys` and a comparison of two short key arrays; a miss sorts.
 * Equality with `canonicalJson` is a property test (test/engine/recordEncoder.test.ts).
 * @module
 * @internal
 */
import { SimulationError } from '../errors.js';
import { canonicalJson, TraceDigest } from '../trace.js';
import { utf8, writeUint, type ByteWriter } from './byteWriter.js';
import type { PackShape, RecordPacker } from '../recordPacker.js';
import { packCode } from './packFormat.js';

const SEQ = 0;
const TIME = 1;
const TYPE = 2;
const FIELD = 3;
const MAX_SHAPES_PER_TYPE = 16;

/** The constant bytes of a shape's record and the value slots between them. */
interface Template {
  readonly segments: readonly (readonly number[])[];
  readonly slotSources: readonly number[];
  readonly slotNames: readonly string[];
  readonly templateBytes: number;
}

interface Shape {
  /** The record's template (see {@link compileWriter}). */
  readonly template: Template;
  /** Own keys of `fields`, in insertion order, as seen when the shape was built. */
  readonly rawKeys: readonly string[];
  /** For each key in canonical order: `"key":` as bytes. */
  readonly keyBytes: readonly Uint8Array[];
  /** For each key in canonical order: SEQ, TIME, TYPE or FIELD. */
  readonly sources: readonly number[];
  /** For each key in canonical order: its name. */
  readonly names: readonly string[];
  /** The record type as a JSON string literal, in bytes. */
  readonly typeBytes: Uint8Array;
  /**
   * The record's template compiled into straight-line code (see {@link compileWriter}). The
   * template is the constant bytes around the values (`{"id":`, `,"seq":`, `,"timeMs":`,
   * `,"type":"tick"}`), with the type folded in, for when every field is defined.
   */
  readonly writer: ShapeWriter;
  /**
   * Builds `{ ...fields, seq, timeMs, type }` for fields of exactly this shape (see
   * {@link compileBuilder}); null for a shape it cannot build (then the caller spreads).
   */
  readonly build: RecordBuilder | null;
  /**
   * Checks fields against this shape and builds the record without encoding it (see
   * {@link compileCheckedBuilder}); null for a shape {@link compileBuilder} cannot build.
   */
  readonly checkedBuild: CheckedBuilder | null;
  /**
   * The packed shape of this shape's records (see {@link RecordEncoder.build}): undefined until the
   * first one is packed, null when they are packed key by key.
   */
  packShape?: PackShape | null;
}

/**
 * Builds the record of `fields` when they have exactly the shape's own keys, in order, and every
 * value is one the compiled writer takes on its fast path; returns null otherwise (the caller then
 * takes the slow path, which encodes the record to find out whether it is valid).
 */
type CheckedBuilder = (fields: Readonly<Record<string, unknown>> | undefined, seq: number, timeMs: number, type: string, nested: (v: object) => boolean, p: RecordPacker | null, shape: number, misses: Int32Array | null, ls: (string | undefined)[] | null, li: Int32Array | null, bare: boolean) => Record<string, unknown> | null;

// What a checked builder returns for a record it packed and was not asked to build.
const BARE: Record<string, unknown> = Object.freeze({});

/** Builds the record `{ ...fields, seq, timeMs, type }` of a `fields` object of one shape. @internal */
export type RecordBuilder = (fields: Readonly<Record<string, unknown>> | undefined, seq: number, timeMs: number, type: string) => Record<string, unknown>;

/**
 * Writes a record of one shape when every field is defined and is a number, string, boolean or
 * null; returns false (having written a partial record the caller discards) otherwise.
 */
type ShapeWriter = (w: ByteWriter, obj: Readonly<Record<string, unknown>> | undefined, seq: number, timeMs: number, wu: typeof writeUint, wj: typeof writeNested) => boolean;

/**
 * Writes a nested value (object or array, not null) exactly as `canonicalJson` would; returns
 * false, having written a partial value, for anything canonical JSON refuses (the caller then
 * takes the slow path, which reports the error). Fast path (pbt-browse benchmark): records with
 * nested `parameters`/`results` objects no longer fall back to the generic loop.
 */
function writeNested(w: ByteWriter, v: object): boolean {
  if (Array.isArray(v)) {
    w.byte(91); // '['
    for (let i = 0; i < v.length; i++) {
      if (i > 0) w.byte(44);
      const x: unknown = v[i];
      if (x === undefined) w.text('null');
      else if (!writeAny(w, x)) return false;
    }
    w.byte(93);
    return true;
  }
  const obj = v as Readonly<Record<string, unknown>>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  w.byte(123); // '{'
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = obj[k];
    if (x === undefined) continue;
    if (!first) w.byte(44);
    first = false;
    w.jsonString(k);
    w.byte(58); // ':'
    if (!writeAny(w, x)) return false;
  }
  w.byte(125);
  return true;
}

function writeAny(w: ByteWriter, x: unknown): boolean {
  switch (typeof x) {
    case 'string':
      w.jsonString(x);
      return true;
    case 'number':
      if (!Number.isFinite(x)) return false;
      w.number(x);
      return true;
    case 'boolean':
      w.text(x ? 'true' : 'false');
      return true;
    case 'object':
      if (x === null) {
        w.text('null');
        return true;
      }
      return writeNested(w, x);
    default:
      return false;
  }
}

/**
 * True when {@link writeNested} would write `v` (a nested object or array, not null) whole:
 * the same walk without the bytes. Used when the digest is detached ({@link RecordEncoder.build}).
 */
function nestedOk(v: object): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x !== undefined && !anyOk(x)) return false;
    }
    return true;
  }
  const obj = v as Readonly<Record<string, unknown>>;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const x = obj[keys[i]!];
    if (x !== undefined && !anyOk(x)) return false;
  }
  return true;
}

function anyOk(x: unknown): boolean {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(x);
    case 'object':
      return x === null || nestedOk(x);
    default:
      return false;
  }
}

const LITERALS: Readonly<Record<string, readonly number[]>> = { true: [116, 114, 117, 101], false: [102, 97, 108, 115, 101], null: [110, 117, 108, 108] };

// Generated code that returns `refuse` unless the object named `name` (or undefined) has exactly
// the shape's own keys, in the same order (for-in walks own enumerable keys in the order
// Object.keys gives, then inherited ones, which also refuse). Shared by the writer and the
// checked builder, which must accept the same objects.
function keyWalk(name: string, rawKeys: readonly string[], refuse: string): string {
  let code = 'let n = 0;\n';
  code += `if (${name} !== undefined) for (const k in ${name}) { switch (n++) {`;
  rawKeys.forEach((k, i) => { code += ` case ${i}: if (k !== ${JSON.stringify(k)}) return ${refuse}; break;`; });
  return code + ` default: return ${refuse}; } }\nif (n !== ${rawKeys.length}) return ${refuse};\n`;
}

// Constant bytes as stores: four at a time through a little-endian DataView, then single bytes.
function storeBytes(bytes: readonly number[]): string {
  let code = '';
  let j = 0;
  for (; j + 4 <= bytes.length; j += 4) {
    const word = (bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24)) >>> 0;
    code += `d.setUint32(p+${j},${word},true);`;
  }
  for (; j < bytes.length; j++) code += `b[p+${j}]=${bytes[j]};`;
  return code + (bytes.length > 0 ? `p+=${bytes.length};` : '');
}

/**
 * Fast path, justified by the `kernel-noop` benchmark (docs/performance.md): the template of a
 * shape compiled into straight-line code — constant bytes become unrolled stores, each value slot
 * an inline type test — which saves about a third of the cost of encoding a record compared with
 * looping over the template. The generated source contains only byte values, JSON-quoted field
 * names and fixed code, so no input can inject code; equality with `canonicalJson` is a property
 * test (test/engine/recordEncoder.test.ts).
 */
function compileWriter(rawKeys: readonly string[], template: Template, checkKeys = true): ShapeWriter {
  const { segments: templateSegments, slotSources, slotNames, templateBytes } = template;
  // The last segment also carries the record's terminating newline (`}` then `\n`).
  const segments = [...templateSegments.slice(0, -1), [...templateSegments[templateSegments.length - 1]!, 10]];
  const rest = templateBytes + 1 + 17 * slotSources.length;
  let code = checkKeys ? keyWalk('obj', rawKeys, 'false') : '';
  code += `if (w.pos + ${rest} > w.bytes.length) w.ensure(${rest});\nlet b = w.bytes; let d = w.dataView; let p = w.pos; let v;\n`;
  const reload = `w.ensure(${rest}); b = w.bytes; d = w.dataView; p = w.pos;`;
  segments.forEach((seg, i) => {
    code += storeBytes(seg) + '\n';
    if (i === slotSources.length) return;
    const src = slotSources[i];
    code += `v = ${src === SEQ ? 'seq' : src === TIME ? 'timeMs' : `obj[${JSON.stringify(slotNames[i])}]`};\n`;
    code += `if (typeof v === 'number' && v >= 0 && v <= 9007199254740991 && v === Math.floor(v)) p = wu(b, p, v);\n`;
    code += `else if (typeof v === 'string') { w.pos = p; w.jsonString(v); ${reload} }\n`;
    for (const [lit, bytes] of Object.entries(LITERALS)) code += `else if (v === ${lit}) { ${storeBytes(bytes)} }\n`;
    code += `else if (typeof v === 'number' && Number.isFinite(v)) { w.pos = p; w.number(v); ${reload} }\n`;
    code += `else if (typeof v === 'object') { w.pos = p; if (!wj(w, v)) return false; ${reload} }\n`;
    code += 'else return false;\n';
  });
  code += 'w.pos = p; return true;';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from constants, see above
  return new Function('w', 'obj', 'seq', 'timeMs', 'wu', 'wj', code) as ShapeWriter;
}

// A key an object literal would not create as the spread does (`__proto__` sets the prototype)
// or would order differently (an array index): such shapes are spread instead.
const PLAIN_KEY = /^(?!__proto__$)(?!(?:0|[1-9][0-9]*)$)/;

// The keys of `{ ...f, seq, timeMs, type }`, in order, for a shape's own keys.
function recordKeys(rawKeys: readonly string[]): string[] {
  const keys = [...rawKeys];
  for (const k of ['seq', 'timeMs', 'type']) if (!rawKeys.includes(k)) keys.push(k);
  return keys;
}

// The object literal `{ "a": f["a"], …, seq, timeMs, type }` for a shape's own keys: the keys and
// order of `{ ...f, seq, timeMs, type }` (a key `seq`, `timeMs` or `type` of `f` keeps its place
// and takes the kernel's value, as the spread overwrites it).
function recordLiteral(rawKeys: readonly string[]): string {
  const own = (k: string): string => (k === 'seq' || k === 'timeMs' || k === 'type' ? k : `f[${JSON.stringify(k)}]`);
  const parts = rawKeys.map((k) => `${JSON.stringify(k)}: ${own(k)}`);
  for (const k of ['seq', 'timeMs', 'type']) if (!rawKeys.includes(k)) parts.push(`${k}: ${k}`);
  return `{ ${parts.join(', ')} }`;
}

/**
 * Fast path, justified by the `run-browse-1000` benchmark (docs/performance.md): the record of a
 * shape built by one object literal, `{ "a": f["a"], …, seq, timeMs, type }`, with the same keys
 * in the same order and the same values as `{ ...f, seq, timeMs, type }` (a key `seq`, `timeMs`
 * or `type` of `f` keeps its place and takes the record's value, as the spread overwrites it).
 * One allocation with every field in the object, where adding three properties to the payload
 * cost a transition per property and an out-of-object property array per record. Only for
 * objects the shape's writer accepted (exactly the shape's own keys, in order, none undefined);
 * the generated source holds only JSON-quoted field names and fixed code.
 */
function compileBuilder(rawKeys: readonly string[]): RecordBuilder | null {
  if (rawKeys.length > 64 || !rawKeys.every((k) => PLAIN_KEY.test(k))) return null;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from constants, see above
  return new Function('f', 'seq', 'timeMs', 'type', `return ${recordLiteral(rawKeys)};`) as RecordBuilder;
}

/**
 * Fast path, justified by the `run-browse-1000` benchmark (docs/performance.md): with the digest
 * detached (the application computes it on another thread), a record is checked and built without
 * being encoded. The generated function accepts exactly what the shape's compiled writer accepts on
 * its fast path (the same key walk; each value a finite number, a string, a boolean, null, or a
 * nested value {@link writeNested} would write; the values of `seq`, `timeMs` and `type` are the
 * kernel's, as in the writer) and then builds the record as {@link compileBuilder} does. What it
 * refuses, the encoder decides by encoding (so errors are the same as with the digest attached).
 * The generated source holds only JSON-quoted field names and fixed code.
 */
function compileCheckedBuilder(rawKeys: readonly string[]): CheckedBuilder | null {
  if (rawKeys.length > 64 || !rawKeys.every((k) => PLAIN_KEY.test(k))) return null;
  const local = (k: string): string => (k === 'seq' || k === 'timeMs' || k === 'type' ? k : `x${rawKeys.indexOf(k)}`);
  let code = keyWalk('f', rawKeys, 'null');
  rawKeys.forEach((k, i) => {
    if (k === 'seq' || k === 'timeMs' || k === 'type') return;
    code += `const x${i} = f[${JSON.stringify(k)}];\n`;
    code += `if (typeof x${i} === 'number') { if (x${i} - x${i} !== 0) return null; }\n`;
    code += `else if (typeof x${i} === 'object') { if (x${i} !== null && !nested(x${i})) return null; }\n`;
    code += `else if (typeof x${i} !== 'string' && typeof x${i} !== 'boolean') return null;\n`;
  });
  // With a packer (the digest detached for another thread), the record is packed from the values
  // just checked, in its keys' order (RecordPacker), then built.
  code += `if (p !== null) ${packCode(recordKeys(rawKeys).map(local))}`;
  code += 'if (bare) return BARE;\n';
  code += `return { ${recordKeys(rawKeys).map((k) => `${JSON.stringify(k)}: ${local(k)}`).join(', ')} };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from constants, see above
  return new Function('BARE', `return function (f, seq, timeMs, type, nested, p, shape, misses, ls, li, bare) {\n${code}\n};`)(BARE) as CheckedBuilder;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function buildShape(type: string, rawKeys: readonly string[]): Shape {
  const all = new Set<string>(rawKeys);
  all.add('seq');
  all.add('timeMs');
  all.add('type');
  // Same order as canonicalJson: Array.prototype.sort's default (UTF-16 code units).
  const sorted = [...all].sort();
  const sources = sorted.map((k) => (k === 'seq' ? SEQ : k === 'timeMs' ? TIME : k === 'type' ? TYPE : FIELD));
  // Plain arrays of small integers: V8 reads them faster than small Uint8Arrays (measured).
  const segments: number[][] = [];
  const slotSources: number[] = [];
  const slotNames: string[] = [];
  let text = '{';
  sorted.forEach((k, i) => {
    text += (i === 0 ? '' : ',') + JSON.stringify(k) + ':';
    if (sources[i] === TYPE) {
      text += JSON.stringify(type);
    } else {
      segments.push(Array.from(utf8(text)));
      slotSources.push(sources[i]!);
      slotNames.push(k);
      text = '';
    }
  });
  segments.push(Array.from(utf8(text + '}')));
  const template: Template = { segments, slotSources, slotNames, templateBytes: segments.reduce((n, seg) => n + seg.length, 0) };
  return {
    template,
    rawKeys,
    keyBytes: sorted.map((k) => utf8(JSON.stringify(k) + ':')),
    sources,
    names: sorted,
    typeBytes: utf8(JSON.stringify(type)),
    writer: compileWriter(rawKeys, template),
    build: compileBuilder(rawKeys),
    checkedBuild: compileCheckedBuilder(rawKeys),
  };
}

function writeValue(w: ByteWriter, v: unknown): void {
  switch (typeof v) {
    case 'number':
      w.number(v);
      return;
    case 'string':
      w.jsonString(v);
      return;
    default:
      w.text(canonicalJson(v));
  }
}

// A throwaway digest for the slow path of `build`: records encoded only to be checked.
class TraceDigestScratch {
  readonly digest = new TraceDigest();
  reset(): void {
    this.digest.writer.pos = 0;
  }
}

/** Encodes trace records with a per-shape cache; one instance per simulation. @internal */
export class RecordEncoder {
  // Shapes seen per type, most recent first (a type whose optional fields come and go has a few
  // shapes; keeping them all avoids rebuilding on every alternation). Bounded per type.
  private readonly shapes = new Map<string, Shape[]>();
  private lastType: string | undefined;
  private lastShape: Shape | undefined;
  /**
   * After {@link encode}: the builder of the record just encoded when its fields had exactly the
   * shape's keys, none undefined (the compiled writer's fast path), else null.
   */
  builder: RecordBuilder | null = null;

  /**
   * Appends the record `{ ...fields, seq, timeMs, type }` to `digest`.
   * @returns the record's canonical line when `wantLine`, else undefined
   */
  encode(digest: TraceDigest, type: string, fields: object | undefined, seq: number, timeMs: number, wantLine: boolean): string | undefined {
    const obj = fields as Readonly<Record<string, unknown>> | undefined;
    // The compiled writer checks the object's keys itself (no separate walk): the last shape of
    // this type is tried first; if the writer refuses, the exact shape is looked up and tried.
    // Fast path (pbt-browse benchmark): the most recent shape of this type, without Object.keys.
    let shape = this.lastType === type ? this.lastShape : this.shapes.get(type)?.[0];
    if (shape === undefined) shape = this.lookup(type, obj);
    const w = digest.writer;
    const start = w.pos;
    let ok = shape.writer(w, obj, seq, timeMs, writeUint, writeNested);
    if (!ok) {
      w.pos = start;
      const exact = this.lookup(type, obj);
      if (exact !== shape) {
        shape = exact;
        ok = shape.writer(w, obj, seq, timeMs, writeUint, writeNested);
      }
    }
    this.lastType = type;
    this.lastShape = shape;
    this.builder = ok ? shape.build : null;
    if (ok) {
      // The generated writer also wrote the record's newline.
      const line = wantLine ? w.decode(start, w.pos - 1) : undefined;
      digest.endTerminatedRecord();
      return line;
    }
    w.pos = start;
    const { keyBytes, sources, names } = shape;
    w.byte(123); // '{'
    let first = true;
    let i = 0;
    try {
      for (; i < sources.length; i++) {
        const src = sources[i];
        let v: unknown;
        if (src === FIELD) {
          v = obj![names[i]!];
          if (v === undefined) continue;
        }
        if (!first) w.byte(44); // ','
        first = false;
        w.raw(keyBytes[i]!);
        if (src === SEQ) w.number(seq);
        else if (src === TIME) w.number(timeMs);
        else if (src === TYPE) w.raw(shape.typeBytes);
        else writeValue(w, v);
      }
    } catch (cause) {
      // Leave the digest as it was: a record is appended whole or not at all.
      w.pos = start;
      throw new SimulationError('invalid-event', { field: names[i], reason: cause instanceof Error ? cause.message : String(cause) });
    }
    w.byte(125); // '}'
    return this.finish(digest, start, wantLine);
  }

  /**
   * The record `{ ...fields, seq, timeMs, type }` without encoding it (the digest is detached):
   * valid exactly when {@link encode} would take it; otherwise throws what `encode` throws.
   * With `packer`, the record is also packed (from the values the shape's checked builder just
   * read, or key by key for a record the slow path built), and with `bare` only packed (the
   * returned object is then not the record). One packer per encoder.
   * @returns the record (a new object)
   */
  build(type: string, fields: object | undefined, seq: number, timeMs: number, packer?: RecordPacker, bare = false): Record<string, unknown> {
    const obj = fields as Readonly<Record<string, unknown>> | undefined;
    let shape = this.lastType === type ? this.lastShape : this.shapes.get(type)?.[0];
    if (shape === undefined) shape = this.lookup(type, obj);
    let rec = this.checked(shape, obj, seq, timeMs, type, packer, bare);
    if (rec === null) {
      const exact = this.lookup(type, obj);
      if (exact !== shape) {
        shape = exact;
        rec = this.checked(shape, obj, seq, timeMs, type, packer, bare);
      }
    }
    this.lastType = type;
    this.lastShape = shape;
    if (rec !== null) return rec;
    // Slow path: encoding decides (and throws `invalid-event` as it would with the digest on).
    const scratch = this.scratch ?? (this.scratch = new TraceDigestScratch());
    this.encode(scratch.digest, type, fields, seq, timeMs, false);
    scratch.reset();
    const spread = { ...obj, seq, timeMs, type };
    packer?.pack(spread);
    return spread;
  }

  // The shape's checked builder, packing into `packer` (with the shape's pack shape) when given.
  private checked(shape: Shape, obj: Readonly<Record<string, unknown>> | undefined, seq: number, timeMs: number, type: string, packer: RecordPacker | undefined, bare: boolean): Record<string, unknown> | null {
    const build = shape.checkedBuild;
    if (build === null) return null;
    if (packer === undefined) return build(obj, seq, timeMs, type, nestedOk, null, 0, null, null, null, false);
    let ps = shape.packShape;
    if (ps === undefined) ps = shape.packShape = packer.defineShape(recordKeys(shape.rawKeys));
    if (ps === null) return null;
    return build(obj, seq, timeMs, type, nestedOk, packer, ps.id, ps.misses, ps.lastString, ps.lastId, bare);
  }

  private scratch: TraceDigestScratch | undefined;
  // Per known shape id (encodeKnown): the shape and its writer without the key walk.
  private readonly known: ({ readonly type: string; readonly writer: ShapeWriter } | undefined)[] = [];

  /**
   * Appends a record whose own keys are known to be those of every record of the caller's shape
   * `id` (records unpacked from one packed shape, {@link RecordUnpacker}): the shape's writer
   * then skips the key walk. Falls back to {@link RecordEncoder.encode} for a value its fast path
   * does not take. The bytes are those of `encode`.
   */
  encodeKnown(digest: TraceDigest, record: Readonly<Record<string, unknown>> & { readonly type: string; readonly seq: number; readonly timeMs: number }, id: number): void {
    let k = this.known[id];
    if (k === undefined) {
      const shape = this.lookup(record.type, record);
      k = this.known[id] = { type: record.type, writer: compileWriter(shape.rawKeys, shape.template, false) };
    }
    const w = digest.writer;
    const start = w.pos;
    // The type is part of the writer's constant bytes.
    if (record.type === k.type && k.writer(w, record, record.seq, record.timeMs, writeUint, writeNested)) {
      digest.endTerminatedRecord();
      return;
    }
    w.pos = start;
    this.encode(digest, record.type, record, record.seq, record.timeMs, false);
  }
  private lookup(type: string, obj: Readonly<Record<string, unknown>> | undefined): Shape {
    const rawKeys = obj === undefined ? [] : Object.keys(obj);
    let list = this.shapes.get(type);
    if (list === undefined) {
      list = [];
      this.shapes.set(type, list);
    }
    for (let i = 0; i < list.length; i++) {
      const candidate = list[i]!;
      if (sameKeys(candidate.rawKeys, rawKeys)) {
        if (i > 0) {
          list.splice(i, 1);
          list.unshift(candidate);
        }
        return candidate;
      }
    }
    const shape = buildShape(type, rawKeys);
    list.unshift(shape);
    if (list.length > MAX_SHAPES_PER_TYPE) list.pop();
    return shape;
  }

  private finish(digest: TraceDigest, start: number, wantLine: boolean): string | undefined {
    const w = digest.writer;
    const line = wantLine ? w.decode(start, w.pos) : undefined;
    digest.endRecord();
    return line;
  }
}
