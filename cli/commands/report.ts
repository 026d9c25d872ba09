/**
 * `pbtsim report`: the spec-conformance report. Runs every example scenario (each once with its
 * own seed, and twice more for the determinism check) and N generated scenarios (properties/
 * `scenarioArbitrary`) through every invariant of properties/ INVARIANTS, scans the test titles
 * for clause IDs, and renders the catalog with status and evidence per clause
 * (md | html | json | junit). Exit 1 when an invariant was violated or a run was not
 * deterministic.
 * @module
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import fc from 'fast-check';
import { FIXED_CHOICES, POLICY_TABLE, runScenario, type CompiledScenario, type ScenarioFile } from '../../models/pbt/index.js';
import { INVARIANTS, checkTrace, withRunContext } from '../../properties/index.js';
import { scenarioArbitrary, seedArbitrary } from '../../properties/arbitraries/scenario.js';
import { checkScenario } from '../../properties/harness.js';
import {
  addLifecycle, buildConformance, citedTests, emptyLifecycle, exercisedClauses, renderConformanceHtml, renderConformanceJunit,
  renderConformanceMarkdown, vendoredCatalog, type CitedTest, type ConformanceReport, type DeterminismCheck, type LifecycleCounts,
  type RunObservation, type RunViolation,
} from '../../reports/index.js';
import { CliError } from '../errors.js';
import { parsePositiveInt, parseSeed, readScenario, writeFileAtomic } from '../io.js';
import type { Register } from './index.js';

/** Generated runs when `--runs` is not given. */
export const DEFAULT_REPORT_RUNS = 200;

/** Output formats of `pbtsim report`. */
export type ReportFormat = 'md' | 'html' | 'json' | 'junit';

/** Options of `pbtsim report` as commander passes them. */
export interface ReportCommandOptions {
  format?: string;
  /** `--json`: the same as `--format json` (brief interface 7). */
  json?: boolean;
  out?: string;
  runs?: string;
  seed?: string;
  examples?: string;
  tests?: string;
  failuresDir?: string;
}

/** The nearest folder above this file that holds a package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** pbtsim's version from package.json. */
export function pbtsimVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The format asked for: `--json`, else `--format`, else the `--out` extension, else markdown.
 * @throws CliError for an unknown format, or `--json` with another `--format`
 */
export function reportFormat(format: string | undefined, out: string | undefined, json = false): ReportFormat {
  if (json) {
    if (format !== undefined && format !== 'json') throw new CliError(`--json and --format ${format} ask for different formats; give one of them`);
    return 'json';
  }
  if (format !== undefined) {
    if (format === 'md' || format === 'html' || format === 'json' || format === 'junit') return format;
    throw new CliError(`--format: expected md, html, json or junit, got ${format}`);
  }
  const ext = out === undefined ? undefined : /\.([A-Za-z]+)$/.exec(out)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'json') return 'json';
  if (ext === 'xml') return 'junit';
  return 'md';
}

function walk(dir: string, pred: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, pred));
    else if (pred(p)) out.push(p);
  }
  return out;
}

/** Every `*.test.ts` under `dir` scanned for titles that cite clause IDs. */
export function scanTests(dir: string, root: string): CitedTest[] {
  return walk(dir, (f) => f.endsWith('.test.ts')).flatMap((f) => citedTests(readFileSync(f, 'utf8'), relative(root, f)));
}

interface Observed {
  readonly observation: RunObservation;
}

function observe(kind: 'example' | 'generated', sc: CompiledScenario, seed: number | string, file: string | null, source: unknown, lifecycle: LifecycleCounts, replay: string): Observed & { digest: string } {
  const run = runScenario(sc, { seed, autoFreeze: false });
  const violations: RunViolation[] = checkTrace(withRunContext(sc, run)).map((v) => ({ invariant: v.invariant, clauses: [...v.clauses], message: v.message, atMs: v.atMs }));
  if (!run.run.ok && run.run.error.code !== 'event-budget-exceeded') {
    violations.push({ invariant: 'modelFailure', clauses: [], message: run.run.error.message, atMs: null });
  }
  addLifecycle(lifecycle, run.result, run.records);
  const exercised = Object.fromEntries(exercisedClauses({ result: run.result, records: run.records, mode: sc.mode }));
  return {
    digest: run.result.digest,
    observation: {
      kind, scenario: sc.name, file, seed, digest: run.result.digest, eventCount: run.result.eventCount, exercised, violations, replay,
      source: violations.length > 0 ? source : null,
    },
  };
}

