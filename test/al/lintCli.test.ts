// `pbtsim lint` end to end: formats, --out, --max-warnings, the configuration file, exit codes.
import test from 'ava';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, FIXTURES } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'pbtsim-lint-'));

test('text output: compiler-style lines and a summary; exit 0 without errors', (t) => {
  const r = cli('lint', `${FIXTURES}/role-center`);
  t.is(r.status, 0);
  t.regex(r.stdout, /^test\/fixtures\/al\/role-center\/SalesActivities\.Page\.al\(45,9\): warning PBT0001: .*\[PBT-ENQ-07, A33\]$/m);
  t.regex(r.stdout, /3 file\(s\), 3 object\(s\), 2 EnqueueBackgroundTask call\(s\): 0 error\(s\), 3 warning\(s\), 0 note\(s\)\n$/);
  t.is(cli('lint', `${FIXTURES}/customer-card`).status, 0);
});

test('exit 1 for an error diagnostic or more warnings than --max-warnings', (t) => {
  t.is(cli('lint', `${FIXTURES}/writer`).status, 1);
  t.is(cli('lint', `${FIXTURES}/role-center`, '--max-warnings', '3').status, 0);
  const over = cli('lint', `${FIXTURES}/role-center`, '--max-warnings', '2');
  t.is(over.status, 1);
  t.regex(over.stderr, /3 warning\(s\), more than --max-warnings 2/);
});

test('exit 2 for unusable arguments, with one line and no stack', (t) => {
  for (const args of [['lint', join(tmp, 'missing')], ['lint', FIXTURES, '--format', 'xml'], ['lint', FIXTURES, '--max-warnings', '-1']]) {
    const r = cli(...args);
    t.is(r.status, 2, args.join(' '));
    t.is(r.stderr.trim().split('\n').length, 1);
    t.false(/\n\s+at /.test(r.stderr));
  }
});

test('JSON output has the documented shape', (t) => {
  const r = cli('lint', `${FIXTURES}/factbox`, `${FIXTURES}/writer`, '--format', 'json');
  const j = JSON.parse(r.stdout) as { files: number; objects: unknown[]; calls: Record<string, unknown>[]; diagnostics: Record<string, unknown>[] };
  t.is(j.files, 4);
  t.deepEqual(Object.keys(j.calls[0]!), ['file', 'line', 'column', 'object', 'member', 'reachedFrom', 'codeunit', 'timeoutMs', 'errorLevel', 'returnValueUsed']);
  t.like(j.calls[0], { line: 40, column: 16, object: { type: 'page', id: 50120, name: 'Item Stats FactBox' }, member: 'OnAfterGetCurrRecord', reachedFrom: ['OnAfterGetCurrRecord'], codeunit: 50121, timeoutMs: 60000, errorLevel: null, returnValueUsed: true });
  t.deepEqual(Object.keys(j.diagnostics[0]!), ['rule', 'severity', 'file', 'line', 'column', 'message', 'clauses']);
  t.deepEqual(JSON.parse(cli('lint', `${FIXTURES}/factbox`, '--json').stdout).calls.length, 2);
});

test('--out writes the whole output atomically and prints a summary on stderr', (t) => {
  const out = join(tmp, 'lint.sarif');
  const r = cli('lint', FIXTURES, '--format', 'sarif', '--out', out);
  t.is(r.status, 1);
  t.is(r.stdout, '');
  t.regex(r.stderr, /lint\.sarif: \d+ diagnostic\(s\)/);
  t.is((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version, '2.1.0');
  t.false(existsSync(`${out}.partial`));
});

test('pbtsim-lint.json at the scanned root turns rules off and raises severities; a bad one is exit 2', (t) => {
  const dir = join(tmp, 'rc');
  cpSync(`${FIXTURES}/role-center`, dir, { recursive: true });
  writeFileSync(join(dir, 'pbtsim-lint.json'), JSON.stringify({ rules: { PBT0001: 'off', PBT0004: 'error' } }));
  const r = cli('lint', dir);
  t.is(r.status, 1);
  t.notRegex(r.stdout, /PBT0001/);
  t.regex(r.stdout, /error PBT0004/);
  writeFileSync(join(dir, 'pbtsim-lint.json'), JSON.stringify({ rules: { PBT0001: 'loud' } }));
  const bad = cli('lint', dir);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /pbtsim-lint\.json: \$\.rules\.PBT0001: expected one of "off", "note", "warning", "error"/);
  writeFileSync(join(dir, 'pbtsim-lint.json'), JSON.stringify({ rules: { PBT0999: 'off' } }));
  t.regex(cli('lint', dir).stderr, /\$\.rules\.PBT0999: unknown rule/);
});
