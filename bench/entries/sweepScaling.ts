/**
 * sweep-scaling: the same sweep (2,000 seeds of examples/business-manager-role-center.json, 40
 * shards of 50 seeds) through the functions `pbtsim sweep` calls: in this thread, on 1 and on 2
 * warm worker threads (piscina), and through Redis with 2 local `pbtsim worker` processes of one
 * thread each. Figures: seconds per mode, the speedup of 2 threads over 1 (target ≥ 1.7 on 2
 * idle cores), and the Redis path's overhead per shard against 2 threads. Every mode must give
 * the same digest, or the entry fails. The timed part runs in a child process (bench entries are
 * synchronous; the pool and the queue are not), started with this process's `execArgv`.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queueExecutor } from '../../app/queue/index.js';
import {
  buildSweepReport, pbtsimVersion, runShardsLocal, runSweep, shardPool, type ShardExecutor, type SweepInput,
} from '../../app/sweep/index.js';
import type { BenchEntry, Measurement } from './entry.js';

const SEEDS = 2000;
const SHARD = 50;
const FILE = 'examples/business-manager-role-center.json';
const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..', '..');

function input(): SweepInput {
  const source = JSON.parse(readFileSync(join(root, FILE), 'utf8')) as unknown;
  return { source, file: FILE, seeds: Array.from({ length: SEEDS }, (_, i) => i + 1), axes: [], pbtsimVersion: pbtsimVersion(), shardSeeds: SHARD };
}

async function timed(execute: ShardExecutor, inp: SweepInput = input()): Promise<{ seconds: number; events: number; digest: string }> {
  const t0 = process.hrtime.bigint();
  const outcome = await runSweep(inp, execute);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const { report } = buildSweepReport(outcome, { scenario: FILE, file: FILE, pbtsimVersion: inp.pbtsimVersion, seedsSpec: `1..${SEEDS}`, seedCount: SEEDS, axes: [], target: null });
  return { seconds, events: outcome.events, digest: report.digest };
}

async function warmPool(threads: number): Promise<ReturnType<typeof shardPool>> {
  const pool = shardPool(threads);
  const inp = { ...input(), seeds: Array.from({ length: threads }, (_, i) => i + 1), shardSeeds: 1 };
  await runSweep(inp, (tasks, onResult) => runShardsLocal(tasks, { workers: threads, onResult, pool }));
  return pool;
}

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => (a !== null && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port')))); });
});

async function viaRedis(): Promise<{ seconds: number; events: number; digest: string } | string> {
  const bin = existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null;
  if (bin === null) return 'skipped: redis-server not installed (Debian package redis-server)';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pbtsim-bench-redis-'));
  spawnSync(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'yes', '--logfile', join(dir, 'log')]);
  const url = `redis://127.0.0.1:${port}`;
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const p = spawn(process.execPath, [...process.execArgv.filter((a) => a !== '--expose-gc'), join(root, 'cli', 'main.ts'), 'worker', '--queue', url, '--threads', '1'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      workers.push(p);
      await new Promise<void>((resolve) => { p.stderr!.setEncoding('utf8').on('data', (d: string) => { if (d.includes('taking shards')) resolve(); }); });
    }
    // Warm both workers' threads (module loading) with a small sweep of other shards.
    await timed(queueExecutor({ url, version: pbtsimVersion() }), { ...input(), seeds: [1, 2, 3, 4], shardSeeds: 1 });
    return await timed(queueExecutor({ url, version: pbtsimVersion(), pollMs: 200 }));
  } finally {
    for (const p of workers) p.kill('SIGTERM');
    await Promise.all(workers.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    spawnSync(join(dirname(bin), 'redis-cli'), ['-p', String(port), 'shutdown', 'nosave']);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: measures every mode, prints one JSON line. */
async function child(): Promise<void> {
  const inThread = await timed((tasks, onResult) => runShardsLocal(tasks, { workers: 1, onResult }));
  const pool1 = await warmPool(1);
  const one = await timed((tasks, onResult) => runShardsLocal(tasks, { workers: 1, onResult, pool: pool1 }));
  await pool1.destroy();
  const pool2 = await warmPool(2);
  const two = await timed((tasks, onResult) => runShardsLocal(tasks, { workers: 2, onResult, pool: pool2 }));
  await pool2.destroy();
  const redis = await viaRedis();
  process.stdout.write(JSON.stringify({ inThread, one, two, redis, load: loadavg()[0] }) + '\n');
}

/** The entry. */
export const sweepScaling: BenchEntry = {
  name: 'sweep-scaling',
  description: `sweep of ${SEEDS} seeds (${SEEDS / SHARD} shards) of ${FILE}: this thread, 1 and 2 worker threads, Redis with 2 local workers`,
  run(): Measurement {
    const r = spawnSync(process.execPath, [...process.execArgv, here, '--sweep-scaling-child'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`sweep-scaling child failed (${r.status}): ${r.stderr}`);
    type Mode = { seconds: number; events: number; digest: string };
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { inThread: Mode; one: Mode; two: Mode; redis: Mode | string; load: number };
    const r3 = (x: number): number => Math.round(x * 1000) / 1000;
    const digests = new Set([m.inThread.digest, m.one.digest, m.two.digest, ...(typeof m.redis === 'string' ? [] : [m.redis.digest])]);
    if (digests.size !== 1) throw new Error(`sweep-scaling: the modes disagree: ${[...digests].join(' ')}`);
    const shards = SEEDS / SHARD;
    const extra: Record<string, number | string> = {
      seeds: SEEDS, shards, secondsInThread: r3(m.inThread.seconds), seconds1Thread: r3(m.one.seconds), seconds2Threads: r3(m.two.seconds),
      speedup2Over1: Math.round((m.one.seconds / m.two.seconds) * 100) / 100, speedup2OverInThread: Math.round((m.inThread.seconds / m.two.seconds) * 100) / 100,
    };
    if (typeof m.redis === 'string') extra['redis'] = m.redis;
    else {
      extra['secondsRedis2Workers'] = r3(m.redis.seconds);
      extra['redisOverheadMsPerShard'] = Math.round(((m.redis.seconds - m.two.seconds) / shards) * 1000 * 10) / 10;
    }
    extra['loadAverage1min'] = Math.round(m.load * 10) / 10;
    return { events: m.two.events, seconds: m.two.seconds, extra };
  },
};

if (process.argv.includes('--sweep-scaling-child') && process.argv[1] === here) {
  child().then(() => process.exit(0), (e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });
}
