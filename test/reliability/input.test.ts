// Issue 11 §3 (input limits), the CLI side: size cap on files, devices and pipes; deep nesting;
// BOM; control characters escaped in messages; limits shared by `validate` and `run`.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_INPUT_BYTES, parseMaxInputBytes, readInputText } from '../../cli/io.js';

type Out = { status: number | null; stdout: string; stderr: string; ms: number };
const cli = (args: string[], env: Record<string, string> = {}): Out => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
};
const oneLine = (t: { is: (a: unknown, b: unknown, m?: string) => void; false: (a: boolean, m?: string) => void }, r: Out): void => {
  t.is(r.status, 2, r.stderr);
  t.is(r.stdout, '');
  t.is(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
  t.false(/\n\s+at /.test(r.stderr), 'no stack trace');
};
const tmp = mkdtempSync(join(tmpdir(), 'pbtsim-input-'));
const small = { version: 1, codeunits: { '50100': { durationMs: 100 } }, sessions: [{ id: 'u', pages: { card: { triggers: { OnAfterGetCurrRecord: [{ enqueue: { codeunit: 50100 } }] } } }, script: [{ atMs: 0, open: 'card', record: 'R' }] }] };
const write = (name: string, content: string | Buffer): string => {
  const f = join(tmp, name);
  writeFileSync(f, content);
  return f;
};

test('input: /dev/zero stops at once (a NUL byte is never JSON), exit 2, one line', (t) => {
  if (!existsSync('/dev/zero')) return t.pass('no /dev/zero here');
  const r = cli(['run', '/dev/zero']);
  oneLine(t, r);
  t.is(r.stderr, 'pbtsim: /dev/zero: contains NUL bytes (a binary file?), not a scenario file (a UTF-8 text)\n');
  t.true(r.ms < 10_000, `${r.ms} ms`);
});

test('input: a 1 GB sparse file is refused from its size without being read, exit 2, one line', (t) => {
  const f = join(tmp, 'huge.json');
  const fd = openSync(f, 'w');
  ftruncateSync(fd, 1024 ** 3);
  closeSync(fd);
  const r = cli(['run', f]);
  oneLine(t, r);
  t.is(r.stderr, `pbtsim: ${f}: the file's size, 1024 MiB, is more than the input limit of 256 MiB; raise it with --max-input-bytes or PBTSIM_MAX_INPUT_BYTES\n`);
  t.true(r.ms < 10_000, `${r.ms} ms`);
});

test('input: a pipe is read in chunks and stops at the cap (PBTSIM_MAX_INPUT_BYTES), exit 2, one line', (t) => {
  // An endless pipe of spaces (valid JSON whitespace, no NUL): only the cap can stop it.
  const r = spawnSync('sh', ['-c', `yes ' ' | ${JSON.stringify(process.execPath)} --import tsx cli/main.ts validate /dev/stdin`], { encoding: 'utf8', env: { ...process.env, PBTSIM_MAX_INPUT_BYTES: '1M' }, timeout: 30_000 });
  oneLine(t, { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: 0 });
  t.is(r.stderr, 'pbtsim: /dev/stdin: more than 1 MiB was read and it is more than the input limit of 1 MiB; raise it with --max-input-bytes or PBTSIM_MAX_INPUT_BYTES\n');
});

test('input: a 5,000-deep array gives one line and exit 2 (no stack overflow)', (t) => {
  const f = write('deep.json', `${'['.repeat(5000)}${']'.repeat(5000)}`);
  const r = cli(['run', f]);
  oneLine(t, r);
  t.regex(r.stderr, /deep\.json: \$\[0\]\[0\].*: expected at most 64 levels of nesting \(a scenario needs about 12\), got deeper \(line 1, column 65\)\n$/);
  const g = write('deep-object.json', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
  oneLine(t, cli(['validate', g]));
});

test('input: a leading byte-order mark is accepted (same run as without it)', (t) => {
  const plain = readFileSync('examples/customer-card.json');
  const f = write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]));
  const v = cli(['validate', f]);
  t.is(v.status, 0, v.stderr);
  const a = JSON.parse(cli(['run', f, '--json']).stdout) as { digest: string };
  const b = JSON.parse(cli(['run', 'examples/customer-card.json', '--json']).stdout) as { digest: string };
  t.is(a.digest, b.digest);
});

