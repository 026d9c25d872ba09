/**
 * The HTML reports as a user sees them: rendered in headless Chromium (Debian's, driven by
 * playwright-core), checked for the timeline, the tables and console errors, with no request
 * leaving the page, and saved as screenshots in test/reports/screenshots/. Skips, saying why,
 * where Chromium is missing (`.ci/setup-browser` installs it).
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { collectConformance, packageRoot, renderConformance } from '../../cli/commands/report.js';
import { sweep } from '../../cli/commands/sweep.js';
import { loadScenario, runScenario } from '../../models/pbt/index.js';
import { buildRunReport, parseSeedRange, renderRunReportHtml, renderSweepHtml } from '../../reports/index.js';

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
const shots = join(root, 'test', 'reports', 'screenshots');
const pages = mkdtempSync(join(tmpdir(), 'pbtsim-pages-'));
let browser: Browser | null = null;

test.before(async () => {
  if (executablePath === null) return;
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright-core gives every launch a fresh, empty profile of its own (it refuses --user-data-dir here).
  });
});

test.after.always(async () => {
  await browser?.close();
  rmSync(pages, { recursive: true, force: true });
});

/** Opens an HTML report from a file:// URL; returns the page, console errors and outside requests. */
async function open(name: string, html: string) {
  const file = join(pages, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
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

const skipWhy = 'Chromium not found (/usr/bin/chromium or `which chromium`); run .ci/setup-browser to install Debian\'s chromium';
const maybe = executablePath === null ? test.skip : test.serial;
if (executablePath === null) console.log(`browser tests skipped: ${skipWhy}`);

maybe('browser renders the run report timeline, bars, markers and tables', async (t) => {
  const sc = loadScenario(readFileSync(join(root, 'examples', 'business-manager-role-center.json'), 'utf8'), 'business-manager-role-center.json');
  const run = runScenario(sc);
  const report = buildRunReport(run.result, run.records);
  const { page, errors, requests } = await open('run', renderRunReportHtml(report));
  const timeline = page.locator('svg#timeline');
  t.true(await timeline.isVisible());
  const box = await timeline.boundingBox();
  t.true((box?.width ?? 0) > 800 && (box?.height ?? 0) > 100);
  t.is(await page.locator('svg#timeline g.task-bar').count(), report.tasks.filter((x) => x.startedAtMs !== null).length);
  t.is(await page.locator('svg#timeline .lane-slot').count(), report.sessions.reduce((n, s) => n + Math.max(1, s.slotsUsed), 0));
  t.true(await page.locator('svg#timeline .marker-enqueue').count() > 0);
  t.true(await page.locator('svg#timeline .marker-delivery, svg#timeline .marker-deliveryError').count() > 0);
  t.is(await page.locator('table#tasks tbody tr').count(), report.tasks.length);
  for (const id of ['timing', 'queue', 'utilisation', 'waste']) t.true(await page.locator(`table#${id}`).isVisible(), id);
  t.true(await page.locator('svg.stepchart').count() >= 1);
  await page.screenshot({ path: join(shots, 'run-report.png'), fullPage: true });
  t.deepEqual(errors, []);
  t.deepEqual(requests, []);
  await page.close();
});

maybe('browser renders the sweep report with histograms', async (t) => {
  const report = sweep(join(root, 'examples', 'customer-card-browse.json'), parseSeedRange('1..20'), '1..20');
  const { page, errors, requests } = await open('sweep', renderSweepHtml(report));
  t.true(await page.locator('svg.histogram').first().isVisible());
  t.true(await page.locator('svg.histogram rect.bar').count() > 0);
  t.is(await page.locator('table#pages tbody tr').count(), report.pages.length);
  await page.screenshot({ path: join(shots, 'sweep.png'), fullPage: true });
  t.deepEqual(errors, []);
  t.deepEqual(requests, []);
  await page.close();
});

maybe('browser renders the conformance report with one row per clause', async (t) => {
  const report = collectConformance({ runs: 3, seed: 1, examplesDir: join(root, 'examples'), testsDir: join(root, 'test'), root });
  const { page, errors, requests } = await open('conformance', renderConformance(report, 'html'));
  t.is(await page.locator('table#clauses tbody tr').count(), report.clauses.length);
  t.is(await page.locator('.card[data-status]').count(), 5);
  t.is(await page.locator('table#policies tbody tr').count(), report.policies.length);
  t.true(await page.locator('table#determinism').isVisible());
  t.true(await page.locator('table#lifecycle').isVisible());
  await page.screenshot({ path: join(shots, 'conformance.png') });
  t.deepEqual(errors, []);
  t.deepEqual(requests, []);
  await page.close();
});
