/**
 * Tasks of one parent session: enqueue (PBT-ENQ-*), the FIFO queue and the concurrency slots
 * (PBT-CONC-*), start, finish and timeout (PBT-TMO-*), and cancellation (PBT-CAN-*).
 * @module
 */
import type { EventHandle } from '../../engine/index.js';
import { faulty, record, type Rt } from './runtime.js';
import { TIMEOUT_ERROR_CODE, TIMEOUT_ERROR_TEXT } from './records.js';
import { NO_RESULTS, frozenResults, type CancelReason, type ErrorLevel, type Outcome, type TaskState } from './state.js';
import type { CodeunitSpec, DurationSpec } from './scenarioSchema.js';
import { deliverInline, scheduleDelivery, taskGone } from './delivery.js';
import { addTask, taskOf } from './taskList.js';

/** One EnqueueBackgroundTask call (PBT-ENQ-01). @internal */
export interface EnqueueRequest {
  readonly page: string;
  readonly trigger: string;
  readonly codeunit: number;
  readonly parameters: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs: number | undefined;
  readonly errorLevel: ErrorLevel | undefined;
  readonly useReturnValue: boolean;
  /** The page variable that receives the TaskId (PBT-ENQ-09), if any. */
  readonly taskIdVar?: string | undefined;
}

/** What the call returns to AL: Ok, the new TaskId, or the runtime error it raised. @internal */
export interface EnqueueResult {
  readonly ok: boolean;
  readonly taskId: number | null;
  readonly runtimeError: string | null;
}

const pageScope = (rt: Rt): boolean => rt.sc.policies.limitScope === 'page';

function count(rt: Rt, ids: readonly number[], page: string): number {
  if (!pageScope(rt)) return ids.length;
  let n = 0;
  for (const id of ids) if (taskOf(rt.s, id)?.page === page) n++;
  return n;
}

/**
 * The effective timeout (PBT-TMO-02, PBT-TMO-03, A4, A5):
 * `min(timeout ?? PageBackgroundTaskDefaultTimeout, PageBackgroundTaskMaxTimeout)`.
 * @internal
 */
export function effectiveTimeout(rt: Rt, requested: number | undefined): { ms: number; warning: string | null; error: string | null } {
  const { pageBackgroundTaskDefaultTimeoutMs: dflt, pageBackgroundTaskMaxTimeoutMs: max } = rt.server;
  let t = requested ?? dflt;
  let warning: string | null = null;
  if (requested !== undefined && requested <= 0) {
    if (rt.sc.policies.nonPositiveTimeout === 'runtimeError') return { ms: dflt, warning: null, error: `The timeout ${requested} is not valid: it must be greater than 0.` };
    warning = `timeout ${requested} ms <= 0 replaced by the default timeout ${dflt} ms (policy nonPositiveTimeout, A4)`;
    t = dflt;
  }
  if (faulty(rt, 'noTimeoutClamp')) return { ms: t, warning, error: null };
  if (t > max) t = rt.sc.policies.timeoutAboveMax === 'clamp' || requested === undefined ? max : Math.min(dflt, max);
  return { ms: t, warning, error: null };
}

// Parameters are never mutated after enqueue (A18: copied once), so they are frozen and shared
// by the task and its records (the engine keeps frozen nested values without copying them).
const NO_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({});

