/**
 * The shape of an invariant monitor: a fold over the records of a run. `create` is called once
 * the run header is known (first record); the handlers then see every record of the types they
 * name, in trace order, after the shared state (properties/monitors/state.ts) has taken it in;
 * `instantEnd` runs when the time changes and after the last record; `forget` when a task
 * leaves the window of recently forgotten tasks for good; `finish` at the end, with the live
 * and recently forgotten tasks still reachable.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { PbtRecordOf, PbtRecordType, ServerUpdateRecord } from '../../models/pbt/records.js';
import type { Violation } from '../violation.js';
import type { MonitorState, SessionView, TaskView } from './state.js';

/** A handler of one record type: the record, its session's view, its live task if any. @internal */
export type RecordHandler<R> = (r: R, s: SessionView, t: TaskView | undefined) => void;

/** Handlers by record type (`pbt.*` and the `server.update` event). @internal */
export type RecordHandlers = { readonly [T in PbtRecordType]?: RecordHandler<PbtRecordOf<T>> } & {
  readonly 'server.update'?: RecordHandler<ServerUpdateRecord>;
};

/** What a monitor does with a run. @internal */
export interface MonitorHandlers {
  readonly on?: RecordHandlers;
  /** Every record, before the typed handler. */
  readonly any?: (r: TraceRecord, s: SessionView) => void;
  /** The instant of `prev` is over: `next` has another time, or is null after the last record. */
  readonly instantEnd?: (prev: TraceRecord, next: TraceRecord | null) => void;
  /**
   * True when the monitor calls `wake()` (the third argument of `create`) whenever it buffers
   * something of the instant: `instantEnd` then runs only at the end of such instants (once per
   * `wake`, so a monitor that must look again at the next instant's end wakes again inside it).
   * Otherwise `instantEnd` runs at the end of every instant.
   */
  readonly wakes?: boolean;
  /** The task is gone for good: no later record will reach it. */
  readonly forget?: (t: TaskView) => void;
  /** After the last record and its instant. */
  readonly finish?: () => void;
}

/** An invariant as a monitor: name, clauses, description and the fold. @internal */
export interface MonitorSpec {
  readonly name: string;
  readonly clauses: readonly string[];
  readonly description: string;
  /**
   * Starts the monitor on a run.
   * @param state - the shared state (header already read)
   * @param out - where the monitor pushes its violations
   * @param wake - asks for `instantEnd` at the end of the current instant (see {@link MonitorHandlers.wakes})
   * @returns the handlers, or null when the run's policies put the rule out of scope
   */
  create(state: MonitorState, out: Violation[], wake: () => void): MonitorHandlers | null;
}

/** Builds a violation of `inv` located at record `r`. @internal */
export function violation(inv: Pick<MonitorSpec, 'name' | 'clauses'>, message: string, r: TraceRecord | null, taskId?: number | null): Violation {
  const session = r === null ? null : r['session'];
  const id = r === null ? null : r['taskId'];
  return {
    invariant: inv.name, clauses: inv.clauses, message, atMs: r?.timeMs ?? null,
    session: typeof session === 'string' ? session : null,
    taskId: taskId !== undefined ? taskId : typeof id === 'number' ? id : null,
  };
}
