/**
 * Preprocessor blocks. The reader does not know which symbols a build defines, so it keeps code
 * from every branch of an `#if … #elif … #else … #endif` group where that is safe: when every
 * branch is balanced (as many `begin`/`case`/`{` as `end`/`}`), all branches are read, so an
 * enqueue in any branch is found (duplicated declarations are harmless to the rules). When a
 * branch is unbalanced (e.g. `#if A` `if X then begin` `#else` `if Y then begin` `#endif`),
 * reading both would break the begin/end pairing, so only the first branch is read.
 * `#region`, `#endregion`, `#pragma` and `#define` lines are dropped. One pass, an explicit
 * stack, at most {@link MAX_PREPROCESSOR_NESTING} levels.
 * @module
 */
import { AlReadError, MAX_PREPROCESSOR_NESTING } from './source.js';
import type { Token } from './tokenizer.js';

interface Group {
  readonly line: number;
  readonly column: number;
  readonly branches: Token[][];
  sawElse: boolean;
}

function balance(tokens: readonly Token[]): number {
  let d = 0;
  for (const t of tokens) {
    if (t.kind === 'ident' && !t.quoted && (t.lower === 'begin' || t.lower === 'case')) d++;
    else if (t.kind === 'ident' && !t.quoted && t.lower === 'end') d--;
    else if (t.kind === 'op' && t.text === '{') d++;
    else if (t.kind === 'op' && t.text === '}') d--;
  }
  return d;
}

/** How a file's `#if` groups were read. */
export interface PreprocessorSummary {
  /** Groups whose branches were all read. */
  readonly allBranches: number;
  /** Groups of which only the first branch was read (unbalanced branches), by `#if` line. */
  readonly firstBranchOnly: readonly number[];
}

/**
 * Removes directive tokens, choosing which branches of each `#if` group to keep (see module doc).
 * @param tokens - tokens from {@link tokenize}
 * @throws AlReadError for `#else`/`#endif` without `#if`, or nesting deeper than the limit
 */
export function resolvePreprocessor(tokens: readonly Token[]): { tokens: Token[]; summary: PreprocessorSummary } {
  const root: Token[] = [];
  const stack: Group[] = [];
  let allBranches = 0;
  const firstBranchOnly: number[] = [];
  const target = (): Token[] => {
    const g = stack[stack.length - 1];
    return g === undefined ? root : g.branches[g.branches.length - 1]!;
  };
  for (const t of tokens) {
    if (t.kind !== 'directive') { target().push(t); continue; }
    switch (t.lower) {
      case 'if':
        if (stack.length >= MAX_PREPROCESSOR_NESTING) throw new AlReadError(t.line, t.column, `#if nested deeper than ${MAX_PREPROCESSOR_NESTING} levels`);
        stack.push({ line: t.line, column: t.column, branches: [[]], sawElse: false });
        break;
      case 'elif':
      case 'else': {
        const g = stack[stack.length - 1];
        if (g === undefined || g.sawElse) throw new AlReadError(t.line, t.column, `#${t.lower} without a matching #if`);
        if (t.lower === 'else') g.sawElse = true;
        g.branches.push([]);
        break;
      }
      case 'endif': {
        const g = stack.pop();
        if (g === undefined) throw new AlReadError(t.line, t.column, '#endif without a matching #if');
        const out = target();
        if (g.branches.every((b) => balance(b) === 0)) {
          allBranches++;
          for (const b of g.branches) for (const x of b) out.push(x);
        } else {
          firstBranchOnly.push(g.line);
          for (const x of g.branches[0]!) out.push(x);
        }
        break;
      }
      default:
        break; // region, endregion, pragma, define, undef: no effect on reading
    }
  }
  const open = stack[0];
  if (open !== undefined) throw new AlReadError(open.line, open.column, '#if without a matching #endif before the end of the file');
  return { tokens: root, summary: { allBranches, firstBranchOnly } };
}
