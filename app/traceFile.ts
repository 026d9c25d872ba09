/**
 * The trace file (`pbtsim run --trace out.jsonl`), streamed to disk through the output module:
 * line 1 a header meta line, then one canonical record per line (the digested trace), then a
 * footer meta line. The meta lines are not part of the digest. See docs/trace-format.md.
 * @module
 */
import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { canonicalJson, type TraceRecord } from '../engine/index.js';
import type { RecordFold } from './folds.js';
import { AtomicFile } from './output/index.js';

/** The format tag of trace files. */
export const TRACE_FORMAT = 'pbtsim-trace/1';

/** The header meta line. */
export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly kind: 'header';
  /** The scenario file, relative to the working directory of the run (informative only). */
  readonly file: string;
  /** The seed the run used. */
  readonly seed: number | string;
  /** The scenario as given (replay compiles it again). */
  readonly scenario: unknown;
  /** `sha256:` of the scenario's canonical JSON: replay notices an edited scenario. */
  readonly scenarioDigest: string;
}

/** The footer meta line. */
export interface TraceFooter {
  readonly format: typeof TRACE_FORMAT;
  readonly kind: 'footer';
  /** The digest of the record lines. */
  readonly digest: string;
  readonly eventCount: number;
  /** Number of record lines. */
  readonly records: number;
  /** How the run ended (`empty`, `until`, `event-budget-exceeded`, `wall-budget-exceeded`, …). */
  readonly status: string;
  readonly endTimeMs: number;
  /** Tasks enqueued and EnqueueBackgroundTask calls. */
  readonly tasks: number;
  readonly enqueueCalls: number;
}

/** A path as stored in trace headers: relative to the working directory. */
export function storedPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel === '' ? '.' : rel;
}

/** Streams a trace file; a {@link RecordFold} of the pipeline. */
export class TraceFileWriter implements RecordFold {
  private readonly file: AtomicFile;

  /**
   * Creates the temp file and writes the header.
   * @param target - the trace file to produce
   * @param header - scenario, seed, file name (stored relative to the working directory)
   */
  constructor(target: string, header: Omit<TraceHeader, 'format' | 'kind' | 'scenarioDigest'>) {
    this.file = new AtomicFile(target, '--trace');
    this.file.write(canonicalJson({ ...header, format: TRACE_FORMAT, kind: 'header', file: storedPath(header.file), scenarioDigest: scenarioDigestOf(header.scenario) }) + '\n');
  }

  /** The trace file's path. */
  get target(): string {
    return this.file.target;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.file.bytes;
  }

  /** @inheritdoc */
  readonly usesLines = true;

  /** @inheritdoc */
  step(_record: TraceRecord, line: string): void {
    this.file.write(line);
    this.file.write('\n');
  }

  /** Writes the footer and renames the file into place. @throws OutputError */
  commit(footer: Omit<TraceFooter, 'format' | 'kind'>): void {
    this.file.write(canonicalJson({ ...footer, format: TRACE_FORMAT, kind: 'footer' }) + '\n');
    this.file.commit();
  }

  /** Removes the temp file (the target is untouched). */
  discard(): void {
    this.file.discard();
  }
}

/** The digest of a scenario as trace headers store it (`scenarioDigest`). */
export function scenarioDigestOf(scenario: unknown): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}
