/**
 * The user's actions from the scenario script: open, navigate, fetch rows, close, call, browse,
 * TestPage.RunPageBackgroundTask and end of session. Opening a page and moving to a record run
 * OnOpenPage / OnAfterGetRecord / OnAfterGetCurrRecord on the page and its extensions.
 * @module
 */
import type { EventHandle } from '../../engine/index.js';
import { record, type Rt } from './runtime.js';
import type { FrameStep } from './state.js';
import { cancelPageTasks, planRun, sampleDurationMs } from './tasks.js';
import { moveSteps, OPEN_STEPS, pushFrame } from './frames.js';
import { taskGone } from './delivery.js';
import { taskOf } from './taskList.js';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function pageUsable(rt: Rt, page: string, step: number): boolean {
  if (rt.s.pages[page]!.open) return true;
  record(rt, 'pbt.warning', { session: rt.s.id, code: 'pageNotOpen', message: `script step ${step}: page ${page} is not open; the step is skipped`, taskId: null });
  return false;
}

/** Closes a page: its waiting and running tasks are cancelled, no trigger runs (PBT-CAN-02, A25). @internal */
export function closePage(rt: Rt, page: string, reason: 'pageClosed' | 'sessionClosed'): void {
  const pg = rt.s.pages[page]!;
  if (!pg.open) return;
  cancelPageTasks(rt, page, reason, true);
  pg.open = false;
  pg.displayWaitsFor = [];
  record(rt, 'pbt.page', { session: rt.s.id, page, open: false, instance: pg.instance });
}

/** Ends the parent session: every task is cancelled (PBT-CAN-04, A25). @internal */
export function endSession(rt: Rt): void {
  const s = rt.s;
  for (const f of s.stack) if (f.resumeHandle !== null) rt.ctx.cancel(f.resumeHandle as EventHandle);
  s.stack = [];
  s.inbox = [];
  for (const page of Object.keys(s.pages).sort()) closePage(rt, page, 'sessionClosed');
  for (const id of s.deliveries) {
    record(rt, 'pbt.drop', { session: rt.s.id, page: taskOf(s, id)!.page, taskId: id, reason: 'sessionClosed' });
    taskGone(rt, id);
  }
  s.deliveries = [];
  s.alive = false;
}

/** The page and its parts, in the order their triggers run (host first). */
function withParts(rt: Rt, page: string): string[] {
  const parts = rt.cs.pages[page]!.parts;
  if (parts === undefined) return [page];
  const out = [page];
  for (let i = 0; i < parts.length; i++) out.push(parts[i]!);
  return out;
}

// Frames are a stack: push the last page first so the host's triggers run first. Every page
// runs the same (shared) steps.
function pushInOrder(rt: Rt, pages: readonly string[], steps: readonly FrameStep[]): void {
  for (let i = pages.length - 1; i >= 0; i--) pushFrame(rt, pages[i]!, steps);
}

function openPage(rt: Rt, page: string, recordId: string | null, stepIndex: number): void {
  const host = rt.s.pages[page]!;
  if (host.open) {
    record(rt, 'pbt.warning', { session: rt.s.id, code: 'pageAlreadyOpen', message: `script step ${stepIndex}: page ${page} is already open; the step is skipped`, taskId: null });
    return;
  }
  const pages = withParts(rt, page);
  for (const p of pages) {
    const pg = rt.s.pages[p]!;
    if (pg.open) closePage(rt, p, 'pageClosed');
    pg.open = true;
    pg.instance++;
    pg.record = recordId;
    pg.vars = {};
    pg.displayWaitsFor = [];
    record(rt, 'pbt.page', { session: rt.s.id, page: p, open: true, instance: pg.instance, record: recordId });
  }
  pushInOrder(rt, pages, OPEN_STEPS);
}

