// The output module (issue 11 §1, brief interface 5) in-process: short writes, ENOSPC through
// the write seam, a real /dev/full, symlinked temp names, outputs equal to inputs, directories
// and devices as targets. No case may leave a temp file or touch the target.
import test from 'ava';
import { caseDirs, temps } from './caseDirs.js';
import { existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AtomicFile, errnoError, FdWriter, liveTempCount, OutputError, realFileOps, registerInput, resetFileRegistry, runPipeline, setFileOpsForTesting,
  StringOutput, writeFileAtomic,
} from '../../app/index.js';
import { loadScenario } from '../../models/pbt/index.js';

const freshDir = caseDirs('pbtsim-output-');
const big = 'x'.repeat(200_000) + '\n' + 'é'.repeat(50_000);

test.afterEach.always(() => {
  setFileOpsForTesting(undefined);
  resetFileRegistry();
});

test.serial('short writes are continued until every byte is written', (t) => {
  const dir = freshDir();
  const calls: number[] = [];
  setFileOpsForTesting({ ...realFileOps, write: (fd, b, off, len) => { calls.push(len); return realFileOps.write(fd, b, off, Math.min(len, 4096)); } });
  writeFileAtomic(join(dir, 'out.txt'), big);
  t.is(readFileSync(join(dir, 'out.txt'), 'utf8'), big);
  t.true(calls.length > 50, 'the seam saw many short writes');
  t.deepEqual(temps(dir), []);
});

test.serial('a write that takes nothing (a full device) fails, leaving the target as it was and no temp', (t) => {
  const dir = freshDir();
  const target = join(dir, 'trace.jsonl');
  writeFileSync(target, 'previous run\n');
  let total = 0;
  setFileOpsForTesting({ ...realFileOps, write: (fd, b, off, len) => {
    if (total >= 4096) return 0;
    const k = realFileOps.write(fd, b, off, Math.min(len, 4096 - total));
    total += k;
    return k;
  } });
  const e = t.throws(() => writeFileAtomic(target, big), { instanceOf: OutputError });
  t.regex(e?.message ?? '', /trace\.jsonl: cannot write the output .*accepted no more bytes.*nothing was written under that name/);
  t.is(readFileSync(target, 'utf8'), 'previous run\n');
  t.deepEqual(temps(dir), []);
  t.is(liveTempCount(), 0);
});

test.serial('ENOSPC mid-file is one clear error; target untouched, temp removed', (t) => {
  const dir = freshDir();
  const target = join(dir, 'report.html');
  let calls = 0;
  setFileOpsForTesting({ ...realFileOps, write: (fd, b, off, len) => {
    if (++calls > 2) throw errnoError('ENOSPC', 'no space left on device, write');
    return realFileOps.write(fd, b, off, len);
  } });
  const f = new AtomicFile(target, 'the run report');
  const e = t.throws(() => { for (let i = 0; i < 100; i++) f.write(big); f.commit(); }, { instanceOf: OutputError });
  t.is(e?.code, 'ENOSPC');
  t.regex(e?.message ?? '', /report\.html: cannot write the run report \(ENOSPC: no space left on device\)/);
  t.false(existsSync(target));
  t.deepEqual(temps(dir), []);
});

test.serial('a failing fsync or rename removes the temp too', (t) => {
  const dir = freshDir();
  setFileOpsForTesting({ ...realFileOps, fsync: () => { throw errnoError('EIO', 'i/o error, fsync'); } });
  t.throws(() => writeFileAtomic(join(dir, 'a.json'), '{}'), { instanceOf: OutputError, message: /EIO: input\/output error/ });
  setFileOpsForTesting({ ...realFileOps, rename: () => { throw errnoError('EXDEV', 'cross-device'); } });
  t.throws(() => writeFileAtomic(join(dir, 'b.json'), '{}'), { instanceOf: OutputError });
  t.deepEqual(readdirSync(dir), []);
});

test.serial('the real /dev/full: as stdout it is ENOSPC (one line), as a target it is refused as a device', (t) => {
  if (!existsSync('/dev/full')) return t.pass('no /dev/full here');
  const w = new FdWriter(openSync('/dev/full', 'w'), 'stdout');
  w.write('hello');
  const e = t.throws(() => w.flush(), { instanceOf: OutputError });
  t.is(e?.message, 'cannot write to stdout (ENOSPC: no space left on device)');
  t.throws(() => writeFileAtomic('/dev/full', 'x', '--trace'), { instanceOf: OutputError, message: /\/dev\/full: cannot write --trace there: it is not a regular file/ });
  t.throws(() => writeFileAtomic('/dev/null', 'x'), { instanceOf: OutputError, message: /not a regular file/ });
});

