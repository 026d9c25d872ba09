import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'pbtsim-reports-'));

test('pbtsim run --report writes html, md and json reports atomically and keeps stdout', (t) => {
  for (const ext of ['html', 'md', 'json']) {
    const out = join(tmp, `run.${ext}`);
    const r = cli('run', 'examples/customer-card.json', '--json', '--report', out);
    t.is(r.status, 0, r.stderr);
    t.is((JSON.parse(r.stdout) as { tasks: unknown[] }).tasks.length, 2);
    t.true(existsSync(out));
    t.regex(r.stderr, /wrote run report/);
  }
  t.regex(readFileSync(join(tmp, 'run.html'), 'utf8'), /<svg id="timeline"/);
  t.regex(readFileSync(join(tmp, 'run.md'), 'utf8'), /## Slot utilisation/);
  t.is((JSON.parse(readFileSync(join(tmp, 'run.json'), 'utf8')) as { format: string }).format, 'pbtsim-run-report/2');
  t.false(readdirSync(tmp).some((f) => f.endsWith('.partial')));
});

test('pbtsim run --report with an unknown extension exits 2 before running', (t) => {
  const r = cli('run', 'examples/customer-card.json', '--report', join(tmp, 'run.pdf'));
  t.is(r.status, 2);
  t.regex(r.stderr, /\.html, \.md or \.json/);
  t.is(r.stdout, '');
});

test('pbtsim report --format junit writes one testcase per clause', (t) => {
  const out = join(tmp, 'conformance.xml');
  const r = cli('report', '--runs', '2', '--format', 'junit', '--out', out);
  t.is(r.status, 0, r.stderr);
  const xml = readFileSync(out, 'utf8');
  const ids = new Set(xml.match(/name="PBT-[A-Z]+-C?\d{2} /g) ?? []);
  t.true(ids.size > 100);
  t.is((xml.match(/<testcase /g) ?? []).length, ids.size);
});

test('pbtsim report --json is the same as --format json (brief interface 7)', (t) => {
  const a = cli('report', '--runs', '0', '--json');
  t.is(a.status, 0, a.stderr);
  const rep = JSON.parse(a.stdout) as { clauses: unknown[]; runs: { total: number } };
  t.true(rep.clauses.length > 100);
  t.true(rep.runs.total > 0);
  const both = cli('report', '--runs', '0', '--json', '--format', 'md');
  t.is(both.status, 2);
  t.regex(both.stderr, /--json and --format md ask for different formats/);
  t.is(cli('report', '--runs', '0', '--json', '--format', 'json').status, 0);
});

test('pbtsim report and sweep reject bad options with exit 2', (t) => {
  t.is(cli('report', '--format', 'pdf').status, 2);
  t.is(cli('report', '--runs', 'x').status, 2);
  const s = cli('sweep', 'examples/customer-card.json', '--seeds', '9..1');
  t.is(s.status, 2);
  t.regex(s.stderr, /--seeds/);
});

test('pbtsim sweep --format json reports every seed, without a progress bar off a terminal', (t) => {
  const r = cli('sweep', 'examples/customer-card-browse.json', '--seeds', '1..5', '--format', 'json');
  t.is(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout) as { seeds: { count: number }; settings: { pages: unknown[] }[]; format: string };
  t.is(rep.format, 'pbtsim-sweep/2');
  t.is(rep.seeds.count, 5);
  t.true((rep.settings[0]?.pages.length ?? 0) > 0);
  t.notRegex(r.stderr, /sweep \[/);
});