// The `pbt.enqueue` record, built in one literal (fast path, pbt-browse benchmark).
function enqueueRecord(rt: Rt, req: EnqueueRequest, record0: string | null, parameters: Readonly<Record<string, string>>, waiting: number, running: number, timeoutMs: number, taskId: number | null, runtimeError: string | null): void {
  const server = rt.server;
  record(rt, 'pbt.enqueue', {
    session: rt.s.id, page: req.page, trigger: req.trigger, codeunit: req.codeunit, record: record0,
    parameters, requestedTimeoutMs: req.timeoutMs ?? null,
    effectiveTimeoutMs: timeoutMs, errorLevel: req.errorLevel ?? 'Error', // PBT-ENQ-11
    waitingBefore: waiting, runningBefore: running, queueLimit: server.childSessionsMaxQueueLength,
    concurrency: server.childSessionsMaxConcurrency, useReturnValue: req.useReturnValue, taskIdVar: req.taskIdVar ?? null,
    defaultTimeoutMs: server.pageBackgroundTaskDefaultTimeoutMs, maxTimeoutMs: server.pageBackgroundTaskMaxTimeoutMs,
    inline: rt.sc.mode === 'headless', releasing: rt.s.releasing, taskId, ok: taskId !== null, runtimeError,
  });
}

/** Page.EnqueueBackgroundTask (PBT-ENQ-01..06, PBT-ENQ-14, PBT-CONC-03). @internal */
export function enqueue(rt: Rt, req: EnqueueRequest): EnqueueResult {
  const s = rt.s;
  s.counts.enqueueCalls++;
  const pg = s.pages[req.page]!;
  const server = rt.server;
  const waiting = count(rt, s.waiting, req.page);
  const running = count(rt, s.running, req.page);
  const timeout = effectiveTimeout(rt, req.timeoutMs);
  const parameters = req.parameters === undefined ? NO_PARAMETERS : Object.freeze({ ...req.parameters });
  let failure: string | null = timeout.error;
  let raise = true;
  // PBT-ENQ-05 / A1: fail when the counted tasks already reach the limit. Headless runs inline.
  if (failure === null && rt.sc.mode === 'client') {
    const byWaiting = rt.sc.policies.queueLengthCounts === 'waiting';
    const counted = byWaiting ? waiting : waiting + running;
    // Under A1 (a) a task that finds a free slot starts at once and never waits, so only a task
    // that would have to wait can find the queue full.
    const slotFree = running + (pageScope(rt) ? 0 : s.releasing) < server.childSessionsMaxConcurrency;
    const over = faulty(rt, 'queueLimitOffByOne') ? counted > server.childSessionsMaxQueueLength : counted >= server.childSessionsMaxQueueLength;
    if (over && !(byWaiting && slotFree && waiting === 0)) {
      // PBT-ENQ-04: false in the `Ok :=` form, a runtime error in the statement form.
      raise = !req.useReturnValue && !faulty(rt, 'enqueueFailureSilent');
      failure = `The page background task could not be queued: the parent session already has ${counted} queued tasks (ChildSessionsMaxQueueLength = ${server.childSessionsMaxQueueLength}).`;
    }
  }
  if (failure !== null) {
    const runtimeError = raise ? failure : null;
    enqueueRecord(rt, req, pg.record, parameters, waiting, running, timeout.ms, null, runtimeError);
    return { ok: false, taskId: null, runtimeError };
  }
  const id = s.nextTaskId++; // A16: positive, increasing per parent session, never reused
  const task: TaskState = {
    id, page: req.page, pageInstance: pg.instance, codeunit: req.codeunit, record: pg.record,
    parameters, // A18: copied at enqueue
    errorLevel: req.errorLevel ?? 'Error', effectiveTimeoutMs: timeout.ms, enqueuedAtMs: rt.ctx.now,
    status: 'queued', startedAtMs: null, endedAtMs: null, startHandle: null, finishHandle: null, timeoutHandle: null,
    plannedOutcome: null, results: null, errorCode: null, errorText: null, errorCallStack: null, suppressed: false,
  };
  addTask(s, task);
  if (timeout.warning !== null) record(rt, 'pbt.warning', { session: rt.s.id, code: 'nonPositiveTimeout', message: timeout.warning, taskId: id });
  if (req.trigger === 'OnOpenPage') {
    record(rt, 'pbt.warning', { session: rt.s.id, code: 'enqueueFromOnOpenPage', message: `task ${id} enqueued from OnOpenPage, which the docs advise against (PBT-ENQ-07, A33)`, taskId: id });
  }
  enqueueRecord(rt, req, pg.record, parameters, waiting, running, timeout.ms, id, null);
  if (rt.sc.policies.partDisplayWaitsFor === 'allOutstanding' && pg.displayWaitsFor.length > 0) pg.displayWaitsFor.push(id);
  if (rt.sc.mode === 'headless') {
    // PBT-LIM-02 / PBT-TST-C01: the task runs at once, inline, whatever the limits.
    s.running.push(id);
    startSoon(rt, task);
  } else {
    s.waiting.push(id);
    tryStart(rt);
  }
  return { ok: true, taskId: id, runtimeError: null };
}

