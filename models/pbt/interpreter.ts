/**
 * The parent session's trigger interpreter: one frame of the call stack at a time, running its
 * steps (set the record, a trigger's AL statements on the page and then each extension (A15),
 * display, wait, raise). Statements run through the table in statements.ts. A frame runs to
 * completion unless a statement suspends it (busy time, or in headless mode an inline task,
 * PBT-TST-C01); the stack itself is run by stack.ts.
 * @module
 */
import { faulty, record, type Rt } from './runtime.js';
import type { Frame } from './state.js';
import type { Statement, TriggerName } from './scenarioSchema.js';
import { cancelPageTasks } from './tasks.js';
import { extensionsOf } from './frames.js';
import { busy, execStatement } from './statements.js';

/** How a frame's run ended: all steps done, suspended, or an error that unwinds the stack. @internal */
export type StepResult = 'done' | 'suspended' | { readonly error: string };

/** Statements of a `call` step, normalized. @internal */
export function actionStatements(rt: Rt, stepIndex: number): readonly Statement[] {
  const step = rt.cs.script[stepIndex]!;
  if ('enqueue' in step) return [{ enqueue: step.enqueue }];
  if ('cancel' in step) return [{ cancel: step.cancel }];
  if ('busyMs' in step) return [{ busyMs: step.busyMs }];
  if ('statements' in step) return step.statements;
  return [];
}

function codeFor(rt: Rt, f: Frame, trigger: TriggerName | 'Action', owner: number): readonly Statement[] | undefined {
  if (trigger === 'Action') return owner === -1 && f.action !== null ? actionStatements(rt, f.action) : undefined;
  if (owner === -1) return rt.cs.pages[f.page]!.triggers?.[trigger];
  return extensionsOf(rt, f.page)[owner]?.triggers?.[trigger];
}

function lastOwner(rt: Rt, f: Frame, trigger: TriggerName | 'Action'): number {
  if (trigger === 'Action') return -1;
  const callback = trigger === 'OnPageBackgroundTaskCompleted' || trigger === 'OnPageBackgroundTaskError';
  if (callback && rt.sc.policies.extensionTriggers === 'pageOnly') return -1;
  return extensionsOf(rt, f.page).length - 1;
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
  const spec = rt.cs.pages[page]!;
  if (spec.kind !== 'part') return;
  const pg = rt.s.pages[page]!;
  // PBT-LIM-01 / A28: the part shows data once the tasks outstanding now have ended.
  // The page's list is refilled in place (the session is a plain copy owned by the draft, so is
  // the list): no new long-lived array per display.
  const outstanding = pg.displayWaitsFor;
  while (outstanding.length > 0) outstanding.pop(); // not `length = 0`, a runtime call in V8
  const tasks = rt.s.tasks; // ascending TaskId order
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    if (t.page === page && t.pageInstance === pg.instance) outstanding.push(t.id);
  }
  record(rt, 'pbt.display', { session: rt.s.id, page, ready: outstanding.length === 0 });
}

// Runs the trigger of a `trigger` step for the frame's current owner; false when it suspended
// (the frame then resumes at the same statement), an error text when it raised one.
function runTrigger(rt: Rt, f: Frame, trigger: TriggerName | 'Action'): true | 'suspended' | { readonly error: string } {
  const code = codeFor(rt, f, trigger, f.owner);
  if (code === undefined) return true;
  if (f.pc === 0) {
    record(rt, 'pbt.invoke', {
      session: rt.s.id, page: f.page, owner: f.owner === -1 ? null : extensionsOf(rt, f.page)[f.owner]!.name, trigger,
      taskId: f.delivery?.taskId ?? null, isHandled: f.delivery?.trigger === 'OnPageBackgroundTaskError' ? f.delivery.isHandled : null,
    });
  }
  while (f.pc < code.length) {
    const r = execStatement(rt, f, code[f.pc++]!, trigger);
    if (r === 'suspend') return 'suspended';
    if (r === 'exit') return true;
    if (r !== 'next') return r;
  }
  return true;
}

/** Runs frame `f` from its current step until it is done, suspends or raises. @internal */
export function stepFrame(rt: Rt, f: Frame): StepResult {
  const steps = f.steps;
  while (f.at < steps.length) {
    const step = steps[f.at]!;
    switch (step.kind) {
      case 'setRecord':
        setRecord(rt, f.page, step.record);
        f.at++;
        continue;
      case 'display':
        display(rt, f.page);
        f.at++;
        continue;
      case 'wait':
        f.at++;
        if (step.ms === 0) continue;
        busy(rt, f, step.ms);
        return 'suspended';
      case 'raise':
        f.at++;
        return { error: step.text };
      case 'trigger': {
        const r = runTrigger(rt, f, step.trigger);
        if (r !== true) return r;
        f.pc = 0;
        if (f.owner < lastOwner(rt, f, step.trigger)) f.owner++;
        else {
          f.owner = -1;
          f.at++;
        }
      }
    }
  }
  return 'done';
}
