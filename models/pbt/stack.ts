/**
 * The parent session's call stack (A15, PBT-TRG-08, A11): the dispatcher runs it after every event
 * (model.ts). While the stack is not empty the parent is busy: user actions wait in the inbox and
 * results wait for the idle scheduler. Once it is empty, deferred user actions start and the idle
 * scheduler is asked for the next delivery. An error raised in a trigger unwinds the whole stack
 * (AL errors propagate to the outermost caller) and is shown at level Error (PBT-ERR-09).
 * @module
 */
import type { EventHandle } from '../../engine/index.js';
import { record, type Rt } from './runtime.js';
import type { Frame } from './state.js';
import { extensionsOf, topFrame } from './frames.js';
import { stepFrame } from './interpreter.js';
import { finishDelivery, scheduleDelivery } from './delivery.js';
import { startUserAction } from './actions.js';

function abortStack(rt: Rt, error: string, f: Frame): void {
  const s = rt.s;
  const step = f.steps[f.at];
  record(rt, 'pbt.triggerError', {
    session: rt.s.id, page: f.page, owner: f.owner === -1 ? null : extensionsOf(rt, f.page)[f.owner]?.name ?? null,
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
 * deferred user actions and asks the idle scheduler for the next delivery. Called by the
 * dispatcher after every event of the session. @internal
 */
export function runStack(rt: Rt): void {
  const s = rt.s;
  for (;;) {
    const f = topFrame(rt);
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

/** A `trigger.resume` event: the busy trigger may continue (the dispatcher then runs the stack). @internal */
export function onResume(rt: Rt): void {
  const f = topFrame(rt);
  if (f === undefined || f.waitingFor !== 'busy') return;
  f.waitingFor = null;
  f.resumeHandle = null;
}
