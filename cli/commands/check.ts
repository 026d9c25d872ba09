/**
 * `pbtsim check`: runs the property suites from the command line. Per invariant it prints the
 * runs, the events simulated and pass/fail; a failure's shrunk scenario is saved as
 * `pbtsim-counterexample-<invariant>.json` with the exact `pbtsim run` command that replays it.
 * `--mutants` hunts every model fault and prints which invariant killed it; `--exhaustive`
 * enumerates every same-instant ordering of tiny scenarios. The generated-scenario runs are
 * sharded over `--workers` threads (default: every core) or a Redis queue (`--queue`, see
 * docs/sweep.md); the output is the same for any number of workers but the wall-clock fields.
 * A progress bar (cli-progress) goes to stderr when stderr is a terminal; Ctrl-C stops cleanly
 * (exit 130). Exit 0 only when every invariant holds (with --mutants:
 * when every mutant is killed), 1 otherwise, 2 for bad arguments.
 * @module
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import fc from 'fast-check';
import { compileScenario, runScenario, FAULT_NAMES, type ScenarioFile } from '../../models/pbt/index.js';
import { INVARIANTS, type Invariant } from '../../properties/index.js';
import { scenarioArbitrary, seedArbitrary, TINY } from '../../properties/arbitraries/scenario.js';
import { exploreOrderings } from '../../properties/orderings.js';
import { DEFAULT_SEED, InvariantFailure, RunCache, type MutantHunt } from '../../properties/suite.js';
import { digestOf, pbtsimVersion, runShardsLocal, SHARD_FORMAT, type MutantShardPayload, type ShardExecutor } from '../../app/sweep/index.js';
import { runCheck, type CheckOutcome } from '../../app/sweep/checkRun.js';
import { progressBar, whileInterruptible } from '../../app/sweep/progress.js';
import { CliError } from '../errors.js';
import { parsePositiveInt, parseSeed, writeFileAtomic } from '../io.js';
import { asCliError } from '../errors.js';

/** Options of `pbtsim check`. */
export interface CheckCommandOptions {
  runs?: string;
  seed?: string;
  invariant?: string[];
  mutants?: boolean;
  exhaustive?: boolean;
  json?: boolean;
  out?: string;
  workers?: string;
  queue?: string;
  progress?: boolean;
}

interface InvariantReport {
  invariant: string;
  clauses: readonly string[];
  runs: number;
  events: number;
  passed: boolean;
  counterexample: string | null;
  replay: string | null;
  message: string | null;
}

