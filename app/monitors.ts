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
import type { TraceRecord, TraceValue } from '../engine/index.js';
import { DEFAULT_POLICIES, type CompiledScenario } from '../models/pbt/index.js';
import { checkTrace, FOOTER_TYPE, HEADER_TYPE, type Violation } from '../properties/index.js';
import type { RecordFold } from './folds.js';

/** Records the temporary adapter keeps at most before it gives up checking. */
export const DEFAULT_MONITOR_RECORD_CAP = 400_000;

/** How the run ended, for the `pbt.runEnd` framing record. */
export interface MonitorRunEnd {
  readonly status: string;
  readonly endTimeMs: number;
}

/** The monitors' verdict. */
export interface MonitorVerdict {
  readonly violations: Violation[];
  /** Why the invariants were not checked, or null when they were. */
  readonly skipped: string | null;
}

/** The invariant monitors as a fold of the pipeline. */
export class MonitorFold implements RecordFold {
  private records: TraceRecord[] = [];
  private last: TraceRecord | undefined;
  private skippedAt: number | null = null;

  /**
   * @param sc - the compiled scenario (for the `pbt.server` framing record)
   * @param cap - most records kept (temporary adapter)
   */
  constructor(private readonly sc: CompiledScenario, private readonly cap = DEFAULT_MONITOR_RECORD_CAP) {}

  /** @inheritdoc */
  step(record: TraceRecord): void {
    this.last = record;
    if (this.skippedAt !== null) return;
    if (this.records.length >= this.cap) {
      this.skippedAt = this.records.length;
      this.records = [];
      return;
    }
    this.records.push(record);
  }

  /** Checks the run (all invariants) and releases the records. */
  finish(end: MonitorRunEnd): MonitorVerdict {
    if (this.skippedAt !== null) {
      return { violations: [], skipped: `invariants not checked: the run has more than ${this.cap} records, the most the interim batch checker keeps (online monitors pending)` };
    }
    const policies: Record<string, TraceValue> = {};
    for (const [k, v] of Object.entries(this.sc.policies)) {
      if (v !== DEFAULT_POLICIES[k as keyof typeof DEFAULT_POLICIES]) policies[k] = v as TraceValue;
    }
    const header: TraceRecord = {
      seq: -1, timeMs: 0, type: HEADER_TYPE,
      run: { mode: this.sc.mode, server: { ...this.sc.server }, updates: this.sc.serverUpdates.map((u) => ({ ...u.server })), policies },
    };
    const footer: TraceRecord = { seq: (this.last?.seq ?? -1) + 1, timeMs: Math.max(this.last?.timeMs ?? 0, end.endTimeMs), type: FOOTER_TYPE, status: end.status };
    const trace = [header, ...this.records, footer];
    this.records = [];
    return { violations: checkTrace(trace), skipped: null };
  }
}
