/**
 * `CurrPage` for triggers written in TypeScript (the AL-shaped API, see al.ts): the same
 * operations as the statement language, called as methods while the trigger runs.
 * @module
 */
import { record, type Rt } from './runtime.js';
import type { ErrorLevel, Frame } from './state.js';
import { cancelCall, enqueue } from './tasks.js';

/** An AL runtime error raised in a trigger (ends the trigger; shown as an Error, PBT-ERR-09). */
export class AlRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlRuntimeError';
  }
}

/** Thrown by {@link CurrPage.exit} to leave the trigger. @internal */
export class AlExit extends Error {}

/** The page as AL code sees it inside a trigger (`CurrPage` and the page's globals). */
export interface CurrPage {
  /** The page's current record ID (`Rec.RecordId`), or null. */
  readonly recordId: string | null;
  /** A global Integer variable of the page (0 when never set). */
  getVar(name: string): number;
  /** Assigns a global Integer variable of the page. */
  setVar(name: string, value: number): void;
  /**
   * `CurrPage.EnqueueBackgroundTask(TaskId, CodeunitId, Parameters, Timeout, ErrorLevel)` used as a
   * statement: on success the variable `taskIdVar` receives the new ID; on failure an AL runtime
   * error ends the trigger (PBT-ENQ-04).
   */
  enqueueBackgroundTask(taskIdVar: string, codeunitId: number, parameters?: Readonly<Record<string, string>>, timeout?: number, errorLevel?: ErrorLevel): void;
  /** `Ok := CurrPage.EnqueueBackgroundTask(...)`: returns false instead of raising (PBT-ENQ-04). */
  tryEnqueueBackgroundTask(taskIdVar: string, codeunitId: number, parameters?: Readonly<Record<string, string>>, timeout?: number, errorLevel?: ErrorLevel): boolean;
  /** `CurrPage.CancelBackgroundTask(TaskId)`: true if the task was marked for cancellation (PBT-CAN-01, A10). */
  cancelBackgroundTask(taskId: number): boolean;
  /** `Error(Text)`: raises an AL error that ends the trigger. */
  error(text: string): never;
  /** `exit`: leaves the trigger. */
  exit(): never;
  /** `CurrPage.Update(SaveRecord)`: no refresh from a callback trigger (PBT-TRG-06). */
  update(saveRecord?: boolean): void;
  /** Sends a notification to the client (allowed in callback triggers, PBT-TRG-05). */
  sendNotification(text: string): void;
  /** `Confirm`, `Message`…: a modal dialog; a runtime error in callback triggers (A14). */
  dialog(kind: 'Confirm' | 'Message' | 'StrMenu' | 'RunModal'): void;
  /** The trigger's own code keeps the parent busy for `ms` after it returns. */
  busy(ms: number): void;
}

/** The CurrPage given to one callback invocation, and what it asked for afterwards. @internal */
export function makeCurrPage(rt: Rt, f: Frame, trigger: string, varName: (n: string) => string): { page: CurrPage; busyMs: () => number } {
  let busyMs = 0;
  const vars = rt.s.pages[f.page]!.vars;
  const doEnqueue = (useReturnValue: boolean, taskIdVar: string, codeunitId: number, parameters?: Readonly<Record<string, string>>, timeout?: number, errorLevel?: ErrorLevel): boolean => {
    if (!rt.sc.codeunits.has(codeunitId)) throw new AlRuntimeError(`Codeunit ${codeunitId} does not exist.`);
    const r = enqueue(rt, { page: f.page, trigger, codeunit: codeunitId, parameters, timeoutMs: timeout, errorLevel, useReturnValue, taskIdVar });
    if (r.ok) vars[varName(taskIdVar)] = r.taskId!;
    else if (rt.sc.policies.taskIdAfterFailedEnqueue === 'zero') vars[varName(taskIdVar)] = 0;
    if (r.runtimeError !== null) throw new AlRuntimeError(r.runtimeError);
    return r.ok;
  };
  const page: CurrPage = {
    recordId: rt.s.pages[f.page]!.record,
    getVar: (name) => vars[varName(name)] ?? 0,
    setVar: (name, value) => {
      vars[varName(name)] = value;
    },
    enqueueBackgroundTask: (v, c, p, t, l) => {
      doEnqueue(false, v, c, p, t, l);
    },
    tryEnqueueBackgroundTask: (v, c, p, t, l) => doEnqueue(true, v, c, p, t, l),
    cancelBackgroundTask: (id) => cancelCall(rt, f.page, id),
    error: (text) => {
      throw new AlRuntimeError(text);
    },
    exit: () => {
      throw new AlExit();
    },
    update: (saveRecord = true) => {
      const inCallback = f.delivery !== null;
      record(rt, 'pbt.update', { session: rt.s.id, page: f.page, saved: saveRecord && (!inCallback || rt.sc.policies.updateInCallbackSaves), refreshed: !inCallback });
    },
    sendNotification: (text) => record(rt, 'pbt.notification', { session: rt.s.id, page: f.page, level: 'info', text }),
    dialog: (kind) => {
      if (f.delivery !== null && rt.sc.policies.dialogInCallback === 'runtimeError') {
        throw new AlRuntimeError(`The server tried to issue a client callback (${kind}) from ${f.delivery.trigger}; client callbacks are not supported in page background task triggers.`);
      }
    },
    busy: (ms) => {
      if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`busy: expected a non-negative integer of milliseconds, got ${ms}`);
      busyMs += ms;
    },
  };
  return { page, busyMs: () => busyMs };
}
