/**
 * The shape of an invariant: a pure function over a trace, tagged with the clause IDs it checks.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';

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

/** An invariant: `(trace) => Violation[]`, with its name and clauses. */
export interface Invariant {
  readonly name: string;
  readonly clauses: readonly string[];
  readonly description: string;
  check(trace: readonly TraceRecord[]): Violation[];
}
