/**
 * The invariant monitors of a run, as a fold.
 *
 * TEMPORARY ADAPTER (until `createMonitorSet` of properties/ lands, brief interface 2): the
 * invariants are still batch functions over a record array, so this fold keeps the records of
 * the run, up to {@link DEFAULT_MONITOR_RECORD_CAP}, and checks them at the end. A longer run is
 * not checked: the records kept so far are dropped at once (memory stays bounded) and the run
 * gets a `monitorsSkipped` warning saying so. The swap to the online monitors is this file only.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import { checkTrace, type Violation } from '../properties/index.js';
import type { RecordFold } from './folds.js';

/** Records the temporary adapter keeps at most before it gives up checking. */
export const DEFAULT_MONITOR_RECORD_CAP = 400_000;

/** The monitors' verdict. */
export interface MonitorVerdict {
  readonly violations: Violation[];
  /** Why the invariants were not checked, or null when they were. */
  readonly skipped: string | null;
}

/** The invariant monitors as a fold of the pipeline. */
export class MonitorFold implements RecordFold {
  private records: TraceRecord[] = [];
  private skippedAt: number | null = null;

  /** @param cap - most records kept (temporary adapter) */
  constructor(private readonly cap = DEFAULT_MONITOR_RECORD_CAP) {}

  /** @inheritdoc */
  step(record: TraceRecord): void {
    if (this.skippedAt !== null) return;
    if (this.records.length >= this.cap) {
      this.skippedAt = this.records.length;
      this.records = [];
      return;
    }
    this.records.push(record);
  }

  /** Checks the run (all invariants) and releases the records. */
  finish(): MonitorVerdict {
    if (this.skippedAt !== null) {
      return { violations: [], skipped: `invariants not checked: the run has more than ${this.cap} records, the most the interim batch checker keeps (online monitors pending)` };
    }
    // The model frames its trace itself (pbt.server first, pbt.runEnd last).
    const trace = this.records;
    this.records = [];
    return { violations: checkTrace(trace), skipped: null };
  }
}
