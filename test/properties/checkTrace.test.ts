// `pbtsim check-trace`: streams a trace file written by `pbtsim run --trace` through the
// monitors (exit 0), finds the violations of a corrupted copy (exit 1), and rejects a bad line
// with one message naming file:line (exit 2).
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceRecord } from '../../engine/index.js';
import { TRACE_MUTANTS } from '../../properties/traceMutants.js';

const root = join(import.meta.dirname, '..', '..');
const cli = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, ['--import=tsx', join(root, 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'pbtsim-check-trace-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an example with --trace; returns the file and its lines. */
function traced(example: string): { file: string; lines: string[] } {
  const file = join(dir, `${example}.jsonl`);
  const r = cli('run', join('examples', `${example}.json`), '--trace', file);
  if (r.code !== 0) throw new Error(r.err);
  return { file, lines: readFileSync(file, 'utf8').trimEnd().split('\n') };
}

/** Writes the meta header, the records and the meta footer of `lines`, with the records replaced. */
function rewrite(name: string, lines: readonly string[], records: readonly TraceRecord[]): string {
  const file = join(dir, name);
  writeFileSync(file, [lines[0]!, ...records.map((r) => JSON.stringify(r)), lines[lines.length - 1]!].join('\n') + '\n');
  return file;
}

test('a trace written by pbtsim run --trace passes, as text and as JSON', (t) => {
  const { file, lines } = traced('customer-card-browse');
  const r = cli('check-trace', file);
  t.is(r.code, 0, r.err);
  t.regex(r.out, new RegExp(`^${file.replace(/[/\\.]/g, '\\$&')}: ${lines.length - 2} records, 17 invariant\\(s\\) checked, none violated\\n$`));
  t.is(r.err, '');
  const j = JSON.parse(cli('check-trace', file, '--json').out) as { passed: boolean; records: number; headerFromScenario: boolean; violations: unknown[] };
  // The model frames its trace itself (pbt.server first, pbt.runEnd last).
  t.deepEqual({ passed: j.passed, records: j.records, header: j.headerFromScenario, violations: j.violations }, { passed: true, records: lines.length - 2, header: false, violations: [] });
});

test('a trace without the pbt.server record gets its header from the scenario in the meta header', (t) => {
  const { lines } = traced('customer-card-browse');
  const records = lines.slice(1, -1).map((l) => JSON.parse(l) as TraceRecord).filter((r) => r.type !== 'pbt.server');
  const file = rewrite('no-server.jsonl', lines, records);
  const j = JSON.parse(cli('check-trace', file, '--json', '--invariant', 'effectiveTimeout').out) as { passed: boolean; records: number; headerFromScenario: boolean };
  t.deepEqual(j, { ...j, passed: true, records: records.length, headerFromScenario: true });
  // Without a meta header either, the checks that need no context still run.
  const bare = join(dir, 'bare.jsonl');
  writeFileSync(bare, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const b = cli('check-trace', bare, '--json');
  t.is(b.code, 0, b.out + b.err);
  t.false((JSON.parse(b.out) as { headerFromScenario: boolean }).headerFromScenario);
});

test('a corrupted trace file is caught by the invariant each trace mutant targets (exit 1)', (t) => {
  const { lines } = traced('customer-card-browse');
  const records = lines.slice(1, -1).map((l) => JSON.parse(l) as TraceRecord);
  let tried = 0;
  for (const m of TRACE_MUTANTS) {
    const bad = m.apply(records);
    if (bad === null) continue; // lostEnd needs a task that ended without starting
    tried++;
    const file = rewrite(`${m.name}.jsonl`, lines, bad);
    const r = cli('check-trace', file);
    t.is(r.code, 1, `${m.name}: ${r.out}${r.err}`);
    t.regex(r.out, new RegExp(`^  ${m.caughtBy} \\[`, 'm'), m.name);
    const only = cli('check-trace', file, '--json', '--invariant', m.caughtBy);
    const j = JSON.parse(only.out) as { passed: boolean; invariants: string[]; violations: { invariant: string }[] };
    t.is(only.code, 1);
    t.deepEqual(j.invariants, [m.caughtBy]);
    t.true(j.violations.length > 0 && j.violations.every((v) => v.invariant === m.caughtBy), m.name);
  }
  t.true(tried >= TRACE_MUTANTS.length - 1, `only ${tried} mutants applied`);
});

test('a bad line gets one message naming file:line and what was expected (exit 2)', (t) => {
  const { lines } = traced('customer-card');
  const broken = join(dir, 'broken.jsonl');
  writeFileSync(broken, [lines[0], lines[1], '{"seq": 1, "timeMs":', lines[2]].join('\n') + '\n');
  let r = cli('check-trace', broken);
  t.is(r.code, 2);
  t.is(r.out, '');
  t.regex(r.err, new RegExp(`^pbtsim: ${broken.replace(/[/\\.]/g, '\\$&')}:3: expected one JSON record per line \\(.+\\)\\n$`));
  writeFileSync(broken, [lines[0], '{"seq":0,"timeMs":0,"type":"pbt.start","session":"u","page":"p","taskId":"x"}'].join('\n') + '\n');
  r = cli('check-trace', broken);
  t.is(r.code, 2);
  t.is(r.err, `pbtsim: ${broken}:2: \`taskId\` of a pbt.start record: expected a number, got "x"\n`);
  writeFileSync(broken, '[1, 2]\n');
  t.regex(cli('check-trace', broken).err, /:1: expected a JSON object, got \[1,2\]\n$/);
});

test('check-trace rejects a missing file and an unknown invariant (exit 2)', (t) => {
  const missing = cli('check-trace', join(dir, 'nope.jsonl'));
  t.is(missing.code, 2);
  t.regex(missing.err, /^pbtsim: cannot read .*nope\.jsonl: ENOENT/);
  const unknown = cli('check-trace', join(dir, 'nope.jsonl'), '--invariant', 'noSuchInvariant');
  t.is(unknown.code, 2);
  t.regex(unknown.err, /^pbtsim: unknown invariant noSuchInvariant \(known: maxConcurrency, /);
});
