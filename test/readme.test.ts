// The README's code examples, executed (documentation that tests run).
import test from 'ava';
import { Simulation, type Model } from '../engine/index.js';
import { PbtSimulator } from '../models/pbt/index.js';

test('README engine example runs as shown', (t) => {
  type Tick = { type: 'tick' };
  const counter: Model<{ n: number }, Tick> = {
    name: 'counter',
    rank: () => 0,
    handle(draft, _event, ctx) {
      draft.n += 1;
      if (draft.n < 10) ctx.schedule(ctx.rng('gap').nextInt(1, 100), { type: 'tick' });
    },
  };
  const sim = new Simulation(counter, { seed: 1, initialState: { n: 0 } });
  sim.schedule(0, { type: 'tick' });
  const result = sim.run({ maxEvents: 1000 });
  t.like(result, { ok: true, status: 'empty' });
  t.is(sim.state.n, 10);
  t.regex(sim.digest(), /^sha256:[0-9a-f]{64}$/);
});

test('README AL-shaped API example runs as shown', (t) => {
  const sim = new PbtSimulator({ seed: 42 });
  sim.codeunit(50100, { durationMs: { parameter: 'Wait' }, results: { after: 'done' } });
  const card = sim.session('user1').page('customerCard', {
    OnAfterGetCurrRecord(CurrPage) {
      CurrPage.cancelBackgroundTask(CurrPage.getVar('WaitTaskId'));
      CurrPage.enqueueBackgroundTask('WaitTaskId', 50100, { Wait: '1000' }, 10000, 'Warning');
    },
    OnPageBackgroundTaskCompleted(CurrPage, taskId) {
      if (taskId !== CurrPage.getVar('WaitTaskId')) return;
    },
  });
  card.open(0, 'Customer: 10000').navigate(400, 'Customer: 20000').close(5000);
  const { result } = sim.run();
  t.deepEqual(result.tasks.map((x) => x.outcome), ['cancelled', 'completed']);
});

test('README scenario examples (```json blocks with a "version") validate', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { loadScenario } = await import('../models/pbt/index.js');
  const blocks = [...readFileSync('README.md', 'utf8').matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => m[1]!).filter((b) => /"version"\s*:/.test(b));
  t.true(blocks.length >= 1);
  for (const b of blocks) t.notThrows(() => loadScenario(b, 'README.md'));
});