function moveTo(rt: Rt, page: string, recordId: string | null): void {
  // The open pages among the page and its parts, host first (no filter closure per move).
  const pages = withParts(rt, page);
  let n = 0;
  for (let i = 0; i < pages.length; i++) if (rt.s.pages[pages[i]!]!.open) pages[n++] = pages[i]!;
  if (n !== pages.length) pages.length = n;
  pushInOrder(rt, pages, moveSteps(recordId));
}

/** Starts script step `stepIndex` (move `move` of a browse step) on an idle parent. @internal */
export function startUserAction(rt: Rt, stepIndex: number, move: number): void {
  const s = rt.s;
  const step = rt.cs.script[stepIndex]!;
  // Browse first: it is the step the capacity scenarios repeat (only a browse step has the key).
  if ('browse' in step) {
    if (move + 1 < step.moves) {
      // A think time has no parameters (refused when the scenario is compiled), so it is a number.
      const think = sampleDurationMs(rt, step.thinkMs, rt.streams.think, NO_PARAMS);
      const delay = typeof think === 'number' ? think : 0;
      rt.ctx.schedule(delay, { type: 'user.step', session: s.id, step: stepIndex, move: move + 1 });
    }
    const target = step.records[move % step.records.length]!;
    if (!s.pages[step.browse]!.open) openPage(rt, step.browse, target, stepIndex);
    else moveTo(rt, step.browse, target);
  } else if ('open' in step) {
    openPage(rt, step.open, step.record ?? null, stepIndex);
  } else if ('navigate' in step) {
    if (pageUsable(rt, step.navigate, stepIndex)) moveTo(rt, step.navigate, step.record);
  } else if ('fetchRows' in step) {
    // PBT-ENQ-08: OnAfterGetRecord fires once per row, so each row is a record change.
    if (!pageUsable(rt, step.fetchRows, stepIndex)) return;
    const steps: FrameStep[] = [];
    for (const r of step.records) steps.push({ kind: 'setRecord', record: r }, { kind: 'trigger', trigger: 'OnAfterGetRecord' });
    steps.push({ kind: 'trigger', trigger: 'OnAfterGetCurrRecord' }, { kind: 'display' });
    pushFrame(rt, step.fetchRows, steps);
  } else if ('close' in step) {
    for (const p of withParts(rt, step.close)) closePage(rt, p, 'pageClosed');
  } else if ('call' in step) {
    if (pageUsable(rt, step.call, stepIndex)) pushFrame(rt, step.call, [{ kind: 'trigger', trigger: 'Action' }], stepIndex);
  } else if ('runPageBackgroundTask' in step) {
    // PBT-TST-01..03: run the codeunit in a child session and wait for it (the test is busy
    // meanwhile); the completion trigger runs only with RunCompletionTriggers = true.
    const a = step.runPageBackgroundTask;
    const run = planRun(rt, a.codeunit, a.parameters ?? {});
    const runTriggers = a.runCompletionTriggers ?? false;
    record(rt, 'pbt.testRun', { session: rt.s.id,
      page: a.page, codeunit: a.codeunit, durationMs: run.runMs, results: run.outcome === 'completed' ? run.results : null,
      error: run.errorText, completionTriggerRan: runTriggers && run.outcome === 'completed', readOnlyChild: true,
    });
    const steps: FrameStep[] = [{ kind: 'wait', ms: run.runMs }];
    if (runTriggers) {
      steps.push({ kind: 'trigger', trigger: run.outcome === 'completed' ? 'OnPageBackgroundTaskCompleted' : 'OnPageBackgroundTaskError' });
    } else if (run.outcome === 'failed' && rt.sc.policies.testRunErrorPropagates) {
      steps.push({ kind: 'raise', text: run.errorText ?? '' }); // A27: the error reaches the test
    }
    const f = pushFrame(rt, a.page, steps);
    if (runTriggers) {
      f.delivery = { taskId: 0, trigger: run.outcome === 'completed' ? 'OnPageBackgroundTaskCompleted' : 'OnPageBackgroundTaskError', isHandled: false, triggerError: null };
    }
  } else {
    endSession(rt);
  }
}