function startSoon(rt: Rt, task: TaskState): void {
  // The slot is granted now; the child session starts in a `task.start` event at this instant.
  record(rt, 'pbt.slot', { session: rt.s.id, page: task.page, taskId: task.id, running: rt.s.running.length, waiting: rt.s.waiting.length, releasing: rt.s.releasing });
  task.status = 'starting';
  task.startHandle = rt.ctx.schedule(0, { type: 'task.start', session: rt.s.id, taskId: task.id });
}

/** Gives free slots to waiting tasks, FIFO (PBT-CONC-01, PBT-CONC-02, A2). @internal */
export function tryStart(rt: Rt): void {
  const s = rt.s;
  const limit = rt.server.childSessionsMaxConcurrency + (faulty(rt, 'concurrencyOffByOne') ? 1 : 0);
  const lifo = rt.sc.policies.queueOrder === 'lifo' || faulty(rt, 'lifoQueue');
  while (s.waiting.length > 0) {
    let pick = -1;
    if (pageScope(rt)) {
      for (let k = 0; k < s.waiting.length; k++) {
        const i = lifo ? s.waiting.length - 1 - k : k;
        const page = taskOf(s, s.waiting[i]!)!.page;
        if (count(rt, s.running, page) < limit) { pick = i; break; }
      }
    } else if (s.running.length + (faulty(rt, 'startWhileFull') ? 0 : s.releasing) < limit) {
      pick = lifo ? s.waiting.length - 1 : 0;
    }
    if (pick < 0) return;
    // shift/pop instead of splice: no array per start (fast path, pbt-browse).
    const id = pick === 0 ? s.waiting.shift()! : pick === s.waiting.length - 1 ? s.waiting.pop()! : s.waiting.splice(pick, 1)[0]!;
    s.running.push(id);
    startSoon(rt, taskOf(s, id)!);
  }
}

/**
 * Draws a duration from a scenario's duration spec (integer ms) on the named stream; a text is
 * the error of a `{ parameter }` duration that cannot be read. @internal
 */
export function sampleDurationMs(rt: Rt, spec: DurationSpec, stream: string, params: Readonly<Record<string, string>>): number | string {
  if (typeof spec === 'number') return spec;
  const r = rt.ctx.rng(stream);
  if ('parameter' in spec) {
    const v = params[spec.parameter];
    if (v === undefined) return `The parameter '${spec.parameter}' was not given to the task.`;
    if (!/^\d+$/.test(v)) return `Evaluate failed: '${v}' is not a valid Integer (parameter '${spec.parameter}').`;
    return Number(v);
  }
  if ('uniform' in spec) return r.sampleDelayMs({ kind: 'uniform', min: spec.uniform.minMs, max: spec.uniform.maxMs });
  if ('exponential' in spec) return r.sampleDelayMs({ kind: 'exponential', mean: spec.exponential.meanMs });
  if ('normal' in spec) return r.sampleDelayMs({ kind: 'normal', mean: spec.normal.meanMs, sd: spec.normal.sdMs });
  return r.sampleDelayMs({ kind: 'lognormal', mu: Math.log(spec.lognormal.medianMs), sigma: spec.lognormal.sigma });
}

