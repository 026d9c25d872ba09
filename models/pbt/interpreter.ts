/**
 * The parent session's trigger interpreter: a call stack of frames, each running AL statements
 * of a page and its extensions (A15). Triggers run to completion unless they are busy
 * (`busyMs`) or, in headless mode, wait for an inline task (PBT-TST-C01). While the stack is not
 * empty the parent is busy: user actions wait in the inbox and results wait for the idle
 * scheduler (PBT-TRG-08, A11). An error raised in a trigger unwinds the whole stack (AL errors
 * propagate to the outermost caller) and is shown at level Error (PBT-ERR-09).
 * @module
 */
import type { Draft } from 'immer';
import type { EventHandle } from '../../engine/index.js';
import { faulty, record, type Rt } from './runtime.js';
import type { Frame } from './state.js';
import type { PageSpec, Statement, TriggerName } from './scenarioSchema.js';
import { cancelCall, cancelPageTasks, enqueue } from './tasks.js';
import { finishDelivery, scheduleDelivery } from './delivery.js';
import { startUserAction } from './actions.js';
import { AlExit, AlRuntimeError, makeCurrPage } from './currPage.js';

type StepResult = 'done' | 'suspended' | { readonly error: string };
type StatementResult = 'next' | 'suspend' | 'exit' | { readonly error: string };

/** Statements of a `call` step, normalized. @internal */
export function actionStatements(rt: Rt, stepIndex: number): readonly Statement[] {
  const step = rt.sc.sessions[rt.s.index]!.script[stepIndex]!;
  if ('enqueue' in step) return [{ enqueue: step.enqueue }];
  if ('cancel' in step) return [{ cancel: step.cancel }];
  if ('busyMs' in step) return [{ busyMs: step.busyMs }];
  if ('statements' in step) return step.statements;
  return [];
}

function extensionsOf(rt: Rt, page: string): NonNullable<PageSpec['extensions']> {
  return rt.sc.sessions[rt.s.index]!.pages[page]!.extensions ?? [];
}

function codeFor(rt: Rt, f: Draft<Frame>, trigger: TriggerName | 'Action', owner: number): readonly Statement[] | undefined {
  if (trigger === 'Action') return owner === -1 && f.action !== null ? actionStatements(rt, f.action) : undefined;
  if (owner === -1) return rt.sc.sessions[rt.s.index]!.pages[f.page]!.triggers?.[trigger];
  return extensionsOf(rt, f.page)[owner]?.triggers?.[trigger];
}

function lastOwner(rt: Rt, f: Draft<Frame>, trigger: TriggerName | 'Action'): number {
  if (trigger === 'Action') return -1;
  const callback = trigger === 'OnPageBackgroundTaskCompleted' || trigger === 'OnPageBackgroundTaskError';
  if (callback && rt.sc.policies.extensionTriggers === 'pageOnly') return -1;
  return extensionsOf(rt, f.page).length - 1;
}

function varName(rt: Rt, f: Draft<Frame>, name: string): string {
  return f.owner === -1 ? name : `${extensionsOf(rt, f.page)[f.owner]!.name}.${name}`;
}

/** Applies a record change on a page (PBT-CAN-03, A7, A8). @internal */
export function setRecord(rt: Rt, page: string, to: string | null): void {
  const pg = rt.s.pages[page]!;
  const from = pg.record;
  const changed = from !== to && !(from === null && !rt.sc.policies.firstRecordLoadIsChange);
  record(rt, 'pbt.record', { session: rt.s.id, page, from, to, changed });
  pg.record = to;
  if (changed && !faulty(rt, 'recordChangeNotCancelling')) {
    cancelPageTasks(rt, page, 'recordChanged', rt.sc.policies.waitingTaskOnRecordChange === 'removeAtOnce');
  }
}

function display(rt: Rt, page: string): void {
  const spec = rt.sc.sessions[rt.s.index]!.pages[page]!;
  if (spec.kind !== 'part') return;
  const pg = rt.s.pages[page]!;
  // PBT-LIM-01 / A28: the part shows data once the tasks outstanding now have ended.
  const outstanding: number[] = [];
  for (const key in rt.s.tasks) {
    const t = rt.s.tasks[key as unknown as number]!;
    if (t.page === page && t.pageInstance === pg.instance) outstanding.push(t.id);
  }
  pg.displayWaitsFor = outstanding;
  record(rt, 'pbt.display', { session: rt.s.id, page, ready: outstanding.length === 0 });
}

