/**
 * The tee of a run: the simulation hands every record (and its canonical line) to one sink,
 * which passes it to each fold (monitors, the result fold, the run-report fold, the trace
 * writer). Nothing here keeps records: a fold that needs a record array says so
 * ({@link RecordCollector}) and is only used when a caller asked for one.
 * @module
 */
import type { TraceRecord, TraceSink } from '../engine/index.js';

/**
 * Records handed on at once (see {@link FoldSink}): enough to keep each fold's code hot, few enough
 * that the records are still young when the folds read them. 128 to 8,192 measured alike.
 */
export const BATCH = 1024;

/** Something that folds the records of a run, in trace order. */
export interface RecordFold {
  /** One record (with its canonical JSON line, for writers; empty unless {@link usesLines}). */
  step(record: TraceRecord, line: string): void;
  /** True for a fold that reads the canonical line (a trace writer); others get an empty one. */
  readonly usesLines?: boolean;
  /**
   * The record types the fold reads, when it reads only some (the result fold): with the check
   * thread, the pipeline then neither builds nor hands on the others. Default: every type.
   */
  readonly recordTypes?: ReadonlySet<string>;
}

/**
 * The sink the pipeline gives the simulation. It hands records on in batches of `BATCH`:
 * each fold takes the whole batch, in trace order, before the next fold does. A fold sees exactly
 * the records it saw one at a time, in the same order (folds share nothing), but each fold's code
 * and data stay in the caches for a thousand records instead of being evicted by the model and the
 * other folds after every record: this alone took 10 % off the 1,000-user `run --json`
 * (docs/performance.md). The batch is bounded, so memory stays flat; {@link FoldSink.flush} hands
 * on the rest (simulate calls it after the run's last record).
 *
 * An error thrown by a fold (a full disk under the trace writer, a bug in a monitor) is kept, not
 * rethrown into the engine (which would report it as a bad record): later records are ignored and
 * the pipeline's stop predicate ends the run after the current event, then reports the error
 * itself. Because of the batch, what a fold does is seen up to `BATCH` records late: the run
 * stops up to that many records after a fold failed, and the trace budget (guards.ts) sees the
 * trace file's size up to that many lines late. Both points are still a function of the records
 * alone (batches end at fixed counts), so a run stops at the same record in every process.
 */
export class FoldSink implements TraceSink {
  /** The first error a fold threw, if any. */
  failure: unknown = undefined;
  /** True once a fold has thrown. */
  failed = false;
  /** Records taken (handed on, or waiting in the batch until the next flush). */
  records = 0;
  private readonly list: RecordFold[];
  private readonly batch: TraceRecord[] = [];
  private readonly lines: string[] = [];
  private pending = 0;
  /** @inheritdoc */
  readonly needsLines: boolean;
  /** @inheritdoc */
  readonly recordTypes?: ReadonlySet<string>;

  /** @param folds - the folds, in the order they see each record */
  constructor(folds: readonly RecordFold[]) {
    this.list = [...folds];
    this.needsLines = folds.some((f) => f.usesLines === true);
    // The types the folds read, when every fold names its own.
    if (folds.every((f) => f.recordTypes !== undefined)) {
      const types = new Set<string>();
      for (const f of folds) for (const t of f.recordTypes!) types.add(t);
      this.recordTypes = types;
    }
  }

  /** @inheritdoc */
  write(record: TraceRecord, line: string): void {
    if (this.failed) return;
    this.records++;
    const n = this.pending;
    this.batch[n] = record;
    if (this.needsLines) this.lines[n] = line;
    if ((this.pending = n + 1) >= BATCH) this.flush();
  }

  /** Hands the buffered records to the folds. */
  flush(): void {
    const n = this.pending;
    if (n === 0) return;
    this.pending = 0;
    if (this.failed) return;
    const batch = this.batch;
    const lines = this.lines;
    const withLines = this.needsLines;
    const list = this.list;
    try {
      for (let i = 0; i < list.length; i++) {
        const f = list[i]!;
        for (let j = 0; j < n; j++) f.step(batch[j]!, withLines ? lines[j]! : '');
      }
    } catch (e) {
      this.failed = true;
      this.failure = e;
    }
  }

  /** @inheritdoc */
  close(): void {
    this.flush();
  }
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
