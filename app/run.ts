/**
 * `pbtsim run` as one streaming pipeline (issue 8 §3): compiled scenario → simulation → a tee
 * of folds (the online invariant monitors, the result fold, the run-report fold when `--report`
 * asks, the trace writer) → outputs through the output module. No record array is kept; the
 * `--json` result and the text output are folds of the result fold's stream. The CLI only parses
 * arguments and calls {@link runPipeline}; the bench calls it too.
 * @module
 */
import type { CompiledScenario } from '../models/pbt/index.js';
import { ResultFold, type EnqueueCallResult, type ResultFoldHandlers, type ResultViolation, type RunWarning, type TaskResult } from '../models/pbt/result.js';
import type { Violation } from '../properties/index.js';
import type { RecordFold } from './folds.js';
import type { CheckThreadOptions } from './checkThread.js';
import type { Budgets } from './guards.js';
import { JsonResultWriter } from './jsonResult.js';
import { stopMessage } from './messages.js';
import { claimOutput, OutputError, writeFileAtomic, type TextOutput } from './output/index.js';
import { renderRunReport, runReportFormat, RunReportRecordFold } from './runReport.js';
import { simulate, type SimulationOutcome } from './simulate.js';
import { TraceFileWriter } from './traceFile.js';

/** What `pbtsim run` was asked to do. */
export interface RunPipelineOptions {
  /** The scenario file as the user named it (messages, trace header). */
  readonly file: string;
  /** The compiled scenario (the CLI reads and compiles the file). */
  readonly scenario: CompiledScenario;
  /** `--seed`, overriding the scenario's. */
  readonly seed?: number | string;
  /** `--json`: the result contract, streamed; otherwise the story. */
  readonly json: boolean;
  /** Where the result or the story goes (stdout). */
  readonly out: TextOutput;
  /** `--trace <file>`. */
  readonly trace?: string;
  /** `--report <file>` (.html, .md or .json). */
  readonly report?: string;
  /** Budgets besides `limits.maxEvents`. */
  readonly budgets?: Budgets;
  /** The text output (without `--json`): a fold of the result's stream that renders at the end (the CLI's `createRunTextFold`); default: no text. */
  readonly text?: TextOutputFold;
  /** Whether the digest and the monitors may run on a thread of their own (app/checkThread.ts); default `auto`. */
  readonly checkThread?: CheckThreadOptions;
  /** Receives the lines meant for stderr (notes such as "wrote run report …"). */
  readonly note?: (line: string) => void;
}

/** What {@link runPipeline} did. */
export interface RunPipelineResult {
  /** 0 done, 1 an invariant was violated, 2 stopped by a budget or failed. */
  readonly exitCode: 0 | 1 | 2;
  /** The one-line message of a stopped or failed run (with violations found before a stop). */
  readonly message: string | null;
  readonly outcome: SimulationOutcome;
  readonly violations: readonly Violation[];
  /** Tasks and enqueue calls folded. */
  readonly tasks: number;
  readonly enqueueCalls: number;
}

/** A text rendering of the run built from the result's stream (tasks, calls, warnings), rendered at the end. */
export interface TextOutputFold extends ResultFoldHandlers {
  /** Renders the text. */
  finish(head: { scenario: string; seed: number | string; endTimeMs: number; eventCount: number; digest: string; violations: readonly ResultViolation[] }): string;
}

class Tee implements ResultFoldHandlers {
  constructor(private readonly a: ResultFoldHandlers, private readonly b: ResultFoldHandlers) {}
  task(t: TaskResult): void { this.a.task(t); this.b.task(t); }
  enqueueCall(c: EnqueueCallResult): void { this.a.enqueueCall(c); this.b.enqueueCall(c); }
  warning(w: RunWarning): void { this.a.warning(w); this.b.warning(w); }
}

const NOTHING: ResultFoldHandlers = { task() {}, enqueueCall() {}, warning() {} };

const violationLine = (v: Violation): string => `  VIOLATION ${v.invariant} [${v.clauses.join(', ')}] at ${v.atMs ?? '?'} ms: ${v.message}`;

/**
 * Runs a scenario with every invariant checked and writes what was asked for.
 * @param o - see {@link RunPipelineOptions}
 * @returns exit code, message and figures; throws only {@link OutputError} for a refused output
 */