test.serial('a directory target is refused before anything is created', (t) => {
  const dir = freshDir();
  mkdirSync(join(dir, 'sub'));
  t.throws(() => new AtomicFile(join(dir, 'sub'), '--trace'), { instanceOf: OutputError, message: /sub: cannot write --trace there: it is a directory/ });
  t.deepEqual(readdirSync(dir), ['sub']);
});

test.serial('the temp name is created exclusively: a file or symlink planted at it is never followed', (t) => {
  const dir = freshDir();
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  // The old predictable name: a symlink out.partial → victim is simply not used.
  symlinkSync(victim, join(dir, 'out.jsonl.partial'));
  // A racing attacker who plants a symlink at the very name chosen: open(O_EXCL) fails, a new
  // random name is drawn.
  const planted: string[] = [];
  setFileOpsForTesting({ ...realFileOps, open: (p, flags, mode) => {
    if (planted.length === 0) {
      symlinkSync(victim, p);
      planted.push(p);
    }
    return realFileOps.open(p, flags, mode);
  } });
  writeFileAtomic(join(dir, 'out.jsonl'), 'trace\n');
  t.is(readFileSync(victim, 'utf8'), 'precious\n');
  t.is(readFileSync(join(dir, 'out.jsonl'), 'utf8'), 'trace\n');
  t.is(planted.length, 1);
  t.true(existsSync(planted[0]!), 'the planted link is left alone');
});

test.serial('an output equal to an input is refused: same path, another spelling, a symlink, a hard link', (t) => {
  const dir = freshDir();
  const input = join(dir, 'self.json');
  writeFileSync(input, '{"version":1}');
  linkSync(input, join(dir, 'hard.json'));
  symlinkSync(input, join(dir, 'soft.json'));
  registerInput(input, 'the input scenario');
  for (const name of [input, join(dir, '.', 'self.json'), join(dir, 'hard.json'), join(dir, 'soft.json')]) {
    t.throws(() => writeFileAtomic(name, 'x', '--trace'), { instanceOf: OutputError, message: /refusing to write --trace over the input scenario/ }, name);
  }
  t.is(readFileSync(input, 'utf8'), '{"version":1}');
  t.deepEqual(temps(dir), []);
});

test.serial('two outputs of one command cannot be the same file', (t) => {
  const dir = freshDir();
  const f = new AtomicFile(join(dir, 'x.json'), '--trace');
  t.throws(() => new AtomicFile(join(dir, 'x.json'), 'the run report'), { instanceOf: OutputError, message: /refusing to write the run report to the same file as --trace/ });
  f.discard();
  t.deepEqual(readdirSync(dir), []);
});

test.serial('files are created with mode 0644 (before umask)', (t) => {
  const dir = freshDir();
  const modes: number[] = [];
  setFileOpsForTesting({ ...realFileOps, open: (p, flags, mode) => { modes.push(mode); return realFileOps.open(p, flags, mode); } });
  writeFileAtomic(join(dir, 'm.txt'), 'x');
  t.deepEqual(modes, [0o644]);
});

test.serial('a broken pipe on stdout is not an error: the rest of the output is dropped', (t) => {
  const w = new FdWriter(99, 'stdout', () => { throw errnoError('EPIPE', 'broken pipe'); });
  w.write('a'.repeat(100_000));
  w.flush();
  t.true(w.broken);
});

test.serial('ENOSPC mid-trace stops the run with one line naming the trace and the error; no temp, no trace', async (t) => {
  const dir = freshDir();
  const target = join(dir, 'trace.jsonl');
  let bytes = 0;
  setFileOpsForTesting({ ...realFileOps, write: (fd, b, off, len) => {
    if (bytes > 100_000) throw errnoError('ENOSPC', 'no space left on device, write');
    bytes += len;
    return realFileOps.write(fd, b, off, len);
  } });
  const out = new StringOutput();
  const file = 'test/app/fixtures/capacity-10x10.json';
  const r = await runPipeline({ file, scenario: loadScenario(readFileSync(file, 'utf8'), file), json: true, out, trace: target });
  t.is(r.outcome.status, 'output-failure');
  t.is(r.exitCode, 2);
  t.is(r.message, `${target}: cannot write --trace (ENOSPC: no space left on device); nothing was written under that name`);
  t.false(existsSync(target));
  t.deepEqual(readdirSync(dir), []);
  t.is(liveTempCount(), 0);
});
