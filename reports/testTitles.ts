/**
 * Example tests as evidence: the titles of ava tests that cite clause IDs. A pure scan of test
 * source text; the CLI walks `test/` and hands each file's text here.
 * @module
 */
import { CLAUSE_ID_PATTERN } from './catalog.js';

/** One test whose title cites clause IDs. */
export interface CitedTest {
  /** Test file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the `test(` call. */
  readonly line: number;
  /** The title as written (a template literal keeps its `${…}` parts). */
  readonly title: string;
  /** Clause IDs the title cites, in order of appearance, without repeats. */
  readonly clauses: readonly string[];
  /** `skip`, `todo` and `failing` tests are listed but are not evidence. */
  readonly modifier: 'skip' | 'todo' | 'failing' | null;
}

// `test(`, `test.serial(`, `test.skip(`, `test.serial.skip(`, … followed by a string literal.
const TEST_CALL = /\btest((?:\.(?:serial|only|skip|todo|failing))*)\(\s*(?:'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`((?:\\.|[^`\\])*)`)/g;

/**
 * Lists the tests of one file whose titles cite clause IDs.
 * @param text - the test file's source
 * @param file - its path, for the evidence column
 * @returns the citing tests in source order
 */
export function citedTests(text: string, file: string): CitedTest[] {
  const out: CitedTest[] = [];
  for (const m of text.matchAll(TEST_CALL)) {
    const title = (m[2] ?? m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1');
    const clauses = [...new Set(title.match(CLAUSE_ID_PATTERN) ?? [])];
    if (clauses.length === 0) continue;
    const mods = (m[1] ?? '').split('.');
    const modifier = mods.includes('skip') ? 'skip' : mods.includes('todo') ? 'todo' : mods.includes('failing') ? 'failing' : null;
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ file, line, title, clauses, modifier });
  }
  return out;
}
