// The streaming pipeline gives the same result as the old batch pipeline did (goldens recorded
// from the old `pbtsim run --json` before app/ existed), streams tasks in enqueue order with
// bounded memory, and every fold sees every record.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, pipe, RESULT_FIELDS } from './helpers.js';

type Result = Record<string, unknown>;

test('the capacity file of 10 users × 10 moves gives exactly the old pipeline\'s result', async (t) => {
  const old = JSON.parse(readFileSync('test/app/fixtures/capacity-10x10.old-result.json', 'utf8')) as Result;
  const r = await pipe('test/app/fixtures/capacity-10x10.json');
  t.is(r.exitCode, 0);
  const now = JSON.parse(r.stdout) as Result;
  t.is((now['tasks'] as unknown[]).length, 400);
  for (const k of RESULT_FIELDS) t.deepEqual(now[k], old[k], k);
});

test('every example gives the old pipeline\'s result', async (t) => {
  const old = JSON.parse(readFileSync('test/app/fixtures/examples.old-results.json', 'utf8')) as Record<string, Result>;
  const files = readdirSync('examples').filter((f) => f.endsWith('.json'));
  t.deepEqual(files.sort(), Object.keys(old).sort());
  for (const f of files) {
    const r = await pipe(join('examples', f));
    const now = JSON.parse(r.stdout) as Result;
    for (const k of RESULT_FIELDS) t.deepEqual(now[k], old[f]![k], `${f} ${k}`);
    t.is(r.exitCode, (old[f]!['violations'] as unknown[]).length > 0 ? 1 : 0);
  }
});

test('the --json output is streamed: the tasks section precedes the run\'s totals, one task per line', async (t) => {
  const r = await pipe('examples/customer-card-browse.json');
  const text = r.stdout;
  t.true(text.indexOf('"tasks": [') < text.indexOf('"endTimeMs"'));
  t.true(text.indexOf('"enqueueCalls": [') < text.indexOf('"digest"'));
  const taskLines = text.split('\n').filter((l) => l.startsWith('    {"session"') && l.includes('"codeunit"'));
  t.is(taskLines.length, 48);
});

test('the same seed gives the same digest; --seed overrides', async (t) => {
  const a = JSON.parse((await pipe('examples/customer-card.json')).stdout) as Result;
  const b = JSON.parse((await pipe('examples/customer-card.json')).stdout) as Result;
  const c = JSON.parse((await pipe('examples/customer-card.json', { seed: 43 })).stdout) as Result;
  t.is(a['digest'], b['digest']);
  t.is(c['seed'], 43);
});

test('the story is rendered from the collected result when --json is not given', async (t) => {
  const r = await pipe('examples/customer-card-browse.json', { json: false });
  t.is(r.stdout, '48 tasks\n');
});

test('a scenario without a seed gets the noSeed warning first', async (t) => {
  const sc = load('examples/customer-card.json');
  const noSeed = { ...sc, seed: undefined };
  const r = JSON.parse((await pipe('examples/customer-card.json', { scenario: noSeed })).stdout) as { warnings: { code: string }[]; seed: number };
  t.is(r.warnings[0]?.code, 'noSeed');
  t.is(r.seed, 0);
});
