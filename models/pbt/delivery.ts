/**
 * Delivery of results to the parent session (PBT-TRG-01..04, PBT-TRG-08, PBT-CAN-06,
 * PBT-ERR-03..09): the idle scheduler picks ended tasks one at a time in end order, checks that
 * the page is still open on the same record, and runs the callback on the page and its
 * extensions; afterwards it records what the user saw of an error. The callback frame is pushed
 * here and run by the dispatcher, which runs the stack after every event (model.ts).
 * @module
 */
import { faulty, record, type Rt } from './runtime.js';
import { frozenResults, type Frame, type FrameStep, type TaskState } from './state.js';
import { newFrame } from './frames.js';
import { removeTask, taskOf } from './taskList.js';

function idle(rt: Rt): boolean {
  return rt.s.stack.length === 0 || !rt.sc.policies.deliverOnlyWhenIdle || faulty(rt, 'deliverWhileBusy');
}

/** Asks the idle scheduler for a delivery if one is due and the parent is idle (A11, A32). @internal */
export function scheduleDelivery(rt: Rt): void {
  const s = rt.s;
  if (s.deliveryScheduled || s.deliveries.length === 0 || !idle(rt)) return;
  s.deliveryScheduled = true;
  rt.ctx.schedule(rt.server.deliveryDelayMs, { type: 'delivery', session: s.id });
}

function callbackOf(task: TaskState): 'OnPageBackgroundTaskCompleted' | 'OnPageBackgroundTaskError' {
  return task.status === 'completed' ? 'OnPageBackgroundTaskCompleted' : 'OnPageBackgroundTaskError';
}

const CALLBACK_STEPS: { readonly [K in 'OnPageBackgroundTaskCompleted' | 'OnPageBackgroundTaskError']: readonly FrameStep[] } = {
  OnPageBackgroundTaskCompleted: Object.freeze([{ kind: 'trigger', trigger: 'OnPageBackgroundTaskCompleted' }] as const),
  OnPageBackgroundTaskError: Object.freeze([{ kind: 'trigger', trigger: 'OnPageBackgroundTaskError' }] as const),
};

function startCallback(rt: Rt, task: TaskState): void {
  const trigger = callbackOf(task);
  let results = task.status === 'completed' ? frozenResults(task.results) : null;
  if (results !== null && faulty(rt, 'resultsAltered')) results = { ...results, altered: 'yes' };
  record(rt, 'pbt.deliver', { session: rt.s.id,
    page: task.page, taskId: task.id, trigger, pageRecord: rt.s.pages[task.page]!.record, taskRecord: task.record,
    results, errorCode: trigger === 'OnPageBackgroundTaskError' ? task.errorCode : null,
    errorText: trigger === 'OnPageBackgroundTaskError' ? task.errorText : null,
    errorCallStack: trigger === 'OnPageBackgroundTaskError' ? task.errorCallStack : null,
    isHandled: trigger === 'OnPageBackgroundTaskError' ? false : null, // PBT-ERR-03
  });
  rt.s.stack.push(newFrame(task.page, task.pageInstance, CALLBACK_STEPS[trigger], null, { taskId: task.id, trigger, isHandled: false, triggerError: null }));
}

/**
 * A `delivery` event: the idle scheduler delivers the next ended task (pushes its callback frame,
 * which the dispatcher then runs), or drops it. @internal
 */
export function onDelivery(rt: Rt): void {
  const s = rt.s;
  s.deliveryScheduled = false;
  if (!idle(rt) || s.deliveries.length === 0) return; // rescheduled when the parent is idle
  let at = 0;
  if (rt.sc.policies.deliveryOrder === 'taskIdOrder') at = s.deliveries.indexOf(Math.min(...s.deliveries));
  const id = at === 0 ? s.deliveries.shift()! : s.deliveries.splice(at, 1)[0]!; // shift: no array (fast path)
  const task = taskOf(s, id)!;
  const pg = s.pages[task.page]!;
  // PBT-CAN-06: "same record?" check at delivery time; page close and suppression (A10) too.
  const reason = task.suppressed ? 'cancelBackgroundTask'
    : !pg.open || pg.instance !== task.pageInstance ? 'pageClosed'
    : pg.record !== task.record && !faulty(rt, 'noDeliveryRecordCheck') ? 'recordChanged'
    : null;
  if (reason !== null) {
    record(rt, 'pbt.drop', { session: rt.s.id, page: task.page, taskId: id, reason });
    taskGone(rt, id);
    scheduleDelivery(rt);
    return;
  }
  startCallback(rt, task);
}

