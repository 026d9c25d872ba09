// Replay (issue 11 §5): header and footer are validated, the first differing record is named,
// a budget-stopped run replays to the same stop, and the file is read line by line.
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReplay, replayTrace, resetFileRegistry, TraceFileError } from '../../app/index.js';
import { pipe } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pbtsim-replay-'));
const trace = join(dir, 'browse.jsonl');
let lines: string[] = [];
const variant = (name: string, edit: (ls: string[]) => string[]): string => {
  const f = join(dir, name);
  writeFileSync(f, edit([...lines]).join('\n') + '\n');
  return f;
};
const header = (): Record<string, unknown> => JSON.parse(lines[0]!) as Record<string, unknown>;
const footer = (): Record<string, unknown> => JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;

test.before(async () => {
  await pipe('examples/customer-card-browse.json', { trace });
  resetFileRegistry();
  lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
});
test.afterEach(() => resetFileRegistry());

test.serial('an untouched trace replays identical; the header stores the scenario path relative to the cwd', async (t) => {
  const s = await replayTrace(trace);
  t.true(s.identical, formatReplay(s));
  t.is(s.firstDifference, null);
  t.is(header()['file'], join('examples', 'customer-card-browse.json'));
});

test.serial('a changed record is reported with its line number, expected and found', async (t) => {
  const f = variant('tampered.jsonl', (ls) => {
    ls[3] = ls[3]!.replace('"timeMs":', '"timeMs":1');
    return ls;
  });
  const s = await replayTrace(f);
  t.false(s.identical);
  t.is(s.firstDifference?.line, 4);
  t.is(s.firstDifference?.expected, lines[3]);
  t.is(s.firstDifference?.found, lines[3]!.replace('"timeMs":', '"timeMs":1'));
  t.regex(formatReplay(s), /first differing record: line 4/);
});

test.serial('a missing record and an extra record are differences too', async (t) => {
  const missing = await replayTrace(variant('missing.jsonl', (ls) => [...ls.slice(0, 5), ...ls.slice(6)]));
  t.false(missing.identical);
  t.is(missing.firstDifference?.line, 6);
  const extra = await replayTrace(variant('extra.jsonl', (ls) => [...ls.slice(0, -1), ls[2]!, ls[ls.length - 1]!]));
  t.false(extra.identical);
  t.is(extra.firstDifference?.expected, null);
  t.true(extra.problems.some((p) => /footer counts \d+ records, the file has \d+/.test(p)));
});

test.serial('a changed scenario name in the header is noticed', async (t) => {
  const f = variant('renamed.jsonl', (ls) => {
    const h = header();
    (h['scenario'] as Record<string, unknown>)['name'] = 'something else';
    ls[0] = JSON.stringify(h);
    return ls;
  });
  const s = await replayTrace(f);
  t.false(s.identical);
  t.true(s.problems.some((p) => p.includes('embedded scenario was changed')));
});

test.serial('a bad header seed, format version or a missing footer is a header error, not a difference', async (t) => {
  for (const seed of [{ x: 1 }, -1, 1.5, '']) {
    const f = variant('seed.jsonl', (ls) => [JSON.stringify({ ...header(), seed }), ...ls.slice(1)]);
    const e = await t.throwsAsync(replayTrace(f), { instanceOf: TraceFileError });
    t.regex(e?.message ?? '', /line 1: \$\.seed: expected a non-negative integer or a non-empty text/);
  }
  const v2 = variant('v2.jsonl', (ls) => [JSON.stringify({ ...header(), format: 'pbtsim-trace/2' }), ...ls.slice(1)]);
  t.regex((await t.throwsAsync(replayTrace(v2)))?.message ?? '', /a version this pbtsim does not read/);
  const cut = variant('cut.jsonl', (ls) => ls.slice(0, -1));
  t.regex((await t.throwsAsync(replayTrace(cut)))?.message ?? '', /last line: expected the trace footer/);
});

test.serial('changed footer counts and status are reported', async (t) => {
  const f = variant('counts.jsonl', (ls) => [...ls.slice(0, -1), JSON.stringify({ ...footer(), eventCount: 1, tasks: 2, status: 'until' })]);
  const s = await replayTrace(f);
  t.false(s.identical);
  t.true(s.problems.some((p) => p.includes('footer counts 1 events')));
  t.true(s.problems.some((p) => p.includes('footer counts 2 tasks')));
  t.true(s.problems.some((p) => p.includes('ended "until"')));
});

test.serial('the trace of a run stopped by its event budget replays to the same stop and says so', async (t) => {
  const f = join(dir, 'runaway.jsonl');
  const run = await pipe('test/fixtures/runaway-reenqueue.json', { trace: f });
  t.is(run.outcome.status, 'event-budget-exceeded');
  resetFileRegistry();
  const s = await replayTrace(f);
  t.true(s.identical, formatReplay(s));
  t.is(s.recordedStatus, 'event-budget-exceeded');
  t.regex(formatReplay(s), /stopped at its event budget after 2000 events; the replay stopped at the same event/);
});

test.serial('the trace of a run stopped by a machine-dependent budget replays to the same point', async (t) => {
  const f = join(dir, 'wall.jsonl');
  const scenario = join(dir, 'long-runaway.json');
  const sc = JSON.parse(readFileSync('test/fixtures/runaway-reenqueue.json', 'utf8')) as { limits: Record<string, number> };
  sc.limits = { maxEvents: 1_000_000_000 };
  writeFileSync(scenario, JSON.stringify(sc));
  const run = await pipe(scenario, { trace: f, budgets: { maxTraceBytes: 100_000 } });
  t.is(run.outcome.status, 'trace-budget-exceeded');
  resetFileRegistry();
  const s = await replayTrace(f);
  t.true(s.identical, formatReplay(s));
  t.is(s.eventCount, run.outcome.eventCount);
  t.regex(formatReplay(s), /stopped \(trace-budget-exceeded\); replayed to the same point/);
});
