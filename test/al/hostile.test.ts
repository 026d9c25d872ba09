// Hostile input: every unreadable file gives one diagnostic with a position, never a crash or a
// stack overflow, and the other files are still read.
import test from 'ava';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFailure, lintProject, readAlBytes, readAlProject, readAlText, type FileReadFailure } from '../../al/index.js';
import { FIXTURES } from './helpers.js';

const fail = (text: string): FileReadFailure => {
  const r = readAlText(text, 'h.al');
  if (!isFailure(r)) throw new Error('expected a failure');
  return r;
};

test('10,000 nested begin blocks: a nesting diagnostic, not a stack overflow', (t) => {
  const deep = `codeunit 1 D\n{\n  trigger OnRun()\n  begin\n${'begin '.repeat(10_000)}${'end; '.repeat(10_000)}\n  end;\n}\n`;
  const r = fail(deep);
  t.regex(r.reason, /nested deeper than 200 levels/);
  t.is(r.line, 5);
});

test('10,000 nested if statements, parentheses and braces: diagnostics or a normal read, never a crash', (t) => {
  t.regex(fail(`codeunit 1 D { trigger OnRun() begin ${'if a then '.repeat(10_000)}x; end; }`).reason, /nested deeper/);
  const parens = readAlText(`codeunit 1 D { trigger OnRun() begin x := ${'('.repeat(10_000)}1${')'.repeat(10_000)}; end; }`, 'p.al');
  t.false(isFailure(parens));
  const braces = readAlText(`page 1 P { layout { ${'group(G) { '.repeat(10_000)}${'} '.repeat(10_000)} } }`, 'b.al');
  t.false(isFailure(braces));
  const unclosed = fail(`page 1 P { layout { ${'group(G) { '.repeat(10_000)} }`);
  t.regex(unclosed.reason, /unexpected end of file/);
});

test('binary garbage and invalid UTF-8 are "not a text file" diagnostics with a position', (t) => {
  const bytes = new Uint8Array(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; bytes[i] = x & 0xff; }
  bytes[10] = 0;
  const r = readAlBytes(bytes, 'garbage.al');
  t.true(isFailure(r));
  t.regex((r as FileReadFailure).reason, /not a text file/);
  const latin1 = readAlBytes(new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xe9, 0x0a]), 'latin1.al');
  t.like(latin1, { line: 2, column: 1, reason: 'not valid UTF-8 text' });
});

test('structural nonsense: one diagnostic each', (t) => {
  t.regex(fail('hello world').reason, /expected an object declaration/);
  t.regex(fail('codeunit 1 X { trigger OnRun() begin x := 1; }').reason, /unexpected end of file|expected/);
  t.false(isFailure(readAlText('codeunit 1 X { trigger OnRun() begin x := 1 end }', 'ok.al')), 'the last statement needs no ";"');
  t.regex(fail('page 1 P { begin end; }').reason, /before "begin"/);
  t.regex(fail('codeunit 1 X { trigger OnRun() begin if a then; case b of 1: ; end').reason, /unexpected end of file/);
});

test('a folder with broken files: one PBT0000 per broken file, the good files are still read and linted', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pbtsim-al-hostile-'));
  for (const f of ['UnterminatedString.Page.al', 'UnterminatedComment.Codeunit.al', 'Fine.Codeunit.al']) copyFileSync(join(FIXTURES, 'hostile', f), join(dir, f));
  writeFileSync(join(dir, 'Deep.Codeunit.al'), `codeunit 9 D { trigger OnRun() begin ${'begin '.repeat(10_000)}${'end; '.repeat(10_000)} end; }`);
  const garbage = Buffer.alloc(2000, 0x41);
  garbage[500] = 0;
  writeFileSync(join(dir, 'Garbage.al'), garbage);
  copyFileSync(join(FIXTURES, 'vendor-factbox', 'VendorStats.Page.al'), join(dir, 'VendorStats.Page.al'));
  const p = readAlProject([dir]);
  t.is(p.failures.length, 4);
  t.deepEqual(p.files.map((f) => f.file.split('/').pop()), ['Fine.Codeunit.al', 'VendorStats.Page.al']);
  const r = lintProject(p);
  const broken = r.diagnostics.filter((d) => d.rule === 'PBT0000');
  t.is(broken.length, 4);
  t.true(broken.every((d) => d.line >= 1 && d.column >= 1 && d.severity === 'error'));
  t.true(r.diagnostics.some((d) => d.rule === 'PBT0006'), 'the good page is still linted');
});

test('a 10,000-long else-if chain is read in a loop (one nesting level), not reported as too deep', (t) => {
  const chain = `codeunit 1 D { trigger OnRun() begin if a = 0 then x := 0 ${Array.from({ length: 10_000 }, (_, i) => `else if a = ${i + 1} then x := ${i + 1}`).join(' ')} else Sleep(1); end; }`;
  const r = readAlText(chain, 'chain.al');
  if (isFailure(r)) return t.fail(r.reason);
  const sleep = r.objects[0]!.routines[0]!.findings.find((f) => f.kind === 'sleep')!;
  t.true(sleep.guarded, 'the final else is under the chain\'s conditions');
});
