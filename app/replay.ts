/**
 * `pbtsim replay <trace.jsonl>` (issue 11 §5): validates the header (format and version, seed,
 * the embedded scenario and its digest) and the footer (digest, counts, status), re-runs the
 * scenario through the pipeline and compares it with the file record by record while reading
 * the file line by line (bounded memory). A run that a budget stopped is replayed to the same
 * stop: the event budget stops it again by itself; a wall-clock, heap or trace budget (which
 * depend on the machine) is reproduced by stopping after the recorded number of events.
 * @module
 */
import { TraceDigest, type TraceRecord } from '../engine/index.js';
import { compileScenario, ScenarioError } from '../models/pbt/index.js';
import type { RecordFold } from './folds.js';
import { LineReader, lastLine } from './lineReader.js';
import { codeOf, OutputError, registerInput } from './output/index.js';
import { simulate } from './simulate.js';
import { scenarioDigestOf, TRACE_FORMAT } from './traceFile.js';

/** A trace file that cannot be replayed at all (exit 2). */
export class TraceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceFileError';
  }
}

/** The first record where the replay and the file differ. */
export interface ReplayDifference {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The replay's record (null: the file has more records than the replay). */
  readonly expected: string | null;
  /** The file's line (null: the file has fewer records). */
  readonly found: string | null;
}

/** What `pbtsim replay` found. */
export interface ReplaySummary {
  readonly file: string;
  readonly seed: number | string;
  readonly recordedDigest: string;
  readonly fileRecordsDigest: string;
  readonly replayDigest: string;
  /** True when every check passed. */
  readonly identical: boolean;
  /** How the recorded run ended (footer) and how the replay ended. */
  readonly recordedStatus: string;
  readonly replayStatus: string;
  readonly eventCount: number;
  readonly firstDifference: ReplayDifference | null;
  /** Every check that failed, one sentence each. */
  readonly problems: readonly string[];
}

const GUARD_STOPS = new Set(['wall-budget-exceeded', 'heap-budget-exceeded', 'trace-budget-exceeded', 'stopped']);

