/**
 * The AL tokenizer: identifiers and keywords (case-insensitive, `lower` holds the folded form),
 * quoted identifiers `"Sales Header"`, strings `'it''s'`, numbers, operators, `//` and `/* *\/`
 * comments (dropped, except `// pbtsim-disable-next-line …` suppressions), and preprocessor
 * lines (`#if`, `#elif`, `#else`, `#endif`, `#region`, `#pragma`, `#define` …) as directive tokens
 * for {@link resolvePreprocessor}. One linear pass, no recursion.
 * @module
 */
import { AlReadError } from './source.js';

/** What a token is. */
export type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'directive';

/** One token. */
export interface Token {
  readonly kind: TokenKind;
  /** Identifier without quotes, string value without quotes (escapes resolved), operator text, number text, or directive arguments. */
  readonly text: string;
  /** Case-folded `text` for identifiers and operators; the directive name (`if`, `endif` …) for directives. */
  readonly lower: string;
  /** True for a quoted identifier (never a keyword). */
  readonly quoted: boolean;
  readonly line: number;
  readonly column: number;
}

/** Suppressions found in comments: the line they apply to → rule IDs (`null`: every rule). */
export type Suppressions = Map<number, Set<string> | null>;

/** What {@link tokenize} returns. */
export interface TokenizedFile {
  readonly tokens: Token[];
  readonly suppressions: Suppressions;
}

const TWO_CHAR_OPS = new Set([':=', '+=', '-=', '*=', '/=', '::', '..', '<>', '<=', '>=']);
const ONE_CHAR_OPS = '()[]{};,.:=<>+-*/';
const SUPPRESS = /pbtsim-disable-next-line\b(.*)$/;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Splits AL source text into tokens.
 * @param text - the decoded file
 * @throws AlReadError for an unterminated string, quoted identifier or block comment, or a character AL does not allow
 */
export function tokenize(text: string): TokenizedFile {
  const tokens: Token[] = [];
  const pending: { rules: Set<string> | null }[] = [];
  const suppressions: Suppressions = new Map();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  const n = text.length;
  const push = (kind: TokenKind, value: string, lower: string, quoted: boolean, startLine: number, startCol: number): void => {
    if (pending.length > 0) {
      // A suppression applies to the next line that holds code.
      let rules: Set<string> | null = new Set();
      for (const p of pending) rules = rules === null || p.rules === null ? null : new Set([...rules, ...p.rules]);
      const had = suppressions.get(startLine);
      suppressions.set(startLine, had === null || rules === null ? null : new Set([...(had ?? []), ...rules]));
      pending.length = 0;
    }
    tokens.push({ kind, text: value, lower, quoted, line: startLine, column: startCol });
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) { i++; line++; lineStart = i; atLineStart = true; continue; }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 0xfeff || c === 0xa0) { i++; continue; }
    const col = i - lineStart + 1;
    if (c === 35 /* # */ && atLineStart) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 10) j++;
      const body = text.slice(i + 1, j).replace(/\/\/.*$/, '').trim();
      const m = /^([A-Za-z]+)\s*(.*)$/.exec(body);
      if (m === null) throw new AlReadError(line, col, 'expected a preprocessor directive after "#"');
      push('directive', m[2]!, m[1]!.toLowerCase(), false, line, col);
      i = j;
      continue;
    }
    atLineStart = false;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      let j = i + 2;
      while (j < n && text.charCodeAt(j) !== 10) j++;
      const m = SUPPRESS.exec(text.slice(i + 2, j));
      if (m !== null) {
        const ids = m[1]!.split(/[\s,]+/).filter((s) => /^PBT\d{4}$/i.test(s)).map((s) => s.toUpperCase());
        pending.push({ rules: ids.length === 0 ? null : new Set(ids) });
      }
      i = j;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new AlReadError(line, col, 'unterminated block comment: expected "*/" before the end of the file');
      for (let k = i; k < end; k++) if (text.charCodeAt(k) === 10) { line++; lineStart = k + 1; }
      i = end + 2;
      continue;
    }
    if (c === 39 /* ' */) {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= n || text.charCodeAt(j) === 10) throw new AlReadError(line, col, "unterminated string: expected a closing ' on the same line");
        if (text.charCodeAt(j) === 39) {
          if (text.charCodeAt(j + 1) === 39) { value += "'"; j += 2; continue; }
          break;
        }
        value += text[j];
        j++;
      }
      push('string', value, value, false, line, col);
      i = j + 1;
      continue;
    }
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 34 && text.charCodeAt(j) !== 10) j++;
      if (j >= n || text.charCodeAt(j) !== 34) throw new AlReadError(line, col, 'unterminated quoted identifier: expected a closing " on the same line');
      const value = text.slice(i + 1, j);
      push('ident', value, value.toLowerCase(), true, line, col);
      i = j + 1;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (!(isIdentStart(d) || isDigit(d))) break;
        j++;
      }
      const value = text.slice(i, j);
      push('ident', value, value.toLowerCase(), false, line, col);
      i = j;
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      // A decimal point, but not the `..` of a range (1..5).
      if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
        j++;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      if (j < n && (text[j] === 'D' || text[j] === 'T') && !isIdentStart(text.charCodeAt(j + 1))) j++; // date/time literals 010125D
      const value = text.slice(i, j);
      push('number', value, value, false, line, col);
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) { push('op', two, two, false, line, col); i += 2; continue; }
    if (ONE_CHAR_OPS.includes(text[i]!) || text[i] === '@' || text[i] === '?' || text[i] === '&' || text[i] === '|') {
      push('op', text[i]!, text[i]!, false, line, col);
      i++;
      continue;
    }
    throw new AlReadError(line, col, `unexpected character ${JSON.stringify(text[i])} (U+${c.toString(16).toUpperCase().padStart(4, '0')})`);
  }
  return { tokens, suppressions };
}