function progress(enabled: boolean, total: number, label: string): { tick(): void; stop(): void } {
  if (!enabled) return { tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

function saveCounterexample(outDir: string, name: string, scenario: ScenarioFile, seed: number, what: string): { file: string; replay: string } {
  const file = join(outDir, `pbtsim-counterexample-${name}.json`);
  const doc = { ...scenario, name: `counterexample: ${what}`, seed };
  writeFileAtomic(file, JSON.stringify(doc, null, 2) + '\n');
  return { file, replay: `pbtsim run ${file} --seed ${seed}` };
}

/** Checks each invariant with its own fast-check property; saves counterexamples. @internal */
export function checkInvariants(invariants: readonly Invariant[], runs: number, seed: number, outDir: string, bar: boolean, cache: RunCache): InvariantReport[] {
  const p = progress(bar, invariants.length * runs, 'check');
  const reports: InvariantReport[] = [];
  try {
    for (const inv of invariants) {
      let events = 0;
      let executed = 0;
      const counted = fc.property(scenarioArbitrary(), seedArbitrary, (scenario, s) => {
        executed++;
        if (executed <= runs) p.tick();
        const run = cache.get(scenario, s);
        events += run.run.result.eventCount;
        const violations = inv.check(run.trace);
        if (run.failure !== null || violations.length > 0) throw new InvariantFailure(run, violations);
      });
      const r = fc.check(counted, { numRuns: runs, seed });
      const report: InvariantReport = { invariant: inv.name, clauses: inv.clauses, runs: r.numRuns, events, passed: !r.failed, counterexample: null, replay: null, message: null };
      if (r.failed && r.counterexample !== null) {
        const [scenario, s] = r.counterexample;
        const run = cache.get(scenario, s);
        const first = inv.check(run.trace)[0];
        report.message = run.failure ?? (first ? `at ${first.atMs} ms: ${first.message}` : 'failed');
        const saved = saveCounterexample(outDir, inv.name, scenario, s, `${inv.name} (${inv.clauses.join(', ')})`);
        report.counterexample = saved.file;
        report.replay = saved.replay;
      }
      for (let k = executed; k < runs; k++) p.tick();
      reports.push(report);
    }
  } finally {
    p.stop();
  }
  return reports;
}

/** A `--seed` for fast-check: parsed by `parseSeed`, then it must be a 31-bit integer. */
function fastCheckSeed(text: string): number {
  const s = parseSeed(text);
  if (typeof s !== 'number' || s > 0x7fffffff) throw new CliError(`--seed: expected an integer from 0 to ${0x7fffffff} (a fast-check seed), got ${text}`);
  return s;
}

/** Runs `pbtsim check`: the exit code, or a promise of it (generated-scenario runs are sharded). */
export function checkCommand(opts: CheckCommandOptions): number | Promise<number> {
  const runs = opts.runs !== undefined ? parsePositiveInt('--runs', opts.runs) : 100;
  const seed = opts.seed !== undefined ? fastCheckSeed(opts.seed) : DEFAULT_SEED;
  const known = INVARIANTS.map((i) => i.name);
  for (const name of opts.invariant ?? []) {
    if (!known.includes(name)) throw new CliError(`--invariant: unknown invariant ${JSON.stringify(name)}; expected one of ${known.join(', ')}`);
  }
  if (opts.mutants === true && opts.exhaustive === true) throw new CliError('--mutants and --exhaustive cannot be combined; run them one at a time');
  const invariants = opts.invariant !== undefined && opts.invariant.length > 0 ? INVARIANTS.filter((i) => opts.invariant!.includes(i.name)) : INVARIANTS;
  const bar = opts.json !== true && process.stderr.isTTY === true;
  const outDir = opts.out ?? '.';
  const t0 = performance.now();
  const write = (s: string): void => { process.stdout.write(s); };

  if (opts.mutants === true) return checkMutantsCommand(opts, invariants, runs, seed);

  if (opts.exhaustive === true) {
    const p = progress(bar, runs, 'exhaustive');
    let scenarios = 0;
    let orderings = 0;
    let choicePoints = 0;
    let distinct = 0;
    let truncated = 0;
    let failure: { file: string; choices: readonly number[]; message: string } | null = null;
    try {
      for (const [scenario, s] of fc.sample(fc.tuple(scenarioArbitrary(TINY), seedArbitrary), { numRuns: runs * 4, seed })) {
        if (scenarios >= runs) break;
        const fifo = runScenario(compileScenario(scenario), { seed: s, autoFreeze: false });
        if (fifo.result.tasks.length === 0 || fifo.result.tasks.length > 4) continue;
        scenarios++;
        p.tick();
        const x = exploreOrderings(scenario, { seed: s, maxOrderings: 2000, invariants: invariants.map((i) => i.name) });
        orderings += x.orderings;
        choicePoints += x.choicePoints;
        distinct += x.distinctTraces;
        if (x.truncated) truncated++;
        if (x.failure !== null) {
          const saved = saveCounterexample(outDir, 'exhaustive', scenario, s, 'an ordering of same-instant events violates an invariant');
          failure = { file: saved.file, choices: x.failure.choices, message: x.failure.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ') || (x.failure.run.failure ?? '') };
          break;
        }
      }
    } finally { p.stop(); }
    const seconds = (performance.now() - t0) / 1000;
    if (opts.json === true) {
      write(JSON.stringify({ mode: 'exhaustive', seed, scenarios, orderings, choicePoints, distinctTraces: distinct, truncated, seconds, failure }, null, 2) + '\n');
    } else {
      write(`pbtsim check --exhaustive (seed ${seed}): ${scenarios} tiny scenarios (1-4 tasks, <= 2 pages), ${orderings} orderings, ${choicePoints} choice points, ${distinct} distinct traces${truncated > 0 ? `, ${truncated} truncated at 2000 orderings` : ''}, ${seconds.toFixed(1)} s\n`);
      if (failure !== null) write(`FAIL ${failure.message}\n  scenario saved to ${failure.file}; tie-breaker choices ${JSON.stringify(failure.choices)}\n`);
      else write('every ordering satisfies every invariant\n');
    }
    return failure === null ? 0 : 1;
  }

  return checkShardedCommand(opts, invariants, runs, seed);
}

type QueueModule = typeof import('../../app/queue/index.js');

/**
 * The queue module (BullMQ, ioredis) for `--queue`, after probing Redis; undefined without it.
 * Loaded only when asked for: it is a third of a second of start-up that local runs do not need.
 */
async function queueOf(opts: CheckCommandOptions): Promise<QueueModule | undefined> {
  if (opts.queue === undefined) return undefined;
  const queue = await import('../../app/queue/index.js');
  await queue.probeRedis(opts.queue).catch((e: unknown) => { throw asCliError(e); });
  return queue;
}

/** The executor of `--workers` / `--queue`. */
function executorOf(opts: CheckCommandOptions, queue: QueueModule | undefined, workers: number, version: string, signal: AbortSignal): ShardExecutor {
  return queue !== undefined && opts.queue !== undefined
    ? queue.queueExecutor({ url: opts.queue, signal, version, onIdle: (m) => process.stderr.write(`pbtsim: ${m}\n`) })
    : (tasks, onResult) => runShardsLocal(tasks, { workers, onResult, signal });
}

/** `pbtsim check --mutants`: one hunt per fault, sharded; printed in fault order. */
async function checkMutantsCommand(opts: CheckCommandOptions, invariants: readonly Invariant[], runs: number, seed: number): Promise<number> {
  const workers = opts.workers !== undefined ? parsePositiveInt('--workers', opts.workers) : availableParallelism();
  const queue = await queueOf(opts);
  const t0 = performance.now();
  const version = pbtsimVersion();
  const bar = progressBar(opts.json !== true && opts.progress !== false && process.stderr.isTTY === true, 'mutants', 'faults');
  const tasks: MutantShardPayload[] = FAULT_NAMES.map((fault) => ({ format: SHARD_FORMAT, kind: 'mutant', pbtsimVersion: version, fault, runs, seed, invariants: invariants.map((i) => i.name) }));
  const found = new Map<number, MutantHunt>();
  let finished: boolean;
  try {
    finished = await whileInterruptible((signal) => executorOf(opts, queue, workers, version, signal)(tasks, (i, r) => { found.set(i, r as MutantHunt); bar.update(found.size, tasks.length); }));
  } finally {
    bar.stop();
  }
  const hunts = [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, h]) => h);
  const seconds = (performance.now() - t0) / 1000;
  const all = finished && hunts.every((h) => h.killed);
  const write = (s: string): void => { process.stdout.write(s); };
  if (opts.json === true) {
    write(JSON.stringify({ mode: 'mutants', seed, runs, finished, seconds, killed: hunts.filter((h) => h.killed).length, total: tasks.length,
      mutants: hunts.map((h) => ({ fault: h.fault, killed: h.killed, runs: h.runs, killedBy: h.killedBy })) }, null, 2) + '\n');
  } else {
    write(`pbtsim check --mutants (seed ${seed}, up to ${runs} runs each)\n`);
    if (!finished) write(`INTERRUPTED: ${hunts.length} of ${tasks.length} faults hunted\n`);
    for (const h of hunts) write(`  ${h.killed ? 'killed  ' : 'SURVIVED'} ${h.fault.padEnd(26)} ${h.killed ? `after ${h.runs} run(s) by ${h.killedBy.join(', ')}` : `${h.runs} runs`}\n`);
    write(`${hunts.filter((h) => h.killed).length}/${tasks.length} mutants killed in ${seconds.toFixed(1)} s\n`);
  }
  if (!finished) return 130;
  return all ? 0 : 1;
}

/** The per-invariant reports of a sharded check; counterexamples are saved under `outDir`. */
function invariantReports(outcome: CheckOutcome, outDir: string): InvariantReport[] {
  return outcome.invariants.map((i) => {
    const report: InvariantReport = { invariant: i.invariant, clauses: i.clauses, runs: i.runs, events: i.events, passed: i.passed, counterexample: null, replay: null, message: null };
    if (i.counterexample === null) return report;
    const saved = saveCounterexample(outDir, i.invariant, i.counterexample.scenario, i.counterexample.seed, `${i.invariant} (${i.clauses.join(', ')})`);
    return { ...report, message: i.counterexample.message, counterexample: saved.file, replay: saved.replay };
  });
}

/**
 * `pbtsim check` over generated scenarios, sharded over `--workers` threads or `--queue`:
 * every scenario runs once and is checked against every selected invariant; the output (but
 * the wall-clock fields `seconds`, `scenariosPerSecond`, `checksPerSecond`) is the same for any
 * number of workers.
 */
async function checkShardedCommand(opts: CheckCommandOptions, invariants: readonly Invariant[], runs: number, seed: number): Promise<number> {
  const workers = opts.workers !== undefined ? parsePositiveInt('--workers', opts.workers) : availableParallelism();
  const queue = await queueOf(opts);
  const outDir = opts.out ?? '.';
  const t0 = performance.now();
  const bar = progressBar(opts.json !== true && opts.progress !== false && process.stderr.isTTY === true, 'check', 'scenarios');
  const version = pbtsimVersion();
  let outcome: CheckOutcome;
  try {
    outcome = await whileInterruptible((signal) => {
      return runCheck({ runs, seed, invariants: invariants.map((i) => i.name), pbtsimVersion: version }, executorOf(opts, queue, workers, version, signal), (done, total) => bar.update(done, total));
    });
  } finally {
    bar.stop();
  }
  const reports = invariantReports(outcome, outDir);
  const seconds = (performance.now() - t0) / 1000;
  const passed = reports.every((r) => r.passed);
  const checks = reports.reduce((n, r) => n + r.runs, 0);
  const digest = digestOf({ seed, runs, finished: outcome.finished, invariants: reports });
  const write = (s: string): void => { process.stdout.write(s); };
  if (opts.json === true) {
    write(JSON.stringify({ mode: 'invariants', seed, runs, finished: outcome.finished, shards: outcome.shards, seconds, scenariosSimulated: outcome.scenariosSimulated, eventsSimulated: outcome.eventsSimulated,
      scenariosPerSecond: Math.round(outcome.scenariosSimulated / seconds), checksPerSecond: Math.round(checks / seconds), passed, digest, invariants: reports }, null, 2) + '\n');
  } else {
    write(`pbtsim check (seed ${seed}, ${runs} runs per invariant)\n`);
    if (!outcome.finished) write(`INTERRUPTED: ${outcome.shards.done} of ${outcome.shards.total} shards finished; the counts below cover those only\n`);
    for (const r of reports) {
      write(`  ${r.passed ? 'pass' : 'FAIL'}  ${r.invariant.padEnd(24)} ${String(r.runs).padStart(6)} runs ${String(r.events).padStart(9)} events  ${r.clauses.join(' ')}\n`);
      if (!r.passed) write(`        ${r.message}\n        counterexample: ${r.counterexample}\n        replay: ${r.replay}\n`);
    }
    write(`${reports.filter((r) => r.passed).length}/${reports.length} invariants hold; ${outcome.scenariosSimulated} scenarios simulated (${outcome.eventsSimulated} events), ${checks} invariant checks, ${seconds.toFixed(1)} s: ${Math.round(outcome.scenariosSimulated / seconds)} scenarios/s; digest ${digest}\n`);
  }
  if (!outcome.finished) return 130;
  return passed ? 0 : 1;
}

/** Registers `check`. */
export function registerCheck(program: Command, handle: (fn: () => number | Promise<number>) => void): void {
  program
    .command('check')
    .description('run the property suites: every invariant over generated scenarios (or --mutants, --exhaustive)')
    .option('--runs <n>', 'scenarios per invariant (per mutant; tiny scenarios with --exhaustive)', '100')
    .option('--seed <n>', `fast-check seed (default ${DEFAULT_SEED})`)
    .option('--invariant <name...>', 'only these invariants')
    .option('--mutants', 'hunt every model fault; print which invariant killed it')
    .option('--exhaustive', 'enumerate every same-instant ordering of tiny scenarios')
    .option('--out <dir>', 'where counterexample files go', '.')
    .option('--json', 'print the summary as JSON')
    .option('--workers <n>', 'worker threads for the generated-scenario runs (default: the number of cores); the output does not depend on it')
    .option('--queue <url>', 'put the shards on a BullMQ queue in Redis (redis://host:port) for `pbtsim worker`s')
    .option('--no-progress', 'no progress bar (it is shown only when stderr is a terminal)')
    .action((opts: CheckCommandOptions) => handle(() => checkCommand(opts)));
}
