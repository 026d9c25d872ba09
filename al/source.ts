/**
 * Source positions and the errors the AL reader raises. A position is 1-based line and column,
 * counted in UTF-16 code units of the decoded text (what editors show for BMP text).
 * @module
 */

/** A place in an AL file. */
export interface SourcePosition {
  /** The file as given on the command line (forward slashes). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** A file the reader could not read, with where (line/column) and why. */
export class AlReadError extends Error {
  /**
   * @param line - 1-based line of the problem
   * @param column - 1-based column of the problem
   * @param reason - what was wrong there
   */
  constructor(readonly line: number, readonly column: number, readonly reason: string) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'AlReadError';
  }
}

/** Most statement nesting the reader follows (begin/if/case/while …); deeper is a diagnostic. */
export const MAX_NESTING = 200;

/** Most `#if` nesting the preprocessor follows; deeper is a diagnostic. */
export const MAX_PREPROCESSOR_NESTING = 64;
