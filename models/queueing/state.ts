/**
 * The state of the M/M/c model: servers in use, the waiting line, and running totals. No per-
 * customer history is kept in the state (it would grow with the run); the trace has it.
 *
 * Layout for speed (docs/performance.md): every field a handler writes costs an immer proxy trap,
 * so the state keeps few fields; served = started − busy and the time-integral of busy servers
 * is derived from `totalServiceMs` (service time is known when service starts).
 * @module
 */
import type { TimeMs } from '../../engine/index.js';

/** The immutable state of an M/M/c simulation. */
export interface MmcState {
  /** Servers currently serving. */
  readonly busy: number;
  /**
   * Arrival times (ms) of waiting customers: the line is `queue[queueHead..]`, first in line
   * first. Served entries before `queueHead` are dropped when they make up half the array, so the
   * array stays as short as the line (a dequeue is O(1) amortized, unlike `shift` on a draft).
   */
  readonly queue: readonly TimeMs[];
  /** Index in `queue` of the first customer in line. */
  readonly queueHead: number;
  /** Customers arrived so far. */
  readonly arrivals: number;
  /** Customers whose service has started so far. */
  readonly started: number;
  /** Sum of the waits in queue (arrival to service start) of the `started` customers, in ms. */
  readonly totalWaitMs: number;
  /** Sum of the service times of the `started` customers, ms (includes services still running). */
  readonly totalServiceMs: number;
}

/** The empty system at time 0. */
export const emptyMmcState: MmcState = {
  busy: 0,
  queue: [],
  queueHead: 0,
  arrivals: 0,
  started: 0,
  totalWaitMs: 0,
  totalServiceMs: 0,
};

/** Customers waiting in line. */
export function queueLength(state: MmcState): number {
  return state.queue.length - state.queueHead;
}

