/// <reference lib="dom" />
/**
 * The HTML reports as a user sees them: rendered in headless Chromium (Debian's, driven by
 * playwright-core) at 1,280 and 1,920 px, with no request leaving the page. Checked: no console
 * error, no horizontal overflow of the page, every bar label inside its bar and every SVG text
 * inside its SVG, the failures listed in the page's text, the timeline fitted to the activity
 * and its zoom working, histogram bars under their top tick and a zero rate drawn neutral.
 * Screenshots go to a temp folder (and to $PBTSIM_SHOTS when set). Skips, saying why, where
 * Chromium is missing (`.ci/setup-browser` installs it).
 */
import test, { type ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { collectConformance, packageRoot, renderConformance } from '../../cli/commands/report.js';
import { loadScenario, runScenario } from '../../models/pbt/index.js';
import { sweep } from '../../cli/commands/sweep.js';
import { buildRunReport, parseSeedRange, renderRunReportHtml, renderSweepHtml, type RunReport } from '../../reports/index.js';

function findChromium(): string | null {
  if (process.env['CHROMIUM_PATH'] && existsSync(process.env['CHROMIUM_PATH'])) return process.env['CHROMIUM_PATH'];
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const p = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    return p !== '' ? p : null;
  } catch {
    return null;
  }
}

const executablePath = findChromium();
const root = packageRoot();
const pages = mkdtempSync(join(tmpdir(), 'pbtsim-pages-'));
const shots = join(pages, 'shots');
const keep = process.env['PBTSIM_SHOTS'];
let browser: Browser | null = null;
const WIDTHS = [1280, 1920] as const;

