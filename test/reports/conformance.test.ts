import test from 'ava';
import { join } from 'node:path';
import { collectConformance, packageRoot, renderConformance } from '../../cli/commands/report.js';
import { buildConformance, emptyLifecycle, parseCatalog, type ConformanceInput } from '../../reports/index.js';

const id = (area: string, n: string): string => ['PBT', area, n].join('-');
const catalogText = [
  '### 1.1 Test area (TST)',
  `| ${id('TST', '01')} | Checked by an invariant. | D1 | yes | x |`,
  `| ${id('TST', '02')} | Only a policy. | D1 | yes | x |`,
  `| ${id('TST', '03')} | Partly, policy. | D1 | partly | x |`,
  `| ${id('TST', '04')} | Outside. | D1 | no | x |`,
  `| ${id('TST', '05')} | Violated. | D1 | yes | x |`,
  `| ${id('TST', '06')} | A test cites it. | D1 | yes | x |`,
  '**A1. A gap.**',
].join('\n');

function input(): ConformanceInput {
  return {
    catalog: parseCatalog(catalogText),
    invariants: [{ name: 'inv1', clauses: [id('TST', '01')], description: 'd' }, { name: 'inv5', clauses: [id('TST', '05'), 'A1'], description: 'd' }],
    tests: [{ file: 't.test.ts', line: 3, title: 'x', clauses: [id('TST', '06')], modifier: null }, { file: 't.test.ts', line: 9, title: 'y', clauses: [id('TST', '02')], modifier: 'skip' }],
    policies: [{ name: 'p', gaps: ['A1'], clauses: [id('TST', '02'), id('TST', '03')], default: 'a', alternatives: ['a', 'b'], meaning: 'm' }],
    fixedChoices: [],
    runs: [{
      kind: 'generated', scenario: 'g', file: null, seed: 9, digest: 'sha256:x', eventCount: 3, exercised: { [id('TST', '01')]: 2 },
      violations: [{ invariant: 'inv5', clauses: [id('TST', '05')], message: 'broken', atMs: 5 }], replay: 'pbtsim run generated.json --seed 9', source: { version: 1 },
    }],
    determinism: [],
    lifecycle: emptyLifecycle(),
    meta: { pbtsimVersion: '0', nodeVersion: 'v', seed: 1, runsRequested: 1, generator: 'g', createdAt: 'now', durationMs: 1, examplesDir: 'e', testsDir: 't' },
  };
}

test('conformance status follows the evidence rules', (t) => {
  const r = buildConformance(input());
  const status = Object.fromEntries(r.clauses.map((c) => [c.id, c.status]));
  t.deepEqual(status, {
    [id('TST', '01')]: 'conforms',
    [id('TST', '02')]: 'no evidence',
    [id('TST', '03')]: 'policy',
    [id('TST', '04')]: 'not simulable',
    [id('TST', '05')]: 'violated',
    [id('TST', '06')]: 'conforms',
  });
  t.deepEqual(r.yesWithoutEvidence, [id('TST', '02')]);
  t.is(r.clauses[1]?.testsNotCounted.length, 1);
  t.deepEqual(r.invariants[1]?.unknownClauses, []);
  const v = r.clauses[4]?.violations[0];
  t.is(v?.replay, 'pbtsim run generated.json --seed 9');
  t.deepEqual(v?.source, { version: 1 });
  t.is(r.clauses[0]?.runs, 1);
  t.is(r.clauses[0]?.events, 2);
  t.deepEqual(r.gapsWithoutPolicy, []);
});

test('conformance JUnit has one testcase per clause with failures and skips', (t) => {
  const r = buildConformance(input());
  const xml = renderConformance(r, 'junit');
  t.is((xml.match(/<testcase /g) ?? []).length, 6);
  t.is((xml.match(/<failure /g) ?? []).length, 1);
  t.is((xml.match(/<skipped /g) ?? []).length, 2);
  t.regex(xml, /<testsuites name="pbtsim conformance" tests="6" failures="1" errors="0" skipped="2"/);
});

test('conformance over the real examples and a few generated runs covers every clause', (t) => {
  const root = packageRoot();
  const r = collectConformance({ runs: 4, seed: 3, examplesDir: join(root, 'examples'), testsDir: join(root, 'test'), root });
  t.is(r.clauses.length, r.catalog.clauses);
  t.is(r.runs.generated, 4);
  t.true(r.runs.examples >= 1);
  t.true(r.determinism.every((d) => d.same));
  t.is(r.summary['not simulable'], r.clauses.filter((c) => c.simulable === 'no').length);
  // Every conforming yes clause has an invariant or an example test behind it.
  for (const c of r.clauses) if (c.status === 'conforms') t.true(c.invariants.length > 0 || c.tests.length > 0, c.id);
  for (const fmt of ['md', 'html', 'json', 'junit'] as const) t.true(renderConformance(r, fmt).length > 1000, fmt);
  t.true(r.lifecycle['enqueue accepted'] > 0);
});
