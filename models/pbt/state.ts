/**
 * The page-background-task model's state: normalized, per parent session, with finished history
 * kept out of the state (it lives in the trace). Sessions are one flat array indexed by the
 * session's index (docs/decisions.md "Sessions are not sharded").
 * @module
 */
import type { TriggerName } from './scenarioSchema.js';

/** Lifecycle of a task (PBT-TST-C02 statuses, extended with queued and cancelled). */
export type TaskStatus = 'queued' | 'starting' | 'running' | 'completed' | 'failed' | 'timedOut' | 'cancelled';

/** Terminal outcome of a task, as in the result contract. */
export type Outcome = 'completed' | 'failed' | 'timedOut' | 'cancelled';

/** Why a task was cancelled, as in the result contract. */
export type CancelReason = 'recordChanged' | 'pageClosed' | 'cancelBackgroundTask' | 'sessionClosed';

/** PageBackgroundTaskErrorLevel (PBT-ENQ-11, D6). */
export type ErrorLevel = 'Ignore' | 'Warning' | 'Error';

/** Server settings in milliseconds (PBT-CFG-01..04, PBT-CONC-08, A32). */
export interface ServerSettings {
  readonly childSessionsMaxConcurrency: number;
  readonly childSessionsMaxQueueLength: number;
  readonly pageBackgroundTaskDefaultTimeoutMs: number;
  readonly pageBackgroundTaskMaxTimeoutMs: number;
  readonly childSessionStartupMs: number;
  readonly deliveryDelayMs: number;
  /** Allowed `Method,Assembly` automation calls (PBT-CHD-06, PBT-CFG-05). */
  readonly allowedAutomationMethods: readonly string[];
}

/** Business Central's defaults, which are also the online profile (PBT-CFG-06). */
export const DEFAULT_SERVER: ServerSettings = {
  childSessionsMaxConcurrency: 5,
  childSessionsMaxQueueLength: 100,
  pageBackgroundTaskDefaultTimeoutMs: 120_000,
  pageBackgroundTaskMaxTimeoutMs: 600_000,
  childSessionStartupMs: 0,
  deliveryDelayMs: 0,
  allowedAutomationMethods: ['Update,Microsoft.Dynamics.Nav.Client.BusinessChart;PublicKeyToken=31bf3856ad364e35'],
};

/**
 * Parses PageBackgroundTaskAllowedAutomationMethods: a comma-separated list of
 * `(methodName,fullyQualifiedAssemblyName)` pairs (PBT-CFG-05).
 */
export function parseAutomationMethods(setting: string): string[] | undefined {
  const out: string[] = [];
  const re = /\(\s*([^,()]+?)\s*,\s*([^()]+?)\s*\)\s*(,|$)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(setting)) !== null) {
    out.push(`${m[1]},${m[2]}`);
    last = re.lastIndex;
    if (last >= setting.length) break;
  }
  return last === setting.trim().length || setting.trim() === '' ? out : undefined;
}

/** A live task: queued, running, or ended and awaiting delivery. */
export interface TaskState {
  readonly id: number;
  readonly page: string;
  readonly pageInstance: number;
  readonly codeunit: number;
  readonly record: string | null;
  readonly parameters: Readonly<Record<string, string>>;
  readonly errorLevel: ErrorLevel;
  readonly effectiveTimeoutMs: number;
  readonly enqueuedAtMs: number;
  status: TaskStatus;
  startedAtMs: number | null;
  endedAtMs: number | null;
  /** Engine handles of the pending start, finish and timeout events. */
  startHandle: number | null;
  finishHandle: number | null;
  timeoutHandle: number | null;
  /** What the codeunit will produce, decided when it starts. */
  plannedOutcome: 'completed' | 'failed' | null;
  results: Readonly<Record<string, string>> | null;
  errorCode: string | null;
  errorText: string | null;
  errorCallStack: string | null;
  /** A CancelBackgroundTask call returned true after the task ended (A10). */
  suppressed: boolean;
}

/** A page instance of a session. */
export interface PageState {
  open: boolean;
  /** Incremented at every open, so tasks of an earlier instance never reach a reopened page. */
  instance: number;
  record: string | null;
  /** Global variables of the page and its extensions (`Ext.Name` for an extension's). */
  vars: Record<string, number>;
  /** Part pages (PBT-LIM-01): tasks the display waits for. */
  displayWaitsFor: number[];
}

/** One step of a page activity frame: set the record, or run a trigger on page and extensions. */
export type FrameStep =
  | { readonly kind: 'setRecord'; readonly record: string | null }
  | { readonly kind: 'trigger'; readonly trigger: TriggerName | 'Action' }
  | { readonly kind: 'display' }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'raise'; readonly text: string };

/** Context of a callback invocation carried along the page → extensions chain. */
export interface DeliveryContext {
  readonly taskId: number;
  readonly trigger: 'OnPageBackgroundTaskCompleted' | 'OnPageBackgroundTaskError';
  isHandled: boolean;
  /** An error raised inside the callback trigger (PBT-ERR-09). */
  triggerError: string | null;
}

/**
 * A trigger activation on the parent session's call stack. The frame runs `steps` in order from
 * `at`; a trigger step runs the page's code, then each extension's (owner -1, 0, 1, …). `steps`
 * is never mutated (frames share step lists), only `at` moves.
 */
