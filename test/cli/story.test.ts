/**
 * The text output of `pbtsim run` on the examples (issue 12 §1): the per-page summary first,
 * warnings de-duplicated with advice and the clauses in words, failed enqueue calls with their
 * runtime error, the grouped story, the platform invoking a trigger a page has no code in, no
 * "on null", and the events-versus-tasks line. Runs the model's runScenario and the renderer.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { createRunTextFold, renderRunText, parseStoryOption, STORY_AUTO_LIMIT, wantColor } from '../../cli/story.js';
import { loadScenario, runScenario, type RunResultContract, type TaskResult } from '../../models/pbt/index.js';
import { triggerIndexOf } from '../../reports/index.js';

function run(name: string) {
  const sc = loadScenario(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'), `${name}.json`);
  const r = runScenario(sc);
  return { result: r.result, triggers: triggerIndexOf(sc) };
}

const nearestRank = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.max(1, Math.ceil((p / 100) * xs.length)) - 1]!;

test('story: the summary comes first, one row per page with outcomes, time to result and waste', (t) => {
  const { result, triggers } = run('customer-card-browse');
  const text = renderRunText(result, { color: false, triggers });
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('page '));
  const story = lines.indexOf('Story');
  t.true(header > 0 && header < story, 'summary table before the story');
  for (const page of ['customerCard', 'customerStatisticsFactBox', 'agedAccReceivableChart1', 'agedAccReceivableChart2']) {
    const mine = result.tasks.filter((x) => x.page === page);
    const ttr = mine.filter((x) => x.delivery === 'delivered').map((x) => x.deliveredAtMs! - x.enqueuedAtMs);
    const cancelled = mine.filter((x) => x.outcome === 'cancelled').length;
    const wasted = mine.filter((x) => x.outcome === 'cancelled' && x.startedAtMs !== null).reduce((n, x) => n + x.endedAtMs! - x.startedAtMs!, 0);
    const row = lines.find((l) => l.startsWith(`salesperson/${page} `));
    t.truthy(row, page);
    const cells = row!.split(/\s{2,}/);
    t.is(cells[1], String(mine.length));
    t.is(cells[2], String(mine.filter((x) => x.outcome === 'completed').length));
    t.is(cells[5], `${cancelled} (${cancelled} record changed)`);
    t.is(cells[7], `${nearestRank(ttr, 50)} / ${nearestRank(ttr, 90)} / ${Math.max(...ttr)} ms`);
    t.regex(cells[8] ?? '', new RegExp(`^${wasted < 10_000 ? `${wasted} ms` : '[\\d.]+ s'} \\(${cancelled} tasks\\)$`));
  }
  t.regex(text, /^all pages\s+48\s+16\s+0\s+0\s+32 \(32 record changed\)/m);
  t.regex(text, /No failed enqueue calls, no warnings, no invariant violations\./);
});

test('story: the OnOpenPage warning is printed once with its count, advice and the clauses in words', (t) => {
  const { result, triggers } = run('business-manager-role-center');
  t.is(result.warnings.length, 5);
  const text = renderRunText(result, { color: false, triggers });
  t.is(text.match(/enqueued from OnOpenPage/g)?.length, 1);
  t.regex(text, /Warnings \(5, 1 kind\)/);
  t.regex(text, /enqueueFromOnOpenPage: 5×, first at 0 ms \(session businessManager, task 1\)/);
  t.regex(text, /What to do: Enqueue from OnAfterGetCurrRecord instead/);
  t.regex(text, /PBT-ENQ-07: Enqueueing is normally done from a page trigger\./);
  t.regex(text, /A33: Enqueue from OnOpenPage, OnValidate and actions/);
  t.notRegex(text, /\(PBT-ENQ-07, A33\)/);
});

test('story: the 106th enqueue error is shown with its text, and the 105 tasks fold into two lines', (t) => {
  const { result, triggers } = run('enqueue-200-overflow');
  const text = renderRunText(result, { color: false, triggers });
  const failed = result.enqueueCalls.find((c) => !c.ok)!;
  t.truthy(failed.runtimeError);
  t.true(text.includes(`runtime error: ${failed.runtimeError!}`));
  t.regex(text, /The user saw this error; it ended the trigger or action that made the call/);
  t.regex(text, /^ {2}tasks 1–5 \(×5\): enqueued at 100 ms, started at once → cancelled \(page closed\) at 30000 ms after running 29900 ms → no trigger$/m);
  t.regex(text, /^ {2}tasks 6–105 \(×100\): enqueued at 100 ms, never started → cancelled \(page closed\) at 30000 ms while waiting → no trigger$/m);
  t.notRegex(text, /on null/);
  t.regex(text, /8 simulation events for 105 tasks: an event is one step of the simulation .*one step can enqueue many tasks/);
  t.regex(text, /^developer\/autoRefreshCard\s+105\s+0\s+0\s+0\s+105 \(105 page closed\)\s+1\s+–\s+2 min 30 s \(5 tasks\)$/m);
});

test('story: a delivery to a page without code says the platform invoked the trigger; Results are shown', (t) => {
  const { result, triggers } = run('customer-card-browse');
  const text = renderRunText(result, { color: false, triggers });
  t.regex(text, /task 6 on Customer: 20000: .*the platform invoked OnPageBackgroundTaskCompleted at 343 ms \(the page has no code in it\) → Results TotalSales="12345\.67"/);
  t.regex(text, /task 9 on Customer: 30000: .*OnPageBackgroundTaskCompleted ran at 853 ms → Results BalanceAsVendor="0", LinkedVendorNo=""/);
  // Without the scenario's trigger index the story does not guess.
  t.notRegex(renderRunText(result, { color: false }), /no code in it/);
});

test('story: --story full prints one line per task, none prints none, and the default leaves it out above the limit', (t) => {
  const { result, triggers } = run('customer-card-browse');
  const full = renderRunText(result, { color: false, triggers, story: 'full' });
  t.is(full.split('\n').filter((l) => /^salesperson\/\w+ task \d+/.test(l)).length, result.tasks.length);
  const none = renderRunText(result, { color: false, triggers, story: 'none' });
  t.false(none.split('\n').includes('Story'));
  t.regex(none, /^salesperson\/customerCard\s+12/m);
  const big: RunResultContract = { ...result, tasks: Array.from({ length: STORY_AUTO_LIMIT + 1 }, (_, i): TaskResult => ({ ...result.tasks[i % result.tasks.length]!, taskId: i + 1 })) };
  const auto = renderRunText(big, { color: false, triggers });
  t.false(auto.split('\n').includes('Story'));
  t.regex(auto, new RegExp(`The story of the ${STORY_AUTO_LIMIT + 1} tasks is left out \\(more than ${STORY_AUTO_LIMIT}\\): --story grouped or --story full prints it`));
  t.true(renderRunText(big, { color: false, triggers, story: 'grouped' }).split('\n').includes('Story'));
});

test('story: a failed task the user did not see says why', (t) => {
  const { result, triggers } = run('headless-web-service');
  t.regex(renderRunText(result, { color: false, triggers }), /failed \(Dialog\) after 100 ms → OnPageBackgroundTaskError ran at 1600 ms → the user saw nothing \(the error trigger set IsHandled\)/);
  const ignored = result.tasks.map((x) => (x.outcome === 'failed' ? { ...x, errorLevel: 'Ignore' as const } : x));
  t.regex(renderRunText({ ...result, tasks: ignored }, { color: false }), /the user saw nothing \(ErrorLevel Ignore\)/);
});

test('story: the error text the user saw is printed when the result carries it', (t) => {
  const { result } = run('customer-card');
  const base = result.tasks[0]!;
  const failed = { ...base, outcome: 'failed' as const, cancelReason: null, errorCode: 'Dialog', delivery: 'delivered' as const, trigger: 'OnPageBackgroundTaskError' as const, deliveredAtMs: 500, surfacedAs: 'error' as const, errorText: 'Customer 10000 is blocked.' };
  const text = renderRunText({ ...result, tasks: [failed] }, { color: false });
  t.regex(text, /failed \(Dialog\) after \d+ ms → OnPageBackgroundTaskError ran at 500 ms → the user saw an error: "Customer 10000 is blocked\."/);
  const timedOut = { ...failed, outcome: 'timedOut' as const, errorCode: 'ChildSessionTaskTimeout', errorText: undefined, surfacedAs: 'none' as const };
  t.regex(renderRunText({ ...result, tasks: [timedOut] }, { color: false }), /the user saw nothing \(the error trigger set IsHandled; the error was "Child Session task was terminated because of a timeout\."\)/);
});

test('story: colour only when asked, and never with NO_COLOR', (t) => {
  const { result, triggers } = run('business-manager-role-center');
  t.false(renderRunText(result, { color: false, triggers }).includes('\u001b['));
  t.true(renderRunText(result, { color: true, triggers }).includes('\u001b['));
  t.true(wantColor(true, {}));
  t.false(wantColor(false, {}));
  t.false(wantColor(undefined, {}));
  t.false(wantColor(true, { NO_COLOR: '1' }));
  t.true(wantColor(true, { NO_COLOR: '' }));
});

test('story: --story accepts full, grouped and none only', (t) => {
  t.is(parseStoryOption('full'), 'full');
  t.is(parseStoryOption('grouped'), 'grouped');
  t.is(parseStoryOption('none'), 'none');
  t.throws(() => parseStoryOption('all'), { instanceOf: InvalidArgumentError, message: 'expected full, grouped or none, got "all"' });
});

test('story: the streaming fold does not depend on how tasks, calls and warnings interleave', (t) => {
  for (const name of ['customer-card-browse', 'business-manager-role-center', 'enqueue-200-overflow']) {
    const { result, triggers } = run(name);
    for (const story of [undefined, 'full', 'grouped', 'none'] as const) {
      const fold = createRunTextFold({ color: false, triggers, story });
      // As a stream delivers them: warnings and tasks first, the calls last (renderRunText does calls first).
      for (const w of result.warnings) fold.warning(w);
      for (const x of result.tasks) fold.task(x);
      for (const c of result.enqueueCalls) fold.enqueueCall(c);
      t.is(fold.finish(result), renderRunText(result, { color: false, triggers, story }), `${name} ${String(story)}`);
    }
  }
});

test('story: dropped results get a column of their own, and a run without tasks says so', (t) => {
  const { result } = run('customer-card');
  const done = result.tasks.find((x) => x.outcome === 'completed')!;
  const dropped = { ...done, delivery: 'dropped' as const, trigger: null, deliveredAtMs: null, dropReason: 'recordChanged', results: null };
  const text = renderRunText({ ...result, tasks: [dropped] }, { color: false });
  t.regex(text, /results dropped/);
  t.regex(text, /1 \(1 record changed\)/);
  t.regex(text, /result dropped \(record changed\), no trigger ran/);
  const empty = renderRunText({ ...result, tasks: [], enqueueCalls: [] }, { color: false });
  t.regex(empty, /^0 tasks from 0 EnqueueBackgroundTask calls \(0 rejected\) in 0 sessions/m);
  t.regex(empty, /No task was enqueued\./);
  t.false(empty.split('\n').includes('Story'));
});
