// Issue 12 §4 (format): the published JSON Schema is small, describes every property, shares
// its parts as $defs, accepts every example and rejects every broken fixture (checked with ajv,
// an independent validator, so the schema editors use is the one the CLI enforces).
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { scenarioJsonSchema } from '../../models/pbt/index.js';

const schema = scenarioJsonSchema();
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
const validate = ajv.compile(schema);
const json = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

test('schema: the published file is well under 100 KB', (t) => {
  const size = Buffer.byteLength(readFileSync('docs/scenario.schema.json'));
  t.true(size < 100_000, `${size} bytes`);
  t.log(`docs/scenario.schema.json: ${size} bytes`);
});

test('schema: the shared parts are $defs (statement, step, duration, timespan …)', (t) => {
  const defs = Object.keys((schema['$defs'] ?? {}) as object);
  for (const d of ['statement', 'simpleStatement', 'step', 'duration', 'timespan', 'enqueue', 'cancel', 'page', 'triggers', 'codeunit', 'server', 'session', 'name']) t.true(defs.includes(d), d);
});

test('schema: every property has a description (directly or through its $ref)', (t) => {
  const defs = schema['$defs'] as Record<string, Record<string, unknown>>;
  const missing: string[] = [];
  const described = (n: Record<string, unknown>): boolean => typeof n['description'] === 'string'
    || (typeof n['$ref'] === 'string' && typeof defs[(n['$ref'] as string).replace('#/$defs/', '')]?.['description'] === 'string');
  const walk = (n: unknown, at: string): void => {
    if (Array.isArray(n)) return n.forEach((x, i) => walk(x, `${at}[${i}]`));
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o['properties'] !== undefined) {
      for (const [k, v] of Object.entries(o['properties'] as Record<string, Record<string, unknown>>)) if (!described(v)) missing.push(`${at}.${k}`);
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
  };
  walk(schema, '#');
  t.deepEqual(missing, []);
});

test('schema: ajv accepts every example', (t) => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.json'));
  t.true(files.length >= 6);
  for (const f of files) t.true(validate(json(`examples/${f}`)), `${f}: ${ajv.errorsText(validate.errors)}`);
});

test('schema: ajv rejects every broken fixture', (t) => {
  const files = readdirSync('test/fixtures/broken').filter((f) => f.endsWith('.json'));
  t.true(files.length >= 10);
  for (const f of files) t.false(validate(json(`test/fixtures/broken/${f}`)), f);
});

test('schema: docs/scenario-format.md shows an example of every statement and every step kind', (t) => {
  const doc = readFileSync('docs/scenario-format.md', 'utf8');
  const defs = schema['$defs'] as Record<string, { anyOf: { properties?: Record<string, unknown>; required?: string[]; $ref?: string }[] }>;
  const statementKeys = [...defs['simpleStatement']!.anyOf, ...defs['statement']!.anyOf.filter((b) => b.$ref === undefined)].map((b) => b.required![0]!);
  t.is(statementKeys.length, 12);
  for (const k of statementKeys) t.regex(doc, new RegExp(`\\| \`\\{ "${k}": `), `statement ${k}`);
  const stepHeads = defs['step']!.anyOf.map((b) => b.required!.find((k) => k !== 'atMs')!);
  t.is(new Set(stepHeads).size, 8);
  for (const k of stepHeads) t.regex(doc, new RegExp(`\\| \`\\{ "atMs": \\d+, "${k}": `), `step ${k}`);
  t.regex(doc, /\*\*browse\.\*\* `browse` is the key of the page under `pages`/);
  t.regex(doc, /The first\s+move happens at `atMs`/);
});
