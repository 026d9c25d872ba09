// All cores: the merged sweep (report bytes, digest, exit code) is the same for 1, 2 and 3
// worker threads, for any shard size, and equals the in-process API; the piscina pool loads the
// worker module under tsx (these tests run the .ts sources) as it does from dist/.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../engine/index.js';
import { planSweep, runShardsLocal, runSweepShard, parseAxes, pbtsimVersion } from '../../app/sweep/index.js';
import { sweep } from '../../cli/commands/sweep.js';
import { parseSeedRange } from '../../reports/index.js';
import { cli, root } from './helpers.js';

const args = ['sweep', 'examples/customer-card-browse.json', '--seeds', '1..16', '--set', 'server.childSessionsMaxConcurrency=2,5', '--target', 'p99<=2500', '--shard-seeds', '7'];

test('pbtsim sweep --json is byte-identical for 1, 2 and 3 workers, and so are md and the exit code', (t) => {
  t.timeout(300_000, 'five CLI runs on a shared machine');
  const runs = [1, 2, 3].map((w) => cli(...args, '--workers', String(w), '--json'));
  for (const r of runs) t.is(r.status, 0, r.stderr);
  t.is(runs[1]!.stdout, runs[0]!.stdout);
  t.is(runs[2]!.stdout, runs[0]!.stdout);
  t.regex(runs[1]!.stderr, /on 2 worker threads/);
  const rep = JSON.parse(runs[0]!.stdout) as { format: string; digest: string; settings: { runs: number; timeToResult: { count: number } }[]; recommendation: { text: string } };
  t.is(rep.format, 'pbtsim-sweep/2');
  t.regex(rep.digest, /^sha256:[0-9a-f]{64}$/);
  t.deepEqual(rep.settings.map((s) => s.runs), [16, 16]);
  t.true(rep.settings.every((s) => s.timeToResult.count > 0));
  t.regex(rep.recommendation.text, /^Recommendation: /);
  const md = [1, 3].map((w) => cli(...args, '--workers', String(w)));
  t.is(md[0]!.stdout, md[1]!.stdout);
  t.regex(md[0]!.stdout, /## Settings side by side/);
});

test('the digest does not depend on the shard size, and the API gives the same report', (t) => {
  const a = sweep('examples/customer-card-browse.json', parseSeedRange('1..30'), '1..30', { set: ['server.childSessionsMaxConcurrency=1,3'], shardSeeds: '4' });
  const b = sweep('examples/customer-card-browse.json', parseSeedRange('1..30'), '1..30', { set: ['server.childSessionsMaxConcurrency=1,3'], shardSeeds: '30' });
  t.is(a.digest, b.digest);
  t.deepEqual({ ...a, shards: null }, { ...b, shards: null });
  const c = JSON.parse(cli('sweep', 'examples/customer-card-browse.json', '--seeds', '1..30', '--set', 'server.childSessionsMaxConcurrency=1,3', '--workers', '2', '--json').stdout) as { digest: string };
  t.is(c.digest, a.digest);
});

test('the pool runs shards on worker threads under tsx with the same results as this thread', async (t) => {
  const source = JSON.parse(readFileSync(join(root, 'examples', 'customer-card-browse.json'), 'utf8')) as unknown;
  const plan = planSweep({ source, file: 'examples/customer-card-browse.json', seeds: parseSeedRange('1..12'), axes: parseAxes([]), pbtsimVersion: pbtsimVersion(), shardSeeds: 3 });
  const threaded: unknown[] = [];
  const done = await runShardsLocal(plan.tasks, { workers: 2, onResult: (i, r) => { threaded[i] = r; } });
  t.true(done);
  t.is(threaded.length, 4);
  plan.tasks.forEach((task, i) => t.is(canonicalJson(threaded[i]), canonicalJson(runSweepShard(task)), `shard ${i}`));
});

test('an aborted pool resolves false and hands back only finished shards', async (t) => {
  const source = JSON.parse(readFileSync(join(root, 'examples', 'customer-card-browse.json'), 'utf8')) as unknown;
  const plan = planSweep({ source, file: 'x', seeds: parseSeedRange('1..400'), axes: [], pbtsimVersion: 'test', shardSeeds: 5 });
  const ctl = new AbortController();
  let got = 0;
  const done = await runShardsLocal(plan.tasks, { workers: 2, signal: ctl.signal, onResult: () => { got++; if (got === 2) ctl.abort(); } });
  t.false(done);
  t.true(got >= 2 && got < plan.tasks.length, `${got} of ${plan.tasks.length}`);
});

test('Ctrl-C stops a sweep cleanly: exit 130 and a report of what was finished', async (t) => {
  const { spawn } = await import('node:child_process');
  const p = spawn(process.execPath, ['--import=tsx', join(root, 'cli', 'main.ts'), 'sweep', 'examples/customer-card.json', '--seeds', '1..200000', '--workers', '2', '--shard-seeds', '20'], { cwd: root });
  let out = '';
  let err = '';
  p.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const started = new Promise<void>((resolve) => p.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; if (/Ctrl-C stops/.test(err)) resolve(); }));
  await started;
  await new Promise((r) => setTimeout(r, 1500));
  p.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => p.on('exit', (c) => resolve(c)));
  t.is(code, 130, err);
  t.regex(out, /> \*\*Interrupted:\*\* \d+ of 10000 shards finished/);
  t.regex(out, /\*\*Interrupted: \d+ runs finished; the rest was not run\.\*\*/);
  t.regex(err, /stopping/);
});
