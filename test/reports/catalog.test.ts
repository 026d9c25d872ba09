import test from 'ava';
import { readFileSync } from 'node:fs';
import { SPEC_TEXT } from '../../reports/catalog/specText.js';
import { parseCatalog, shorten, vendoredCatalog } from '../../reports/index.js';

const md = readFileSync(new URL('../../reports/catalog/pbt-spec.md', import.meta.url), 'utf8');

test('catalog parser finds every clause ID of the vendored catalog, once, in order', (t) => {
  // Arrange: every ID at the start of a table row, found independently of the parser.
  const expected = [...md.matchAll(/^\|\s*(PBT-[A-Z]+-C?\d{2})\s*\|/gm)].map((m) => m[1]);
  // Act
  const c = vendoredCatalog();
  // Assert
  t.true(expected.length > 100);
  t.deepEqual(c.clauses.map((x) => x.id), expected);
  t.is(new Set(c.clauses.map((x) => x.id)).size, c.clauses.length);
});

test('catalog parser reads simulable, source, section and the docs snapshot', (t) => {
  const c = vendoredCatalog();
  const byId = new Map(c.clauses.map((x) => [x.id, x]));
  t.is(byId.get(['PBT', 'CONC', '01'].join('-'))?.simulable, 'yes');
  t.is(byId.get(['PBT', 'CONC', '07'].join('-'))?.simulable, 'no');
  t.is(byId.get(['PBT', 'ENQ', '07'].join('-'))?.simulable, 'partly');
  t.regex(byId.get(['PBT', 'CONC', '01'].join('-'))?.source ?? '', /D2/);
  t.is(byId.get(['PBT', 'TMO', '03'].join('-'))?.section, '1.3 Timeout (TMO)');
  t.is(c.docsSnapshot, 'HEAD 5dc00b6a9b, 2026-08-21');
  t.regex(c.sha256, /^sha256:[0-9a-f]{64}$/);
  t.deepEqual(c.gaps.map((g) => g.id).sort(), Array.from({ length: 35 }, (_, i) => `A${i + 1}`).sort());
  for (const x of c.clauses) t.true(x.short.length > 0 && x.short.length <= 140, x.id);
});

test('catalog vendored string equals the vendored markdown file', (t) => {
  t.is(SPEC_TEXT, md);
});

test('catalog parser rejects an unknown Simulable value and duplicate IDs', (t) => {
  const row = (id: string, sim: string): string => `| ${id} | text | D1 | ${sim} | check |`;
  const id = ['PBT', 'XYZ', '01'].join('-');
  t.throws(() => parseCatalog(row(id, 'maybe')), { message: /Simulable "maybe"/ });
  t.throws(() => parseCatalog(`${row(id, 'yes')}\n${row(id, 'yes')}`), { message: /appears twice/ });
});

test('shorten keeps a first sentence and cuts long text at a word', (t) => {
  t.is(shorten('One thing. Two things follow here and they are long enough to matter.', 40), 'One thing.');
  const long = shorten('word '.repeat(60).trim(), 50);
  t.true(long.length <= 50);
  t.true(long.endsWith('…'));
});