/** What a codeunit run produces: when it ends and how (PBT-CHD-*, PBT-PAR-*). @internal */
export interface CodeunitRun {
  readonly runMs: number;
  readonly outcome: 'completed' | 'failed';
  readonly results: Readonly<Record<string, string>>;
  readonly errorCode: string | null;
  readonly errorText: string | null;
  readonly errorCallStack: string | null;
  readonly writes: readonly { table: number; temporary: boolean; ok: boolean }[];
  readonly backgroundSession: boolean;
}

const NO_WRITES: { table: number; temporary: boolean; ok: boolean }[] = [];

function failedRun(codeunitId: number, runMs: number, code: string, text: string, writes: CodeunitRun['writes']): CodeunitRun {
  return { runMs, outcome: 'failed', results: NO_RESULTS, errorCode: code, errorText: text, errorCallStack: `Codeunit ${codeunitId}(OnRun) line 1`, writes, backgroundSession: false };
}

// Stream names, built once per codeunit (fast path: no string per task).
const DURATION_STREAMS = new Map<number, string>();
function durationStream(codeunitId: number): string {
  let name = DURATION_STREAMS.get(codeunitId);
  if (name === undefined) DURATION_STREAMS.set(codeunitId, (name = `duration/${codeunitId}`));
  return name;
}

// The Results of a completed run depend on the codeunit's spec and the policy only, so they are
// built once per spec and policy (fast path, pbt-browse: no object per task). They are frozen and
// never mutated, so every task of the codeunit shares them, and records carry them uncopied.
const RESULTS_LAST = new WeakMap<CodeunitSpec, Readonly<Record<string, string>>>();
const RESULTS_MERGED = new WeakMap<CodeunitSpec, Readonly<Record<string, string>>>();
function completedResults(cu: CodeunitSpec, merge: boolean): Readonly<Record<string, string>> {
  const cache = merge ? RESULTS_MERGED : RESULTS_LAST;
  let results = cache.get(cu);
  if (results === undefined) {
    const list = cu.results === undefined ? [] : Array.isArray(cu.results) ? cu.results : [cu.results];
    // A19: zero calls → empty Results; several → the last wins (or merged, by policy).
    results = Object.freeze(merge ? Object.assign({}, ...list) as Record<string, string> : { ...(list[list.length - 1] ?? {}) });
    cache.set(cu, results);
  }
  return results;
}

/** Decides a codeunit run from its spec and the named random streams. @internal */
export function planRun(rt: Rt, codeunitId: number, params: Readonly<Record<string, string>>): CodeunitRun {
  const cu = rt.sc.codeunits.get(codeunitId)!;
  const dur = sampleDurationMs(rt, cu.durationMs, durationStream(codeunitId), params);
  const writes: { table: number; temporary: boolean; ok: boolean }[] = cu.writes === undefined ? NO_WRITES : [];
  if (typeof dur === 'string') return failedRun(codeunitId, 0, 'Dialog', dur, writes);
  // PBT-CHD-06 / PBT-CFG-05: automation calls outside the allowed list are blocked.
  if (cu.automation !== undefined) for (const call of cu.automation) {
    if (!rt.server.allowedAutomationMethods.includes(call)) {
      return failedRun(codeunitId, 0, 'Automation', `The automation method '${call}' is not allowed in a page background task (PageBackgroundTaskAllowedAutomationMethods).`, writes);
    }
  }
  // PBT-CHD-01 / PBT-CHD-C01 / PBT-ERR-12: temporary writes succeed, a real write fails.
  if (cu.writes !== undefined) for (const w of cu.writes) {
    const temporary = w.temporary ?? false;
    writes.push({ table: w.table, temporary, ok: temporary });
    if (!temporary) {
      return failedRun(codeunitId, Math.min(w.afterMs ?? dur, dur), 'NavPermission',
        `Sorry, the current permissions prevented the action. (TableData ${w.table} Insert)`, writes);
    }
  }
  if (cu.dialog === true) return failedRun(codeunitId, dur, 'Dialog', 'The child session cannot show a dialog (PBT-CHD-03).', writes);
  const o = cu.outcome ?? 'complete';
  const errs = o === 'error' || (typeof o === 'object' && rt.ctx.rng(`outcome/${codeunitId}`).next() < o.errorProbability);
  if (errs) return failedRun(codeunitId, dur, cu.error?.code ?? 'Dialog', cu.error?.text ?? `Codeunit ${codeunitId} failed.`, writes);
  return { runMs: dur, outcome: 'completed', results: completedResults(cu, rt.sc.policies.multipleResults === 'merge'), errorCode: null, errorText: null, errorCallStack: null, writes, backgroundSession: cu.startsBackgroundSession === true };
}

