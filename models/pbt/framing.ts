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
import { DEFAULT_POLICIES } from './policies.js';
import type { CompiledScenario } from './scenario.js';
import type { PbtState, ServerSettings, SessionState } from './state.js';

/** The `status` values of `pbt.runEnd`. */
export const RUN_END_STATUSES = [
  'empty', 'until', 'stopped', 'event-budget-exceeded', 'wall-budget-exceeded', 'heap-budget-exceeded',
  'trace-budget-exceeded', 'model-failure',
] as const;

/** A `status` of `pbt.runEnd`: the engine's run status, a budget the caller enforced, or a model failure. */
export type RunEndStatus = (typeof RUN_END_STATUSES)[number];

/** Fields of the `pbt.server` record (besides `seq`, `timeMs`, `type`). */
export interface ServerRecordFields {
  readonly mode: 'client' | 'headless';
  readonly server: ServerSettings;
  readonly updates: readonly ServerSettings[];
  readonly policies: Readonly<Record<string, string | number | boolean>>;
}

/** Fields of the `pbt.runEnd` record (besides `seq`, `timeMs`, `type`). */
export interface RunEndFields {
  readonly status: RunEndStatus;
  readonly error: string | null;
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly pendingEvents: number;
  readonly sessions: number;
  readonly tasks: number;
  readonly enqueueCalls: number;
  readonly failedEnqueues: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly cancelled: number;
  readonly unended: number;
  readonly awaitingDelivery: number;
}

const KNOWN = new Set<string>(RUN_END_STATUSES);

/** The `pbt.server` fields of a compiled scenario. @internal */
export function serverRecord(sc: CompiledScenario): ServerRecordFields {
  const policies: Record<string, string | number | boolean> = {};
  for (const k of Object.keys(DEFAULT_POLICIES).sort() as (keyof typeof DEFAULT_POLICIES)[]) {
    if (sc.policies[k] !== DEFAULT_POLICIES[k]) policies[k] = sc.policies[k];
  }
  return { mode: sc.mode, server: sc.server, updates: sc.serverUpdates.map((u) => u.server), policies };
}

/** Visits every session of a state. @internal */
export function forEachSession(state: PbtState, fn: (s: SessionState) => void): void {
  for (const shard of state.shards) for (const s of shard) fn(s);
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
  ctx.emit('pbt.server', fields as unknown as Readonly<Record<string, TraceValue>>);
}

/** Emits `pbt.runEnd` (engine `Model.finish`). @internal */
export function emitRunEnd(state: PbtState, ctx: FramingContext, end: RunEnd): void {
  ctx.emit('pbt.runEnd', runEndRecord(state, end) as unknown as Readonly<Record<string, TraceValue>>);
}
