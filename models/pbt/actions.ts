/**
 * The user's actions from the scenario script: open, navigate, fetch rows, close, call, browse,
 * TestPage.RunPageBackgroundTask and end of session. Opening a page and moving to a record run
 * OnOpenPage / OnAfterGetRecord / OnAfterGetCurrRecord on the page and its extensions.
 * @module
 */
import type { EventHandle } from '../../engine/index.js';
import { record, type Rt } from './runtime.js';
import type { FrameStep } from './state.js';
import { cancelPageTasks, planRun } from './tasks.js';
import { pushFrame } from './interpreter.js';
import { taskGone } from './delivery.js';

function pageUsable(rt: Rt, page: string, step: number): boolean {
  if (rt.s.pages[page]!.open) return true;
  record(rt, 'pbt.warning', { code: 'pageNotOpen', message: `script step ${step}: page ${page} is not open; the step is skipped`, taskId: null });
  return false;
}

/** Closes a page: its waiting and running tasks are cancelled, no trigger runs (PBT-CAN-02, A25). @internal */
export function closePage(rt: Rt, page: string, reason: 'pageClosed' | 'sessionClosed'): void {
  const pg = rt.s.pages[page]!;
  if (!pg.open) return;
  cancelPageTasks(rt, page, reason, true);
  pg.open = false;
  pg.displayWaitsFor = [];
  record(rt, 'pbt.page', { page, open: false, instance: pg.instance });
}

/** Ends the parent session: every task is cancelled (PBT-CAN-04, A25). @internal */
export function endSession(rt: Rt): void {
  const s = rt.s;
  for (const f of s.stack) if (f.resumeHandle !== null) rt.ctx.cancel(f.resumeHandle as EventHandle);
  s.stack = [];
  s.inbox = [];
  for (const page of Object.keys(s.pages).sort()) closePage(rt, page, 'sessionClosed');
  for (const id of s.deliveries) {
    record(rt, 'pbt.drop', { page: s.tasks[id]!.page, taskId: id, reason: 'sessionClosed' });
    taskGone(rt, id);
  }
  s.deliveries = [];
  s.alive = false;
}

const LOAD: readonly FrameStep[] = [
  { kind: 'trigger', trigger: 'OnAfterGetRecord' },
  { kind: 'trigger', trigger: 'OnAfterGetCurrRecord' },
  { kind: 'display' },
];

/** Starts script step `stepIndex` (move `move` of a browse step) on an idle parent. @internal */
export function startUserAction(rt: Rt, stepIndex: number, move: number): void {
  const s = rt.s;
  const step = rt.sc.sessions[s.index]!.script[stepIndex]!;
  if ('open' in step) {
    const pg = s.pages[step.open]!;
    if (pg.open) {
      record(rt, 'pbt.warning', { code: 'pageAlreadyOpen', message: `script step ${stepIndex}: page ${step.open} is already open; the step is skipped`, taskId: null });
      return;
    }
    pg.open = true;
    pg.instance++;
    pg.record = step.record ?? null;
    pg.vars = {};
    pg.displayWaitsFor = [];
    record(rt, 'pbt.page', { page: step.open, open: true, instance: pg.instance, record: pg.record });
    pushFrame(rt, step.open, [{ kind: 'trigger', trigger: 'OnOpenPage' }, ...LOAD]);
  } else if ('navigate' in step) {
    if (pageUsable(rt, step.navigate, stepIndex)) pushFrame(rt, step.navigate, [{ kind: 'setRecord', record: step.record }, ...LOAD]);
  } else if ('fetchRows' in step) {
    // PBT-ENQ-08: OnAfterGetRecord fires once per row, so each row is a record change.
    if (!pageUsable(rt, step.fetchRows, stepIndex)) return;
    const steps: FrameStep[] = [];
    for (const r of step.records) steps.push({ kind: 'setRecord', record: r }, { kind: 'trigger', trigger: 'OnAfterGetRecord' });
    steps.push({ kind: 'trigger', trigger: 'OnAfterGetCurrRecord' }, { kind: 'display' });
    pushFrame(rt, step.fetchRows, steps);
  } else if ('close' in step) {
    closePage(rt, step.close, 'pageClosed');
  } else if ('call' in step) {
    if (pageUsable(rt, step.call, stepIndex)) pushFrame(rt, step.call, [{ kind: 'trigger', trigger: 'Action' }], stepIndex);
  } else if ('browse' in step) {
    if (move + 1 < step.moves) {
      const think = step.thinkMs;
      const delay = typeof think === 'number' ? think : rt.ctx.rng(`think/${s.id}`).sampleDelayMs(
        'uniform' in think ? { kind: 'uniform', min: think.uniform.minMs, max: think.uniform.maxMs }
          : 'exponential' in think ? { kind: 'exponential', mean: think.exponential.meanMs }
          : 'normal' in think ? { kind: 'normal', mean: think.normal.meanMs, sd: think.normal.sdMs }
          : 'lognormal' in think ? { kind: 'lognormal', mu: Math.log(think.lognormal.medianMs), sigma: think.lognormal.sigma }
          : { kind: 'fixed', value: 0 });
      rt.ctx.schedule(delay, { type: 'user.step', session: s.id, step: stepIndex, move: move + 1 });
    }
    const page = step.browse;
    const pg = s.pages[page]!;
    const target = step.records[move % step.records.length]!;
    if (!pg.open) {
      pg.open = true;
      pg.instance++;
      pg.record = target;
      pg.vars = {};
      record(rt, 'pbt.page', { page, open: true, instance: pg.instance, record: target });
      pushFrame(rt, page, [{ kind: 'trigger', trigger: 'OnOpenPage' }, ...LOAD]);
    } else {
      pushFrame(rt, page, [{ kind: 'setRecord', record: target }, ...LOAD]);
    }
  } else if ('runPageBackgroundTask' in step) {
    // PBT-TST-01..03: run the codeunit in a child session and wait; triggers only on request.
    const a = step.runPageBackgroundTask;
    const run = planRun(rt, a.codeunit, a.parameters ?? {});
    const runTriggers = a.runCompletionTriggers ?? false;
    record(rt, 'pbt.testRun', {
      page: a.page, codeunit: a.codeunit, durationMs: run.runMs, results: run.outcome === 'completed' ? run.results : null,
      error: run.errorText, completionTriggerRan: runTriggers && run.outcome === 'completed',
    });
    if (run.outcome === 'failed' && (!runTriggers && rt.sc.policies.testRunErrorPropagates)) {
      record(rt, 'pbt.surface', { page: a.page, taskId: null, surfacedAs: 'error', level: 'Error', text: run.errorText ?? '' });
    }
  } else {
    endSession(rt);
  }
}
