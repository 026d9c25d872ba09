// `pbtsim check`: exit codes, JSON summary, counterexample files whose printed replay command
// reproduces the failure.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceRecord } from '../../engine/index.js';
import { checkInvariants } from '../../cli/commands/check.js';
import { RunCache } from '../../properties/suite.js';
import type { Invariant } from '../../properties/index.js';

const root = join(import.meta.dirname, '..', '..');
const cli = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, ['--import=tsx', join(root, 'cli', 'main.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('pbtsim check --json exits 0 with every invariant passing', (t) => {
  const r = cli('check', '--runs', '15', '--json');
  t.is(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { passed: boolean; invariants: { invariant: string; runs: number; passed: boolean; events: number }[] };
  t.true(j.passed);
  t.true(j.invariants.length >= 14);
  for (const i of j.invariants) t.true(i.passed && i.runs === 15 && i.events > 0, i.invariant);
  t.is(r.err, '', 'no progress bar when stderr is not a terminal');
});

test('pbtsim check rejects bad arguments with exit 2', (t) => {
  t.is(cli('check', '--runs', 'x').code, 2);
  t.is(cli('check', '--seed', '-3').code, 2);
  const r = cli('check', '--invariant', 'noSuchInvariant');
  t.is(r.code, 2);
  t.regex(r.err, /unknown invariant/);
  t.is(cli('check', '--mutants', '--exhaustive').code, 2);
});

test('pbtsim check --mutants reports a killer for every fault', (t) => {
  const r = cli('check', '--mutants', '--runs', '100', '--json');
  t.is(r.code, 0, r.out);
  const j = JSON.parse(r.out) as { killed: number; total: number; mutants: { killedBy: string[] }[] };
  t.is(j.killed, j.total);
  for (const m of j.mutants) t.true(m.killedBy.length > 0);
});

test('a failing invariant saves a shrunk counterexample whose replay command reproduces it', (t) => {
  // A deliberately false "invariant": no task ever times out.
  const noTimeouts: Invariant = {
    name: 'noTimeouts', clauses: ['PBT-TMO-01'], description: 'test only: no task times out',
    check: (trace: readonly TraceRecord[]) => trace.filter((r) => r.type === 'pbt.end' && r['outcome'] === 'timedOut')
      .map((r) => ({ invariant: 'noTimeouts', clauses: ['PBT-TMO-01'], message: 'a task timed out', atMs: r.timeMs, session: null, taskId: null })),
  };
  const dir = mkdtempSync(join(tmpdir(), 'pbtsim-check-'));
  try {
    const [rep] = checkInvariants([noTimeouts], 100, 7, dir, false, new RunCache(200));
    t.false(rep!.passed);
    t.true(existsSync(rep!.counterexample!));
    const m = /^pbtsim run (\S+) --seed (\d+)$/.exec(rep!.replay!);
    t.truthy(m, rep!.replay!);
    const saved = JSON.parse(readFileSync(m![1]!, 'utf8')) as { sessions: { script: unknown[] }[] };
    t.true(saved.sessions.reduce((n, s) => n + s.script.length, 0) <= 4, 'the counterexample is shrunk');
    const r = cli('run', m![1]!, '--seed', m![2]!, '--json');
    const result = JSON.parse(r.out) as { tasks: { outcome: string }[] };
    t.true(result.tasks.some((x) => x.outcome === 'timedOut'), 'the replay shows the timeout');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
