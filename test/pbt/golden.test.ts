// Golden traces: a change to any of these is a deliberate change of the model's behaviour.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadScenario, runScenario } from '../../models/pbt/index.js';

const examples = readdirSync('examples').filter((f) => f.endsWith('.json')).sort();

for (const f of examples) {
  test(`golden ${f}: digest and per-task story at the scenario's seed`, (t) => {
    const run = runScenario(loadScenario(readFileSync(`examples/${f}`, 'utf8'), f));
    t.true(run.run.ok);
    const story = run.result.tasks.map((x) => `${x.session}/${x.page}#${x.taskId} ${x.enqueuedAtMs}/${x.startedAtMs}/${x.endedAtMs} ${x.outcome}${x.cancelReason ? `(${x.cancelReason})` : ''} ${x.trigger ?? '-'} ${x.delivery ?? '-'} ${x.surfacedAs ?? '-'}`);
    t.snapshot({ digest: run.result.digest, eventCount: run.result.eventCount, records: run.records.length, story, warnings: run.result.warnings.map((w) => w.code) });
  });
}

test('determinism: the same seed gives the same digest in this process and in a child process', (t) => {
  const f = 'examples/customer-card-browse.json';
  const here = runScenario(loadScenario(readFileSync(f, 'utf8'), f)).result.digest;
  const again = runScenario(loadScenario(readFileSync(f, 'utf8'), f)).result.digest;
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'run', f, '--json'], { encoding: 'utf8' });
  t.is(here, again);
  t.is((JSON.parse(child.stdout) as { digest: string }).digest, here);
});

test('determinism: another seed gives another digest where the scenario draws random numbers', (t) => {
  const f = 'examples/customer-card-browse.json';
  const sc = loadScenario(readFileSync(f, 'utf8'), f);
  t.not(runScenario(sc, { seed: 1 }).result.digest, runScenario(sc, { seed: 2 }).result.digest);
});
