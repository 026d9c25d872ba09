// Issue 12 §3 (messages): the exact text of every input message case. Each broken fixture in
// test/fixtures/broken/ has its expected lines here; a few cases also run through the CLI to
// check the whole line, the exit code and that nothing reaches stdout.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, ScenarioError } from '../../models/pbt/index.js';
import { parsePositiveInt, parseSeed } from '../../cli/io.js';

const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'pbtsim-messages-'));

function linesOf(text: string, file: string): string[] {
  try {
    loadScenario(text, file);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n');
    throw e;
  }
  throw new Error(`${file} was accepted`);
}
const fixture = (name: string): string[] => {
  const file = `test/fixtures/broken/${name}.json`;
  return linesOf(readFileSync(file, 'utf8'), file);
};
const F = (name: string): string => `test/fixtures/broken/${name}.json`;

const EXPECTED: Record<string, string[]> = {
  'misspelled-required-key': [`${F('misspelled-required-key')}: $.codeunits["50200"].duratonMs: unknown key "duratonMs" (did you mean "durationMs"? that key is required and missing) (line 6)`],
  'unknown-key-suggestion': [`${F('unknown-key-suggestion')}: $.sessions[0].pages.card.triggers.OnAfterGetCurrRecord[0].enqueue.timeOutMs: unknown key "timeOutMs" (did you mean "timeoutMs"?) (line 23)`],
  'timeout-with-unit': [`${F('timeout-with-unit')}: $.sessions[0].pages.card.triggers.OnAfterGetCurrRecord[0].enqueue.timeoutMs: expected an integer number of milliseconds (e.g. 120000 for 2 minutes), got "2 min" (line 22)`],
  'negative-think-time': [`${F('negative-think-time')}: $.sessions[0].script[2].thinkMs: expected an integer number of milliseconds >= 0, got -5 (line 48)`],
  'duration-union': [`${F('duration-union')}: $.codeunits["50200"].durationMs: expected a duration: an integer number of milliseconds, {"parameter": "<name>"}, {"uniform": {"minMs", "maxMs"}}, {"exponential": {"meanMs"}}, {"normal": {"meanMs", "sdMs"}} or {"lognormal": {"medianMs", "sigma"}}, got "2 s" (line 6)`],
  'three-mistakes': [
    `${F('three-mistakes')}: $.codeunits["50200"].durationMs: expected an integer number of milliseconds >= 0, got -1 (line 6)`,
    `${F('three-mistakes')}: $.sessions[0].pages.card.kind: expected "card" or "list" or "part" or "roleCenter", got "Card" (did you mean "card"?) (line 28)`,
    `${F('three-mistakes')}: $.sessions[0].script[1].atMs: expected an integer number of milliseconds, got "400" (line 38)`,
  ],
  'unknown-action': [`${F('unknown-action')}: $.sessions[0].script[1]: unknown action with key(s) "goto"; expected one of open, navigate, fetchRows, close, call, browse, runPageBackgroundTask, endSession (line 36)`],
  'reserved-page-name': [`${F('reserved-page-name')}: $.sessions[0].pages.toString: expected a name other than "toString" (names every JavaScript object already has, such as __proto__, constructor and toString, are refused) (line 29)`],
  'reserved-result-key': [`${F('reserved-result-key')}: $.codeunits["50200"].results.__proto__: expected a name other than "__proto__" (names every JavaScript object already has, such as __proto__, constructor and toString, are refused) (line 7)`],
  'reserved-parameter-name': [`${F('reserved-parameter-name')}: $.sessions[0].pages.card.triggers.OnAfterGetCurrRecord[0].enqueue.parameters.constructor: expected a name other than "constructor" (names every JavaScript object already has, such as __proto__, constructor and toString, are refused) (line 25)`],
  timespan: [`${F('timespan')}: $.server.pageBackgroundTaskDefaultTimeout: expected a timespan "hh:mm:ss[.fff]" such as "00:02:00" (or an integer number of milliseconds), got "2 minutes" (line 45)`],
  'codeunit-id-not-digits': [`${F('codeunit-id-not-digits')}: $.codeunits.CU50200: expected a codeunit ID (digits), got "CU50200" (line 11)`],
  'missing-sessions': [`${F('missing-sessions')}: $: missing required key "sessions": expected a list of sessions there (line 1)`],
};

for (const [name, lines] of Object.entries(EXPECTED)) {
  test(`messages: ${name} gives its exact message`, (t) => {
    t.deepEqual(fixture(name), lines);
  });
}

test('messages: every broken fixture has an expected message', async (t) => {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync('test/fixtures/broken').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
  t.deepEqual(files, Object.keys(EXPECTED).sort());
});

test('messages: no message uses the validator\'s raw wording', (t) => {
  for (const name of Object.keys(EXPECTED)) {
    for (const line of fixture(name)) t.false(/Too small|Too big|Invalid input|Unrecognized key|expected number to be/.test(line), line);
  }
});

const base = { version: 1, codeunits: { '50200': { durationMs: 100 } }, sessions: [{ id: 'u', pages: { card: {} }, script: [{ atMs: 0, open: 'card' }] }] };