// Started child sessions: the "# Active child sessions" counter (PBT-LIM-07).
function activeChildren(rt: Rt): number {
  let n = 0;
  for (const id of rt.s.running) if (taskOf(rt.s, id)?.status === 'running') n++;
  return n;
}

/** A child session starts (PBT-ENQ-02, PBT-CAN-08, PBT-CONC-08, PBT-LIM-07). @internal */
export function onStart(rt: Rt, task: TaskState): void {
  const now = rt.ctx.now;
  const startup = rt.server.childSessionStartupMs;
  task.status = 'running';
  task.startedAtMs = now;
  task.startHandle = null;
  const run = planRun(rt, task.codeunit, task.parameters);
  task.plannedOutcome = run.outcome;
  task.results = run.results;
  task.errorCode = run.errorCode;
  task.errorText = run.errorText;
  task.errorCallStack = run.errorCallStack;
  for (const w of run.writes) record(rt, 'pbt.write', { session: rt.s.id, page: task.page, taskId: task.id, table: w.table, temporary: w.temporary, ok: w.ok });
  // PBT-CHD-09 / PBT-CFG-07: a StartSession from the child counts against the background-session
  // limits, not the child-session ones, and may write.
  if (run.backgroundSession) record(rt, 'pbt.backgroundSession', { session: rt.s.id, page: task.page, taskId: task.id, countsAgainst: 'BackgroundSessionsMaxConcurrent', canWrite: true });
  task.finishHandle = rt.ctx.schedule(startup + run.runMs, { type: 'task.finish', session: rt.s.id, taskId: task.id });
  // PBT-TMO-01 / A3: the clock starts at start (start-up included) unless a policy says otherwise.
  const T = task.effectiveTimeoutMs;
  let delay = rt.sc.policies.startupCountsAsRunTime ? T : startup + T;
  if (rt.sc.policies.timeoutClockStarts === 'atEnqueue' || faulty(rt, 'timeoutFromEnqueue')) delay = Math.max(0, task.enqueuedAtMs + T - now);
  if (!faulty(rt, 'timeoutIgnored')) task.timeoutHandle = rt.ctx.schedule(delay, { type: 'task.timeout', session: rt.s.id, taskId: task.id });
  record(rt, 'pbt.start', { session: rt.s.id,
    page: task.page, taskId: task.id, running: rt.s.running.length, waiting: rt.s.waiting.length, releasing: rt.s.releasing,
    active: activeChildren(rt),
    concurrency: rt.server.childSessionsMaxConcurrency, clientType: 'ChildSession', sessionType: 'ChildSession',
    company: rt.cs.company, transaction: `child-${rt.s.id}-${task.id}`, readOnly: true,
  });
}

/** The codeunit finished: completed or failed (PBT-TRG-01, PBT-ERR-02, A6). @internal */
export function onFinish(rt: Rt, task: TaskState): void {
  task.finishHandle = null;
  const ranMs = rt.ctx.now - (task.startedAtMs ?? rt.ctx.now);
  if (rt.sc.policies.timeoutTie === 'timesOut' && ranMs >= task.effectiveTimeoutMs) {
    onTimeout(rt, task);
    return;
  }
  cancelHandle(rt, task.timeoutHandle);
  task.timeoutHandle = null;
  endTask(rt, task, task.plannedOutcome ?? 'completed', null);
}