/** Everything `pbtsim report` computes before rendering (exported for tests). */
export function collectConformance(opts: { runs: number; seed: number | string; examplesDir: string; testsDir: string | null; root: string; failuresDir?: string }): ConformanceReport {
  const started = performance.now();
  const catalog = vendoredCatalog();
  const lifecycle = emptyLifecycle();
  const runs: RunObservation[] = [];
  const determinism: DeterminismCheck[] = [];
  const files = existsSync(opts.examplesDir) ? readdirSync(opts.examplesDir).filter((f) => f.endsWith('.json')).sort().map((f) => join(opts.examplesDir, f)) : [];
  for (const abs of files) {
    const file = relative(process.cwd(), abs) || abs;
    const sc = readScenario(abs);
    const seed = sc.seed ?? 0;
    const first = observe('example', sc, seed, file, sc.source, lifecycle, `pbtsim run ${file} --seed ${String(seed)}`);
    runs.push(first.observation);
    const again = runScenario(sc, { seed, autoFreeze: false }).result.digest;
    determinism.push({ scenario: sc.name, file, seed, digests: [first.digest, again], same: first.digest === again });
  }
  // Generated runs: properties/ scenarioArbitrary, sampled from --seed; each with its own engine seed.
  const seedNum = typeof opts.seed === 'number' ? opts.seed : [...String(opts.seed)].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7);
  const samples = opts.runs > 0 ? fc.sample(fc.tuple(scenarioArbitrary(), seedArbitrary), { seed: seedNum, numRuns: opts.runs }) : [];
  samples.forEach(([scenario, engineSeed], i) => {
    const r = checkScenario(scenario, { seed: engineSeed });
    const saved = opts.failuresDir !== undefined ? join(opts.failuresDir, `generated-${seedNum}-${i}.json`) : 'generated.json';
    const replay = `pbtsim run ${saved} --seed ${engineSeed}`;
    const violations: RunViolation[] = r.violations.map((v) => ({ invariant: v.invariant, clauses: [...v.clauses], message: v.message, atMs: v.atMs }));
    if (r.failure !== null) violations.push({ invariant: 'modelFailure', clauses: [], message: r.failure, atMs: null });
    if (violations.length > 0 && opts.failuresDir !== undefined) writeFileAtomic(saved, JSON.stringify(scenario, null, 2) + '\n');
    addLifecycle(lifecycle, r.run.result, r.run.records);
    runs.push({
      kind: 'generated', scenario: `generated #${i} (sample seed ${seedNum})`, file: opts.failuresDir !== undefined && violations.length > 0 ? saved : null,
      seed: engineSeed, digest: r.run.result.digest, eventCount: r.run.result.eventCount,
      exercised: Object.fromEntries(exercisedClauses({ result: r.run.result, records: r.run.records, mode: r.compiled.mode })),
      violations, replay, source: violations.length > 0 ? scenario : null,
    });
    if (i === 0) {
      const again = checkScenario(scenario, { seed: engineSeed }).run.result.digest;
      determinism.push({ scenario: `generated #0 (sample seed ${seedNum})`, file: null, seed: engineSeed, digests: [r.run.result.digest, again], same: again === r.run.result.digest });
    }
  });
  const tests = opts.testsDir !== null && existsSync(opts.testsDir) ? scanTests(opts.testsDir, opts.root) : [];
  return buildConformance({
    catalog,
    invariants: INVARIANTS.map((i) => ({ name: i.name, clauses: [...i.clauses], description: i.description })),
    tests,
    policies: POLICY_TABLE,
    fixedChoices: FIXED_CHOICES,
    runs,
    determinism,
    lifecycle,
    meta: {
      pbtsimVersion: pbtsimVersion(),
      nodeVersion: process.version,
      seed: opts.seed,
      runsRequested: opts.runs,
      generator: 'properties/arbitraries/scenario.ts scenarioArbitrary() with seedArbitrary, sampled by fast-check from --seed',
      createdAt: new Date().toISOString(),
      durationMs: performance.now() - started,
      examplesDir: relative(process.cwd(), opts.examplesDir) || opts.examplesDir,
      testsDir: opts.testsDir !== null && existsSync(opts.testsDir) ? relative(process.cwd(), opts.testsDir) || opts.testsDir : null,
    },
  });
}

/** Renders a conformance report in `format`. */
export function renderConformance(report: ConformanceReport, format: ReportFormat): string {
  if (format === 'html') return renderConformanceHtml(report);
  if (format === 'junit') return renderConformanceJunit(report);
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  return renderConformanceMarkdown(report);
}

/** Runs `pbtsim report` and returns the exit code. */
export function reportCommand(opts: ReportCommandOptions): number {
  const format = reportFormat(opts.format, opts.out, opts.json === true);
  const runs = opts.runs === undefined ? DEFAULT_REPORT_RUNS : opts.runs === '0' ? 0 : parsePositiveInt('--runs', opts.runs);
  const seed = opts.seed === undefined ? 1 : parseSeed(opts.seed);
  const root = packageRoot();
  const examplesDir = opts.examples ?? join(root, 'examples');
  if (!existsSync(examplesDir)) throw new CliError(`--examples: no such folder ${examplesDir}`);
  const testsDir = opts.tests ?? (existsSync(join(root, 'test')) ? join(root, 'test') : null);
  const report = collectConformance({ runs, seed, examplesDir, testsDir, root, ...(opts.failuresDir !== undefined ? { failuresDir: opts.failuresDir } : {}) });
  const text = renderConformance(report, format);
  if (opts.out !== undefined) {
    writeFileAtomic(opts.out, text);
    process.stderr.write(`pbtsim: wrote ${format} conformance report ${opts.out} (${report.runs.total} runs, ${report.summary.violated} violated clauses)\n`);
  } else process.stdout.write(text);
  const nondeterministic = report.determinism.some((d) => !d.same);
  return report.runs.violated > 0 || nondeterministic ? 1 : 0;
}

/** Registers `pbtsim report`. */
export const registerReport: Register = (program: Command, handle) => {
  program
    .command('report')
    .description('spec-conformance report: every catalog clause with status and evidence (invariants, example tests, scenarios)')
    .option('--format <fmt>', 'md, html, json or junit (default: from --out, else md)')
    .option('--json', 'the same as --format json')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--runs <n>', `generated scenarios to run through the invariants (default ${DEFAULT_REPORT_RUNS}; 0 for examples only)`)
    .option('--seed <s>', 'seed of the generated scenarios (default 1)')
    .option('--examples <dir>', 'folder of example scenarios (default: the package\'s examples/)')
    .option('--tests <dir>', 'folder of tests whose titles cite clause IDs (default: the package\'s test/)')
    .option('--failures-dir <dir>', 'save generated scenarios that broke an invariant here, for `pbtsim run`')
    .action((opts: ReportCommandOptions) => handle(() => reportCommand(opts)));
};
