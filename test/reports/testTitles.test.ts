import test from 'ava';
import { citedTests } from '../../reports/index.js';

// IDs are assembled so that this file's own titles cite no clause.
const A = ['PBT', 'ENQ', '01'].join('-');
const B = ['PBT', 'ERR', 'C01'].join('-');

test('cited tests are found in test, test.serial, skip and template titles', (t) => {
  const src = [
    `test('${A} the signature is accepted', (t) => {});`,
    `test.serial("${B} dialog fails", (t) => {});`,
    'test.skip(`' + A + ' later`, (t) => {});',
    `test('no clause here', (t) => {});`,
    `test('${A} it\\'s escaped', (t) => {});`,
  ].join('\n');
  const found = citedTests(src, 'x.test.ts');
  t.deepEqual(found.map((f) => [f.line, f.clauses, f.modifier]), [[1, [A], null], [2, [B], null], [3, [A], 'skip'], [5, [A], null]]);
  t.is(found[3]?.title, `${A} it's escaped`);
});