/** The timeout passed: cancelled with ChildSessionTaskTimeout (PBT-TMO-01, PBT-TMO-05, PBT-CAN-05). @internal */
export function onTimeout(rt: Rt, task: TaskState): void {
  task.timeoutHandle = null;
  cancelHandle(rt, task.finishHandle);
  task.finishHandle = null;
  task.results = NO_RESULTS;
  task.errorCode = faulty(rt, 'wrongTimeoutErrorCode') ? 'Timeout' : TIMEOUT_ERROR_CODE;
  task.errorText = TIMEOUT_ERROR_TEXT; // PBT-TMO-06
  task.errorCallStack = '';
  endTask(rt, task, 'timedOut', null);
}

function cancelHandle(rt: Rt, h: number | null): void {
  if (h !== null) rt.ctx.cancel(h as EventHandle);
}

// Removes `list[i]` (i >= 0) without the array `splice` returns.
function removeAt(list: number[], i: number): void {
  if (i === 0) list.shift();
  else if (i === list.length - 1) list.pop();
  else list.splice(i, 1);
}

function releaseSlot(rt: Rt, id: number, delayMs: number): void {
  const s = rt.s;
  const i = s.running.indexOf(id);
  if (i < 0) return;
  removeAt(s.running, i);
  if (delayMs > 0) {
    s.releasing++;
    rt.ctx.schedule(delayMs, { type: 'slot.release', session: s.id });
  }
}

/** Gives a task its one terminal outcome and frees what it held (A30, A31). @internal */
export function endTask(rt: Rt, task: TaskState, outcome: Outcome, reason: CancelReason | null): void {
  const s = rt.s;
  const wasRunning = task.status === 'running' || task.status === 'starting';
  if (task.status === 'queued') removeAt(s.waiting, s.waiting.indexOf(task.id));
  if (wasRunning) {
    cancelHandle(rt, task.startHandle);
    cancelHandle(rt, task.finishHandle);
    cancelHandle(rt, task.timeoutHandle);
    task.startHandle = null;
    task.finishHandle = null;
    task.timeoutHandle = null;
    const p = rt.sc.policies;
    // Headless sessions run tasks inline and have no slots to wait for, so no release delay.
    const delay = rt.sc.mode === 'headless' ? 0 : outcome === 'completed' || outcome === 'failed' ? p.closeSlotReleaseDelayMs : p.cancelSlotReleaseDelayMs;
    releaseSlot(rt, task.id, delay);
  }
  task.status = outcome;
  task.endedAtMs = rt.ctx.now;
  s.counts[outcome]++;
  record(rt, 'pbt.end', { session: rt.s.id,
    page: task.page, taskId: task.id, outcome, cancelReason: reason,
    errorCode: outcome === 'failed' || outcome === 'timedOut' ? task.errorCode : null,
    errorText: outcome === 'failed' || outcome === 'timedOut' ? task.errorText : null,
    results: outcome === 'completed' ? frozenResults(task.results) : null,
    running: s.running.length, waiting: s.waiting.length, releasing: s.releasing,
  });
  const bugDeliver = outcome === 'cancelled' && wasRunning && task.startedAtMs !== null && faulty(rt, 'callbackAfterCancel');
  const noTrigger = outcome === 'timedOut' && (rt.sc.policies.triggerOnCancel === 'never' || faulty(rt, 'noTriggerOnTimeout'));
  if ((outcome === 'cancelled' && !bugDeliver) || noTrigger) {
    if (noTrigger) record(rt, 'pbt.drop', { session: rt.s.id, page: task.page, taskId: task.id, reason: 'noTriggerForTimeout' });
    taskGone(rt, task.id);
  } else {
    if (bugDeliver) task.status = 'completed';
    if (rt.sc.mode === 'headless') deliverInline(rt, task.id);
    else {
      s.deliveries.push(task.id);
      scheduleDelivery(rt);
    }
  }
  if (!(outcome === 'cancelled' && faulty(rt, 'noRefillAfterCancel'))) tryStart(rt);
}