function parseMeta(file: string, text: string | null, where: string, kind: 'header' | 'footer'): Record<string, unknown> {
  let v: unknown;
  try {
    v = text === null ? undefined : JSON.parse(text);
  } catch {
    v = undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || (v as { kind?: unknown }).kind !== kind) {
    throw new TraceFileError(kind === 'header'
      ? `${file}: ${where}: expected a pbtsim trace header {"format":"${TRACE_FORMAT}","kind":"header",...}; was it written by \`pbtsim run --trace\`?`
      : `${file}: ${where}: expected the trace footer {"format":"${TRACE_FORMAT}","kind":"footer",...}; the file is incomplete`);
  }
  const format = (v as { format?: unknown }).format;
  if (format !== TRACE_FORMAT) {
    throw new TraceFileError(`${file}: ${where}: expected "format": "${TRACE_FORMAT}", got ${JSON.stringify(format) ?? 'nothing'}${typeof format === 'string' && format.startsWith('pbtsim-trace/') ? ' (a version this pbtsim does not read)' : ''}`);
  }
  return v as Record<string, unknown>;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const clip = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

/** Counts of the replayed run, for the footer check. */
class CountFold implements RecordFold {
  tasks = 0;
  calls = 0;
  step(r: TraceRecord): void {
    if (r.type === 'pbt.enqueue') {
      this.calls++;
      if (r['ok'] === true) this.tasks++;
    }
  }
}

/**
 * Replays a trace file.
 * @param file - the trace
 * @returns the summary; throws {@link TraceFileError} when the file cannot be replayed at all
 */
export async function replayTrace(file: string): Promise<ReplaySummary> {
  registerInput(file, 'the trace being replayed');
  let reader: LineReader;
  let footerText: string | null;
  try {
    reader = new LineReader(file);
    footerText = lastLine(file);
  } catch (e) {
    throw new TraceFileError(`${file}: cannot read the trace file (${codeOf(e) === 'ENOENT' ? 'no such file' : codeOf(e)})`);
  }
  try {
    const header = parseMeta(file, reader.next(), 'line 1', 'header');
    const footer = parseMeta(file, footerText, 'last line', 'footer');
    const seed = header['seed'];
    if (!((typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) || (typeof seed === 'string' && seed.length > 0))) {
      throw new TraceFileError(`${file}: line 1: $.seed: expected a non-negative integer or a non-empty text, got ${JSON.stringify(seed) ?? 'nothing'}`);
    }
    if (header['scenario'] === null || typeof header['scenario'] !== 'object') throw new TraceFileError(`${file}: line 1: $.scenario: expected the embedded scenario object`);
    for (const k of ['digest', 'status'] as const) if (typeof footer[k] !== 'string') throw new TraceFileError(`${file}: last line: $.${k}: expected a text`);
    for (const k of ['eventCount', 'records'] as const) if (!isCount(footer[k])) throw new TraceFileError(`${file}: last line: $.${k}: expected a non-negative integer`);
    let sc;
    try {
      sc = compileScenario(header['scenario'], `${file} (embedded scenario)`);
    } catch (e) {
      if (e instanceof ScenarioError) throw new TraceFileError(`invalid embedded scenario: ${e.message}`);
      throw e;
    }
    const problems: string[] = [];
    const scenarioDigest = header['scenarioDigest'];
    if (typeof scenarioDigest === 'string' && scenarioDigest !== scenarioDigestOf(header['scenario'])) {
      problems.push('the embedded scenario was changed after the run (its digest differs from the header\'s scenarioDigest)');
    }
    const recordedStatus = footer['status'] as string;
    const recordedEvents = footer['eventCount'] as number;

    // Lockstep comparison: each replayed record against the file's next line.
    const fileDigest = new TraceDigest();
    let fileRecords = 0;
    let fileDone = false;
    let firstDifference: ReplayDifference | null = null;
    const nextRecordLine = (): string | null => {
      if (fileDone) return null;
      const l = reader.next();
      if (l === null || l === footerText) {
        fileDone = true;
        return null;
      }
      fileRecords++;
      fileDigest.add(l);
      return l;
    };
    const compare: RecordFold = {
      usesLines: true,
      step(_r, line) {
        const found = nextRecordLine();
        if (firstDifference === null && found !== line) firstDifference = { line: found === null ? reader.line : reader.line, expected: line, found };
      },
    };
    const counts = new CountFold();
    const outcome = await simulate(sc, {
      seed, folds: [compare, counts],
      budgets: { maxWallMs: Number.MAX_SAFE_INTEGER, maxTraceBytes: Number.MAX_SAFE_INTEGER },
      ...(GUARD_STOPS.has(recordedStatus) ? { stopAfterEvents: recordedEvents, stopAfterStatus: recordedStatus } : {}),
    });
    if (outcome.status === 'heap-budget-exceeded' || outcome.status === 'output-failure') {
      throw new TraceFileError(`${file}: the replay itself could not finish (${outcome.status})`);
    }
    let extra: string | null;
    while ((extra = nextRecordLine()) !== null) {
      if (firstDifference === null) firstDifference = { line: reader.line, expected: null, found: extra };
    }
    const replayStatus = outcome.status === 'model-failure' ? (outcome.error?.code ?? outcome.status) : outcome.status;
    const expectedStatus = GUARD_STOPS.has(recordedStatus) ? 'stopped' : recordedStatus;
    if (replayStatus !== expectedStatus) problems.push(`the recorded run ended "${recordedStatus}", the replay "${replayStatus}"`);
    if (footer['records'] !== fileRecords) problems.push(`the footer counts ${String(footer['records'])} records, the file has ${fileRecords} record lines`);
    if (recordedEvents !== outcome.eventCount) problems.push(`the footer counts ${recordedEvents} events, the replay processed ${outcome.eventCount}`);
    if (footer['tasks'] !== undefined && footer['tasks'] !== counts.tasks) problems.push(`the footer counts ${String(footer['tasks'])} tasks, the replay enqueued ${counts.tasks}`);
    if (footer['enqueueCalls'] !== undefined && footer['enqueueCalls'] !== counts.calls) problems.push(`the footer counts ${String(footer['enqueueCalls'])} enqueue calls, the replay made ${counts.calls}`);
    const recordedDigest = footer['digest'] as string;
    if (fileDigest.value() !== recordedDigest) problems.push('the digest of the record lines differs from the footer\'s');
    if (outcome.digest !== recordedDigest) problems.push('the replayed digest differs from the footer\'s');
    const diff = firstDifference as ReplayDifference | null;
    return {
      file, seed, recordedDigest, fileRecordsDigest: fileDigest.value(), replayDigest: outcome.digest,
      identical: problems.length === 0 && diff === null, recordedStatus, replayStatus, eventCount: outcome.eventCount,
      firstDifference: diff === null ? null : { line: diff.line, expected: diff.expected === null ? null : clip(diff.expected), found: diff.found === null ? null : clip(diff.found) },
      problems,
    };
  } catch (e) {
    if (e instanceof TraceFileError || e instanceof OutputError) throw e;
    const code = codeOf(e);
    if (typeof (e as NodeJS.ErrnoException).code === 'string') throw new TraceFileError(`${file}: cannot read the trace file (${code})`);
    throw e;
  } finally {
    reader.close();
  }
}

/**
 * The text form of a replay summary (what `pbtsim replay` prints).
 * @param s - from {@link replayTrace}
 */
export function formatReplay(s: ReplaySummary): string {
  const lines = [`${s.file}: ${s.identical ? 'replay identical' : 'REPLAY DIFFERS'}`];
  if (s.recordedStatus === 'event-budget-exceeded') lines.push(`  the recorded run stopped at its event budget after ${s.eventCount} events; ${s.replayStatus === s.recordedStatus ? 'the replay stopped at the same event' : 'the replay did not'}`);
  else if (GUARD_STOPS.has(s.recordedStatus)) lines.push(`  the recorded run was stopped (${s.recordedStatus}); replayed to the same point, ${s.eventCount} events`);
  else if (s.recordedStatus !== 'empty' && s.recordedStatus !== 'until') lines.push(`  the recorded run ended with ${s.recordedStatus}`);
  lines.push(`  recorded digest      ${s.recordedDigest}`, `  digest of the lines  ${s.fileRecordsDigest}`, `  replayed digest      ${s.replayDigest}`);
  for (const p of s.problems) lines.push(`  ${p}`);
  const d = s.firstDifference;
  if (d !== null) {
    lines.push(`  first differing record: line ${d.line}`);
    lines.push(`    expected ${d.expected ?? '(no more records: the file has extra lines)'}`);
    lines.push(`    found    ${d.found ?? '(the file ends here)'}`);
  }
  return lines.join('\n') + '\n';
}
