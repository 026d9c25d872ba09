import test from 'ava';
import { PbtSimulator } from '../../models/pbt/index.js';

test('PBT-ENQ-01 PBT-CAN-07 the AL-shaped API runs the docs\' Customer Card example like the scenario file', (t) => {
  const sim = new PbtSimulator({ seed: 42, name: 'al' });
  sim.codeunit(50100, { durationMs: { parameter: 'Wait' }, results: { after: 'done' } });
  const seen: string[] = [];
  const card = sim.session('user1').page('customerCard', {
    OnAfterGetCurrRecord(CurrPage) {
      CurrPage.cancelBackgroundTask(CurrPage.getVar('WaitTaskId'));
      CurrPage.enqueueBackgroundTask('WaitTaskId', 50100, { Wait: '1000' }, 10000, 'Warning');
    },
    OnPageBackgroundTaskCompleted(CurrPage, taskId, results) {
      if (taskId !== CurrPage.getVar('WaitTaskId')) return;
      seen.push(`${taskId}:${results['after']}`);
    },
  });
  card.open(0, 'Customer: 10000').navigate(400, 'Customer: 20000').close(5000);
  const { result } = sim.run();
  t.deepEqual(result.tasks.map((x) => [x.taskId, x.outcome, x.cancelReason]), [[1, 'cancelled', 'recordChanged'], [2, 'completed', null]]);
  t.deepEqual(seen, ['2:done']);
});

test('PBT-ENQ-04 PBT-ERR-04 the AL-shaped API raises on a full queue in statement form and supports IsHandled', (t) => {
  const sim = new PbtSimulator({ seed: 1, server: { childSessionsMaxConcurrency: 1, childSessionsMaxQueueLength: 1 } });
  sim.codeunit(1, { durationMs: 100, outcome: 'error' });
  const returns: boolean[] = [];
  const p = sim.session('u').page('p', {
    OnPageBackgroundTaskError(_CurrPage, _taskId, errorCode, _text, _stack, isHandled) {
      isHandled.value = errorCode === 'Dialog';
    },
  });
  p.open(0, 'R');
  p.action(10, (CurrPage) => {
    returns.push(CurrPage.tryEnqueueBackgroundTask('A', 1), CurrPage.tryEnqueueBackgroundTask('B', 1), CurrPage.tryEnqueueBackgroundTask('C', 1));
    CurrPage.enqueueBackgroundTask('D', 1); // raises: the queue is full
    returns.push(true); // never reached
  });
  const { result } = sim.run();
  t.deepEqual(returns, [true, true, false]);
  t.truthy(result.enqueueCalls[3]!.runtimeError);
  t.deepEqual(result.tasks.map((x) => x.surfacedAs), ['none', 'none']);
});
