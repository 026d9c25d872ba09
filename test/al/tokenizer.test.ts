// The AL tokenizer and the preprocessor: lexical rules, suppressions, #if branch choice.
import test from 'ava';
import { AlReadError, readAlText, tokenize, isFailure } from '../../al/index.js';
import { resolvePreprocessor } from '../../al/preprocessor.js';

test('identifiers are case-folded, quoted identifiers keep spaces and are never keywords', (t) => {
  const { tokens } = tokenize('BEGIN "Sales Header" begin "begin"');
  t.deepEqual(tokens.map((x) => [x.kind, x.lower, x.quoted]), [['ident', 'begin', false], ['ident', 'sales header', true], ['ident', 'begin', false], ['ident', 'begin', true]]);
});

test("strings resolve '' escapes; comments are dropped; positions are 1-based line and column", (t) => {
  const { tokens } = tokenize("x := 'it''s'; // c\n  /* a\n b */ y");
  t.is(tokens[2]!.kind, 'string');
  t.is(tokens[2]!.text, "it's");
  const y = tokens[tokens.length - 1]!;
  t.deepEqual([y.text, y.line, y.column], ['y', 3, 7]);
});

test('operators: := :: .. <> and number ranges 1..5', (t) => {
  const { tokens } = tokenize('a := Codeunit::"X"; 1..5 <> 2.5');
  t.deepEqual(tokens.map((x) => x.text), ['a', ':=', 'Codeunit', '::', 'X', ';', '1', '..', '5', '<>', '2.5']);
});

test('unterminated strings, quoted identifiers and block comments are read errors with positions', (t) => {
  for (const [src, line, col, re] of [["x := 'abc\n;", 1, 6, /unterminated string/], ['"abc\n', 1, 1, /quoted identifier/], ['a /* b\n c', 1, 3, /block comment/]] as const) {
    const e = t.throws(() => tokenize(src), { instanceOf: AlReadError });
    t.is(e.line, line);
    t.is(e.column, col);
    t.regex(e.reason, re);
  }
});

test('suppression comments apply to the next line holding code, with or without rule IDs', (t) => {
  const { suppressions } = tokenize('// pbtsim-disable-next-line PBT0001, PBT0004\n\n  x;\n// pbtsim-disable-next-line\ny;\nz;');
  t.deepEqual([...suppressions.get(3)!], ['PBT0001', 'PBT0004']);
  t.is(suppressions.get(5), null);
  t.false(suppressions.has(6));
});

test('#if groups with balanced branches are read whole; unbalanced ones keep only the first branch', (t) => {
  const balanced = tokenize('#if A\nx;\n#else\ny;\n#endif\n').tokens;
  t.deepEqual(resolvePreprocessor(balanced).tokens.map((x) => x.text), ['x', ';', 'y', ';']);
  const unbalanced = tokenize('#if A\nif a then begin\n#else\nif b then begin\n#endif\nend;').tokens;
  const r = resolvePreprocessor(unbalanced);
  t.deepEqual(r.tokens.map((x) => x.text), ['if', 'a', 'then', 'begin', 'end', ';']);
  t.deepEqual(r.summary.firstBranchOnly, [1]);
});

test('preprocessor errors: #endif without #if, #if without #endif, nesting past the limit', (t) => {
  t.throws(() => resolvePreprocessor(tokenize('#endif\n').tokens), { message: /#endif without a matching #if/ });
  t.throws(() => resolvePreprocessor(tokenize('#if A\nx;\n').tokens), { message: /without a matching #endif/ });
  const deep = '#if A\n'.repeat(100) + '#endif\n'.repeat(100);
  t.throws(() => resolvePreprocessor(tokenize(deep).tokens), { message: /nested deeper than 64/ });
});

test('#region and #pragma lines do not disturb reading', (t) => {
  const r = readAlText('#region Tasks\n#pragma warning disable AA0005\ncodeunit 1 X\n{\n    trigger OnRun()\n    begin\n        Sleep(5);\n    end;\n}\n#endregion\n', 'x.al');
  t.false(isFailure(r));
});