/** Headless mode: the callback runs nested, before the enqueue call returns (PBT-TST-C01, A26). @internal */
export function deliverInline(rt: Rt, taskId: number): void {
  startCallback(rt, taskOf(rt.s, taskId)!);
}

/** A callback chain ended: record what the user saw (PBT-ERR-04..09, A22, A23). @internal */
export function finishDelivery(rt: Rt, frame: Frame): void {
  const d = frame.delivery!;
  const task = taskOf(rt.s, d.taskId);
  record(rt, 'pbt.triggerDone', { session: rt.s.id, page: frame.page, taskId: d.taskId, trigger: d.trigger, isHandled: d.isHandled, triggerError: d.triggerError });
  if (task === undefined) return;
  if (d.trigger === 'OnPageBackgroundTaskError') {
    const level = task.errorLevel;
    let surfacedAs: 'none' | 'warning' | 'error';
    if (d.triggerError !== null) surfacedAs = 'error'; // PBT-ERR-09, A23
    else if (d.isHandled) surfacedAs = 'none'; // PBT-ERR-04
    else if (faulty(rt, 'errorLevelIgnored')) surfacedAs = 'error';
    else surfacedAs = level === 'Ignore' ? 'none' : level === 'Warning' ? 'warning' : 'error'; // PBT-ERR-05/06/07
    if (d.triggerError !== null && rt.sc.policies.errorInErrorTrigger === 'showBoth' && !d.isHandled && level !== 'Ignore') {
      record(rt, 'pbt.notification', { session: rt.s.id, page: frame.page, level: level === 'Warning' ? 'warning' : 'error', text: task.errorText ?? '' });
    }
    const text = d.triggerError ?? task.errorText ?? '';
    record(rt, 'pbt.surface', { session: rt.s.id, page: frame.page, taskId: d.taskId, surfacedAs, level, text });
    if (surfacedAs !== 'none') record(rt, 'pbt.notification', { session: rt.s.id, page: frame.page, level: surfacedAs, text });
  } else if (d.triggerError !== null) {
    record(rt, 'pbt.surface', { session: rt.s.id, page: frame.page, taskId: d.taskId, surfacedAs: 'error', level: 'Error', text: d.triggerError });
    record(rt, 'pbt.notification', { session: rt.s.id, page: frame.page, level: 'error', text: d.triggerError });
  }
  // PBT-TRG-09: after a completion trigger without error, or an error trigger that handled the
  // error, the client refreshes the page's record.
  if (d.triggerError === null && (d.trigger === 'OnPageBackgroundTaskCompleted' || d.isHandled)) {
    record(rt, 'pbt.refresh', { session: rt.s.id, page: frame.page, taskId: d.taskId, record: rt.s.pages[frame.page]!.record });
  }
  taskGone(rt, d.taskId);
}

/** Removes a finished task from the state (its story stays in the trace); updates part pages. @internal */
export function taskGone(rt: Rt, taskId: number): void {
  const s = rt.s;
  const task = removeTask(s, taskId);
  if (task === undefined) return;
  const pg = s.pages[task.page]!;
  const waits = pg.displayWaitsFor;
  // A plain loop (first match, as indexOf): cheaper than the builtin on these short lists.
  let i = 0;
  while (i < waits.length && waits[i] !== taskId) i++;
  if (i < waits.length && pg.instance === task.pageInstance) {
    if (i === waits.length - 1) waits.pop();
    else waits.splice(i, 1);
    if (waits.length === 0) record(rt, 'pbt.display', { session: rt.s.id, page: task.page, ready: true });
  }
  // Headless: the enqueue call that ran this task inline returns now.
  for (const f of s.stack) {
    if (f.waitingFor === 'inlineTask' && f.inlineTaskId === taskId) {
      f.waitingFor = null;
      f.inlineTaskId = null;
      // PBT-ENQ-03: TaskId is assigned once the call returns, i.e. after the nested trigger ran.
      if (f.inlineVar !== null) s.pages[f.page]!.vars[f.inlineVar] = taskId;
      f.inlineVar = null;
    }
  }
}
