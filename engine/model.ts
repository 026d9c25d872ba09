/**
 * What a model gives the kernel: events as plain data, a rank per event kind, and a handler that
 * changes an immer draft of the state and requests effects through its {@link HandlerContext}.
 * @module
 */
import type { Draft } from 'immer';
import type { RandomStream } from './rng.js';
import type { TimeMs } from './time.js';
import type { TraceValue } from './trace.js';

/**
 * An event: plain data with a `type`. Field names `seq` and `timeMs` are reserved for the trace
 * (a record's `seq` and `timeMs` replace fields of the same name).
 *
 * Gotcha: an event is owned by the kernel once scheduled. Nested objects are copied and the event
 * is frozen (with `autoFreeze`), so a handler always receives exactly what was scheduled.
 */
export interface SimEvent {
  /** The event kind; also the `type` of its trace record. */
  readonly type: string;
  readonly [field: string]: TraceValue | undefined;
}

/** Handle of a scheduled event, for `cancel`. It is the event's insertion seq: plain data. */
export type EventHandle = number & {
  /** Type-level brand only; no such property exists at run time. */
  readonly __brand: 'EventHandle';
};

/**
 * What a handler may do besides changing the draft. Effects are data: `schedule`, `cancel` and
 * `emit` take effect after the handler returns (schedules, then cancels, then emits, each in call
 * order), and not at all if the handler throws.
 */
export interface HandlerContext<E extends SimEvent> {
  /** Current simulated time (the time of the event being handled). */
  readonly now: TimeMs;
  /**
   * Schedules `event` `delayMs` after now.
   * @param delayMs - a non-negative integer; anything else throws `invalid-delay`
   * @param event - plain data (no immer drafts: `draft-in-event`)
   * @returns the handle, usable with `cancel` in this or a later handler
   */
  schedule(delayMs: number, event: E): EventHandle;
  /** Cancels a pending event; cancelling a fired, cancelled or unknown handle does nothing. */
  cancel(handle: EventHandle): void;
  /** The named random stream (see `RngStreams`): same name, same stream, for the whole run. */
  rng(name: string): RandomStream;
  /**
   * Appends a record `{ ...payload, seq, timeMs: now, type }` to the trace, after the record of
   * the event being handled.
   *
   * Gotcha: the payload object becomes the kernel's (it may become the record itself, and it is
   * frozen with `autoFreeze`): pass a fresh object and do not change it afterwards. Nested objects
   * are copied unless they are frozen plain objects or arrays, which are kept as they are.
   */
  emit(type: string, payload?: Readonly<Record<string, TraceValue | undefined>>): void;
}

/**
 * What the run-framing hooks ({@link Model.start}, {@link Model.finish}) may do: read the time and
 * append records. A record emitted here is appended at once (in call order), to the digest and the
 * sink, at time `now`.
 */
export interface FramingContext {
  /** Current simulated time (0 for `start` on a fresh simulation; the last event's for `finish`). */
  readonly now: TimeMs;
  /** Appends a record `{ ...payload, seq, timeMs: now, type }` to the trace. */
  emit(type: string, payload?: Readonly<Record<string, TraceValue | undefined>>): void;
}

/** How a run ended, as handed to {@link Model.finish} by `Simulation.finish(status)`. */
export interface RunEnd {
  /**
   * The status the caller passed: a `RunStatus` (`empty`, `until`, `stopped`), a
   * `SimulationErrorCode` (`event-budget-exceeded`, `handler-failed`, ...) or a status of the
   * caller's own (e.g. `wall-budget-exceeded`).
   */
  readonly status: string;
  /** Simulated time at the end. */
  readonly nowMs: TimeMs;
  /** Events processed in total. */
  readonly eventCount: number;
  /** Events still pending in the agenda. */
  readonly pendingCount: number;
}

/** A model: the rank of each event kind and a handler. */
export interface Model<S, E extends SimEvent> {
  /** Name, used in messages. */
  readonly name: string;
  /** Tie-break rank of an event among events at the same time (smaller first). */
  rank(event: E): number;
  /**
   * Applies `event` to the draft state.
   *
   * Gotcha: the draft may span many events (see `SimulationOptions.batchSize`); never keep a
   * reference to it or to anything read from it after returning.
   */
  handle(draft: Draft<S>, event: E, ctx: HandlerContext<E>): void;
  /**
   * Optional: called once, before the first event of the simulation is processed (or by
   * `finish` when no event ever was), so its records come first in the trace (a run header).
   * @param state - the initial state (frozen with `autoFreeze`; never mutate it)
   */
  start?(state: S, ctx: FramingContext): void;
  /**
   * Optional: called once by `Simulation.finish(status)`, after the last event, so its records
   * come last in the trace (a run footer). They are in the digest.
   * @param state - the final state (frozen with `autoFreeze`; never mutate it)
   */
  finish?(state: S, ctx: FramingContext, end: RunEnd): void;
}

/**
 * Chooses which of several events with the same (time, rank) fires first. The default order is
 * FIFO (insertion seq); a tie breaker replaces it, e.g. with a seeded shuffle or an exhaustive
 * enumeration.
 */
export interface TieBreaker<E extends SimEvent> {
  /**
   * @param candidates - the tied events, in seq order (at least two)
   * @param timeMs - their common time
   * @returns the index in `candidates` of the event to fire now
   */
  choose(candidates: readonly E[], timeMs: TimeMs): number;
}
