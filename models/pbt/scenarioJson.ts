/**
 * One iterative pass over JSON text before `JSON.parse` sees it: syntax (with the line and what
 * was expected), nesting depth, duplicate keys (which `JSON.parse` silently resolves to the last
 * one) and numbers that JavaScript cannot hold exactly (beyond ±(2^53 − 1), or non-finite such
 * as `1e400`, quoted as written). It keeps an explicit stack, so no input shape can exhaust the
 * call stack (issue 11: a 5,000-deep `[[[…]]]` used to end in "Maximum call stack size
 * exceeded"). The same pass can also find where given JSON paths start, to put problems in file
 * order and give their lines.
 * @module
 */
import type { PathSegment } from './scenarioError.js';

/** Default maximum nesting depth of a scenario file (the format itself needs about 12). */
export const MAX_JSON_DEPTH = 64;

/** A problem found in JSON text. */
export interface JsonTextProblem {
  /** Where: the path of the value (or key) concerned. */
  readonly segments: readonly PathSegment[];
  /** What was expected and what was found. */
  readonly expected: string;
  /** Offset (UTF-16 code units) in the text. */
  readonly offset: number;
  /** True when the text is not JSON at all (or too deep): nothing after it was checked. */
  readonly fatal: boolean;
  /** What kind of problem: bad syntax, too deep, a duplicate key, a number JavaScript cannot hold. */
  readonly kind: 'syntax' | 'depth' | 'duplicate' | 'number';
  /** The key, for a duplicate. */
  readonly key?: string;
}

/** Options of {@link scanJson}. */
export interface JsonScanOptions {
  /** Containers nested deeper than this are refused (default {@link MAX_JSON_DEPTH}). */
  readonly maxDepth?: number;
  /** Stop collecting after this many problems (default 21). */
  readonly maxProblems?: number;
  /** Paths whose start offsets to report in {@link JsonScanResult.offsets}. */
  readonly locate?: readonly (readonly PathSegment[])[];
}

/** The outcome of {@link scanJson}. */
export interface JsonScanResult {
  /** Problems in text order; a fatal one (syntax, depth) is last. */
  readonly problems: readonly JsonTextProblem[];
  /** Start offset of each `locate` path found, by its index in `locate`. */
  readonly offsets: ReadonlyMap<number, number>;
}

interface TrieNode { readonly children: Map<PathSegment, TrieNode>; readonly targets: number[] }
interface Frame { readonly array: boolean; readonly keys: Map<string, number> | null; index: number; key: string; readonly node: TrieNode | null }

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LIMIT = 9007199254740991;

