/**
 * The checks behind rules PBT0001–PBT0010 (see `lintRules.ts` and `docs/lint/`). Each check
 * walks the project once (reachability from each trigger is computed once and shared) and
 * returns raw diagnostics; severities, suppressions and configuration are applied by `lint.ts`.
 * @module
 */
import { pageTypeOf, routineLabel, type AlObject, type Finding, type Routine } from './objects.js';
import type { OwnedRoutine, ProjectIndex } from './project.js';
import { reachFrom, type Reached } from './reach.js';
import type { SourcePosition } from './source.js';

/** A diagnostic before configuration and suppressions. */
export interface RawDiagnostic {
  readonly rule: string;
  readonly pos: SourcePosition;
  readonly message: string;
}

type Enqueue = Extract<Finding, { kind: 'enqueue' }>;
const CALLBACKS = new Set(['onpagebackgroundtaskcompleted', 'onpagebackgroundtaskerror']);
const VALIDATE = new Set(['onvalidate', 'onaftervalidate', 'onbeforevalidate']);
const LIST_TYPES = new Set(['list', 'listpart']);
/** PageBackgroundTaskMaxTimeout's default (PBT-TMO-03). */
const MAX_TIMEOUT_MS = 600_000;
/** ChildSessionsMaxQueueLength's default (PBT-CONC-03); 5 more start at once (PBT-CONC-01). */
const MAX_QUEUE = 100;

/** Reachability from every trigger of every page and page extension, computed once. */
export class TriggerReach {
  /** Per trigger: what it reaches. */
  readonly byTrigger = new Map<Routine, { owner: OwnedRoutine; reached: Reached[] }>();
  /** Per routine: the triggers that reach it. */
  readonly reachedBy = new Map<Routine, OwnedRoutine[]>();

  constructor(readonly index: ProjectIndex) {
    for (const o of index.project.objects) {
      if (o.type !== 'page' && o.type !== 'pageextension' && o.type !== 'codeunit') continue;
      for (const r of o.routines) {
        if (r.kind !== 'trigger') continue;
        const owner = { object: o, routine: r };
        const reached = reachFrom(index, owner);
        this.byTrigger.set(r, { owner, reached });
        for (const x of reached) {
          const l = this.reachedBy.get(x.target.routine);
          if (l === undefined) this.reachedBy.set(x.target.routine, [owner]);
          else l.push(owner);
        }
      }
    }
  }

  /** Triggers of objects of `types` whose name (lower case) satisfies `pick`. */
  *triggers(types: readonly string[], pick: (r: Routine, o: AlObject) => boolean): Generator<{ owner: OwnedRoutine; reached: Reached[] }> {
    for (const v of this.byTrigger.values()) if (types.includes(v.owner.object.type) && pick(v.owner.routine, v.owner.object)) yield v;
  }
}

const arrow = (path: readonly OwnedRoutine[]): string => path.map((p) => routineLabel(p.routine)).join(' → ');
const PAGES = ['page', 'pageextension'];

function enqueuesReached(reached: readonly Reached[]): { f: Enqueue; via: Reached; unguarded: boolean }[] {
  const out: { f: Enqueue; via: Reached; unguarded: boolean }[] = [];
  for (const via of reached) for (const f of via.target.routine.findings) if (f.kind === 'enqueue') out.push({ f, via, unguarded: via.unguarded && !f.guarded });
  return out;
}

/** PBT0001, PBT0002, PBT0003, PBT0005: enqueues reachable from triggers that should not enqueue. */
export function checkTriggerEnqueues(tr: TriggerReach): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const isListPage = (o: AlObject): boolean => {
    const base = tr.index.basePage(o);
    const t = base === undefined ? null : pageTypeOf(base);
    return t !== null && LIST_TYPES.has(t);
  };
  for (const { owner, reached } of tr.triggers(PAGES, () => true)) {
    const r = owner.routine;
    const n = r.name.toLowerCase();
    for (const { f, via, unguarded } of enqueuesReached(reached)) {
      const path = arrow(via.path);
      if (r.level === 'object' && n === 'onopenpage') {
        out.push({ rule: 'PBT0001', pos: f.pos, message: `EnqueueBackgroundTask is reached from OnOpenPage (${path}): the docs advise against enqueueing there (the record may still change); enqueue from OnAfterGetCurrRecord` });
      } else if (r.level === 'object' && n === 'onaftergetrecord' && isListPage(owner.object)) {
        out.push({ rule: 'PBT0002', pos: f.pos, message: `EnqueueBackgroundTask is reached from OnAfterGetRecord of a list page (${path}): the trigger runs once per row, so every row's task but the last is cancelled; enqueue from OnAfterGetCurrRecord` });
      } else if (r.level === 'field' && VALIDATE.has(n)) {
        out.push({ rule: 'PBT0003', pos: f.pos, message: `EnqueueBackgroundTask is reached from ${routineLabel(r)} (${path}): the docs advise against enqueueing from OnValidate (the record may change while the task runs)` });
      } else if (r.level === 'object' && CALLBACKS.has(n) && unguarded) {
        out.push({ rule: 'PBT0005', pos: f.pos, message: `${r.name} enqueues again with no condition bounding it (${arrow(via.unguardedPath ?? via.path)}): every completion starts a new task, an endless loop; count the retries or stop on a condition` });
      }
    }
  }
  return out;
}

