/**
 * `pbtsim check-trace <trace.jsonl> [--json] [--invariant NAME...]`: streams a trace file line
 * by line (node:readline over a read stream, so memory does not grow with the file) through the
 * invariant monitors and prints the violations. The file's meta lines (`{"format":
 * "pbtsim-trace/1","kind":"header"|"footer",…}`) are skipped; when the records do not start
 * with a `pbt.server` header, one is made from the scenario in the meta header, if there is one.
 * Exit 0 when no invariant is violated, 1 when one is, 2 for an unreadable file, a bad line
 * (one message naming file:line and what was expected) or bad arguments.
 * @module
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { TraceRecord } from '../../engine/index.js';
import { compileScenario, ScenarioError } from '../../models/pbt/index.js';
import { createMonitorSet, INVARIANT_NAMES, recordShapeProblem, serverHeader, type Violation } from '../../properties/index.js';
import { CliError, reportError } from '../errors.js';
import { registerInput } from '../io.js';

/** The format tag of trace files (as `pbtsim run --trace` writes them). */
const TRACE_FORMAT = 'pbtsim-trace/1';

/** Options of `pbtsim check-trace`. */
export interface CheckTraceOptions {
  json?: boolean;
  invariant?: string[];
}

/** What checking a trace file found. */
export interface TraceCheck {
  readonly file: string;
  /** Records checked (meta lines excluded, a made-up header excluded). */
  readonly records: number;
  /** True when a `pbt.server` header was made from the meta header's scenario. */
  readonly headerFromScenario: boolean;
  readonly invariants: readonly string[];
  readonly violations: readonly Violation[];
}

/** The lines of a readline interface; a read error becomes a {@link CliError} naming the file. */
async function* readLines(lines: AsyncIterable<string>, file: string): AsyncGenerator<string> {
  const it = lines[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = await it.next();
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (next.done === true) return;
    yield next.value;
  }
}

/** A meta line of a trace file, or null for a record. */
function metaKind(v: Record<string, unknown>): string | null {
  return typeof v['format'] === 'string' && (v['kind'] === 'header' || v['kind'] === 'footer') ? String(v['kind']) : null;
}

/**
 * Streams a trace file through the monitors.
 * @param file - a JSONL trace (e.g. from `pbtsim run --trace`)
 * @param invariants - the invariants to check (default all)
 * @returns what was found; rejects with a {@link CliError} (exit 2) for an unusable file or line
 */
export async function checkTraceFile(file: string, invariants: readonly string[] = INVARIANT_NAMES): Promise<TraceCheck> {
  registerInput(file);
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (e) => reject(new CliError(`cannot read ${file}: ${e.message}`)));
  });
  await opened;
  const set = createMonitorSet({ invariants });
  let lineNo = 0;
  let records = 0;
  let headerFromScenario = false;
  let pendingHeader: TraceRecord | null = null;
  const bad = (what: string): CliError => new CliError(`${file}:${lineNo}: ${what}`);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of readLines(lines, file)) {
      lineNo++;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (e) {
        throw bad(`expected one JSON record per line (${e instanceof Error ? e.message : String(e)})`);
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(`expected a JSON object, got ${JSON.stringify(v)}`);
      const obj = v as Record<string, unknown>;
      const meta = metaKind(obj);
      if (meta !== null) {
        if (obj['format'] !== TRACE_FORMAT) throw bad(`\`format\`: expected "${TRACE_FORMAT}", got ${JSON.stringify(obj['format'])}`);
        if (meta === 'header' && records === 0 && obj['scenario'] !== undefined) {
          try {
            pendingHeader = serverHeader(compileScenario(obj['scenario'], `${file}:${lineNo} (scenario)`));
          } catch (e) {
            if (e instanceof ScenarioError) throw bad(`the meta header's scenario is invalid: ${e.message}`);
            throw e;
          }
        }
        continue;
      }
      const r = obj as unknown as TraceRecord;
      const problem = recordShapeProblem(r);
      if (problem !== null) throw bad(problem);
      if (records === 0 && pendingHeader !== null && r.type !== 'pbt.server') {
        set.step(pendingHeader);
        headerFromScenario = true;
      }
      set.step(r);
      records++;
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return { file, records, headerFromScenario, invariants, violations: set.finish() };
}

/** Prints a check as text or JSON; returns the exit code (0 clean, 1 violations). */
function print(c: TraceCheck, json: boolean): number {
  if (json) {
    process.stdout.write(JSON.stringify({ file: c.file, records: c.records, headerFromScenario: c.headerFromScenario, invariants: c.invariants, passed: c.violations.length === 0, violations: c.violations }, null, 2) + '\n');
  } else if (c.violations.length === 0) {
    process.stdout.write(`${c.file}: ${c.records} records, ${c.invariants.length} invariant(s) checked, none violated\n`);
  } else {
    process.stdout.write(`${c.file}: ${c.records} records, ${c.violations.length} violation(s)\n`);
    for (const v of c.violations) {
      const where = [v.atMs === null ? null : `at ${v.atMs} ms`, v.session === null ? null : `session ${v.session}`, v.taskId === null ? null : `task ${v.taskId}`].filter((x) => x !== null).join(', ');
      process.stdout.write(`  ${v.invariant} [${v.clauses.join(', ')}]${where === '' ? '' : ` ${where}`}: ${v.message}\n`);
    }
  }
  return c.violations.length === 0 ? 0 : 1;
}

/**
 * The invariants `--invariant` names (all when absent).
 * @param opts - the command's options
 * @returns the names; throws a {@link CliError} (exit 2) for an unknown one
 */
export function invariantsOf(opts: CheckTraceOptions): readonly string[] {
  const names = opts.invariant ?? [...INVARIANT_NAMES];
  const unknown = names.filter((n) => !INVARIANT_NAMES.includes(n));
  if (unknown.length > 0) throw new CliError(`unknown invariant ${unknown.join(', ')} (known: ${INVARIANT_NAMES.join(', ')})`);
  return names;
}

/**
 * Streams the file, prints, and sets `process.exitCode` (0 clean, 1 violations, 2 unusable file or line).
 * @param file - the trace file
 * @param names - the invariants to check
 * @param json - print JSON
 * @returns a promise of the exit code
 */
export async function checkTraceCommand(file: string, names: readonly string[], json: boolean): Promise<number> {
  let code: number;
  try {
    code = print(await checkTraceFile(file, names), json);
  } catch (e) {
    code = reportError(e);
  }
  process.exitCode = code;
  return code;
}

/** Registers `check-trace`. */
export function registerCheckTrace(program: Command, handle: (fn: () => number) => void): void {
  program
    .command('check-trace')
    .description('stream a trace file (JSON lines) through the invariant monitors and print the violations')
    .argument('<trace.jsonl>', 'a trace, e.g. written by `pbtsim run --trace`')
    .option('--json', 'print the result as JSON')
    .option('--invariant <name...>', 'check only these invariants')
    // Arguments are checked synchronously; the file is read asynchronously (a read stream) and
    // the check sets process.exitCode itself when done, after the synchronous `handle` returned.
    .action((file: string, opts: CheckTraceOptions) => handle(() => {
      const names = invariantsOf(opts);
      void checkTraceCommand(file, names, opts.json === true);
      return 0;
    }));
}