test('messages: up to 20 problems at once, one per line, then a line saying more were left out', (t) => {
  const d = structuredClone(base) as { sessions: { script: unknown[] }[] };
  d.sessions[0]!.script = Array.from({ length: 25 }, (_, i) => ({ atMs: -1 - i, open: 'card' }));
  const lines = linesOf(JSON.stringify(d, null, 1), 'many.json');
  t.is(lines.length, 21);
  t.is(lines[0], 'many.json: $.sessions[0].script[0].atMs: expected an integer number of milliseconds >= 0, got -1 (line 16)');
  t.is(lines[19], 'many.json: $.sessions[0].script[19].atMs: expected an integer number of milliseconds >= 0, got -20 (line 92)');
  t.is(lines[20], 'many.json: more problems not shown; fix these first');
});

test('messages: problems come in file order, even where JavaScript would sort numeric keys', (t) => {
  const text = '{"version":1,\n"codeunits":{\n"9":{"durationMs":-9},\n"1":{"durationMs":-1}},\n"sessions":[{"id":"u","pages":{},"script":[]}]}';
  t.deepEqual(linesOf(text, 'o.json'), [
    'o.json: $.codeunits["9"].durationMs: expected an integer number of milliseconds >= 0, got -9 (line 3)',
    'o.json: $.codeunits["1"].durationMs: expected an integer number of milliseconds >= 0, got -1 (line 4)',
  ]);
});

test('messages: references, duplicate IDs and canonical codeunit IDs are reported together', (t) => {
  const d = structuredClone(base) as Record<string, any>;
  d['codeunits']['050200'] = { durationMs: 1 };
  d['sessions'][0].script.push({ atMs: 5, close: 'kard' });
  d['sessions'].push({ id: 'u', pages: {}, script: [] });
  t.deepEqual(linesOf(JSON.stringify(d), 'refs.json'), [
    'refs.json: $.codeunits["050200"]: codeunit 50200 is defined twice (as "50200" and "050200"); expected each codeunit ID once (line 1)',
    'refs.json: $.sessions[0].script[1].close: expected a page defined under $.sessions[0].pages ("card"), got "kard" (line 1)',
    'refs.json: $.sessions[1].id: expected a session ID not used before, got duplicate "u" (line 1)',
  ]);
});

test('messages: a misspelled action and a misspelled enum value suggest the nearest valid one', (t) => {
  const d = structuredClone(base) as Record<string, any>;
  d['sessions'][0].script[0] = { atMs: 0, opne: 'card' };
  d['sessions'][0].pages.card = { triggers: { OnOpenPage: [{ enqueue: { codeunit: 50200, errorLevel: 'warning' } }] } };
  t.deepEqual(linesOf(JSON.stringify(d), 'm.json'), [
    'm.json: $.sessions[0].pages.card.triggers.OnOpenPage[0].enqueue.errorLevel: expected "Ignore" or "Warning" or "Error", got "warning" (did you mean "Warning"?) (line 1)',
    'm.json: $.sessions[0].script[0]: unknown action with key(s) "opne" (did you mean "open"?); expected one of open, navigate, fetchRows, close, call, browse, runPageBackgroundTask, endSession (line 1)',
  ]);
});

test('messages: a call step without its second key lists the call forms', (t) => {
  const d = structuredClone(base) as Record<string, any>;
  d['sessions'][0].script.push({ atMs: 9, call: 'card' });
  t.deepEqual(linesOf(JSON.stringify(d), 'c.json'), [
    'c.json: $.sessions[0].script[1]: expected a script step: {"atMs", "call", "enqueue"}, {"atMs", "call", "cancel"}, {"atMs", "call", "busyMs"} or {"atMs", "call", "statements"}, got an object with key(s) "atMs", "call" (line 1)',
  ]);
});

test('messages: malformed JSON names the line, the column and what was expected', (t) => {
  t.deepEqual(linesOf('{\n  "version": 1,\n}', 'j.json'), ['j.json: $: expected valid JSON (line 3, column 1): a key in double quotes, got "}" (JSON allows no comma before "}")']);
  t.deepEqual(linesOf("{'version': 1}", 'q.json'), ['q.json: $: expected valid JSON (line 1, column 2): a key in double quotes, got "\'" (JSON texts use double quotes)']);
  t.deepEqual(linesOf('// scenario\n{}', 'c.json'), ['c.json: $: expected valid JSON (line 1, column 1): a value (object, list, text, number, true, false or null), got "/" (JSON has no comments)']);
});

test('messages: an empty file and JSON that is not an object', (t) => {
  t.deepEqual(linesOf(' \n', 'e.json'), ['e.json: $: the file is empty; expected a scenario: a JSON object such as {"version": 1, "codeunits": {…}, "sessions": […]}']);
  t.deepEqual(linesOf('[1, 2]', 'a.json'), ['a.json: $: expected a scenario: a JSON object such as {"version": 1, "codeunits": {…}, "sessions": […]}, got a list of 2']);
});

