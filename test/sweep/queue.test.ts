// Many machines: a real redis-server, a coordinator and two `pbtsim worker` processes. One
// worker is SIGKILLed while it holds a shard; the other takes the stalled job (short lock), and
// the merged report is byte-identical to the single-process one. Also: a worker of another
// version refuses a job with a clear failure, and a rerun reuses the finished jobs by ID.
// Skips (naming the Debian package) where redis-server is missing, except in CI, where it fails.
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { queueExecutor } from '../../app/queue/index.js';
import { planSweep, pbtsimVersion } from '../../app/sweep/index.js';
import { cli, root } from './helpers.js';
import { findRedisServer, startRedis } from './redis.js';

const bin = findRedisServer();
const MISSING = 'redis-server is not installed (Debian package: redis-server; `apt-get install -y redis-server`)';

if (bin === null && process.env['CI'] === undefined) {
  console.log(`test/sweep/queue.test.ts: skipped: ${MISSING}`);
  test.skip(`queue tests need ${MISSING}`, () => undefined);
} else if (bin === null) {
  test('queue tests need redis-server in CI', (t) => t.fail(`${MISSING}; CI must not skip the queue tests`));
} else {
  const redisBin = bin;
  const sweepArgs = ['sweep', 'examples/customer-card-browse.json', '--seeds', '1..60', '--set', 'server.childSessionsMaxConcurrency=2,5', '--shard-seeds', '10', '--json'];

  function worker(url: string, lines: string[], onLine: (line: string) => void = () => undefined): ChildProcess {
    const p = spawn(process.execPath, ['--import=tsx', join(root, 'cli', 'main.ts'), 'worker', '--queue', url, '--threads', '1', '--lock-ms', '1500'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let buf = '';
    p.stderr!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const l of parts) { lines.push(l); onLine(l); }
    });
    return p;
  }
  const exited = (p: ChildProcess): Promise<number | null> => new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(p.exitCode) : p.once('exit', (c) => resolve(c))));
  const until = async (cond: () => boolean, ms: number): Promise<boolean> => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (cond()) return true;
    return cond();
  };
  const coordinator = (url: string): Promise<{ code: number | null; out: string; err: string }> => new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import=tsx', join(root, 'cli', 'main.ts'), ...sweepArgs, '--queue', url], { cwd: root });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    p.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    p.on('exit', (code) => resolve({ code, out, err }));
  });

  test.serial('a sweep through Redis with a worker killed mid-sweep equals the single-process sweep', async (t) => {
    t.timeout(300_000, 'a Redis, two workers and three sweeps on a shared machine');
    const local = cli(...sweepArgs, '--workers', '1');
    t.is(local.status, 0, local.stderr);
    const redis = await startRedis(redisBin);
    const aLines: string[] = [];
    const bLines: string[] = [];
    // A is killed the moment it reports taking its second shard, so it dies holding it.
    let took = 0;
    const a: ChildProcess = worker(redis.url, aLines, (l) => { if (l.includes(' took ') && ++took === 2) a.kill('SIGKILL'); });
    const b = worker(redis.url, bLines);
    try {
      t.true(await until(() => aLines.some((l) => /taking shards/.test(l)) && bLines.some((l) => /taking shards/.test(l)), 60_000), 'workers ready');
      const run = coordinator(redis.url);
      t.true(await until(() => took >= 2, 60_000), aLines.join('\n'));
      await exited(a);
      t.is(a.signalCode, 'SIGKILL');
      const taken = aLines.filter((l) => l.includes(' took ')).map((l) => /took (\S+):/.exec(l)![1]!);
      const done = new Set(aLines.filter((l) => l.includes(' done ')).map((l) => /done (\S+)/.exec(l)![1]!));
      const held = taken.filter((id) => !done.has(id));
      t.true(held.length >= 1, 'A died holding a shard');
      const r = await run;
      t.is(r.code, 0, r.err);
      t.is(r.out, local.stdout, 'byte-identical to the single-process report');
      for (const id of held) t.true(bLines.some((l) => l.includes(`took ${id}:`)), `the stalled shard ${id} was retried by B`);
      t.regex(r.err, /on the queue redis:\/\/127\.0\.0\.1:/);
      // A rerun finds every shard finished in Redis (job ID = payload digest) and gives the same bytes.
      const again = await coordinator(redis.url);
      t.is(again.code, 0, again.err);
      t.is(again.out, local.stdout);
    } finally {
      a.kill('SIGKILL');
      b.kill('SIGTERM');
      await exited(b);
      redis.stop();
    }
    t.true(bLines.some((l) => /stopped/.test(l)), 'B stops cleanly on SIGTERM');
  });

  test.serial('a worker refuses a shard planned by another pbtsim version, and the coordinator says why', async (t) => {
    const redis = await startRedis(redisBin);
    const lines: string[] = [];
    const w = worker(redis.url, lines);
    try {
      t.true(await until(() => lines.some((l) => /taking shards/.test(l)), 60_000));
      const source = JSON.parse(readFileSync(join(root, 'examples', 'customer-card.json'), 'utf8')) as unknown;
      const plan = planSweep({ source, file: 'examples/customer-card.json', seeds: [1, 2], axes: [], pbtsimVersion: '0.0.0-other' });
      const err = await t.throwsAsync(queueExecutor({ url: redis.url, version: pbtsimVersion() })(plan.tasks, () => undefined));
      t.regex(err!.message, new RegExp(`failed on a worker: shard planned by pbtsim 0\\.0\\.0-other, this worker is pbtsim ${pbtsimVersion().replace(/\./g, '\\.')}`));
      t.true(lines.some((l) => /refused/.test(l)));
    } finally {
      w.kill('SIGTERM');
      await exited(w);
      redis.stop();
    }
  });

  test.serial('an unreachable Redis is one line and exit 2', async (t) => {
    const { freePort } = await import('./redis.js');
    const port = await freePort();
    const r = cli('sweep', 'examples/customer-card.json', '--seeds', '1..2', '--queue', `redis://127.0.0.1:${port}`);
    t.is(r.status, 2);
    t.regex(r.stderr, /^pbtsim: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/);
  });
}
