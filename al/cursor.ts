/**
 * A cursor over a file's tokens with the small helpers both readers use.
 * @module
 */
import { AlReadError, type SourcePosition } from './source.js';
import type { Token } from './tokenizer.js';

/** A cursor over tokens. */
export class Cursor {
  /** Index of the next token. */
  i = 0;
  constructor(readonly tokens: readonly Token[], readonly file: string) {}

  /** The token `k` ahead (undefined past the end). */
  peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }

  /** True when the token `k` ahead is the unquoted keyword `word` (lower case). */
  isWord(word: string, k = 0): boolean {
    const t = this.tokens[this.i + k];
    return t !== undefined && t.kind === 'ident' && !t.quoted && t.lower === word;
  }

  /** True when the token `k` ahead is the operator `op`. */
  isOp(op: string, k = 0): boolean {
    const t = this.tokens[this.i + k];
    return t !== undefined && t.kind === 'op' && t.text === op;
  }

  /** Takes the next token; at the end of the file, a read error. */
  next(what = 'more code'): Token {
    const t = this.tokens[this.i];
    if (t === undefined) throw this.eof(what);
    this.i++;
    return t;
  }

  /** Takes the operator `op` or fails. */
  expectOp(op: string): Token {
    const t = this.next(`"${op}"`);
    if (t.kind !== 'op' || t.text !== op) throw new AlReadError(t.line, t.column, `expected "${op}", got ${describe(t)}`);
    return t;
  }

  /** Takes an identifier (quoted or not) or fails. */
  expectIdent(what: string): Token {
    const t = this.next(what);
    if (t.kind !== 'ident') throw new AlReadError(t.line, t.column, `expected ${what}, got ${describe(t)}`);
    return t;
  }

  /** A read error at the end of the file. */
  eof(what: string): AlReadError {
    const last = this.tokens[this.tokens.length - 1];
    return new AlReadError(last?.line ?? 1, last?.column ?? 1, `unexpected end of file: expected ${what}`);
  }

  /** The position of token `t` in this file. */
  pos(t: Token): SourcePosition {
    return { file: this.file, line: t.line, column: t.column };
  }

  /**
   * Skips to the matching closer of the bracket at the cursor (`(`, `[` or `{`), iteratively.
   * @returns the index of the closer; the cursor stands after it
   */
  skipBalanced(): number {
    const open = this.next();
    const stack: string[] = [open.text];
    const closer: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
    while (stack.length > 0) {
      const t = this.next(`"${closer[stack[stack.length - 1]!]}" to close the "${open.text}" at ${open.line}:${open.column}`);
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(t.text);
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        const want = closer[stack.pop()!];
        if (t.text !== want) throw new AlReadError(t.line, t.column, `expected "${want}", got "${t.text}"`);
      }
    }
    return this.i - 1;
  }
}

/** A token as shown in messages. */
export function describe(t: Token): string {
  if (t.kind === 'string') return `the string '${t.text.length > 30 ? `${t.text.slice(0, 27)}...` : t.text}'`;
  if (t.kind === 'ident' && t.quoted) return `"${t.text}"`;
  return `"${t.text}"`;
}

/** Source-like text of tokens (for expressions the reader does not evaluate). */
export function tokensText(tokens: readonly Token[], from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    const txt = t.kind === 'string' ? `'${t.text.replace(/'/g, "''")}'` : t.kind === 'ident' && t.quoted ? `"${t.text}"` : t.text;
    const prev = k > from ? tokens[k - 1]! : undefined;
    const tight = prev !== undefined && (t.text === '.' || prev.text === '.' || t.text === '(' || t.text === ')' || prev.text === '(' || t.text === ',' || t.text === '::' || prev.text === '::' || t.text === '[' || t.text === ']' || prev.text === '[');
    s += (k === from || tight ? '' : ' ') + txt;
  }
  return s;
}