export interface Frame {
  readonly page: string;
  readonly pageInstance: number;
  readonly steps: readonly FrameStep[];
  /** Index in `steps` of the step running now. */
  at: number;
  owner: number;
  pc: number;
  /** Statements of an `Action` step (a `call`). */
  readonly action: number | null;
  delivery: DeliveryContext | null;
  /** Set while the frame waits: on busy time, or (headless) on an inline task. */
  waitingFor: 'busy' | 'inlineTask' | null;
  /** The inline task's id the frame waits for (headless), and the TaskId var to set then. */
  inlineTaskId: number | null;
  inlineVar: string | null;
  /** Engine handle of the pending `trigger.resume` while busy. */
  resumeHandle: number | null;
}

/** A user action deferred because the parent session was busy. */
export interface DeferredAction {
  readonly step: number;
  readonly move: number;
}

/** Counters of a session for the `pbt.runEnd` record (finished history is not kept otherwise). */
export interface SessionCounts {
  /** EnqueueBackgroundTask calls, failed ones included. */
  enqueueCalls: number;
  /** Tasks that completed. */
  completed: number;
  /** Tasks whose codeunit failed. */
  failed: number;
  /** Tasks that timed out. */
  timedOut: number;
  /** Tasks that were cancelled. */
  cancelled: number;
}

/** One parent (client) session. */
export interface SessionState {
  readonly index: number;
  readonly id: string;
  alive: boolean;
  nextTaskId: number;
  /** Waiting tasks in enqueue order. */
  waiting: number[];
  /** Tasks holding a slot (starting or running). */
  running: number[];
  /** Slots held by ended tasks until their release delay passes (A30, A31). */
  releasing: number;
  /** Live tasks in ascending TaskId order (see taskList.ts). */
  tasks: TaskState[];
  /** Ended tasks awaiting delivery, in end order (A12). */
  deliveries: number[];
  deliveryScheduled: boolean;
  stack: Frame[];
  inbox: DeferredAction[];
  pages: Record<string, PageState>;
  /** Counters for `pbt.runEnd`. */
  counts: SessionCounts;
}

/** The whole model state. */
export interface PbtState {
  readonly server: ServerSettings;
  /** Every session, at its `index`. */
  readonly sessions: readonly SessionState[];
}

/** Empty Results, shared (frozen). @internal */
export const NO_RESULTS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * A task's Results for a record: frozen ones as they are (Results are never mutated once set, and
 * the engine keeps frozen nested values uncopied), others copied. @internal
 */
export function frozenResults(results: Readonly<Record<string, string>> | null): Readonly<Record<string, string>> {
  if (results === null) return NO_RESULTS;
  return Object.isFrozen(results) ? results : { ...results };
}


// Copies written as literals in the key order of the creation sites (initialState, enqueue,
// newFrame), so copies and originals share hidden classes and the transitions' property accesses
// stay monomorphic (fast path, pbt-browse: a spread copy gets a hidden class of its own).
function copyTask(t: TaskState): TaskState {
  return {
    id: t.id, page: t.page, pageInstance: t.pageInstance, codeunit: t.codeunit, record: t.record,
    parameters: t.parameters,
    errorLevel: t.errorLevel, effectiveTimeoutMs: t.effectiveTimeoutMs, enqueuedAtMs: t.enqueuedAtMs,
    status: t.status, startedAtMs: t.startedAtMs, endedAtMs: t.endedAtMs, startHandle: t.startHandle, finishHandle: t.finishHandle, timeoutHandle: t.timeoutHandle,
    plannedOutcome: t.plannedOutcome, results: t.results, errorCode: t.errorCode, errorText: t.errorText, errorCallStack: t.errorCallStack, suppressed: t.suppressed,
  };
}

function copyFrame(f: Frame): Frame {
  const d = f.delivery;
  return {
    page: f.page, pageInstance: f.pageInstance, steps: f.steps, at: f.at, owner: f.owner, pc: f.pc, action: f.action,
    delivery: d === null ? null : { taskId: d.taskId, trigger: d.trigger, isHandled: d.isHandled, triggerError: d.triggerError },
    waitingFor: f.waitingFor, inlineTaskId: f.inlineTaskId, inlineVar: f.inlineVar, resumeHandle: f.resumeHandle,
  };
}

/**
 * A deep copy of a session, down to every object a transition may mutate. Objects that are never
 * mutated after creation (parameters, results, frame steps, deferred actions) are shared.
 * @internal
 */
export function cloneSession(s: SessionState): SessionState {
  const tasks = s.tasks.map(copyTask);
  const pages: Record<string, PageState> = {};
  for (const name of Object.keys(s.pages)) {
    const p = s.pages[name]!;
    pages[name] = { open: p.open, instance: p.instance, record: p.record, vars: { ...p.vars }, displayWaitsFor: [...p.displayWaitsFor] };
  }
  const c = s.counts;
  return {
    index: s.index, id: s.id, alive: s.alive, nextTaskId: s.nextTaskId, waiting: [...s.waiting], running: [...s.running], releasing: s.releasing, tasks,
    deliveries: [...s.deliveries], deliveryScheduled: s.deliveryScheduled, stack: s.stack.map(copyFrame), inbox: [...s.inbox], pages,
    counts: { enqueueCalls: c.enqueueCalls, completed: c.completed, failed: c.failed, timedOut: c.timedOut, cancelled: c.cancelled },
  };
}
