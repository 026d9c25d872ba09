/**
 * JSON text of single values, byte-identical to `JSON.stringify` of the same value, for writers
 * that build a known object's JSON by hand (the streamed `--json` result) instead of stringifying
 * an intermediate object per line. Strings that need no escaping (the common case) are quoted as
 * they are; the rest go through `JSON.stringify`. A small bounded cache keeps the quoted form of
 * recently seen strings (session and page names, enum values repeat on every line).
 * @module
 */

// What JSON.stringify escapes: '"', '\', control characters and (well-formed JSON.stringify)
// lone surrogates; any surrogate goes the slow way, which handles pairs and lone ones alike.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const CACHE_LIMIT = 2048;
const CACHE_MAX_LENGTH = 64;
const quoted = new Map<string, string>();

/**
 * `JSON.stringify(s)` of a string.
 * @param s - any string
 */
export function jsonString(s: string): string {
  if (s.length > CACHE_MAX_LENGTH) return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
  let q = quoted.get(s);
  if (q === undefined) {
    q = NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
    if (quoted.size >= CACHE_LIMIT) quoted.clear();
    quoted.set(s, q);
  }
  return q;
}

/**
 * `JSON.stringify(v)` of a JSON scalar (string, finite or non-finite number, boolean, null);
 * `undefined` for anything else (an object, `undefined`), whose caller falls back to
 * `JSON.stringify` of the whole value.
 * @param v - the value
 */
export function jsonScalar(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return v === null ? 'null' : undefined;
  }
}
