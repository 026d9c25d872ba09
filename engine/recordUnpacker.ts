/**
 * Turns the batches of a {@link RecordPacker} back into trace records, in order, on whichever
 * thread receives them. Batches must come in the order they were made (each extends the string
 * table and the shapes of the ones before).
 * @module
 */
import { compileUnpack, TAG_ARRAY, TAG_FALSE, TAG_INLINE, TAG_NULL, TAG_NUMBER, TAG_OBJECT, TAG_TRUE, TAG_UNDEFINED, type ShapeUnpack } from './_internal/packFormat.js';
import type { PackedBatch } from './recordPacker.js';
import type { TraceRecord } from './trace.js';

/** Unpacks {@link PackedBatch}es. */
export class RecordUnpacker {
  /** @internal */ ints: Int32Array = new Int32Array(0);
  /** @internal */ nums: Float64Array = new Float64Array(0);
  /** @internal */ i = 0;
  /** @internal */ j = 0;
  /** @internal */ readonly table: string[] = [];
  private inline: readonly string[] = [];
  private s = 0;
  private readonly shapes: ShapeUnpack[] = [];

  /**
   * Unpacks one batch and hands each record to `each`, in order.
   * @param batch - the next batch of the packer
   * @param each - receives the records, each with its packed shape id (every record of one id has
   *   the same keys in the same order), or -1 for a record packed key by key
   * @throws Error for a batch that is not the next one of the same packer
   */
  unpack(batch: PackedBatch, each: (record: TraceRecord, shape: number) => void): void {
    for (const t of batch.table) this.table.push(t);
    for (const sh of batch.shapes) {
      if (sh.id !== this.shapes.length) throw new Error(`RecordUnpacker: shape ${sh.id} out of order (expected ${this.shapes.length})`);
      this.shapes.push(compileUnpack(sh.keys));
    }
    this.ints = batch.ints;
    this.nums = batch.nums;
    this.inline = batch.inline;
    this.i = 0;
    this.j = 0;
    this.s = 0;
    const shapes = this.shapes;
    for (let n = 0; n < batch.records; n++) {
      const x = this.ints[this.i++]!;
      let record: Record<string, unknown>;
      if (x >= 0) {
        const shape = shapes[x];
        if (shape === undefined) throw new Error(`RecordUnpacker: unknown shape ${x}`);
        record = shape(this);
      } else record = this.slow(x) as Record<string, unknown>;
      each(record as unknown as TraceRecord, x >= 0 ? x : -1);
    }
    if (this.i !== this.ints.length || this.j !== this.nums.length || this.s !== this.inline.length) throw new Error('RecordUnpacker: the batch has data left over (not a batch of this packer)');
  }

  /** @internal */
  slow(x: number): unknown {
    switch (x) {
      case TAG_NULL: return null;
      case TAG_FALSE: return false;
      case TAG_TRUE: return true;
      case TAG_NUMBER: return this.nums[this.j++];
      case TAG_UNDEFINED: return undefined;
      case TAG_INLINE: return this.inline[this.s++];
      case TAG_ARRAY: {
        const n = this.ints[this.i++]!;
        const a: unknown[] = new Array(n);
        for (let k = 0; k < n; k++) a[k] = this.value();
        return a;
      }
      case TAG_OBJECT: {
        const n = this.ints[this.i++]!;
        const o: Record<string, unknown> = {};
        for (let k = 0; k < n; k++) {
          const key = this.value() as string;
          const v = this.value();
          // `o.__proto__ = v` would set the prototype: define the own property instead.
          if (key === '__proto__') Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
          else o[key] = v;
        }
        return o;
      }
      default: {
        const t = this.table[x];
        if (x < 0 || t === undefined) throw new Error(`RecordUnpacker: bad tag ${x}`);
        return t;
      }
    }
  }

  private value(): unknown {
    const x = this.ints[this.i++]!;
    if (x >= 0) {
      const t = this.table[x];
      if (t === undefined) throw new Error(`RecordUnpacker: unknown string ${x}`);
      return t;
    }
    return this.slow(x);
  }
}
