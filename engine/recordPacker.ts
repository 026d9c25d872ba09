/**
 * Trace records packed into batches for another thread ({@link RecordUnpacker} turns them back into
 * records). The application layer checks a long run on a second thread this way: the simulation
 * builds each record once, packs it ({@link Simulation.detachDigest} with a packer), and the
 * other thread unpacks it, digests it and runs the invariant monitors over it, so the model runs
 * once. A batch is two typed arrays (transferred, not copied, by `postMessage`) and a few strings:
 * strings are sent once and then referred to by their index in a table both sides build alike
 * (a string slot of a record shape whose values keep missing the table, such as a unique id per
 * task, stops being looked up; long strings and a full table are sent inline).
 *
 * What comes out is equal to what went in: the same keys in the same order and the same values,
 * `undefined`, `-0`, nested objects and arrays included (a property test,
 * test/engine/recordPacker.test.ts). Records must be plain data (what canonical JSON takes, plus
 * `undefined`); the simulation checks that before packing.
 * @module
 */
import { compilePack, TABLE_MAX_ENTRIES, TABLE_MAX_LENGTH, TAG_ARRAY, TAG_FALSE, TAG_INLINE, TAG_NULL, TAG_NUMBER, TAG_OBJECT, TAG_TRUE, TAG_UNDEFINED, type ShapePack } from './_internal/packFormat.js';

/** One batch of packed records, in trace order. */
export interface PackedBatch {
  /** The integer stream (shape ids, string ids, tags, counts). */
  readonly ints: Int32Array;
  /** The doubles (every number of the records). */
  readonly nums: Float64Array;
  /** Strings added to the table by this batch, in table order. */
  readonly table: readonly string[];
  /** Strings sent inline by this batch, in order. */
  readonly inline: readonly string[];
  /** Record shapes defined by this batch: each one's id and keys in order. */
  readonly shapes: readonly { readonly id: number; readonly keys: readonly string[] }[];
  /** Records in the batch. */
  readonly records: number;
}

/** Options of a {@link RecordPacker}. */
export interface RecordPackerOptions {
  /** Receives each full batch (and the last one at {@link RecordPacker.flush}); it owns the batch's arrays. */
  readonly onBatch: (batch: PackedBatch) => void;
  /** Records per batch; default 4,096. */
  readonly batchRecords?: number;
  /**
   * The arrays each batch is packed into, asked for once per batch (e.g. slots of a ring of
   * shared memory the receiver reads in place); a batch that outgrows them is packed into larger
   * private arrays. Default: new arrays per batch.
   */
  readonly arrays?: () => { readonly ints: Int32Array; readonly nums: Float64Array };
}

/** A record shape's packer (the simulation keeps one per record shape it has seen). @internal */
export interface PackShape {
  readonly id: number;
  readonly keys: readonly string[];
  /** Compiled at the first {@link RecordPacker.packShaped} (the simulation packs through its own fused builder). */
  pack: ShapePack | null;
  readonly misses: Int32Array;
  readonly lastString: (string | undefined)[];
  readonly lastId: Int32Array;
}

/** Initial integers of a batch's arrays (default {@link RecordPackerOptions.arrays}). */
export const PACK_INTS = 65_536;
/** Initial doubles of a batch's arrays (default {@link RecordPackerOptions.arrays}). */
export const PACK_NUMS = 16_384;

const newArrays = (): { ints: Int32Array; nums: Float64Array } => ({ ints: new Int32Array(PACK_INTS), nums: new Float64Array(PACK_NUMS) });
// A key an object literal would not create as an assignment does (`__proto__` sets the
// prototype) or would order differently (an array index): records with one are packed key by key.
const PLAIN_KEY = /^(?!__proto__$)(?!(?:0|[1-9][0-9]*)$)/;

/** Packs trace records into {@link PackedBatch}es. */
export class RecordPacker {
  /** @internal */ ints: Int32Array;
  /** @internal */ nums: Float64Array;
  /** @internal */ i = 0;
  /** @internal */ j = 0;
  /** @internal */ readonly ids = new Map<string, number>();
  private table: string[] = [];
  private inline: string[] = [];
  private shapes: { id: number; keys: readonly string[] }[] = [];
  private shapeCount = 0;
  private count = 0;
  private total = 0;
  private readonly onBatch: (batch: PackedBatch) => void;
  private readonly batchRecords: number;
  private readonly arrays: () => { readonly ints: Int32Array; readonly nums: Float64Array };

  /** @param options - where batches go, their size, and the arrays they are packed into */
  constructor(options: RecordPackerOptions) {
    this.onBatch = options.onBatch;
    this.batchRecords = options.batchRecords ?? 4096;
    if (!Number.isSafeInteger(this.batchRecords) || this.batchRecords < 1) throw new RangeError('RecordPacker: batchRecords must be a positive integer');
    this.arrays = options.arrays ?? newArrays;
    ({ ints: this.ints, nums: this.nums } = this.arrays());
  }

