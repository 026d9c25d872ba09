/**
 * The tee of a run: the simulation hands every record (and its canonical line) to one sink,
 * which passes it to each fold (monitors, the result fold, the run-report fold, the trace
 * writer). Nothing here keeps records: a fold that needs a record array says so
 * ({@link RecordCollector}) and is only used when a caller asked for one.
 * @module
 */
import type { TraceRecord, TraceSink } from '../engine/index.js';

/** Something that folds the records of a run, in trace order. */
export interface RecordFold {
  /** One record (with its canonical JSON line, for writers; empty unless {@link usesLines}). */
  step(record: TraceRecord, line: string): void;
  /** True for a fold that reads the canonical line (a trace writer); others get an empty one. */
  readonly usesLines?: boolean;
}

/**
 * The sink the pipeline gives the simulation. An error thrown by a fold (a full disk under the
 * trace writer, a bug in a monitor) is kept, not rethrown into the engine (which would report it
 * as a bad record): later records are ignored and the pipeline's stop predicate ends the run
 * after the current event, then reports the error itself.
 */
export class FoldSink implements TraceSink {
  /** The first error a fold threw, if any. */
  failure: unknown = undefined;
  /** True once a fold has thrown. */
  failed = false;
  /** Records handed on. */
  records = 0;
  private readonly list: RecordFold[];
  /** @inheritdoc */
  readonly needsLines: boolean;

  /** @param folds - the folds, in the order they see each record */
  constructor(folds: readonly RecordFold[]) {
    this.list = [...folds];
    this.needsLines = folds.some((f) => f.usesLines === true);
  }

  /** @inheritdoc */
  write(record: TraceRecord, line: string): void {
    if (this.failed) return;
    this.records++;
    const list = this.list;
    try {
      for (let i = 0; i < list.length; i++) list[i]!.step(record, line);
    } catch (e) {
      this.failed = true;
      this.failure = e;
    }
  }

  /** @inheritdoc */
  close(): void {}
}

/** Keeps every record (only when a caller asks for the trace, e.g. a batch report). */
export class RecordCollector implements RecordFold {
  /** The records, in trace order. */
  readonly records: TraceRecord[] = [];
  /** @inheritdoc */
  step(record: TraceRecord): void {
    this.records.push(record);
  }
}