test('input: UTF-16 and invalid UTF-8 are refused in plain words', (t) => {
  const u16 = write('u16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(small), 'utf16le')]));
  const r = cli(['validate', u16]);
  oneLine(t, r);
  t.is(r.stderr, `pbtsim: ${u16}: is UTF-16 text; save the scenario file as UTF-8\n`);
  const bad = write('latin1.json', Buffer.concat([Buffer.from('{\n"name": "'), Buffer.from([0xe9]), Buffer.from('"}')]));
  t.is(cli(['validate', bad]).stderr, `pbtsim: ${bad}: is not UTF-8 text (an invalid byte sequence on line 2); save the scenario file as UTF-8\n`);
});

test('input: ANSI escapes, NUL and CR in names are escaped in every message line', (t) => {
  const d = structuredClone(small) as Record<string, any>;
  d['sessions'][0].id = 'u\r\u0000';
  d['sessions'][0].pages = { 'card\u001b[2J': {} };
  d['sessions'][0].script = [{ atMs: 0, open: 'card\u001b[31m\u202e' }];
  const f = write('ansi\u001b[1m.json', JSON.stringify(d));
  const r = cli(['validate', f]);
  t.is(r.status, 2);
  t.false(/[\u0000-\u0009\u000b-\u001f\u202e]/.test(r.stderr), JSON.stringify(r.stderr));
  t.true(r.stderr.includes('ansi\\u001b[1m.json: $.sessions[0].script[0].open: expected a page defined under $.sessions[0].pages ("card\\u001b[2J"), got "card\\u001b[31m\\u202e"'), r.stderr);
  // In keys (paths) and in structure messages too.
  const k = write('ansi-key.json', JSON.stringify({ ...small, 'x\u001b[2J\r': 1, name: 'n\u0000' }).replace('"atMs":0', '"atMs":"\\u001b[5m"'));
  const s = cli(['validate', k]);
  t.false(/[\u0000-\u0009\u000b-\u001f]/.test(s.stderr), JSON.stringify(s.stderr));
  t.true(s.stderr.includes('$.sessions[0].script[0].atMs: expected an integer number of milliseconds, got "\\u001b[5m"'), s.stderr);
  t.true(s.stderr.includes('$["x\\u001b[2J\\r"]: unknown key "x\\u001b[2J\\r"'), s.stderr);
});

test('input: durationMs 9007199254740991 is refused by validate and run with the same line (no kernel message)', (t) => {
  const d = structuredClone(small) as Record<string, any>;
  d['codeunits']['50100'].durationMs = 9007199254740991;
  const f = write('big-duration.json', JSON.stringify(d, null, 2));
  const line = `pbtsim: invalid scenario: ${f}: $.codeunits["50100"].durationMs: expected an integer number of milliseconds <= 1000000000000 (about 31.7 years), got 9007199254740991 (line 5)\n`;
  const v = cli(['validate', f]);
  const r = cli(['run', f]);
  oneLine(t, v);
  t.is(v.stderr, line);
  t.is(r.stderr, line);
});

test('input: a wait that could push the clock past 2^53 within maxEvents is refused; with untilMs it validates and runs', (t) => {
  const d = structuredClone(small) as Record<string, any>;
  d['codeunits']['50100'].durationMs = 1_000_000_000_000;
  const f = write('horizon.json', JSON.stringify(d));
  const v = cli(['validate', f]);
  oneLine(t, v);
  t.is(v.stderr, `pbtsim: invalid scenario: ${f}: $.limits: expected the run's clock to stay below 2^53 ms: the longest wait is 1000000000000 ms ($.codeunits["50100"].durationMs), so limits.maxEvents can be at most 9006 (it is 1000000, the default); set limits.untilMs, lower limits.maxEvents, or shorten that wait\n`);
  d['limits'] = { untilMs: 1_000_000_000_000 };
  const g = write('horizon-until.json', JSON.stringify(d));
  t.is(cli(['validate', g]).status, 0);
  const r = cli(['run', g, '--json']);
  t.is(r.status, 0, r.stderr);
});

test('input: parseMaxInputBytes reads bytes and K/M/G suffixes; a bad value is one line', (t) => {
  t.is(parseMaxInputBytes('268435456'), DEFAULT_MAX_INPUT_BYTES);
  t.is(parseMaxInputBytes('256M'), DEFAULT_MAX_INPUT_BYTES);
  t.is(parseMaxInputBytes('256MiB'), DEFAULT_MAX_INPUT_BYTES);
  t.is(parseMaxInputBytes('1g'), 1024 ** 3);
  t.is(parseMaxInputBytes('64k'), 65536);
  t.throws(() => parseMaxInputBytes('0'), { message: '--max-input-bytes: expected a size in bytes such as 268435456, 256M or 1G, got "0"' });
  t.throws(() => parseMaxInputBytes('lots'), { message: /got "lots"$/ });
  const r = cli(['validate', 'examples/customer-card.json'], { PBTSIM_MAX_INPUT_BYTES: 'x' });
  oneLine(t, r);
  t.is(r.stderr, 'pbtsim: PBTSIM_MAX_INPUT_BYTES: expected a size in bytes such as 268435456, 256M or 1G, got "x"\n');
});

test('input: readInputText honours maxInputBytes on a regular file', (t) => {
  const f = write('two-kb.json', ' '.repeat(2048));
  t.is(readInputText(f, { maxInputBytes: 2048 }).length, 2048);
  t.throws(() => readInputText(f, { maxInputBytes: 2047 }), { message: `${f}: the file's size, 2048 bytes, is more than the input limit of 2047 bytes; raise it with --max-input-bytes or PBTSIM_MAX_INPUT_BYTES` });
});
