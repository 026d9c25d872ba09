/**
 * The invariant monitors of a run, as a fold of the pipeline: every record goes to the online
 * monitor set of properties/ (`createMonitorSet`, brief interface 2), whose memory is the live
 * tasks and the current instant, never the run's length. `finish` returns the violations.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import { createMonitorSet, type MonitorSet, type Violation } from '../properties/index.js';
import type { RecordFold } from './folds.js';

/** The invariant monitors as a fold of the pipeline. */
export class MonitorFold implements RecordFold {
  private readonly set: MonitorSet;

  /** @param invariants - only these invariants (default: all) */
  constructor(invariants?: readonly string[]) {
    this.set = createMonitorSet(invariants !== undefined ? { invariants } : {});
  }

  /** @inheritdoc */
  step(record: TraceRecord): void {
    this.set.step(record);
  }

  /** The violations of the run (call once, after the last record). */
  finish(): Violation[] {
    return this.set.finish();
  }
}
