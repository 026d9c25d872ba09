import test from 'ava';
import { readFileSync } from 'node:fs';
import { loadScenario, runScenario } from '../../models/pbt/index.js';
import { buildRunReport, renderRunReportHtml, renderRunReportMarkdown } from '../../reports/index.js';

const load = (name: string) => loadScenario(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);

test('run report tells the docs example: one task cancelled running, one completed', (t) => {
  // Arrange
  const run = runScenario(load('customer-card.json'));
  // Act
  const r = buildRunReport(run.result, run.records);
  // Assert
  t.is(r.tasks.length, 2);
  t.deepEqual(r.tasks.map((x) => [x.taskId, x.slot, x.waitMs, x.runMs, x.outcome]), [[1, 1, 0, 400, 'cancelled'], [2, 1, 0, 1000, 'completed']]);
  t.is(r.tasks[1]?.timeToResultMs, 1000);
  t.deepEqual(r.waste.map((w) => [w.cancelledRunning, w.runMsWasted, w.cancelledWaiting]), [[1, 400, 0]]);
  t.is(r.sessions[0]?.peakRunning, 1);
  t.is(r.sessions[0]?.busyMs, 1400);
  t.true(r.markers.some((m) => m.kind === 'recordChange' && m.atMs === 400));
  t.true(r.markers.some((m) => m.kind === 'delivery' && m.atMs === 1400));
  t.regex(r.tasks[0]?.story ?? '', /cancelled \(recordChanged\) at 400 ms/);
});

test('run report slots never exceed the concurrency and queue series match waiting tasks', (t) => {
  const run = runScenario(load('business-manager-role-center.json'));
  const r = buildRunReport(run.result, run.records);
  const s = r.sessions[0]!;
  t.true(s.slotsUsed <= s.concurrency);
  t.is(s.peakRunning, s.concurrency);
  t.true(s.peakWaiting >= 1);
  // Two tasks in one slot never overlap.
  for (const a of r.tasks) for (const b of r.tasks) {
    if (a === b || a.slot === null || a.slot !== b.slot || a.session !== b.session) continue;
    t.true((a.endedAtMs ?? Infinity) <= (b.startedAtMs ?? 0) || (b.endedAtMs ?? Infinity) <= (a.startedAtMs ?? 0));
  }
});

test('run report renders self-contained HTML and markdown from the same data', (t) => {
  const run = runScenario(load('customer-card-browse.json'));
  const r = buildRunReport(run.result, run.records);
  const html = renderRunReportHtml(r);
  t.regex(html, /<svg id="timeline"/);
  for (const id of ['tasks', 'timing', 'queue', 'utilisation', 'waste']) t.true(html.includes(`id="${id}"`), id);
  t.notRegex(html, /<script|<link|src=|url\(/i);
  t.is((html.match(/class="task-bar"/g) ?? []).length, r.tasks.filter((x) => x.startedAtMs !== null).length);
  const md = renderRunReportMarkdown(r);
  t.regex(md, /## Tasks wasted by cancellation/);
  t.is(md.split('\n').filter((l) => /^\| user|^\| \w+ \| \w+ \| \d+ \|/.test(l)).length > 0, true);
  t.deepEqual(JSON.parse(JSON.stringify(r)), r);
});