/** PBT0004 (timeouts), PBT0007 (local TaskId) and PBT0011 (statement-form enqueue in a loop), per enqueue call. */
export function checkEnqueueArguments(index: ProjectIndex): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const o of index.project.objects) {
    if (!PAGES.includes(o.type)) continue;
    for (const r of o.routines) {
      for (const f of r.findings) {
        if (f.kind !== 'enqueue') continue;
        if (f.timeout?.kind === 'literal' && f.timeout.value > MAX_TIMEOUT_MS) {
          out.push({ rule: 'PBT0004', pos: f.pos, message: `timeout ${f.timeout.value} ms is above PageBackgroundTaskMaxTimeout (${MAX_TIMEOUT_MS} ms by default): the maximum applies instead` });
        } else if (f.timeout?.kind === 'literal' && f.timeout.value <= 0) {
          out.push({ rule: 'PBT0004', pos: f.pos, message: `timeout ${f.timeout.value} ms is not positive: the default timeout (PageBackgroundTaskDefaultTimeout, 120000 ms by default) applies instead` });
        }
        if (f.inLoop && !f.returnValueUsed && (f.loopTimes === null || f.loopTimes > MAX_QUEUE + 5)) {
          out.push({ rule: 'PBT0011', pos: f.pos, message: `EnqueueBackgroundTask in a loop${f.loopTimes === null ? '' : ` of ${f.loopTimes} iterations`} without using its return value: once ChildSessionsMaxQueueLength (${MAX_QUEUE} by default) tasks wait, the next call is a runtime error; write \`if not CurrPage.EnqueueBackgroundTask(…) then\` and stop` });
        }
        const id = f.taskId.toLowerCase();
        const local = r.locals.find((v) => v.name.toLowerCase() === id) ?? r.params.find((v) => v.name.toLowerCase() === id && !v.byRef);
        if (local !== undefined) {
          out.push({ rule: 'PBT0007', pos: f.pos, message: `TaskId ${f.taskId} is ${r.locals.includes(local) ? 'a local variable' : 'a by-value parameter'} of ${routineLabel(r)}: the ID is lost when it returns, so the task cannot be cancelled or told apart in the callbacks; use a global variable of the page` });
        }
      }
    }
  }
  return out;
}

/** PBT0006: several TaskIds on a page, and a callback that never looks at TaskId. */
export function checkTaskIdRouting(index: ProjectIndex): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const o of index.project.objects) {
    if (!PAGES.includes(o.type)) continue;
    const ids = new Map<string, string>();
    let loop = false;
    for (const r of o.routines) {
      for (const f of r.findings) {
        if (f.kind !== 'enqueue') continue;
        loop ||= f.inLoop;
        // A `var TaskId` parameter stands for the variables its callers pass.
        const at = r.params.findIndex((p) => p.byRef && p.name.toLowerCase() === f.taskId.toLowerCase());
        if (at < 0) { ids.set(f.taskId.toLowerCase(), f.taskId); continue; }
        for (const c of o.routines) for (const g of c.findings) if (g.kind === 'call' && g.receiver === null && g.name.toLowerCase() === r.name.toLowerCase() && g.args[at] !== undefined) ids.set(g.args[at]!.toLowerCase(), g.args[at]!);
      }
    }
    if (ids.size < 2 && !loop) continue;
    for (const r of o.routines) {
      if (r.kind !== 'trigger' || r.level !== 'object' || !CALLBACKS.has(r.name.toLowerCase())) continue;
      const p = r.params[0]?.name.toLowerCase();
      if (p !== undefined && r.referenced.has(p)) continue;
      out.push({ rule: 'PBT0006', pos: r.pos, message: `${o.name} enqueues ${loop ? 'tasks in a loop' : `${ids.size} tasks (${[...ids.values()].join(', ')})`} but ${r.name} never looks at TaskId: results or errors of one task are taken for another's; compare TaskId with the stored IDs` });
    }
  }
  return out;
}

/** PBT0010: UI or CurrPage.Update reachable from a callback trigger. */
export function checkCallbackUi(tr: TriggerReach): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const { owner, reached } of tr.triggers(PAGES, (r) => r.level === 'object' && CALLBACKS.has(r.name.toLowerCase()))) {
    for (const via of reached) {
      for (const f of via.target.routine.findings) {
        const dialog = f.kind === 'call' && f.receiver !== null && /^(open|update)$/i.test(f.name) && tr.index.variable(via.target.object, via.target.routine, f.receiver)?.type === 'dialog';
        if (f.kind === 'ui' || dialog) {
          out.push({ rule: 'PBT0010', pos: f.pos, message: `${f.kind === 'ui' ? f.call : 'Dialog.Open'} in ${owner.routine.name} (${arrow(via.path)}): callback triggers may not show UI (only notifications and control updates)` });
        } else if (f.kind === 'update') {
          out.push({ rule: 'PBT0010', pos: f.pos, message: `CurrPage.Update in ${owner.routine.name} (${arrow(via.path)}) has no effect in a callback trigger: the page is not refreshed` });
        }
      }
    }
  }
  return out;
}
