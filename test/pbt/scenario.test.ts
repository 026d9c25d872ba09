import test from 'ava';
import { loadScenario, ScenarioError, scenarioJsonSchema } from '../../models/pbt/index.js';
import { scenario } from './helpers.js';

const good = scenario({ triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 50100 } }] }, script: [{ atMs: 0, open: 'p', record: 'R' }] });

function problem(mutate: (d: Record<string, any>) => void, text?: string): ScenarioError {
  const d = JSON.parse(JSON.stringify(good)) as Record<string, any>;
  mutate(d);
  try {
    loadScenario(text ?? JSON.stringify(d), 'bad.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

const cases: [string, (d: Record<string, any>) => void, string, RegExp][] = [
  ['wrong type', (d) => { d.sessions[0].script[0].atMs = '0'; }, '$.sessions[0].script[0].atMs', /expected an integer number of milliseconds/],
  ['negative time', (d) => { d.sessions[0].script[0].atMs = -5; }, '$.sessions[0].script[0].atMs', />=0|>= ?0|too small/i],
  ['non-integer time', (d) => { d.sessions[0].script[0].atMs = 1.5; }, '$.sessions[0].script[0].atMs', /int/],
  ['unknown key', (d) => { d.sessions[0].pages.p.color = 'red'; }, '$.sessions[0].pages.p', /unknown key.*"color"/],
  ['unknown action', (d) => { d.sessions[0].script[0] = { atMs: 0, jump: 'p' }; }, '$.sessions[0].script[0]', /unknown action with key\(s\) "jump"; expected one of open/],
  ['unknown page', (d) => { d.sessions[0].script[0].open = 'nope'; }, '$.sessions[0].script[0].open', /expected a page defined/],
  ['unknown codeunit', (d) => { d.sessions[0].pages.p.triggers.OnAfterGetCurrRecord[0].enqueue.codeunit = 1; }, '$.sessions[0].pages.p.triggers.OnAfterGetCurrRecord[0].enqueue.codeunit', /codeunit defined under \$\.codeunits/],
  ['bad timespan', (d) => { d.server = { pageBackgroundTaskDefaultTimeout: '2 minutes' }; }, '$.server.pageBackgroundTaskDefaultTimeout', /timespan|one of the forms|int/],
  ['unsupported version', (d) => { d.version = 2; }, '$.version', /unsupported version 2/],
  ['duplicate session', (d) => { d.sessions.push({ ...d.sessions[0] }); }, '$.sessions[1].id', /duplicate/],
  ['bad error level', (d) => { d.sessions[0].pages.p.triggers.OnAfterGetCurrRecord[0].enqueue.errorLevel = 'Fatal'; }, '$.sessions[0].pages.p.triggers.OnAfterGetCurrRecord[0].enqueue.errorLevel', /"Ignore" or "Warning" or "Error"/],
  ['bad policy', (d) => { d.policies = { queueOrder: 'random' }; }, '$.policies.queueOrder', /"fifo" or "lifo"/],
  ['infinite probability', (d) => { d.codeunits['50100'].outcome = { errorProbability: 2 }; }, '$.codeunits["50100"].outcome', /.+/],
];

for (const [name, mutate, path, message] of cases) {
  test(`loadScenario rejects ${name} naming the file and the JSON path`, (t) => {
    const e = problem(mutate);
    t.is(e.file, 'bad.json');
    t.true(e.path.startsWith(path), `${e.path} should start with ${path}`);
    t.regex(e.expected, message);
    t.true(e.message.startsWith('bad.json: $'));
  });
}

test('loadScenario rejects malformed JSON and duplicate keys', (t) => {
  t.regex(problem(() => {}, '{"version": 1,').message, /bad\.json: \$: expected valid JSON/);
  const dup = JSON.stringify(good).replace('"codeunits":{', '"codeunits":{"50100":{"durationMs":1},');
  t.regex(problem(() => {}, dup).message, /\$\.codeunits\["50100"\]: duplicate key/);
});

test('loadScenario accepts every example file', async (t) => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const files = readdirSync('examples').filter((f) => f.endsWith('.json'));
  t.true(files.length >= 6);
  for (const f of files) t.notThrows(() => loadScenario(readFileSync(`examples/${f}`, 'utf8'), f), f);
});

test('scenarioJsonSchema describes the format with its top-level keys', (t) => {
  const s = scenarioJsonSchema() as { properties: Record<string, unknown>; required: string[] };
  t.true(['version', 'name', 'codeunits', 'sessions', 'server', 'policies', 'limits'].every((k) => k in s.properties));
  t.deepEqual([...s.required].sort(), ['codeunits', 'sessions', 'version']);
});