/** Cancels a waiting or running task (PBT-CAN-02/03/04, CancelBackgroundTask). @internal */
export function cancelTask(rt: Rt, task: TaskState, reason: CancelReason): void {
  endTask(rt, task, 'cancelled', reason);
}

/** True while the task waits or holds a slot. @internal */
export function isActive(task: TaskState): boolean {
  return task.status === 'queued' || task.status === 'starting' || task.status === 'running';
}

/** Page.CancelBackgroundTask (PBT-CAN-01, A10): never a runtime error. @internal */
export function cancelCall(rt: Rt, page: string, taskId: number): boolean {
  const s = rt.s;
  const task = taskOf(s, taskId);
  const pg = s.pages[page]!;
  let returned = false;
  if (task !== undefined && task.page === page && task.pageInstance === pg.instance) {
    if (isActive(task)) {
      cancelTask(rt, task, 'cancelBackgroundTask');
      returned = !faulty(rt, 'cancelReturnsFalse');
    } else if (!task.suppressed && s.deliveries.includes(taskId) && rt.sc.policies.cancelAfterEnd === 'suppressAndReturnTrue') {
      task.suppressed = true;
      returned = true;
      if (faulty(rt, 'endTwice')) {
        record(rt, 'pbt.end', { session: rt.s.id, page, taskId, outcome: 'cancelled', cancelReason: 'cancelBackgroundTask', errorCode: null, errorText: null, results: null, running: s.running.length, waiting: s.waiting.length, releasing: s.releasing });
      }
    }
  }
  record(rt, 'pbt.cancelCall', { session: rt.s.id, page, taskId, returned });
  return returned;
}

/** Cancels every waiting and running task of a page instance (record change, close). @internal */
export function cancelPageTasks(rt: Rt, page: string, reason: CancelReason, includeWaiting: boolean): void {
  const s = rt.s;
  const instance = s.pages[page]!.instance;
  // Targets are fixed before anything is cancelled, so a waiting task that a freed slot starts
  // during this loop is not mistaken for one that was running at the change. Waiting tasks go
  // first, so a freed slot never goes to a task that is about to be cancelled too.
  //
  // The active tasks are exactly those in `waiting` (queued) and `running` (starting, running):
  // enqueue, tryStart and endTask move a task between the lists and its status together. Both
  // lists are walked instead of every task of the session (for-in over integer keys makes a
  // string per key: fast path, pbt-browse), each in ascending TaskId order as before.
  let queued: number[] | undefined;
  let holding: number[] | undefined;
  if (includeWaiting) {
    for (const id of s.waiting) {
      const task = taskOf(s, id);
      if (task !== undefined && task.page === page && task.pageInstance === instance && task.status === 'queued') (queued ??= []).push(id);
    }
  }
  for (const id of s.running) {
    const task = taskOf(s, id);
    if (task !== undefined && task.page === page && task.pageInstance === instance && (task.status === 'starting' || task.status === 'running')) (holding ??= []).push(id);
  }
  if (queued !== undefined) for (const id of ascending(queued)) cancelIfActive(rt, id, reason);
  if (holding !== undefined) for (const id of ascending(holding)) cancelIfActive(rt, id, reason);
}

// Sorts a short list of TaskIds in place (already sorted in the common case).
function ascending(ids: number[]): number[] {
  for (let i = 1; i < ids.length; i++) {
    if (ids[i - 1]! > ids[i]!) return ids.sort((a, b) => a - b);
  }
  return ids;
}

function cancelIfActive(rt: Rt, id: number, reason: CancelReason): void {
  const task = taskOf(rt.s, id);
  if (task !== undefined && isActive(task)) cancelTask(rt, task, reason);
}
