import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'pbtsim-cli-'));

test('pbtsim run prints the summary and the story and exits 0', (t) => {
  const r = cli('run', 'examples/customer-card.json');
  t.is(r.status, 0);
  t.regex(r.stdout, /^user1\/customerCard: 2 tasks, codeunit 50100/m);
  t.regex(r.stdout, /task 1 on Customer: 10000: enqueued at 0 ms, started at once → cancelled \(record changed\) at 400 ms/);
  t.regex(r.stdout, /0 invariant violations; digest sha256:/);
  t.regex(cli('run', 'examples/customer-card.json', '--story', 'none').stdout, /^(?![\s\S]*\nStory\n)/);
  t.is(cli('run', 'examples/customer-card.json', '--story', 'some').status, 2);
});

test('pbtsim run --json follows the result contract and the same seed gives the same digest', (t) => {
  const a = JSON.parse(cli('run', 'examples/customer-card.json', '--json').stdout) as Record<string, unknown>;
  const b = JSON.parse(cli('run', 'examples/customer-card.json', '--json').stdout) as Record<string, unknown>;
  for (const k of ['scenario', 'seed', 'endTimeMs', 'eventCount', 'digest', 'tasks', 'enqueueCalls', 'warnings', 'violations']) t.true(k in a, k);
  t.is(a['digest'], b['digest']);
  const c = JSON.parse(cli('run', 'examples/customer-card.json', '--json', '--seed', '43').stdout) as Record<string, unknown>;
  t.is(c['seed'], 43);
});

test('pbtsim run on bad input exits 2 with one line naming file and path, no stack, no stdout', (t) => {
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, JSON.stringify({ version: 1, name: 'x', codeunits: {}, sessions: [{ id: 'u', pages: {}, script: [{ atMs: -1, open: 'p' }] }] }));
  const r = cli('run', bad, '--json');
  t.is(r.status, 2);
  t.is(r.stdout, '');
  t.regex(r.stderr, /bad\.json: \$\.sessions\[0\]\.script\[0\]\.atMs/);
  t.false(/\n\s+at /.test(r.stderr), 'no stack trace');
  t.is(r.stderr.trim().split('\n').length, 1);
});

test('pbtsim run exits 2 for malformed JSON, missing files and bad arguments', (t) => {
  const bad = join(tmp, 'malformed.json');
  writeFileSync(bad, '{"version": 1,');
  t.is(cli('run', bad).status, 2);
  t.is(cli('run', join(tmp, 'missing.json')).status, 2);
  t.is(cli('run', 'examples/customer-card.json', '--seed', '-3').status, 2);
  t.is(cli('frobnicate').status, 2);
});

test('pbtsim run stops a runaway re-enqueue chain at limits.maxEvents with one clear line; the trace of the stopped run is whole', (t) => {
  const trace = join(tmp, 'runaway.jsonl');
  const r = cli('run', 'test/fixtures/runaway-reenqueue.json', '--trace', trace);
  t.is(r.status, 2);
  t.regex(r.stderr, /limits\.maxEvents = 2000/);
  t.is(r.stderr.trim().split('\n').length, 1);
  t.is(r.stdout, '');
  const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
  const footer = JSON.parse(lines[lines.length - 1]!) as { kind: string; status: string; eventCount: number };
  t.deepEqual([footer.kind, footer.status, footer.eventCount], ['footer', 'event-budget-exceeded', 2000]);
  t.deepEqual(readdirSync(tmp).filter((f) => f.endsWith('.tmp') || f.endsWith('.partial')), [], 'no temp file');
  const replay = cli('replay', trace);
  t.is(replay.status, 0);
  t.regex(replay.stdout, /stopped at its event budget after 2000 events; the replay stopped at the same event/);
});

test('pbtsim run --report writes the report; an unknown report extension is a usage error', (t) => {
  const report = join(tmp, 'report.md');
  const r = cli('run', 'examples/customer-card.json', '--report', report);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stderr, /wrote run report/);
  t.true(existsSync(report));
  t.is(cli('run', 'examples/customer-card.json', '--report', join(tmp, 'report.txt')).status, 2);
});

test('pbtsim run with a bad budget option is a usage error', (t) => {
  const r = cli('run', 'examples/customer-card.json', '--max-wall', 'soon');
  t.is(r.status, 2);
  t.regex(r.stderr, /--max-wall/);
});

test('pbtsim run --trace writes a trace that pbtsim replay confirms', (t) => {
  const trace = join(tmp, 'cc.jsonl');
  const run = cli('run', 'examples/customer-card-browse.json', '--trace', trace, '--json');
  t.is(run.status, 0);
  const digest = (JSON.parse(run.stdout) as { digest: string }).digest;
  const r = cli('replay', trace);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /replay identical/);
  t.true(r.stdout.includes(digest));
  // Tampering with one record is detected.
  const lines = readFileSync(trace, 'utf8').split('\n');
  lines[3] = lines[3]!.replace('"timeMs":', '"timeMs":1');
  const tampered = join(tmp, 'tampered.jsonl');
  writeFileSync(tampered, lines.join('\n'));
  t.is(cli('replay', tampered).status, 1);
});

test('pbtsim validate and pbtsim schema', (t) => {
  const v = cli('validate', 'examples/journal-line-moves.json');
  t.is(v.status, 0);
  t.regex(v.stdout, /valid/);
  const s = JSON.parse(cli('schema').stdout) as { title: string };
  t.regex(s.title, /pbtsim scenario/);
});
