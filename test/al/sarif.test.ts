// SARIF output validates against the OASIS SARIF 2.1.0 schema (vendored, see
// test/fixtures/al/sarif/README.md), and the validator does reject a broken log.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { formatSarif, lintProject, readAlProject } from '../../al/index.js';
import { FIXTURES } from './helpers.js';

function validator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(`${FIXTURES}/sarif/sarif-2.1.0-rtm.5.json`, 'utf8')) as Record<string, unknown>;
  // The schema is draft-04: its `id` is draft-06+'s `$id`; one of its patterns is not valid in unicode mode.
  delete schema['$schema'];
  schema['$id'] = schema['id'];
  delete schema['id'];
  const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

test('pbtsim lint --format sarif output is valid SARIF 2.1.0', (t) => {
  const validate = validator();
  const log = JSON.parse(formatSarif(lintProject(readAlProject([FIXTURES])), '0.1.0')) as { runs: { results: { ruleId: string; locations: unknown[] }[]; tool: { driver: { rules: unknown[] } } }[] };
  t.true(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  t.is(log.runs[0]!.tool.driver.rules.length, 12);
  t.true(log.runs[0]!.results.length >= 15);
  t.like(log.runs[0]!.results.find((r) => r.ruleId === 'PBT0001'), { level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'test/fixtures/al/role-center/SalesActivities.Page.al' }, region: { startLine: 45, startColumn: 9 } } }] });
});

test('the schema check can fail: a log without a tool driver or with a bad level is rejected', (t) => {
  const validate = validator();
  t.false(validate({ version: '2.1.0', runs: [{ tool: {} }] }));
  t.false(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'loud', message: { text: 'm' } }] }] }));
});