function charName(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const c = text.codePointAt(i)!;
  if (c === 0) return 'a NUL byte (is this a binary file?)';
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `the control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
  const ch = String.fromCodePoint(c);
  const hint = ch === '/' ? ' (JSON has no comments)' : ch === "'" ? ' (JSON texts use double quotes)' : '';
  return `${JSON.stringify(ch)}${hint}`;
}

function token(text: string, i: number): string {
  let j = i;
  while (j < text.length && j - i < 24 && !' \t\r\n,:[]{}"'.includes(text[j]!)) j++;
  return JSON.stringify(text.slice(i, Math.max(j, i + 1)));
}

function buildTrie(paths: readonly (readonly PathSegment[])[]): TrieNode {
  const root: TrieNode = { children: new Map(), targets: [] };
  paths.forEach((path, n) => {
    let node = root;
    for (const seg of path) {
      let next = node.children.get(seg);
      if (next === undefined) node.children.set(seg, (next = { children: new Map(), targets: [] }));
      node = next;
    }
    node.targets.push(n);
  });
  return root;
}

/**
 * Scans JSON text without recursion.
 * @param text - the text (a leading BOM must already be removed)
 * @param options - depth limit, problem limit, paths to locate
 * @returns the problems found and the located offsets
 */
export function scanJson(text: string, options: JsonScanOptions = {}): JsonScanResult {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const maxProblems = options.maxProblems ?? 21;
  const problems: JsonTextProblem[] = [];
  const offsets = new Map<number, number>();
  const trie = options.locate !== undefined && options.locate.length > 0 ? buildTrie(options.locate) : null;
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  const path = (extra: boolean): PathSegment[] => {
    const segs: PathSegment[] = stack.map((f) => (f.array ? f.index : f.key));
    if (!extra) segs.pop();
    return segs;
  };
  const fail = (expected: string, at: number, inValue = true, kind: 'syntax' | 'depth' = 'syntax'): JsonScanResult => {
    problems.push({ segments: stack.length === 0 ? [] : path(inValue), expected, offset: at, fatal: true, kind });
    return { problems, offsets };
  };
  const note = (node: TrieNode | null, at: number): void => {
    if (node !== null) for (const t of node.targets) if (!offsets.has(t)) offsets.set(t, at);
  };
  const ws = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    }
  };
  // Returns the end of the string starting at i (the closing quote), or an error message.
  const scanString = (): number | string => {
    const start = i;
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 34) return j;
      if (c === 92) {
        const e = text[j + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) { i = j; return `expected \\u and four hex digits in a text, got ${token(text, j)}`; }
          j += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j++;
        else { i = j; return `expected an escape such as \\n, \\" or \\u00e9 in a text, got ${token(text, j)}`; }
      } else if (c < 0x20) {
        i = j;
        return `expected no raw control character inside a text (write it as \\n, \\t or \\u00XX), got ${charName(text, j)}`;
      }
    }
    i = start;
    return 'expected a text in double quotes to be closed before the end of the file';
  };
  let expectValue = true;
  // Each iteration consumes one value (when expectValue) or what follows one.
  for (;;) {
    ws();
    if (expectValue) {
      const top = stack[stack.length - 1];
      const node = top === undefined ? trie : top.node === null ? null : top.node.children.get(top.array ? top.index : top.key) ?? null;
      if (top === undefined || top.array) note(node, i);
      const c = text[i];
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth) return fail(`expected at most ${maxDepth} levels of nesting (a scenario needs about 12), got deeper`, i, true, 'depth');
        const array = c === '[';
        stack.push({ array, keys: array ? null : new Map(), index: 0, key: '', node });
        i++;
        ws();
        if (text[i] === (array ? ']' : '}')) { i++; stack.pop(); expectValue = false; continue; }
        if (array) continue;
      } else {
        if (c === '"') {
          const end = scanString();
          if (typeof end === 'string') return fail(end, i);
          i = end + 1;
        } else if (c === 't' || c === 'f' || c === 'n') {
          const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
          if (!text.startsWith(word, i)) return fail(`expected a value (object, list, text, number, true, false or null), got ${token(text, i)}`, i);
          i += word.length;
        } else {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          const next = m === null ? '' : text[i + m[0].length] ?? '';
          if (m === null || /[\w.+-]/.test(next)) {
            return fail(m === null && c !== '-' && !(c !== undefined && c >= '0' && c <= '9')
              ? `expected a value (object, list, text, number, true, false or null), got ${charName(text, i)}`
              : `expected a number such as 12, -3 or 1.5e3, got ${token(text, i)}`, i);
          }
          const v = Number(m[0]);
          if (!(Math.abs(v) <= LIMIT) && problems.length < maxProblems) {
            problems.push({ segments: path(true), expected: `expected a number from -9007199254740991 to 9007199254740991 (2^53 - 1, the range JSON numbers keep exactly), got ${m[0].length > 40 ? `${m[0].slice(0, 37)}...` : m[0]}`, offset: i, fatal: false, kind: 'number' });
          }
          i += m[0].length;
        }
        expectValue = false;
        continue;
      }
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < n) return fail(`expected the end of the file after the top-level value, got ${charName(text, i)}`, i);
        return { problems, offsets };
      }
      const c = text[i];
      if (c === ',') {
        i++;
        if (top.array) { top.index++; expectValue = true; continue; }
        ws();
      } else if (c === (top.array ? ']' : '}')) {
        i++;
        stack.pop();
        continue;
      } else {
        return fail(`expected "," or "${top.array ? ']' : '}'}", got ${charName(text, i)}`, i);
      }
    }
    // An object member: key, colon, then its value.
    const obj = stack[stack.length - 1]!;
    if (text[i] !== '"') return fail(`expected a key in double quotes, got ${charName(text, i)}${text[i] === '}' ? ' (JSON allows no comma before "}")' : ''}`, i, false);
    const keyStart = i;
    const end = scanString();
    if (typeof end === 'string') return fail(end, i, false);
    const raw = text.slice(keyStart + 1, end);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, end + 1)) as string) : raw;
    obj.key = key;
    note(obj.node === null ? null : obj.node.children.get(key) ?? null, keyStart);
    const seen = obj.keys!.get(key);
    if (seen !== undefined && problems.length < maxProblems) {
      problems.push({ segments: path(true), expected: `duplicate key ${JSON.stringify(key)} (first at line ${lineAt(text, seen)}): expected each key (codeunit ID, page name, field) once`, offset: keyStart, fatal: false, kind: 'duplicate', key });
    } else if (seen === undefined) obj.keys!.set(key, keyStart);
    i = end + 1;
    ws();
    if (text[i] !== ':') return fail(`expected ":" after the key, got ${charName(text, i)}`, i);
    i++;
    expectValue = true;
  }
}

/**
 * The 1-based line of an offset.
 * @param text - the text
 * @param offset - an offset in it
 * @returns the line number
 */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let j = text.indexOf('\n'); j !== -1 && j < offset; j = text.indexOf('\n', j + 1)) line++;
  return line;
}
