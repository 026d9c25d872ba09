/**
 * Run framing: the two records the model emits around the event records of every run, so a trace
 * carries its own context (interface 1 of the team brief; docs/trace-format.md).
 *
 * | type | when | fields |
 * |---|---|---|
 * | `pbt.server` | the first record of every run, at time 0 (engine `Model.start`) | `mode` (`client` or `headless`), `server` (the settings in force at 0, in ms), `updates` (the settings after each `server.update` event, index = the event's `update`), `policies` (policy values that differ from `DEFAULT_POLICIES` only) |
 * | `pbt.runEnd` | the last record, from `Simulation.finish(status)` (engine `Model.finish`) | `status` (see {@link RUN_END_STATUSES}), `error` (the engine error code behind a `model-failure`, else null), `endTimeMs`, `eventCount`, `pendingEvents`, `sessions`, `tasks` (successful enqueues), `enqueueCalls`, `failedEnqueues`, `completed`, `failed`, `timedOut`, `cancelled` (terminal outcomes so far), `unended` (tasks still waiting or holding a slot), `awaitingDelivery` (ended tasks whose result the idle scheduler has not yet delivered or dropped) |
 *
 * Both records are in the digest. Every field is always present (null where it does not apply),
 * so each record has one shape.
 * @module
 */
import type { FramingContext, RunEnd, TraceValue } from '../../engine/index.js';
import { DEFAULT_POLICIES, type Policies } from './policies.js';
import { RUN_END_RECORD, SERVER_RECORD, type PbtPayload, type RunEndStatus } from './records.js';
import type { CompiledScenario } from './scenario.js';
import type { PbtState, ServerSettings, SessionState } from './state.js';

/** The `status` values of `pbt.runEnd`, in the order of interface 1 of the brief. */
export const RUN_END_STATUSES: readonly RunEndStatus[] = [
  'empty', 'until', 'stopped', 'event-budget-exceeded', 'wall-budget-exceeded', 'heap-budget-exceeded',
  'trace-budget-exceeded', 'model-failure',
];

/** Fields of the `pbt.server` record (besides `seq`, `timeMs`, `type`). */
export interface ServerRecordFields {
  /** The scenario's mode. */
  readonly mode: 'client' | 'headless';
  /** The settings in force at time 0 (ms). */
  readonly server: ServerSettings;
  /** The settings after each `server.update` event (index = the event's `update`). */
  readonly updates: readonly ServerSettings[];
  /** Policy values that differ from `DEFAULT_POLICIES`. */
  readonly policies: { readonly [K in keyof Policies]?: Policies[K] };
}

/** Fields of the `pbt.runEnd` record the model writes (besides `seq`, `timeMs`, `type`). */
export interface RunEndFields {
  /** How the run ended. */
  readonly status: RunEndStatus;
  /** The engine error code behind a `model-failure` (e.g. `handler-failed`), else null. */
  readonly error: string | null;
  /** Simulated time of the last event. */
  readonly endTimeMs: number;
  /** Events processed. */
  readonly eventCount: number;
  /** Events still pending in the agenda. */
  readonly pendingEvents: number;
  /** Parent sessions. */
  readonly sessions: number;
  /** Successful enqueues (tasks given a TaskId). */
  readonly tasks: number;
  /** EnqueueBackgroundTask calls, failed ones included. */
  readonly enqueueCalls: number;
  /** Enqueue calls that failed. */
  readonly failedEnqueues: number;
  /** Tasks that completed. */
  readonly completed: number;
  /** Tasks whose codeunit failed. */
  readonly failed: number;
  /** Tasks that timed out. */
  readonly timedOut: number;
  /** Tasks that were cancelled. */
  readonly cancelled: number;
  /** Tasks still waiting or holding a slot. */
  readonly unended: number;
  /** Ended tasks whose result was neither delivered nor dropped yet. */
  readonly awaitingDelivery: number;
}

// Both are the typed payloads of records.ts (checked here at compile time; RunEndFields adds counts).
type Assignable<A extends B, B> = A;
type _ServerChecked = Assignable<ServerRecordFields, PbtPayload<'pbt.server'>>;
type _RunEndChecked = Assignable<RunEndFields, Required<PbtPayload<'pbt.runEnd'>>>;

const KNOWN = new Set<string>(RUN_END_STATUSES);

/** The `pbt.server` fields of a compiled scenario. @internal */
export function serverRecord(sc: CompiledScenario): ServerRecordFields {
  const policies: { -readonly [K in keyof Policies]?: Policies[K] } = {};
  for (const k of Object.keys(DEFAULT_POLICIES).sort() as (keyof Policies)[]) {
    if (sc.policies[k] !== DEFAULT_POLICIES[k]) (policies as Record<string, unknown>)[k] = sc.policies[k];
  }
  return { mode: sc.mode, server: sc.server, updates: sc.serverUpdates.map((u) => u.server), policies };
}

/** Visits every session of a state. @internal */
export function forEachSession(state: PbtState, fn: (s: SessionState) => void): void {
  for (const s of state.sessions) fn(s);
}

/** The `pbt.runEnd` fields for the final state and how the run ended. @internal */
export function runEndRecord(state: PbtState, end: RunEnd): RunEndFields {
  const status: RunEndStatus = KNOWN.has(end.status) ? (end.status as RunEndStatus) : 'model-failure';
  let sessions = 0, tasks = 0, enqueueCalls = 0, completed = 0, failed = 0, timedOut = 0, cancelled = 0, unended = 0, awaitingDelivery = 0;
  forEachSession(state, (s) => {
    sessions++;
    tasks += s.nextTaskId - 1; // A16: TaskIds 1, 2, … are given to successful enqueues only
    enqueueCalls += s.counts.enqueueCalls;
    completed += s.counts.completed;
    failed += s.counts.failed;
    timedOut += s.counts.timedOut;
    cancelled += s.counts.cancelled;
    awaitingDelivery += s.deliveries.length;
    unended += s.waiting.length + s.running.length;
  });
  return {
    status, error: status === 'model-failure' && end.status !== 'model-failure' ? end.status : null,
    endTimeMs: end.nowMs, eventCount: end.eventCount, pendingEvents: end.pendingCount, sessions, tasks, enqueueCalls,
    failedEnqueues: enqueueCalls - tasks, completed, failed, timedOut, cancelled, unended, awaitingDelivery,
  };
}

/** Emits `pbt.server` (engine `Model.start`). @internal */
export function emitServer(fields: ServerRecordFields, ctx: FramingContext): void {
  ctx.emit(SERVER_RECORD, fields as unknown as Readonly<Record<string, TraceValue>>);
}

/** Emits `pbt.runEnd` (engine `Model.finish`). @internal */
export function emitRunEnd(state: PbtState, ctx: FramingContext, end: RunEnd): void {
  ctx.emit(RUN_END_RECORD, runEndRecord(state, end) as unknown as Readonly<Record<string, TraceValue>>);
}