// A trigger written in TypeScript (al.ts): one atomic call; busy time applies after it returns.
function runCallback(rt: Rt, f: Draft<Frame>, id: string, trigger: TriggerName | 'Action'): StatementResult {
  const fn = rt.sc.callbacks.get(id)!;
  const { page, busyMs } = makeCurrPage(rt, f, f.owner === -1 ? trigger : `${extensionsOf(rt, f.page)[f.owner]!.name}.${trigger}`, (n) => varName(rt, f, n));
  const d = f.delivery;
  const task = d === null ? undefined : rt.s.tasks[d.taskId];
  const isHandled = { value: d?.isHandled ?? false };
  let args: unknown[] = [];
  if (d !== null && d.trigger === 'OnPageBackgroundTaskCompleted') args = [d.taskId, { ...(task?.results ?? {}) }];
  else if (d !== null) args = [d.taskId, task?.errorCode ?? '', task?.errorText ?? '', task?.errorCallStack ?? '', isHandled];
  try {
    fn(page, args);
  } catch (e) {
    if (e instanceof AlExit) return 'exit';
    if (e instanceof AlRuntimeError) return { error: e.message };
    throw e;
  } finally {
    if (d !== null) d.isHandled = isHandled.value;
  }
  const ms = busyMs();
  if (ms > 0) {
    f.waitingFor = 'busy';
    f.resumeHandle = rt.ctx.schedule(ms, { type: 'trigger.resume', session: rt.s.id });
    record(rt, 'pbt.busy', { session: rt.s.id, page: f.page, untilMs: rt.ctx.now + ms });
    return 'suspend';
  }
  return 'next';
}

function exec(rt: Rt, f: Draft<Frame>, st: Statement | { readonly callback: string }, trigger: TriggerName | 'Action'): StatementResult {
  const inCallback = f.delivery !== null;
  if ('enqueue' in st) {
    const a = st.enqueue;
    const r = enqueue(rt, {
      page: f.page, trigger: f.owner === -1 ? trigger : `${extensionsOf(rt, f.page)[f.owner]!.name}.${trigger}`,
      codeunit: a.codeunit, parameters: a.parameters, timeoutMs: a.timeoutMs, errorLevel: a.errorLevel,
      useReturnValue: a.useReturnValue ?? false, taskIdVar: a.taskIdVar,
    });
    const v = a.taskIdVar === undefined ? null : varName(rt, f, a.taskIdVar);
    if (r.ok) {
      if (rt.sc.mode === 'headless' && rt.s.tasks[r.taskId!] !== undefined) {
        f.waitingFor = 'inlineTask';
        f.inlineTaskId = r.taskId;
        f.inlineVar = v;
        return 'suspend';
      }
      if (v !== null) rt.s.pages[f.page]!.vars[v] = r.taskId!; // PBT-ENQ-03
      return 'next';
    }
    if (v !== null && rt.sc.policies.taskIdAfterFailedEnqueue === 'zero') rt.s.pages[f.page]!.vars[v] = 0; // A17
    return r.runtimeError !== null ? { error: r.runtimeError } : 'next';
  }
  if ('cancel' in st) {
    const c = st.cancel;
    const id = 'taskId' in c ? c.taskId : rt.s.pages[f.page]!.vars[varName(rt, f, c.taskIdVar)] ?? 0;
    cancelCall(rt, f.page, id);
    return 'next';
  }
  if ('setIsHandled' in st) {
    if (f.delivery !== null) f.delivery.isHandled = st.setIsHandled;
    return 'next';
  }
  if ('error' in st) return { error: typeof st.error === 'string' ? st.error : st.error.text };
  if ('busyMs' in st) {
    if (st.busyMs === 0) return 'next';
    f.waitingFor = 'busy';
    f.resumeHandle = rt.ctx.schedule(st.busyMs, { type: 'trigger.resume', session: rt.s.id });
    record(rt, 'pbt.busy', { session: rt.s.id, page: f.page, untilMs: rt.ctx.now + st.busyMs });
    return 'suspend';
  }
  if ('setVar' in st) {
    rt.s.pages[f.page]!.vars[varName(rt, f, st.setVar.name)] = st.setVar.value;
    return 'next';
  }
  if ('exitIfTaskIdIsNot' in st) {
    // PBT-TRG-04: `if TaskId <> MyTaskId then exit;`
    if (f.delivery === null) return 'next';
    return (rt.s.pages[f.page]!.vars[varName(rt, f, st.exitIfTaskIdIsNot)] ?? 0) === f.delivery.taskId ? 'next' : 'exit';
  }
  if ('dialog' in st) {
    // PBT-TRG-05, PBT-ERR-C01, A14: a modal dialog in a callback trigger is a runtime error.
    if (inCallback && rt.sc.policies.dialogInCallback === 'runtimeError') {
      return { error: `The server tried to issue a client callback (${st.dialog}) from ${f.delivery!.trigger}; client callbacks are not supported in page background task triggers.` };
    }
    return 'next';
  }
  if ('notification' in st) {
    record(rt, 'pbt.notification', { session: rt.s.id, page: f.page, level: 'info', text: st.notification });
    return 'next';
  }
  if ('write' in st) {
    // PBT-TRG-07: triggers run in the parent session, which may write.
    record(rt, 'pbt.write', { session: rt.s.id, page: f.page, taskId: null, table: st.write.table, temporary: st.write.temporary ?? false, ok: true });
    return 'next';
  }
  if ('repeat' in st) throw new Error('repeat statements are expanded when the scenario is compiled');
  if ('callback' in st) return runCallback(rt, f, st.callback as string, trigger);
  // update: PBT-TRG-06 / A13: no refresh from a callback; Update(true) may still save.
  const save = st.update.saveRecord ?? true;
  record(rt, 'pbt.update', { session: rt.s.id, page: f.page, saved: save && (!inCallback || rt.sc.policies.updateInCallbackSaves), refreshed: !inCallback });
  return 'next';
}

