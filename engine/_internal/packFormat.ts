/**
 * The packed record format shared by {@link RecordPacker} and {@link RecordUnpacker}: trace
 * records as a stream of 32-bit integers, a stream of doubles and a few strings, which a worker
 * thread can be handed (the typed arrays are transferred, not copied) and turn back into records
 * equal to the originals: the same keys in the same order, the same values (`undefined`, `-0` and
 * nested objects and arrays included).
 *
 * The integer stream holds, per value: a string as its id in the run's string table (>= 0), or a
 * tag (< 0) followed by what the tag needs. A record starts with its shape id (>= 0: the values of
 * the shape's keys follow in order) or with {@link TAG_OBJECT} (a record the packer has no shape
 * for: key and value pairs).
 *
 * Fast path, justified by the `run-browse-1000` benchmark (docs/performance.md): the code that
 * packs and unpacks the records of one shape is generated once per shape (straight-line property
 * reads and an object literal), as the record encoder's is; a generic walk over the keys cost
 * three times as much. The generated source holds only JSON-quoted key names and fixed code.
 * @module
 * @internal
 */

/** `null`. */
export const TAG_NULL = -1;
/** `false`. */
export const TAG_FALSE = -2;
/** `true`. */
export const TAG_TRUE = -3;
/** A number: the next double. */
export const TAG_NUMBER = -4;
/** `undefined` (a key whose value is undefined). */
export const TAG_UNDEFINED = -5;
/** An object: its key count, then key and value pairs. */
export const TAG_OBJECT = -6;
/** An array: its length, then the values. */
export const TAG_ARRAY = -7;
/** A string not in the table: the next inline string of the batch. */
export const TAG_INLINE = -8;

/** Misses after which a string slot of a shape stops looking strings up (its values are ids, each new). */
export const SLOT_MISSES = 4096;

/** Strings longer than this are never put in the table. */
export const TABLE_MAX_LENGTH = 128;

/** Entries of the string table at most (then new strings are sent inline). */
export const TABLE_MAX_ENTRIES = 65_536;

/** What the generated packer of a shape writes through (the packer's working set). @internal */
export interface PackTarget {
  ints: Int32Array;
  nums: Float64Array;
  i: number;
  j: number;
  readonly ids: Map<string, number>;
  /** Makes room for `ints` integers and `nums` doubles. */
  room(ints: number, nums: number): void;
  /** Writes a string that missed the table (adds it, or sends it inline); positions in `i`. */
  miss(s: string): void;
  /** Writes a string inline (a slot whose strings keep missing the table); positions in `i`. */
  send(s: string): void;
  /** Writes any value (the generic path); positions in `i`/`j`. */
  value(v: unknown): void;
  /** Counts the record just packed (and hands on a full batch). */
  ended(): void;
}

/** What the generated unpacker of a shape reads from. @internal */
export interface UnpackSource {
  ints: Int32Array;
  nums: Float64Array;
  i: number;
  j: number;
  readonly table: string[];
  /** Reads a value whose tag `x` is not a table string or a number; positions in `i`/`j`. */
  slow(x: number): unknown;
}

/**
 * Packs one record of a shape (its keys in order). Per string slot: `misses` counts table misses,
 * `lastString` and `lastId` hold the slot's last table string and its id.
 */
export type ShapePack = (p: PackTarget, r: Readonly<Record<string, unknown>>, id: number, misses: Int32Array, lastString: (string | undefined)[], lastId: Int32Array) => void;

/** Unpacks one record of a shape (the shape id already read). */
export type ShapeUnpack = (u: UnpackSource) => Record<string, unknown>;

/**
 * The code that packs one record of a shape whose values, in key order, are the expressions
 * `values` (with `p`, `shape`, `misses`, `ls` and `li` in scope, as in {@link ShapePack}): a block
 * that declares only its own names.
 */
export function packCode(values: readonly string[]): string {
  const n = values.length;
  // Room for the shape id and, per field, one integer and one double (a string id, a tag, or a
  // number's tag and value).
  let code = `{\nif (p.i + ${n + 1} > p.ints.length || p.j + ${n} > p.nums.length) p.room(${n + 1}, ${n});\n`;
  code += 'let ints = p.ints, nums = p.nums, i = p.i, j = p.j, v, id;\nconst ids = p.ids;\nints[i++] = shape;\n';
  // After a call into the packer, the arrays may have grown and the positions moved.
  const sync = 'p.i = i; p.j = j;';
  const back = 'ints = p.ints; nums = p.nums; i = p.i; j = p.j;';
  values.forEach((expr, slot) => {
    code += `v = ${expr};\n`;
    // A slot's value is often the one it had in the record before (the same session, page or
    // record): one comparison instead of a table lookup.
    code += `if (typeof v === 'string') { if (v === ls[${slot}]) ints[i++] = li[${slot}];\n`;
    code += `  else if (misses[${slot}] < ${SLOT_MISSES}) { id = ids.get(v); if (id !== undefined) { ints[i++] = id; ls[${slot}] = v; li[${slot}] = id; } else { misses[${slot}]++; ${sync} p.miss(v); ${back} } }\n`;
    code += `  else { ${sync} p.send(v); ${back} } }\n`;
    code += `else if (typeof v === 'number') { ints[i++] = ${TAG_NUMBER}; nums[j++] = v; }\n`;
    code += `else if (v === null) ints[i++] = ${TAG_NULL};\nelse if (v === true) ints[i++] = ${TAG_TRUE};\nelse if (v === false) ints[i++] = ${TAG_FALSE};\n`;
    // A nested value takes as much room as it needs: the room for the fields after it is made
    // again (each takes at most one integer and one double).
    code += `else { ${sync} p.value(v); p.room(${n - slot}, ${n - slot}); ${back} }\n`;
  });
  return code + `${sync}\np.ended();\n}\n`;
}

/** The packer of records with exactly `keys`, in order. */
export function compilePack(keys: readonly string[]): ShapePack {
  const code = packCode(keys.map((k) => `r[${JSON.stringify(k)}]`));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from constants, see the module note
  return new Function('p', 'r', 'shape', 'misses', 'ls', 'li', code) as ShapePack;
}

/** The unpacker of records with exactly `keys`, in order: one object literal. */
export function compileUnpack(keys: readonly string[]): ShapeUnpack {
  const value = `(x = ints[i++], x >= 0 ? tab[x] : x === ${TAG_NUMBER} ? nums[j++] : (u.i = i, u.j = j, x = u.slow(x), i = u.i, j = u.j, x))`;
  let code = 'const ints = u.ints, nums = u.nums, tab = u.table;\nlet i = u.i, j = u.j, x;\n';
  code += `const r = { ${keys.map((k) => `${JSON.stringify(k)}: ${value}`).join(', ')} };\n`;
  code += 'u.i = i; u.j = j;\nreturn r;';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from constants, see the module note
  return new Function('u', code) as ShapeUnpack;
}
