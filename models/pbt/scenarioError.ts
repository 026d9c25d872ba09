/**
 * The error of an unusable scenario and the text helpers every scenario message uses: JSON
 * paths, quoted values and the escaping of control characters, so that a name holding an ANSI
 * escape, a NUL or a carriage return is shown as `\u001b`, `\u0000`, `\r` and never reaches the
 * terminal raw (issue 11, terminal safety).
 * @module
 */

/** One segment of a JSON path: an object key or an array index. */
export type PathSegment = string | number;

/** One problem of a scenario file: where (JSON path) and what was expected. */
export interface ScenarioProblem {
  /** The JSON path, e.g. `$.sessions[0].script[2].atMs` (control characters escaped). */
  readonly path: string;
  /** What was expected there and what was found (control characters escaped). */
  readonly expected: string;
  /** The 1-based line of the file where the path starts, when the file's text is known. */
  readonly line?: number;
}

// C0 and C1 controls, DEL, line/paragraph separators, bidirectional overrides and isolates,
// zero-width no-break space (BOM), and lone surrogates: everything that can move the cursor,
// change colours or hide text on a terminal.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Escapes the characters of `s` that a terminal would interpret (controls, bidi overrides, lone
 * surrogates) as `\n`, `\r`, `\t` or `\uXXXX`.
 * @param s - any text taken from user input
 * @returns the text, safe to print
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A JSON string literal of `s` with every unsafe character escaped (see {@link escapeText}).
 * @param s - a key or a text value
 * @returns e.g. `"timeOutMs"`
 */
export function quote(s: string): string {
  return escapeText(JSON.stringify(s));
}

/**
 * A short, safe rendering of a value found in the input, for "got …".
 * @param v - the value (undefined is "nothing")
 * @returns at most about 60 characters
 */
export function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  if (Array.isArray(v)) s = v.length === 0 ? '[]' : `a list of ${v.length}`;
  else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    s = keys.length === 0 ? '{}' : `an object with key(s) ${keys.slice(0, 4).map(quote).join(', ')}${keys.length > 4 ? ', …' : ''}`;
  } else s = JSON.stringify(v) ?? String(v);
  s = escapeText(s);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The JSON path of `segments` as text: `$.a.b[0]["x y"]`. Very long paths (deep nesting) keep
 * their start and end.
 * @param segments - keys and indexes from the root
 * @returns the path, control characters escaped
 */
export function pathText(segments: readonly PathSegment[]): string {
  let s = '$';
  for (const p of segments) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (IDENTIFIER.test(p)) s += `.${p}`;
    else s += `[${quote(p)}]`;
  }
  return s.length > 120 ? `${s.slice(0, 50)}…${s.slice(-50)}` : s;
}

/** A scenario that cannot be used: every problem found (up to a limit), each with where and what. */
export class ScenarioError extends Error {
  /** Every problem found, in file order (the first is also `path`/`expected`): JSON path, what was expected, the line when known. */
  readonly problems: readonly { readonly path: string; readonly expected: string; readonly line?: number }[];
  /** True when more problems were found than are listed. */
  readonly truncated: boolean;
  /**
   * @param file - the scenario's file name (or `<input>`), as given
   * @param path - JSON path of the (first) problem, e.g. `$.sessions[0].script[2].atMs`
   * @param expected - what was expected there (and what was found)
   * @param more - the first problem's line, further problems and whether even more were left out
   */
  constructor(readonly file: string, readonly path: string, readonly expected: string, more: { line?: number; problems?: readonly { readonly path: string; readonly expected: string; readonly line?: number }[]; truncated?: boolean } = {}) {
    const problems: ScenarioProblem[] = [more.line !== undefined ? { path, expected, line: more.line } : { path, expected }, ...(more.problems ?? [])];
    const name = escapeText(file);
    const lines = problems.map((p) => `${name}: ${p.path}: ${p.expected}${p.line !== undefined ? ` (line ${p.line})` : ''}`);
    if (more.truncated === true) lines.push(`${name}: more problems not shown; fix these first`);
    super(lines.join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
    this.truncated = more.truncated === true;
  }

  /**
   * Builds the error of a list of problems (at least one).
   * @param file - the file name
   * @param problems - in the order to show them
   * @param truncated - whether more were found than listed
   * @returns the error
   */
  static of(file: string, problems: readonly { readonly path: string; readonly expected: string; readonly line?: number }[], truncated = false): ScenarioError {
    const [first, ...rest] = problems;
    if (first === undefined) throw new RangeError('ScenarioError.of needs at least one problem');
    return new ScenarioError(file, first.path, first.expected, { ...(first.line !== undefined ? { line: first.line } : {}), problems: rest, truncated });
  }
}