function stepFrame(rt: Rt, f: Draft<Frame>): StepResult {
  while (f.steps.length > 0) {
    const step = f.steps[0]!;
    if (step.kind === 'setRecord') {
      setRecord(rt, f.page, step.record);
      f.steps.shift();
      continue;
    }
    if (step.kind === 'display') {
      display(rt, f.page);
      f.steps.shift();
      continue;
    }
    if (step.kind === 'wait') {
      f.steps.shift();
      if (step.ms === 0) continue;
      f.waitingFor = 'busy';
      f.resumeHandle = rt.ctx.schedule(step.ms, { type: 'trigger.resume', session: rt.s.id });
      record(rt, 'pbt.busy', { session: rt.s.id, page: f.page, untilMs: rt.ctx.now + step.ms });
      return 'suspended';
    }
    if (step.kind === 'raise') {
      f.steps.shift();
      return { error: step.text };
    }
    const code = codeFor(rt, f, step.trigger, f.owner);
    if (code !== undefined) {
      if (f.pc === 0) {
        record(rt, 'pbt.invoke', { session: rt.s.id,
          page: f.page, owner: f.owner === -1 ? null : extensionsOf(rt, f.page)[f.owner]!.name, trigger: step.trigger,
          taskId: f.delivery?.taskId ?? null, isHandled: f.delivery?.trigger === 'OnPageBackgroundTaskError' ? f.delivery.isHandled : null,
        });
      }
      let exited = false;
      while (!exited && f.pc < code.length) {
        const r = exec(rt, f, code[f.pc++]!, step.trigger);
        if (r === 'suspend') return 'suspended';
        if (r === 'exit') exited = true;
        else if (r !== 'next') return r;
      }
    }
    f.pc = 0;
    if (f.owner < lastOwner(rt, f, step.trigger)) f.owner++;
    else {
      f.owner = -1;
      f.steps.shift();
    }
  }
  return 'done';
}

function abortStack(rt: Rt, error: string, f: Draft<Frame>): void {
  const s = rt.s;
  const step = f.steps[0];
  record(rt, 'pbt.triggerError', { session: rt.s.id,
    page: f.page, owner: f.owner === -1 ? null : extensionsOf(rt, f.page)[f.owner]?.name ?? null,
    trigger: step !== undefined && step.kind === 'trigger' ? step.trigger : null, text: error,
  });
  let surfaced = false;
  while (s.stack.length > 0) {
    const g = s.stack.pop()!;
    if (g.resumeHandle !== null) rt.ctx.cancel(g.resumeHandle as EventHandle);
    if (g.delivery !== null) {
      if (!surfaced) g.delivery.triggerError = error;
      finishDelivery(rt, g);
      surfaced = true;
    }
  }
  if (!surfaced) record(rt, 'pbt.surface', { session: rt.s.id, page: f.page, taskId: null, surfacedAs: 'error', level: 'Error', text: error });
}

/**
 * Runs the parent session's stack until it is empty or its top frame waits; then serves
 * deferred user actions and asks the idle scheduler for the next delivery.
 * @internal
 */
export function runStack(rt: Rt): void {
  const s = rt.s;
  for (;;) {
    const f = s.stack[s.stack.length - 1];
    if (f === undefined) {
      const next = s.alive ? s.inbox.shift() : undefined;
      if (next !== undefined) {
        startUserAction(rt, next.step, next.move);
        continue;
      }
      scheduleDelivery(rt);
      return;
    }
    if (f.waitingFor !== null) return;
    const r = stepFrame(rt, f);
    if (r === 'suspended') return;
    if (r !== 'done') {
      abortStack(rt, r.error, f);
      continue;
    }
    s.stack.pop();
    if (f.delivery !== null) finishDelivery(rt, f);
  }
}

/** Pushes a frame for `page` that runs `steps`. @internal */
export function pushFrame(rt: Rt, page: string, steps: Frame['steps'], action: number | null = null): void {
  const pg = rt.s.pages[page]!;
  rt.s.stack.push({
    page, pageInstance: pg.instance, steps: [...steps], owner: -1, pc: 0, action, delivery: null,
    waitingFor: null, inlineTaskId: null, inlineVar: null, resumeHandle: null,
  });
}

/** A `trigger.resume` event: the busy trigger continues. @internal */
export function onResume(rt: Rt): void {
  const f = rt.s.stack[rt.s.stack.length - 1];
  if (f === undefined || f.waitingFor !== 'busy') return;
  f.waitingFor = null;
  f.resumeHandle = null;
  runStack(rt);
}