test('messages: name is optional and defaults to the file\'s base name', (t) => {
  t.is(loadScenario(JSON.stringify(base), 'some/dir/my-scenario.json').name, 'my-scenario');
  t.is(loadScenario(JSON.stringify(base), 'C:\\work\\other.v2.json').name, 'other.v2');
  t.is(loadScenario(JSON.stringify({ ...base, name: 'Named' }), 'x.json').name, 'Named');
  t.is(loadScenario(JSON.stringify(base), 'x.json').source.name, 'x', 'the source carries the name, so a trace header replays with it');
});

test('messages: files of the wrong kind are named as such', (t) => {
  const trace = '{"format":"pbtsim-trace/1","kind":"header","seed":1}\n{"seq":0,"timeMs":0}\n';
  t.deepEqual(linesOf(trace, 't.jsonl'), ['t.jsonl: $: this is a pbtsim trace, not a scenario; use `pbtsim replay <trace>` to re-run it']);
  const result = JSON.stringify({ scenario: 'x', seed: 1, digest: 'sha256:00', tasks: [], enqueueCalls: [] });
  t.deepEqual(linesOf(result, 'r.json'), ['r.json: $: this is the output of `pbtsim run --json` (a run result), not a scenario']);
  t.deepEqual(linesOf('page 50100 "My Card"\n{\n}\n', 'p.al'), ['p.al: $: this is AL source, not a scenario; `pbtsim import` turns AL pages and codeunits into a scenario']);
  t.deepEqual(linesOf('<!DOCTYPE html><html></html>', 'r.html'), ['r.html: $: this is an HTML file (a pbtsim report?), not a scenario']);
});

test('messages (CLI): a trace given to run and validate, a folder, a missing folder', (t) => {
  const trace = join(tmp, 'cc.jsonl');
  t.is(cli('run', 'examples/customer-card.json', '--trace', trace).status, 0);
  for (const cmd of ['run', 'validate']) {
    const r = cli(cmd, trace);
    t.is(r.status, 2);
    t.is(r.stdout, '');
    t.is(r.stderr, `pbtsim: invalid scenario: ${trace}: $: this is a pbtsim trace, not a scenario; use \`pbtsim replay <trace>\` to re-run it\n`);
  }
  t.is(cli('validate', 'examples').stderr, 'pbtsim: examples: is a folder, not a scenario file; give the path of a .json file inside it\n');
  t.is(cli('run', '/nonexistent-dir/x.json').stderr, 'pbtsim: /nonexistent-dir/x.json: no such file: the folder /nonexistent-dir does not exist\n');
  t.is(cli('run', join(tmp, 'missing.json')).stderr, `pbtsim: ${join(tmp, 'missing.json')}: no such file (cannot read the scenario file)\n`);
});

test('messages (CLI): several problems print one per line, exit 2, nothing on stdout, no stack', (t) => {
  const r = cli('validate', F('three-mistakes'));
  t.is(r.status, 2);
  t.is(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  t.is(lines.length, 3);
  t.is(lines[0], `pbtsim: invalid scenario: ${EXPECTED['three-mistakes']![0]}`);
  for (const [i, line] of lines.entries()) t.true(line.endsWith(EXPECTED['three-mistakes']![i]!), line);
  t.false(/\n\s+at /.test(r.stderr));
});

test('parseSeed is the one seed parser: digits are integer seeds, other text is a text seed', (t) => {
  t.is(parseSeed('42'), 42);
  t.is(parseSeed('007'), 7);
  t.is(parseSeed('abc'), 'abc');
  t.is(parseSeed('1e3'), '1e3');
  t.throws(() => parseSeed('-3'), { message: '--seed: expected an integer from 0 to 9007199254740991 or a text, got -3' });
  t.throws(() => parseSeed('9007199254740993'), { message: /expected an integer from 0 to 9007199254740991/ });
  t.throws(() => parseSeed(''), { message: '--seed: expected an integer from 0 to 9007199254740991 or a text, got an empty value' });
  t.is(parseSeed('-\u001b[31m1'), '-\u001b[31m1', 'not a negative number: a text seed');
  t.throws(() => parsePositiveInt('--runs', '\u001b[2J'), { message: '--runs: expected a positive integer, got \\u001b[2J' }, 'control characters escaped');
});

test('messages (CLI): --seed abc runs as a text seed, --seed -3 is refused in one line', (t) => {
  const ok = cli('run', 'examples/customer-card.json', '--seed', 'abc', '--json');
  t.is(ok.status, 0, ok.stderr);
  t.is((JSON.parse(ok.stdout) as { seed: unknown }).seed, 'abc');
  const bad = cli('run', 'examples/customer-card.json', '--seed', '-3');
  t.is(bad.status, 2);
  t.is(bad.stderr, 'pbtsim: --seed: expected an integer from 0 to 9007199254740991 or a text, got -3\n');
});

test('messages (CLI): a control character in a file name is escaped', (t) => {
  const name = join(tmp, 'bad\u001b[31mname.json');
  writeFileSync(name, '{"version": 2}');
  const r = cli('validate', name);
  t.is(r.status, 2);
  t.false(r.stderr.includes('\u001b'));
  t.true(r.stderr.includes('bad\\u001b[31mname.json: $.version: unsupported version 2: expected 1'), r.stderr);
});
