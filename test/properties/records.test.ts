// The record vocabulary (models/pbt/records.ts) matches what the model writes: every pbt.* record
// of the examples and of generated scenarios (faults included) fits the shape table of
// properties/recordShape.ts, which mirrors the PbtRecord types; every type is seen somewhere.
import test from 'ava';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceRecord } from '../../engine/index.js';
import { FAULT_NAMES, loadScenario, runScenario } from '../../models/pbt/index.js';
import { asPbtRecord, isRecord, RECORD_TYPES, recordOf } from '../../models/pbt/records.js';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { checkScenario } from '../../properties/harness.js';
import { recordShapeProblem } from '../../properties/recordShape.js';
import { DEFAULT_RUNS, DEFAULT_SEED, envInt } from '../../properties/suite.js';

const RUNS = envInt('PBTSIM_RUNS', DEFAULT_RUNS);
const SEED = envInt('PBTSIM_SEED', DEFAULT_SEED);
const examples = join(import.meta.dirname, '..', '..', 'examples');

function shapes(trace: readonly TraceRecord[], seen: Set<string>, where: string): string[] {
  const bad: string[] = [];
  for (const r of trace) {
    if (asPbtRecord(r) !== null) seen.add(r.type);
    const p = recordShapeProblem(r);
    if (p !== null) bad.push(`${where} seq ${r.seq}: ${p}`);
  }
  return bad;
}

test('every record of the examples and of generated runs fits the record vocabulary', (t) => {
  const seen = new Set<string>();
  const bad: string[] = [];
  for (const f of readdirSync(examples).filter((n) => n.endsWith('.json'))) {
    const run = runScenario(loadScenario(readFileSync(join(examples, f), 'utf8'), f));
    bad.push(...shapes(run.records, seen, f));
  }
  const faults = [[], ...FAULT_NAMES.map((f) => [f])];
  let i = 0;
  for (const [scenario, seed] of fc.sample(fc.tuple(scenarioArbitrary(), seedArbitrary), { numRuns: RUNS * 2, seed: SEED })) {
    const run = checkScenario(scenario, { seed, faults: faults[i++ % faults.length]!, invariants: [] });
    bad.push(...shapes(run.trace, seen, `generated #${i}`));
  }
  t.deepEqual(bad.slice(0, 5), []);
  // pbt.testRun and pbt.backgroundSession come from scenario features the generator does not draw.
  const unseen = RECORD_TYPES.filter((ty) => !seen.has(ty) && ty !== 'pbt.testRun' && ty !== 'pbt.backgroundSession');
  t.deepEqual(unseen, [], 'record types never written by the examples or generated runs');
});

test('the shape check names the field and what was expected', (t) => {
  const r = { seq: 3, timeMs: 0, type: 'pbt.start', session: 'u', page: 'p', taskId: 'x' } as unknown as TraceRecord;
  t.is(recordShapeProblem(r), '`taskId` of a pbt.start record: expected a number, got "x"');
  t.regex(recordShapeProblem({ seq: 1, timeMs: 'late', type: 'x' } as unknown as TraceRecord) ?? '', /^`timeMs`: expected a number/);
  t.is(recordShapeProblem({ seq: 1, timeMs: 0, type: 'user.step' }), null, 'engine event records need only seq, timeMs, type');
});

test('typed readers narrow by type', (t) => {
  const r: TraceRecord = { seq: 0, timeMs: 5, type: 'pbt.cancelCall', session: 'u', page: 'p', taskId: 2, returned: true };
  t.is(recordOf(r, 'pbt.cancelCall')?.returned, true);
  t.is(recordOf(r, 'pbt.end'), null);
  t.is(asPbtRecord({ seq: 0, timeMs: 0, type: 'user.step' }), null);
  t.deepEqual([r].filter(isRecord('pbt.cancelCall')).map((c) => c.taskId), [2]);
});