export async function runPipeline(o: RunPipelineOptions): Promise<RunPipelineResult> {
  const sc = o.scenario;
  const seed = o.seed ?? sc.seed ?? 0;
  const early: RunWarning[] = o.seed === undefined && sc.seed === undefined
    ? [{ code: 'noSeed', message: 'the scenario gives no seed and none was passed (--seed): seed 0 was used', atMs: 0, session: null, taskId: null }]
    : [];
  const reportFormat = o.report !== undefined ? runReportFormat(o.report) : null;
  if (o.report !== undefined && reportFormat === null) throw new OutputError(`${o.report}: expected a report file ending in .html, .md or .json`, 'EFORMAT');

  // Outputs are claimed (and refused) before anything runs; the report is written at the end.
  if (o.report !== undefined) claimOutput(o.report, 'the run report');
  const trace = o.trace !== undefined ? new TraceFileWriter(o.trace, { file: o.file, seed, scenario: sc.source }) : undefined;
  const json = o.json ? new JsonResultWriter(o.out, { scenario: sc.name, seed }, early) : undefined;
  const text = o.json ? undefined : o.text;
  if (text !== undefined) for (const w of early) text.warning(w);
  // One receiver when there is one (the usual `--json` or text run): the fold calls it directly.
  const handlers: ResultFoldHandlers = json !== undefined ? (text !== undefined ? new Tee(json, text) : json) : text ?? NOTHING;
  const result = new ResultFold(handlers);
  const report = o.report !== undefined ? new RunReportRecordFold() : undefined;
  // The result fold is a RecordFold itself (it ignores the line): no wrapper call per record.
  // The monitors are simulate's `checks`: on the check thread when there is one.
  const folds: RecordFold[] = [result];
  if (report !== undefined) folds.push(report);
  if (trace !== undefined) folds.push(trace);

  let outcome: SimulationOutcome;
  try {
    outcome = await simulate(sc, {
      seed, folds, checks: {}, ...(o.budgets !== undefined ? { budgets: o.budgets } : {}), traceBytes: () => trace?.bytes ?? 0,
      ...(o.checkThread !== undefined ? { checkThread: o.checkThread } : {}),
    });
  } catch (e) {
    trace?.discard();
    json?.discard();
    throw e;
  }
  if (outcome.checkThreadProblem !== undefined) o.note?.(`pbtsim: the check thread failed (${outcome.checkThreadProblem}); the digest and the invariants were computed again after the run`);
  const counts = result.finish();
  const footerStatus = outcome.status === 'model-failure' ? (outcome.error?.code ?? outcome.status) : outcome.status;
  const violations = outcome.violations ?? [];
  let message = stopMessage(o.file, sc, outcome);
  const late: RunWarning[] = [];
  if (outcome.status === 'until') {
    late.push({ code: 'untilReached', message: `the run stopped at limits.untilMs = ${sc.limits.untilMs} ms with ${outcome.pendingCount} events still pending`, atMs: outcome.endTimeMs, session: null, taskId: null });
  }
  if (message !== null) late.push({ code: outcome.status, message, atMs: outcome.endTimeMs, session: null, taskId: null });
  if (counts.lateRecords > 0) {
    late.push({ code: 'resultLateRecords', message: `${counts.lateRecords} record(s) changed a task after it was final (a model fault?); the streamed result shows the task as it was then`, atMs: outcome.endTimeMs, session: null, taskId: null });
  }

  // The trace is committed for every run that produced a whole trace, stopped runs included
  // (their footer says how they stopped; replay reproduces the stop), never after an output failure.
  if (trace !== undefined) {
    if (outcome.status === 'output-failure') trace.discard();
    else {
      try {
        trace.commit({ digest: outcome.digest, eventCount: outcome.eventCount, records: outcome.records, status: footerStatus, endTimeMs: outcome.endTimeMs, tasks: counts.tasks, enqueueCalls: counts.enqueueCalls });
        if (message !== null) message += `; the trace up to the stop is in ${trace.target}`;
      } catch (e) {
        json?.discard();
        throw e;
      }
    }
  }
  const tail = { endTimeMs: outcome.endTimeMs, eventCount: outcome.eventCount, digest: outcome.digest };
  const resultViolations: ResultViolation[] = violations.map((v) => ({ ...v, clauses: [...v.clauses] }));
  if (json !== undefined) json.finish({ ...tail, lateWarnings: late, violations });
  if (text !== undefined && message === null) {
    for (const w of late) text.warning(w);
    o.out.write(text.finish({ scenario: sc.name, seed, ...tail, violations: resultViolations }));
  }
  if (o.report !== undefined && report !== undefined && reportFormat !== null && outcome.status !== 'output-failure') {
    const built = report.finish({ scenario: sc.name, seed, ...tail, violations: resultViolations, runWarnings: [...early, ...late] });
    writeFileAtomic(o.report, renderRunReport(built, reportFormat), 'the run report');
    o.note?.(`pbtsim: wrote run report ${o.report}`);
  }
  let exitCode: 0 | 1 | 2 = violations.length > 0 ? 1 : 0;
  if (message !== null) {
    if (violations.length > 0 && outcome.status !== 'output-failure') {
      message += `\n${violations.length} invariant violation(s) in the events before the stop:\n${violations.map(violationLine).join('\n')}`;
    } else exitCode = 2;
  }
  return { exitCode, message, outcome, violations, tasks: counts.tasks, enqueueCalls: counts.enqueueCalls };
}