  /** Records packed so far (flushed or not). */
  get records(): number {
    return this.total;
  }

  /**
   * A packer for records with exactly `keys`, in order, or null when such records must be
   * packed key by key (a key an object literal cannot recreate in place). @internal
   */
  defineShape(keys: readonly string[]): PackShape | null {
    if (keys.length > 67 || !keys.every((k) => PLAIN_KEY.test(k))) return null;
    const id = this.shapeCount++;
    const own = [...keys];
    this.shapes.push({ id, keys: own });
    return { id, keys: own, pack: null, misses: new Int32Array(keys.length), lastString: new Array<string | undefined>(keys.length).fill(undefined), lastId: new Int32Array(keys.length) };
  }

  /** Packs a record of a shape from {@link RecordPacker.defineShape}. @internal */
  packShaped(record: Readonly<Record<string, unknown>>, shape: PackShape): void {
    const pack = shape.pack ?? (shape.pack = compilePack(shape.keys));
    pack(this, record, shape.id, shape.misses, shape.lastString, shape.lastId);
  }

  /** Packs any record (plain data: what canonical JSON takes, plus `undefined`). */
  pack(record: Readonly<Record<string, unknown>>): void {
    this.object(record);
    this.ended();
  }

  /** Hands on the records packed since the last batch, if any. */
  flush(): void {
    if (this.count === 0) return;
    // The batch's arrays are views on the ones it was packed into (no copy): the receiver owns them.
    const batch: PackedBatch = {
      ints: this.ints.subarray(0, this.i), nums: this.nums.subarray(0, this.j),
      table: this.table, inline: this.inline, shapes: this.shapes, records: this.count,
    };
    ({ ints: this.ints, nums: this.nums } = this.arrays());
    this.i = 0;
    this.j = 0;
    this.count = 0;
    this.table = [];
    this.inline = [];
    this.shapes = [];
    this.onBatch(batch);
  }

  /** @internal */
  room(ints: number, nums: number): void {
    if (this.i + ints > this.ints.length) {
      const grown = new Int32Array(Math.max(this.ints.length * 2, this.i + ints));
      grown.set(this.ints.subarray(0, this.i));
      this.ints = grown;
    }
    if (this.j + nums > this.nums.length) {
      const grown = new Float64Array(Math.max(this.nums.length * 2, this.j + nums));
      grown.set(this.nums.subarray(0, this.j));
      this.nums = grown;
    }
  }

  /** @internal */
  miss(s: string): void {
    this.room(1, 0);
    let id = this.ids.get(s);
    if (id === undefined && s.length <= TABLE_MAX_LENGTH && this.ids.size < TABLE_MAX_ENTRIES) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.table.push(s);
    }
    if (id !== undefined) this.ints[this.i++] = id;
    else this.send(s);
  }

  /** @internal */
  send(s: string): void {
    this.room(1, 0);
    this.ints[this.i++] = TAG_INLINE;
    this.inline.push(s);
  }

  /** @internal */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string': {
        const id = this.ids.get(v);
        if (id === undefined) this.miss(v);
        else {
          this.room(1, 0);
          this.ints[this.i++] = id;
        }
        return;
      }
      case 'number':
        this.room(1, 1);
        this.ints[this.i++] = TAG_NUMBER;
        this.nums[this.j++] = v;
        return;
      case 'boolean':
        this.room(1, 0);
        this.ints[this.i++] = v ? TAG_TRUE : TAG_FALSE;
        return;
      case 'undefined':
        this.room(1, 0);
        this.ints[this.i++] = TAG_UNDEFINED;
        return;
      case 'object':
        if (v === null) {
          this.room(1, 0);
          this.ints[this.i++] = TAG_NULL;
        } else if (Array.isArray(v)) {
          this.room(2, 0);
          this.ints[this.i++] = TAG_ARRAY;
          this.ints[this.i++] = v.length;
          for (let k = 0; k < v.length; k++) this.value(v[k]);
        } else this.object(v as Readonly<Record<string, unknown>>);
        return;
      default:
        throw new TypeError(`RecordPacker: cannot pack a ${typeof v}`);
    }
  }

  private object(o: Readonly<Record<string, unknown>>): void {
    const keys = Object.keys(o);
    this.room(2, 0);
    this.ints[this.i++] = TAG_OBJECT;
    this.ints[this.i++] = keys.length;
    for (const k of keys) {
      this.value(k);
      this.value(o[k]);
    }
  }

  /** @internal */
  ended(): void {
    this.total++;
    if (++this.count >= this.batchRecords) this.flush();
  }
}
