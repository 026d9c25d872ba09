// The output guarantees through the real command (issue 11 §1, §2, §4): outputs equal to
// inputs, directories and devices, a full stdout, broken pipes, signals mid-write, concurrent
// writers, and a 1e9-event runaway writing a trace. Child processes; no case leaves a temp file.
import test from 'ava';
import { caseDirs, temps } from './caseDirs.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ARGS = ['--import', 'tsx', 'cli/main.ts'];
const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [...ARGS, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const freshDir = caseDirs('pbtsim-outcli-');
const oneLine = (s: string): boolean => s.trim().split('\n').length === 1 && !/\n\s+at /.test(s);
const runawayIn = (dir: string): string => {
  const f = join(dir, 'runaway.json');
  const sc = JSON.parse(readFileSync('test/fixtures/runaway-reenqueue.json', 'utf8')) as { limits: Record<string, number>; codeunits: Record<string, { durationMs: number }> };
  sc.limits = { maxEvents: 1_000_000_000 };
  sc.codeunits['50100']!.durationMs = 10;
  writeFileSync(f, JSON.stringify(sc));
  return f;
};

test.serial('output = input is refused: --trace, --report, and --trace equal to --report', (t) => {
  const dir = freshDir();
  const self = join(dir, 'self.json');
  const text = readFileSync('examples/customer-card.json', 'utf8');
  writeFileSync(self, text);
  for (const args of [['--trace', self], ['--report', self], ['--trace', join(dir, 'x.json'), '--report', join(dir, 'x.json')]]) {
    const r = cli('run', self, ...args);
    t.is(r.status, 2, args.join(' '));
    t.true(oneLine(r.stderr), r.stderr);
    t.regex(r.stderr, /refusing to write/);
    t.is(r.stdout, '');
  }
  t.is(readFileSync(self, 'utf8'), text);
  t.deepEqual(readdirSync(dir), ['self.json']);
});

test.serial('a directory or a device as --trace is refused with one line and no litter', (t) => {
  const dir = freshDir();
  mkdirSync(join(dir, 'sub'));
  const r = cli('run', 'examples/customer-card.json', '--trace', join(dir, 'sub'));
  t.is(r.status, 2);
  t.true(oneLine(r.stderr));
  t.regex(r.stderr, /it is a directory/);
  t.deepEqual(readdirSync(dir), ['sub']);
  if (existsSync('/dev/full')) {
    const d = cli('run', 'examples/customer-card.json', '--trace', '/dev/full');
    t.is(d.status, 2);
    t.regex(d.stderr, /\/dev\/full: cannot write --trace there: it is not a regular file/);
  }
});

test.serial('stdout on /dev/full: exit 2 with one line', (t) => {
  if (!existsSync('/dev/full')) return t.pass('no /dev/full');
  for (const args of [['run', 'examples/customer-card.json'], ['run', 'examples/customer-card.json', '--json'], ['schema']]) {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" ${ARGS.join(' ')} ${args.join(' ')} > /dev/full`], { encoding: 'utf8' });
    t.is(r.status, 2, args.join(' '));
    t.is(r.stderr, 'pbtsim: cannot write to stdout (ENOSPC: no space left on device)\n');
  }
});

const closeEarly = (args: string[]): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [...ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });

test.serial('a reader that goes away (broken pipe) ends the command quietly with its own exit code', async (t) => {
  for (const args of [['schema'], ['run', 'test/app/fixtures/capacity-10x10.json', '--json'], ['run', 'test/app/fixtures/capacity-10x10.json']]) {
    const r = await closeEarly(args);
    t.is(r.code, 0, args.join(' '));
    t.is(r.stderr, '', args.join(' '));
  }
});

const killMidWrite = (signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null; stderr: string; dir: string; sawTemp: boolean }> =>
  new Promise((resolve) => {
    const dir = freshDir();
    const scenario = runawayIn(dir);
    const child = spawn(process.execPath, [...ARGS, 'run', scenario, '--trace', join(dir, 'trace.jsonl'), '--max-wall', '60'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sawTemp = false;
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const poll = setInterval(() => {
      if (temps(dir).length > 0 && !sawTemp) {
        sawTemp = true;
        setTimeout(() => child.kill(signal), 300);
      }
    }, 50);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, stderr, dir, sawTemp });
    });
  });

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test.serial(`${signal} mid-write removes the temp file and exits ${code} with one line`, async (t) => {
    const r = await killMidWrite(signal);
    t.true(r.sawTemp, 'the trace was being written');
    t.is(r.code, code);
    t.is(r.stderr, `pbtsim: interrupted by ${signal}; removed 1 unfinished output file(s)\n`);
    t.deepEqual(temps(r.dir), []);
    t.false(existsSync(join(r.dir, 'trace.jsonl')));
  });
}

test.serial('concurrent writers of one trace: each writes a whole file, the last rename wins', async (t) => {
  const dir = freshDir();
  const target = join(dir, 'same.jsonl');
  const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => new Promise<number | null>((resolve) => {
    const c = spawn(process.execPath, [...ARGS, 'run', 'examples/customer-card-browse.json', '--seed', String(i + 1), '--trace', target], { stdio: 'ignore' });
    c.on('close', (code) => resolve(code));
  })));
  t.deepEqual(runs, [0, 0, 0, 0, 0, 0]);
  t.deepEqual(temps(dir), []);
  const lines = readFileSync(target, 'utf8').trimEnd().split('\n');
  const header = JSON.parse(lines[0]!) as { kind: string; seed: number };
  const footer = JSON.parse(lines[lines.length - 1]!) as { kind: string; records: number };
  t.is(header.kind, 'header');
  t.is(footer.kind, 'footer');
  t.is(footer.records, lines.length - 2);
  const replay = cli('replay', target);
  t.is(replay.status, 0, replay.stdout + replay.stderr);
  t.regex(replay.stdout, /replay identical/);
});

test.serial('a 1e9-event runaway writing a trace stops at its wall budget: exit 2, one line, a whole trace, no litter', (t) => {
  const dir = freshDir();
  const scenario = runawayIn(dir);
  const start = process.hrtime.bigint();
  const r = cli('run', scenario, '--trace', join(dir, 'trace.jsonl'), '--max-wall', '3');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  t.is(r.status, 2);
  t.true(oneLine(r.stderr), r.stderr);
  t.regex(r.stderr, /wall-clock budget of 3 s .*the trace up to the stop is in/);
  t.true(seconds < 30, `${seconds.toFixed(1)} s`);
  t.deepEqual(readdirSync(dir).sort(), ['runaway.json', 'trace.jsonl']);
  const last = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trimEnd().split('\n').pop()!;
  t.is((JSON.parse(last) as { status: string }).status, 'wall-budget-exceeded');
});
