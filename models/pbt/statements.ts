/**
 * The AL statements a trigger runs, as a table by statement kind: each entry executes one
 * statement of a frame and says what happens next (`next`, `suspend` while busy or waiting for an
 * inline task, `exit` the trigger, or an error that unwinds the stack). A scenario statement is an
 * object with exactly one key, its kind (the scenario schema is strict).
 * @module
 */
import { record, type Rt } from './runtime.js';
import type { Frame } from './state.js';
import type { Statement, TriggerName } from './scenarioSchema.js';
import { cancelCall, enqueue } from './tasks.js';
import { taskOf } from './taskList.js';
import { ownerTrigger, varName } from './frames.js';
import { AlExit, AlRuntimeError, makeCurrPage } from './currPage.js';

/** What a statement asks the frame to do next. @internal */
export type StatementResult = 'next' | 'suspend' | 'exit' | { readonly error: string };

/** A statement as the interpreter runs it: a scenario statement, or a TypeScript trigger (al.ts). @internal */
export type RunnableStatement = Statement | { readonly callback: string };

type Kind = RunnableStatement extends infer S ? (S extends unknown ? keyof S : never) : never;
type Of<K extends Kind> = Extract<RunnableStatement, { readonly [P in K]: unknown }>;
type Exec<K extends Kind> = (rt: Rt, f: Frame, st: Of<K>, trigger: TriggerName | 'Action') => StatementResult;

/** Keeps the parent busy for `ms` (PBT-TRG-08): the frame waits for a `trigger.resume`. @internal */
export function busy(rt: Rt, f: Frame, ms: number): 'suspend' {
  f.waitingFor = 'busy';
  f.resumeHandle = rt.ctx.schedule(ms, { type: 'trigger.resume', session: rt.s.id });
  record(rt, 'pbt.busy', { session: rt.s.id, page: f.page, untilMs: rt.ctx.now + ms });
  return 'suspend';
}

function dialogError(f: Frame, kind: string): { readonly error: string } {
  return { error: `The server tried to issue a client callback (${kind}) from ${f.delivery!.trigger}; client callbacks are not supported in page background task triggers.` };
}

// A trigger written in TypeScript (al.ts): one atomic call; busy time applies after it returns.
function runCallback(rt: Rt, f: Frame, id: string, trigger: TriggerName | 'Action'): StatementResult {
  const fn = rt.sc.callbacks.get(id)!;
  const { page, busyMs } = makeCurrPage(rt, f, ownerTrigger(rt, f, trigger), (n) => varName(rt, f, n));
  const d = f.delivery;
  const task = d === null ? undefined : taskOf(rt.s, d.taskId);
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
  return ms > 0 ? busy(rt, f, ms) : 'next';
}

const STATEMENTS: { readonly [K in Kind]: Exec<K> } = {
  enqueue(rt, f, st, trigger) {
    const a = st.enqueue;
    const r = enqueue(rt, {
      page: f.page, trigger: ownerTrigger(rt, f, trigger), codeunit: a.codeunit, parameters: a.parameters, timeoutMs: a.timeoutMs,
      errorLevel: a.errorLevel, useReturnValue: a.useReturnValue ?? false, taskIdVar: a.taskIdVar,
    });
    const v = a.taskIdVar === undefined ? null : varName(rt, f, a.taskIdVar);
    if (r.ok) {
      if (rt.sc.mode === 'headless' && taskOf(rt.s, r.taskId!) !== undefined) {
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
  },
  cancel(rt, f, st) {
    const c = st.cancel;
    cancelCall(rt, f.page, 'taskId' in c ? c.taskId : rt.s.pages[f.page]!.vars[varName(rt, f, c.taskIdVar)] ?? 0);
    return 'next';
  },
  setIsHandled(_rt, f, st) {
    if (f.delivery !== null) f.delivery.isHandled = st.setIsHandled;
    return 'next';
  },
  error: (_rt, _f, st) => ({ error: typeof st.error === 'string' ? st.error : st.error.text }),
  busyMs: (rt, f, st) => (st.busyMs === 0 ? 'next' : busy(rt, f, st.busyMs)),
  setVar(rt, f, st) {
    rt.s.pages[f.page]!.vars[varName(rt, f, st.setVar.name)] = st.setVar.value;
    return 'next';
  },
  exitIfTaskIdIsNot(rt, f, st) {
    // PBT-TRG-04: `if TaskId <> MyTaskId then exit;`
    if (f.delivery === null) return 'next';
    return (rt.s.pages[f.page]!.vars[varName(rt, f, st.exitIfTaskIdIsNot)] ?? 0) === f.delivery.taskId ? 'next' : 'exit';
  },
  dialog(rt, f, st) {
    // PBT-TRG-05, PBT-ERR-C01, A14: a modal dialog in a callback trigger is a runtime error.
    return f.delivery !== null && rt.sc.policies.dialogInCallback === 'runtimeError' ? dialogError(f, st.dialog) : 'next';
  },
  notification(rt, f, st) {
    record(rt, 'pbt.notification', { session: rt.s.id, page: f.page, level: 'info', text: st.notification });
    return 'next';
  },
  write(rt, f, st) {
    // PBT-TRG-07: triggers run in the parent session, which may write.
    record(rt, 'pbt.write', { session: rt.s.id, page: f.page, taskId: null, table: st.write.table, temporary: st.write.temporary ?? false, ok: true });
    return 'next';
  },
  update(rt, f, st) {
    // PBT-TRG-06 / A13: no refresh from a callback; Update(true) may still save.
    const inCallback = f.delivery !== null;
    const save = st.update.saveRecord ?? true;
    record(rt, 'pbt.update', { session: rt.s.id, page: f.page, saved: save && (!inCallback || rt.sc.policies.updateInCallbackSaves), refreshed: !inCallback });
    return 'next';
  },
  repeat() {
    throw new Error('repeat statements are expanded when the scenario is compiled');
  },
  callback: (rt, f, st, trigger) => runCallback(rt, f, st.callback, trigger),
};

/** Runs one statement of frame `f` (table dispatch on the statement's one key). @internal */
export function execStatement(rt: Rt, f: Frame, st: RunnableStatement, trigger: TriggerName | 'Action'): StatementResult {
  let kind: Kind | undefined;
  for (const k in st) {
    kind = k as Kind;
    break;
  }
  return (STATEMENTS[kind!] as Exec<Kind>)(rt, f, st as Of<Kind>, trigger);
}
