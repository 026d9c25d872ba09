/**
 * Invariants over traces of the page-background-task model, for `pbtsim run`, the property
 * suites and users' own traces.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import { maxConcurrency } from './invariants/concurrency.js';
import type { Invariant, Violation } from './invariants/types.js';

export type { Invariant, Violation } from './invariants/types.js';

/** Every invariant, in report order. */
export const INVARIANTS: readonly Invariant[] = [maxConcurrency];

/**
 * Runs every invariant (or those named) over a trace.
 * @param trace - the records of a run
 * @param names - restrict to these invariants
 * @returns all violations, in invariant order
 */
export function checkTrace(trace: readonly TraceRecord[], names?: readonly string[]): Violation[] {
  const out: Violation[] = [];
  for (const inv of INVARIANTS) if (names === undefined || names.includes(inv.name)) out.push(...inv.check(trace));
  return out;
}
