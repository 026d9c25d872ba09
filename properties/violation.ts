/**
 * What an invariant reports, and the whole-trace shape of an invariant (`check(trace)`), which
 * every monitor also offers (properties/monitors/index.ts).
 * @module
 */
import type { TraceRecord } from '../engine/index.js';

/** One broken rule found in a trace. */
export interface Violation {
  /** The invariant's name. */
  readonly invariant: string;
  /** Clause IDs of the catalog that the rule comes from. */
  readonly clauses: readonly string[];
  /** What went wrong, in a sentence. */
  readonly message: string;
  /** Trace time of the offending record, when there is one. */
  readonly atMs: number | null;
  /** Session and task concerned, when known. */
  readonly session: string | null;
  readonly taskId: number | null;
}

/** An invariant over a whole trace: `(trace) => Violation[]`, with its name and clauses. */
export interface Invariant {
  readonly name: string;
  readonly clauses: readonly string[];
  readonly description: string;
  check(trace: readonly TraceRecord[]): Violation[];
}