test.before(async () => {
  if (executablePath === null) return;
  mkdirSync(shots, { recursive: true });
  if (keep !== undefined) mkdirSync(keep, { recursive: true });
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

test.after.always(async () => {
  await browser?.close();
  rmSync(pages, { recursive: true, force: true });
});

/** Opens an HTML report from a file:// URL at a width; returns the page, console errors and outside requests. */
async function open(name: string, html: string, width: number) {
  const file = join(pages, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser!.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests };
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (keep !== undefined) copyFileSync(path, join(keep, `${name}.png`));
}

/** Layout checks every page must pass. */
async function layoutChecks(t: ExecutionContext, page: Page): Promise<void> {
  const overflow = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
  t.true(overflow.scroll <= overflow.inner, `page is ${overflow.scroll} px wide in a ${overflow.inner} px window`);
  // Tables with a text column (story, message, advice) wrap to the page: no sideways scrolling to read them.
  const wideTables = await page.evaluate(() => Array.from(document.querySelectorAll('table.wide')).map((tb) => ({ id: tb.id, table: Math.max(tb.getBoundingClientRect().width, tb.parentElement!.scrollWidth), box: tb.parentElement!.clientWidth })));
  for (const w of wideTables) t.true(w.table <= w.box + 1, `table#${w.id} is ${w.table} px wide in a ${w.box} px box`);
  const badLabels = await page.evaluate(() => {
    const out: string[] = [];
    for (const text of Array.from(document.querySelectorAll<SVGTextElement>('svg text.bar-label'))) {
      if (text.getAttribute('display') === 'none') continue;
      const bar = text.parentElement!.querySelector('rect.bar')!.getBoundingClientRect();
      const b = text.getBoundingClientRect();
      if (b.left < bar.left - 0.5 || b.right > bar.right + 0.5 || b.top < bar.top - 0.5 || b.bottom > bar.bottom + 0.5) out.push(`${text.textContent} [${b.left.toFixed(1)}, ${b.right.toFixed(1)}] in bar [${bar.left.toFixed(1)}, ${bar.right.toFixed(1)}]`);
    }
    for (const svg of Array.from(document.querySelectorAll('svg'))) {
      const box = svg.getBoundingClientRect();
      for (const text of Array.from(svg.querySelectorAll('text'))) {
        if (text.closest('[display="none"]')) continue;
        const b = text.getBoundingClientRect();
        if (b.width === 0) continue;
        if (b.left < box.left - 0.5 || b.right > box.right + 0.5) out.push(`"${text.textContent}" leaves its svg (${svg.id || svg.getAttribute('class')})`);
      }
    }
    const laneRight = (() => {
      const tl = document.querySelector<SVGSVGElement>('svg#timeline');
      if (!tl) return null;
      const scale = tl.getBoundingClientRect().width / tl.viewBox.baseVal.width;
      return tl.getBoundingClientRect().left + Number(tl.dataset['labelW']) * scale;
    })();
    if (laneRight !== null) {
      for (const l of Array.from(document.querySelectorAll('svg#timeline text.lane-label'))) {
        if (l.getBoundingClientRect().right > laneRight + 0.5) out.push(`lane label "${l.textContent}" runs into the plot`);
      }
    }
    return out;
  });
  t.deepEqual(badLabels, []);
}

function runReportOf(name: string): RunReport {
  const sc = loadScenario(readFileSync(join(root, 'examples', `${name}.json`), 'utf8'), `${name}.json`);
  const run = runScenario(sc);
  return buildRunReport(run.result, run.records);
}

const skipWhy = 'Chromium not found (/usr/bin/chromium or `which chromium`); run .ci/setup-browser to install Debian\'s chromium';
const maybe = executablePath === null ? test.skip : test.serial;
if (executablePath === null) console.log(`browser tests skipped: ${skipWhy}`);

for (const name of ['customer-card-browse', 'business-manager-role-center', 'enqueue-200-overflow']) {
  for (const width of WIDTHS) {
    maybe(`browser: run report of ${name} at ${width} px fits, labels stay in their bars, failures are listed`, async (t) => {
      const report = runReportOf(name);
      const { page, errors, requests } = await open(`run-${name}-${width}`, renderRunReportHtml(report), width);
      const timeline = page.locator('svg#timeline');
      t.true(await timeline.isVisible());
      t.is(await page.locator('svg#timeline g.task-bar').count(), report.tasks.filter((x) => x.startedAtMs !== null).length);
      t.true(await page.locator('.marker-legend span').count() >= 2);
      for (const id of ['pages', 'timing', 'queue', 'utilisation', 'waste', 'tasks']) t.true(await page.locator(`table#${id}`).count() === 1, id);
      await layoutChecks(t, page);
      // The axis is fitted to the activity: the last activity lies in the right half of the plot.
      const from = Number(await timeline.getAttribute('data-from'));
      const to = Number(await timeline.getAttribute('data-to'));
      t.true(report.window.lastActivityMs >= from + (to - from) / 2, `activity ends at ${report.window.lastActivityMs} ms on a ${from}–${to} ms axis`);
      const text = await page.locator('main').innerText();
      for (const f of report.failedEnqueues) t.true(text.includes(f.runtimeError ?? 'returned false'), 'failed enqueue text on the page');
      if (report.enqueueCalls.rejected > 0) {
        t.is(await page.locator('table#failed-enqueues tbody tr').count(), report.enqueueCalls.rejected);
        t.false(/No warnings\./.test(text), '"No warnings." is not said when calls failed');
      }
      for (const w of report.warningDigest) t.true(text.includes(w.advice), `advice for ${w.code}`);
      await shoot(page, `run-${name}-${width}`);
      // Zoom in twice, then back to the whole run: labels still fit, the range text follows.
      const before = await page.locator('#tl-range').innerText();
      await page.click('#tl-tools button[data-act="in"]');
      await page.click('#tl-tools button[data-act="in"]');
      t.not(await page.locator('#tl-range').innerText(), before);
      await layoutChecks(t, page);
      if (name === 'customer-card-browse' && width === 1280) await shoot(page, `run-${name}-${width}-zoomed`);
      await page.click('#tl-tools button[data-act="all"]');
      t.regex(await page.locator('#tl-range').innerText(), new RegExp(`^showing 0–(\\d+) ms of 0–\\1 ms$`));
      t.true(Number(await timeline.getAttribute('data-full-to')) >= report.window.endMs);
      await layoutChecks(t, page);
      t.deepEqual(errors, []);
      t.deepEqual(requests, []);
      await page.close();
    });
  }
}

maybe('browser: dragging across the timeline zooms to the dragged range', async (t) => {
  const { page, errors } = await open('run-drag', renderRunReportHtml(runReportOf('customer-card-browse')), 1280);
  await page.locator('svg#timeline').scrollIntoViewIfNeeded();
  const box = (await page.locator('svg#timeline').boundingBox())!;
  const y = box.y + 60;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();
  const [a, b] = (await page.locator('#tl-range').innerText()).match(/\d+/g)!.map(Number);
  const from = Number(await page.locator('svg#timeline').getAttribute('data-from'));
  const to = Number(await page.locator('svg#timeline').getAttribute('data-to'));
  t.true(a! > from && b! < to && b! > a!, `zoomed to ${a}–${b} from ${from}–${to}`);
  await layoutChecks(t, page);
  t.deepEqual(errors, []);
  await page.close();
});

maybe('browser: a run without tasks renders, zooms and says nothing went wrong', async (t) => {
  const sc = loadScenario(JSON.stringify({ version: 1, name: 'no tasks', seed: 1, codeunits: {}, sessions: [{ id: 'u', pages: { p: { kind: 'card' } }, script: [{ atMs: 0, open: 'p', record: null }, { atMs: 100, close: 'p' }] }] }), 'empty.json');
  const run = runScenario(sc);
  const { page, errors } = await open('run-empty', renderRunReportHtml(buildRunReport(run.result, run.records)), 1280);
  t.is(await page.locator('svg#timeline g.task-bar').count(), 0);
  t.regex(await page.locator('#no-problems').innerText(), /No failed enqueue calls, no warnings and no invariant violations/);
  await page.click('#tl-tools button[data-act="in"]');
  await layoutChecks(t, page);
  t.deepEqual(errors, []);
  await page.close();
});

for (const width of WIDTHS) {
  maybe(`browser: sweep report at ${width} px: histograms under their title and top tick, page fits`, async (t) => {
    const report = sweep('examples/customer-card-browse.json', parseSeedRange('1..20'), '1..20', { set: ['server.childSessionsMaxConcurrency=1,5'] });
    const { page, errors, requests } = await open(`sweep-${width}`, renderSweepHtml(report), width);
    t.true(await page.locator('svg.histogram rect.bar').count() > 0);
    t.is(await page.locator('table.pages tbody tr').count(), report.settings.reduce((k, s) => k + s.pages.length, 0));
    await layoutChecks(t, page);
    const charts = await page.evaluate(() => Array.from(document.querySelectorAll('svg.histogram')).map((svg) => {
      const title = svg.querySelector('text.chart-title')!.getBoundingClientRect();
      const bars = Array.from(svg.querySelectorAll('rect.bar'));
      return {
        yMax: Number(svg.getAttribute('data-y-max')),
        maxCount: Math.max(...bars.map((r) => Number(r.getAttribute('data-count')))),
        bars: bars.map((r) => ({ top: r.getBoundingClientRect().top, titleBottom: title.bottom, label: r.querySelector('title')!.textContent })),
      };
    }));
    t.true(charts.length >= 2);
    for (const c of charts) {
      t.true(c.yMax >= c.maxCount, `axis ends at ${c.yMax} below a bar of ${c.maxCount}`);
      for (const b of c.bars) t.true(b.top >= b.titleBottom, `bar "${b.label}" reaches into the title`);
    }
    await shoot(page, `sweep-${width}`);
    t.deepEqual(errors, []);
    t.deepEqual(requests, []);
    await page.close();
  });
}

maybe('browser renders the conformance report with one row per clause', async (t) => {
  const report = collectConformance({ runs: 3, seed: 1, examplesDir: join(root, 'examples'), testsDir: join(root, 'test'), root });
  const { page, errors, requests } = await open('conformance', renderConformance(report, 'html'), 1280);
  t.is(await page.locator('table#clauses tbody tr').count(), report.clauses.length);
  t.is(await page.locator('.card[data-status]').count(), 5);
  t.is(await page.locator('table#policies tbody tr').count(), report.policies.length);
  t.true(await page.locator('table#determinism').isVisible());
  t.true(await page.locator('table#lifecycle').isVisible());
  await shoot(page, 'conformance-1280');
  t.deepEqual(errors, []);
  t.deepEqual(requests, []);
  await page.close();
});
