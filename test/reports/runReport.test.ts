/**
 * The run report (brief interface 4): the fold over records gives the tasks the result
 * contract gives, figures over the whole run and a bounded window flagged on the page; every
 * failed enqueue, warning and violation appears in every format; the timeline is fitted to the
 * activity; histograms end at or above their tallest bar and draw a zero rate neutral.
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { loadScenario, runScenario, type TaskResult } from '../../models/pbt/index.js';
import {
  buildRunReport, createRunReportFold, histogram, renderRunReportHtml, renderRunReportMarkdown, ticks,
} from '../../reports/index.js';
import { histogramSvg, ZERO_BIN_COLOR } from '../../reports/html/charts.js';
import { fittedDomain } from '../../reports/html/timeline.js';

const load = (name: string) => loadScenario(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);
const contract = (t: TaskResult): TaskResult => ({
  session: t.session, page: t.page, taskId: t.taskId, codeunit: t.codeunit, record: t.record, requestedTimeoutMs: t.requestedTimeoutMs,
  effectiveTimeoutMs: t.effectiveTimeoutMs, errorLevel: t.errorLevel, enqueuedAtMs: t.enqueuedAtMs, startedAtMs: t.startedAtMs, endedAtMs: t.endedAtMs,
  outcome: t.outcome, cancelReason: t.cancelReason, errorCode: t.errorCode, trigger: t.trigger, deliveredAtMs: t.deliveredAtMs, delivery: t.delivery,
  surfacedAs: t.surfacedAs, dropReason: t.dropReason, results: t.results,
});

test('run report tells the docs example: one task cancelled running, one completed', (t) => {
  const run = runScenario(load('customer-card.json'));
  const r = buildRunReport(run.result, run.records);
  t.is(r.tasks.length, 2);
  t.deepEqual(r.tasks.map((x) => [x.taskId, x.slot, x.waitMs, x.runMs, x.outcome]), [[1, 1, 0, 400, 'cancelled'], [2, 1, 0, 1000, 'completed']]);
  t.is(r.tasks[1]?.timeToResultMs, 1000);
  t.deepEqual(r.pages.map((p) => [p.cancelledRunning, p.cancelledRunMs, p.cancelledWaiting, p.wastedMs]), [[1, 400, 0, 400]]);
  t.is(r.sessions[0]?.peakRunning, 1);
  t.is(r.sessions[0]?.busyMs, 1400);
  t.true(r.markers.some((m) => m.kind === 'recordChange' && m.atMs === 400));
  t.true(r.markers.some((m) => m.kind === 'delivery' && m.atMs === 1400));
  t.regex(r.tasks[0]?.story ?? '', /cancelled \(recordChanged\) at 400 ms/);
  t.false(r.window.truncated);
  t.is(r.recordCount, run.records.length);
});

test('run report fold: its tasks are the result contract tasks on every example', (t) => {
  for (const f of readdirSync(new URL('../../examples/', import.meta.url)).filter((x) => x.endsWith('.json'))) {
    const run = runScenario(load(f));
    const r = buildRunReport(run.result, run.records);
    t.deepEqual(r.tasks.map(contract), run.result.tasks.map(contract), f);
    const total = r.pages.find((p) => p.session === '*') ?? r.pages[0];
    t.is(total?.tasks ?? 0, run.result.tasks.length, f);
    t.is(r.enqueueCalls.total, run.result.enqueueCalls.length, f);
    t.is(r.warningCount, run.result.warnings.length, f);
  }
});

test('run report slots never exceed the concurrency and queue series match waiting tasks', (t) => {
  const run = runScenario(load('business-manager-role-center.json'));
  const r = buildRunReport(run.result, run.records);
  const s = r.sessions[0]!;
  t.true(s.slotsUsed <= s.concurrency);
  t.is(s.peakRunning, s.concurrency);
  t.is(s.peakWaiting, 2);
  for (const a of r.tasks) for (const b of r.tasks) {
    if (a === b || a.slot === null || a.slot !== b.slot || a.session !== b.session) continue;
    t.true((a.endedAtMs ?? Infinity) <= (b.startedAtMs ?? 0) || (b.endedAtMs ?? Infinity) <= (a.startedAtMs ?? 0));
  }
});

test('run report: the window is bounded and says so; figures still cover every task', (t) => {
  const run = runScenario(load('customer-card-browse.json'));
  const whole = buildRunReport(run.result, run.records);
  const r = buildRunReport(run.result, run.records, { windowTasks: 10 });
  t.is(r.tasks.length, 10);
  t.deepEqual(r.tasks.map((x) => x.taskId), whole.tasks.slice(0, 10).map((x) => x.taskId));
  t.true(r.window.truncated);
  t.is(r.window.totalTasks, 48);
  t.regex(r.window.note, /the first 10 of 48 tasks \(up to \d+ ms of virtual time\)/);
  t.deepEqual(r.pages, whole.pages);
  const ids = new Set(r.tasks.map((x) => x.taskId));
  for (const m of r.markers) if (m.taskId !== null) t.true(ids.has(m.taskId), `marker of task ${m.taskId} outside the window`);
  t.true(r.markers.every((m) => m.atMs <= r.window.endMs || (m.taskId !== null && ids.has(m.taskId))));
  const html = renderRunReportHtml(r);
  t.regex(html, /id="window-note">The task list, the timeline and the queue series show the first 10 of 48 tasks/);
  t.regex(renderRunReportMarkdown(r), /^> The task list, the timeline and the queue series show the first 10 of 48 tasks/m);
  const capped = buildRunReport(run.result, run.records, { windowMarkers: 20 });
  t.is(capped.markers.length, 20);
  t.true(capped.window.truncated);
});

test('run report fold: step() then finish() equals the batch wrapper', (t) => {
  const sc = load('enqueue-200-overflow.json');
  const run = runScenario(sc);
  const fold = createRunReportFold();
  for (const rec of run.records) fold.step(rec);
  const streamed = fold.finish({ scenario: run.result.scenario, seed: run.result.seed, endTimeMs: run.result.endTimeMs, eventCount: run.result.eventCount, digest: run.result.digest, violations: [] });
  t.deepEqual(streamed, buildRunReport(run.result, run.records));
});

test('run report fold: a long run keeps only live tasks, a bounded window and one sample value per task', (t) => {
  // 100,000 tasks one after another: enqueue, start, end, deliver, trigger done.
  const fold = createRunReportFold({ windowTasks: 50, windowMarkers: 400 });
  let seq = 0;
  let peakAlive = 0;
  const rec = (timeMs: number, type: string, f: Record<string, string | number | boolean | null>) => fold.step({ seq: seq++, timeMs, type, session: 's', page: 'p', ...f });
  for (let i = 1; i <= 100_000; i++) {
    const at = i * 10;
    rec(at, 'pbt.enqueue', { ok: true, taskId: i, codeunit: 1, record: null, requestedTimeoutMs: null, effectiveTimeoutMs: 1000, errorLevel: 'Error', trigger: 'OnAfterGetCurrRecord', runtimeError: null, concurrency: 5 });
    rec(at, 'pbt.start', { taskId: i });
    rec(at + 5, 'pbt.end', { taskId: i, outcome: 'completed', cancelReason: null, errorCode: null, errorText: null });
    rec(at + 6, 'pbt.deliver', { taskId: i, trigger: 'OnPageBackgroundTaskCompleted' });
    rec(at + 6, 'pbt.triggerDone', { taskId: i, trigger: 'OnPageBackgroundTaskCompleted' });
    peakAlive = Math.max(peakAlive, fold.alive());
  }
  const r = fold.finish({ scenario: 'long', seed: 1, endTimeMs: 1_000_010, eventCount: 0, digest: 'x', violations: [] });
  t.true(peakAlive <= 2, `peak ${peakAlive} live tasks`);
  t.is(fold.alive(), 0);
  t.is(r.tasks.length, 50);
  t.true(r.markers.length <= 400);
  t.true(r.sessions[0]!.running.length <= 2 * 50 + 2, `${r.sessions[0]!.running.length} running-series points`);
  t.is(r.pages[0]!.tasks, 100_000);
  t.is(r.pages[0]!.timeToResult.count, 100_000);
  t.is(r.pages[0]!.timeToResult.p99, 6);
  t.is(r.sessions[0]!.busyMs, 500_000);
  t.true(r.window.truncated);
});

test('run report: the failed 106th enqueue appears with its error text in html (not only a tooltip), md and json', (t) => {
  const run = runScenario(load('enqueue-200-overflow.json'));
  const r = buildRunReport(run.result, run.records);
  const error = run.result.enqueueCalls.find((c) => !c.ok)!.runtimeError!;
  t.is(r.failedEnqueues.length, 1);
  t.is(r.failedEnqueues[0]!.runtimeError, error);
  t.is(r.failedEnqueues[0]!.trigger, 'Action');
  const html = renderRunReportHtml(r);
  const visible = html.replace(/<title>[^<]*<\/title>/g, '');
  t.true(visible.includes(error), 'error text outside tooltips');
  t.regex(visible, /<table class="wide" id="failed-enqueues">/);
  t.notRegex(html, /No warnings\./);
  const md = renderRunReportMarkdown(r);
  t.true(md.includes(error));
  t.regex(md, /### Failed EnqueueBackgroundTask calls \(1\)/);
  t.notRegex(md, /No warnings\./);
  t.is((JSON.parse(JSON.stringify(r)) as typeof r).failedEnqueues[0]?.runtimeError, error);
});

test('run report: warnings de-duplicated with advice in html and md, every warning listed', (t) => {
  const run = runScenario(load('business-manager-role-center.json'));
  const r = buildRunReport(run.result, run.records);
  t.is(r.warningCount, 5);
  t.is(r.warningDigest.length, 1);
  t.is(r.warningDigest[0]!.count, 5);
  t.deepEqual(r.warningDigest[0]!.clauses.map((c) => c.id), ['PBT-ENQ-07', 'A33']);
  const html = renderRunReportHtml(r);
  t.is((html.match(/<tr><td class="num">\d+<\/td><td>enqueueFromOnOpenPage/g) ?? []).length, 5, 'every warning in the fold-out list');
  t.regex(html, /Enqueue from OnAfterGetCurrRecord instead/);
  const md = renderRunReportMarkdown(r);
  t.regex(md, /\| enqueueFromOnOpenPage \| 5 \| 0 \|/);
  t.is(md.match(/task \d enqueued from OnOpenPage/g)?.length, 5 + 1);
});

test('run report: a violation passed in appears in every format', (t) => {
  const run = runScenario(load('customer-card.json'));
  const violation = { invariant: 'fifoStart', clauses: ['PBT-CONC-03'], message: 'task 2 started before task 1', atMs: 12, session: 'user', taskId: 2 };
  const r = buildRunReport({ ...run.result, violations: [violation] }, run.records);
  t.regex(renderRunReportHtml(r), /<table class="wide" id="violations">.*task 2 started before task 1/s);
  t.regex(renderRunReportMarkdown(r), /\| fifoStart \| PBT-CONC-03 \| 12 \| user \| 2 \| task 2 started before task 1 \|/);
  t.deepEqual(r.violations, [violation]);
});

test('run report: the no-code trigger and the failed task error text reach the task stories', (t) => {
  const browse = buildRunReport(...((run) => [run.result, run.records] as const)(runScenario(load('customer-card-browse.json'))));
  const factbox = browse.tasks.find((x) => x.page === 'customerStatisticsFactBox' && x.delivery === 'delivered')!;
  t.false(factbox.triggerHadCode);
  t.regex(factbox.story, /the platform invoked OnPageBackgroundTaskCompleted at \d+ ms \(the page has no code in it\)/);
  t.true(browse.tasks.find((x) => x.page === 'customerCard' && x.delivery === 'delivered')!.triggerHadCode);
  const ws = runScenario(load('headless-web-service.json'));
  const failed = buildRunReport(ws.result, ws.records).tasks.find((x) => x.outcome === 'failed')!;
  t.truthy(failed.errorText);
  t.true(failed.story.includes(failed.errorText!));
});

test('run report renders self-contained HTML and markdown from the same data', (t) => {
  const run = runScenario(load('customer-card-browse.json'));
  const r = buildRunReport(run.result, run.records);
  const html = renderRunReportHtml(r);
  t.regex(html, /<svg id="timeline"/);
  for (const id of ['pages', 'tasks', 'timing', 'queue', 'utilisation', 'waste']) t.true(html.includes(`id="${id}"`), id);
  // Self-contained: one inline script (the timeline zoom), no file or network reference.
  t.is((html.match(/<script/g) ?? []).length, 1);
  t.notRegex(html, /<script[^>]*src=|<link|url\((?!#)|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  t.regex(html, /script-src 'unsafe-inline'/);
  t.is((html.match(/class="task-bar"/g) ?? []).length, r.tasks.filter((x) => x.startedAtMs !== null).length);
  for (const kind of ['enqueue', 'cancel', 'delivery', 'recordChange']) t.regex(html, new RegExp(`class="marker marker-${kind}"`), kind);
  t.regex(html, /class="legend marker-legend"><span data-kind="enqueue">/);
  const md = renderRunReportMarkdown(r);
  t.regex(md, /## Wasted child-session time/);
  t.regex(md, /^\| salesperson\/customerCard \| 12 \| 4 \| 0 \| 0 \| 8 \(8 recordChanged\) \|/m);
  t.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('timeline axis is fitted to the tasks, not to a page left open', (t) => {
  const run = runScenario(load('customer-card-browse.json'));
  const r = buildRunReport(run.result, run.records);
  const d = fittedDomain(r);
  const last = Math.max(...run.result.tasks.map((x) => Math.max(x.deliveredAtMs ?? 0, x.endedAtMs ?? 0)));
  t.true(d.to >= last && d.to < last * 1.1, `axis ends at ${d.to} ms, the last task activity is at ${last} ms`);
  t.is(d.fullTo, 20_000);
});

test('histograms: the axis ends at or above the tallest bar; exact zeros are a neutral bin of their own', (t) => {
  t.deepEqual(ticks(12, 4), [0, 5, 10, 15]);
  t.deepEqual(ticks(10, 4), [0, 5, 10]);
  t.is(ticks(0.3, 4).at(-1)! >= 0.3, true);
  t.deepEqual(histogram([0, 0, 0]), [{ from: 0, to: 0, count: 3 }]);
  t.deepEqual(histogram([0, 0, 5, 7]).slice(0, 1), [{ from: 0, to: 0, count: 2 }]);
  t.is(histogram([0, 0, 5, 7]).reduce((n, b) => n + b.count, 0), 4);
  const svg = histogramSvg(histogram([0, 0, 0]), { title: 'Rejection rate per seed', xLabel: '%', color: '#c62828', fmt: (v) => `${v} %` });
  t.regex(svg, new RegExp(`class="bar bar-exact" data-count="3"[^>]*fill="${ZERO_BIN_COLOR}"`));
  t.notRegex(svg, /#c62828/);
  t.regex(svg, /every value is 0 % \(3\)/);
  const twelve = histogramSvg([{ from: 0, to: 10, count: 12 }, { from: 10, to: 20, count: 3 }], { title: 't', xLabel: 'x' });
  t.is(Number(/data-y-max="(\d+)"/.exec(twelve)![1]), 15);
});
