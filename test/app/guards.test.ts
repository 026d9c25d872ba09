// Resource guards (issue 11 §4): each budget stops a runaway cleanly, names itself, and the
// trace of the stopped run is whole (its footer says how it stopped).
import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetFileRegistry } from '../../app/index.js';
import { pipe } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pbtsim-guards-'));
const runaway = join(dir, 'runaway.json');
writeFileSync(runaway, JSON.stringify({
  version: 1, name: 'runaway', seed: 1, codeunits: { '50100': { durationMs: 10 } },
  sessions: [{ id: 'u1', pages: { p: { kind: 'card', triggers: { OnOpenPage: [{ enqueue: { codeunit: 50100 } }], OnPageBackgroundTaskCompleted: [{ enqueue: { codeunit: 50100 } }] } } }, script: [{ atMs: 0, open: 'p' }] }],
  limits: { maxEvents: 1_000_000_000 },
}));
test.afterEach(() => resetFileRegistry());

test.serial('the wall-clock budget stops a 1e9-event runaway and says so', async (t) => {
  const start = process.hrtime.bigint();
  const r = await pipe(runaway, { budgets: { maxWallMs: 300 } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  t.is(r.outcome.status, 'wall-budget-exceeded');
  t.is(r.exitCode, 2);
  t.regex(r.message ?? '', /wall-clock budget of 0\.3 s/);
  t.false((r.message ?? '').includes('\n'), 'one line');
  // Not a timing test: a guard that never tripped would run 1e9 events (hours); 60 s leaves any
  // loaded machine room and still fails such a guard.
  t.true(seconds < 60, `stopped in ${seconds.toFixed(1)} s`);
  const json = JSON.parse(r.stdout) as { warnings: { code: string }[]; eventCount: number };
  t.true(json.warnings.some((w) => w.code === 'wall-budget-exceeded'), 'the streamed JSON is whole and says why it ended');
  t.true(json.eventCount > 0);
});

test.serial('the heap budget stops a run before memory runs out', async (t) => {
  const r = await pipe(runaway, { budgets: { maxHeapBytes: 1 } });
  t.is(r.outcome.status, 'heap-budget-exceeded');
  t.is(r.exitCode, 2);
  t.regex(r.message ?? '', /heap budget of 0 MB/);
});

test.serial('the trace budget stops a run; the trace up to the stop is whole', async (t) => {
  const trace = join(dir, 'budget.jsonl');
  const r = await pipe(runaway, { trace, budgets: { maxTraceBytes: 200_000 } });
  t.is(r.outcome.status, 'trace-budget-exceeded');
  t.regex(r.message ?? '', /--max-trace-bytes = 200000 bytes/);
  const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
  const footer = JSON.parse(lines[lines.length - 1]!) as { kind: string; status: string; records: number; eventCount: number };
  t.is(footer.kind, 'footer');
  t.is(footer.status, 'trace-budget-exceeded');
  t.is(footer.records, lines.length - 2);
  t.is(footer.eventCount, r.outcome.eventCount);
  t.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
});

test.serial('the default event budget stops the runaway loop within seconds', async (t) => {
  const sc = JSON.parse(readFileSync(runaway, 'utf8')) as { limits: Record<string, number> };
  sc.limits = {};
  const file = join(dir, 'runaway-default.json');
  writeFileSync(file, JSON.stringify(sc));
  // CPU seconds, not wall-clock: the machine may be shared (the wall budget is lifted here for
  // the same reason; its default is tested above with a small value).
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const r = await pipe(file, { json: false, budgets: { maxWallMs: 3_600_000 } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  t.is(r.outcome.status, 'event-budget-exceeded');
  t.is(r.outcome.eventCount, 1_000_000);
  t.regex(r.message ?? '', /limits\.maxEvents = 1000000/);
  t.is(r.stdout, '', 'no story for a stopped run');
  t.log(`1,000,000 events stopped after ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU`);
  t.true(cpuSeconds < 40, `${cpuSeconds.toFixed(1)} s CPU`);
});
