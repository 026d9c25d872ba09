/**
 * Lifecycle coverage: which transitions of the task lifecycle (queued → running → completed |
 * failed | timedOut | cancelled, plus rejection, delivery, drop and what the user saw) a set of
 * runs reached, with counts. Every transition is listed, reached or not.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { RunResultContract } from '../models/pbt/index.js';

/** Transition names, in display order. */
export const TRANSITIONS = [
  'enqueue accepted',
  'enqueue rejected (returned false)',
  'enqueue rejected (runtime error)',
  'queued → started at once',
  'queued → started after waiting',
  'queued → cancelled (recordChanged)',
  'queued → cancelled (pageClosed)',
  'queued → cancelled (cancelBackgroundTask)',
  'queued → cancelled (sessionClosed)',
  'started → completed',
  'started → failed',
  'started → timedOut',
  'started → cancelled (recordChanged)',
  'started → cancelled (pageClosed)',
  'started → cancelled (cancelBackgroundTask)',
  'started → cancelled (sessionClosed)',
  'delivered → OnPageBackgroundTaskCompleted',
  'delivered → OnPageBackgroundTaskError',
  'dropped at delivery',
  'error surfaced as none',
  'error surfaced as warning',
  'error surfaced as error',
  'error raised in a trigger',
  'still queued or running at the end',
] as const;

/** A transition name. */
export type Transition = (typeof TRANSITIONS)[number];

/** Transition → count, every transition present (0 = not reached). */
export type LifecycleCounts = Record<Transition, number>;

/** All transitions at 0. */
export function emptyLifecycle(): LifecycleCounts {
  return Object.fromEntries(TRANSITIONS.map((t) => [t, 0])) as LifecycleCounts;
}

/**
 * Adds one run's transitions to `into`.
 * @param into - counts to add to (changed in place and returned)
 * @param result - the run's result contract
 * @param records - its trace (for surfaced errors and trigger errors)
 */
export function addLifecycle(into: LifecycleCounts, result: RunResultContract, records: readonly TraceRecord[]): LifecycleCounts {
  // A value outside the vocabulary (a newer model) is not counted rather than counted as NaN.
  const bump = (t: Transition): void => {
    if (TRANSITIONS.includes(t)) into[t] += 1;
  };
  for (const c of result.enqueueCalls) {
    if (c.ok) bump('enqueue accepted');
    else bump(c.runtimeError === null ? 'enqueue rejected (returned false)' : 'enqueue rejected (runtime error)');
  }
  for (const t of result.tasks) {
    if (t.startedAtMs !== null) bump(t.startedAtMs > t.enqueuedAtMs ? 'queued → started after waiting' : 'queued → started at once');
    if (t.outcome === null) bump('still queued or running at the end');
    else if (t.outcome === 'cancelled') bump(`${t.startedAtMs === null ? 'queued' : 'started'} → cancelled (${t.cancelReason ?? 'cancelBackgroundTask'})` as Transition);
    else bump(`started → ${t.outcome}`);
    if (t.delivery === 'delivered' && t.trigger !== null) bump(`delivered → ${t.trigger}`);
    if (t.delivery === 'dropped') bump('dropped at delivery');
  }
  for (const r of records) {
    if (r.type === 'pbt.surface' && r['taskId'] !== null) bump(`error surfaced as ${String(r['surfacedAs'])}` as Transition);
    if (r.type === 'pbt.triggerError') bump('error raised in a trigger');
  }
  return into;
}
