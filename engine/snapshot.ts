/**
 * Snapshots: a whole run between two events as plain data (JSON-safe when the state is), and
 * their validation on restore.
 * @module
 */
import { SimulationError } from './errors.js';
import type { SimEvent } from './model.js';
import type { Seed, StreamState } from './rng.js';
import type { TimeMs } from './time.js';
import type { DigestState } from './trace.js';

/** One pending event of a snapshot. */
export interface PendingEvent<E extends SimEvent> {
  /** When it fires. */
  readonly timeMs: TimeMs;
  /** Its rank (from `Model.rank`). */
  readonly rank: number;
  /** Its insertion seq (= its handle). */
  readonly seq: number;
  /** The event. */
  readonly event: E;
}

/** A whole run at a point between events, as plain data. */
export interface SimulationSnapshot<S, E extends SimEvent> {
  /** Format tag, checked on restore. */
  readonly format: 'pbtsim-snapshot/1';
  /** The run's master seed. */
  readonly seed: Seed;
  /** Simulated time. */
  readonly nowMs: TimeMs;
  /** The model state. */
  readonly state: S;
  /** Pending events in firing order. */
  readonly pending: readonly PendingEvent<E>[];
  /** The seq the next scheduled event gets. */
  readonly nextSeq: number;
  /** Events processed so far. */
  readonly eventCount: number;
  /** The seq the next trace record gets. */
  readonly traceSeq: number;
  /** States of every random stream created so far. */
  readonly rng: Readonly<Record<string, StreamState>>;
  /** State of the rolling trace digest. */
  readonly digest: DigestState;
  /** Whether `Model.start` already ran (absent in older snapshots: true when the trace has records). */
  readonly started?: boolean;
  /** Whether `Simulation.finish` was called (absent in older snapshots: false). */
  readonly finished?: boolean;
}

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * Throws `invalid-snapshot` unless `snap` has the snapshot format's shape and its counters agree.
 * @internal
 */
export function checkSnapshot(snap: SimulationSnapshot<unknown, SimEvent>): void {
  const bad = (reason: string): never => {
    throw new SimulationError('invalid-snapshot', { reason });
  };
  if (snap === null || typeof snap !== 'object') bad('not an object');
  if (snap.format !== 'pbtsim-snapshot/1') bad(`unknown format ${String(snap.format)}`);
  if (!isCount(snap.nowMs)) bad('nowMs must be a non-negative integer');
  if (!isCount(snap.nextSeq) || !isCount(snap.eventCount) || !isCount(snap.traceSeq)) bad('counters must be non-negative integers');
  if (!Array.isArray(snap.pending)) bad('pending must be an array');
  if (snap.rng === null || typeof snap.rng !== 'object') bad('rng must be an object');
  const d = snap.digest as DigestState | undefined;
  if (d === undefined || typeof d.chain !== 'string' || typeof d.buffer !== 'string' || !isCount(d.records)) bad('digest state is malformed');
  if (snap.started !== undefined && typeof snap.started !== 'boolean') bad('started must be a boolean');
  if (snap.finished !== undefined && typeof snap.finished !== 'boolean') bad('finished must be a boolean');
  const seen = new Set<number>();
  for (const p of snap.pending) {
    if (!isCount(p.seq) || p.seq >= snap.nextSeq || seen.has(p.seq)) bad(`pending event seq ${String(p.seq)} is inconsistent`);
    if (!isCount(p.timeMs) || p.timeMs < snap.nowMs) bad(`pending event seq ${p.seq} fires before nowMs`);
    if (!Number.isFinite(p.rank)) bad(`pending event seq ${p.seq} has no finite rank`);
    if (p.event === null || typeof p.event !== 'object' || typeof p.event.type !== 'string') bad(`pending event seq ${p.seq} has no type`);
    seen.add(p.seq);
  }
}
