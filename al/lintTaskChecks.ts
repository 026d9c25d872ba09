/**
 * The checks that look at both sides of a task: the page that enqueues and the codeunit that
 * runs in the child session (PBT0008, PBT0009). A codeunit is a task codeunit when a page read
 * here enqueues it, or when it reads its parameters or sets its results itself.
 * @module
 */
import type { AlObject, Finding } from './objects.js';
import type { ProjectIndex } from './project.js';
import type { RawDiagnostic, TriggerReach } from './lintChecks.js';
import { routineLabel } from './objects.js';

type Enqueue = Extract<Finding, { kind: 'enqueue' }>;

/** Every enqueue of the pages read, with the object it is in and the codeunit it names (if read). */
export function enqueuesOf(index: ProjectIndex): { object: AlObject; f: Enqueue; codeunit: AlObject | undefined }[] {
  const out: { object: AlObject; f: Enqueue; codeunit: AlObject | undefined }[] = [];
  for (const o of index.project.objects) {
    if (o.type !== 'page' && o.type !== 'pageextension') continue;
    for (const r of o.routines) for (const f of r.findings) if (f.kind === 'enqueue') out.push({ object: o, f, codeunit: index.codeunitObject(f.codeunit, o) });
  }
  return out;
}

/** The task codeunits read: enqueued by a page, or using GetBackgroundParameters/SetBackgroundTaskResult. */
export function taskCodeunits(index: ProjectIndex): AlObject[] {
  const set = new Set<AlObject>();
  for (const e of enqueuesOf(index)) if (e.codeunit !== undefined) set.add(e.codeunit);
  for (const o of index.project.objects) {
    if (o.type === 'codeunit' && o.routines.some((r) => r.findings.some((f) => f.kind === 'getParams' || f.kind === 'setResult'))) set.add(o);
  }
  return index.project.objects.filter((o) => set.has(o));
}

/** PBT0008: writes to non-temporary records and UI in code reachable from a task codeunit's OnRun. */
export function checkTaskCodeunits(tr: TriggerReach): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const seen = new Set<Finding>();
  for (const cu of taskCodeunits(tr.index)) {
    const onRun = cu.routines.find((r) => r.kind === 'trigger' && r.name.toLowerCase() === 'onrun');
    if (onRun === undefined) continue;
    for (const via of tr.byTrigger.get(onRun)?.reached ?? []) {
      const { object, routine } = via.target;
      for (const f of routine.findings) {
        if (seen.has(f)) continue;
        if (f.kind === 'write') {
          const recv = f.receiver.toLowerCase();
          const v = tr.index.variable(object, routine, f.receiver);
          const realRec = v !== undefined ? v.type === 'record' && !v.temporary : recv === 'rec' && object.properties.has('tableno');
          if (!realRec) continue;
          seen.add(f);
          out.push({ rule: 'PBT0008', pos: f.pos, message: `${f.receiver}.${f.method} writes to ${v?.typeName ?? 'the Rec'} record in ${routineLabel(routine)}, reached from the OnRun of task codeunit ${cu.name}: the child session is read-only, so the task fails at run time; move the write to the completion trigger` });
        } else if (f.kind === 'ui' || (f.kind === 'call' && f.receiver !== null && /^open$/i.test(f.name) && tr.index.variable(object, routine, f.receiver)?.type === 'dialog')) {
          seen.add(f);
          out.push({ rule: 'PBT0008', pos: f.pos, message: `${f.kind === 'ui' ? f.call : 'Dialog.Open'} in ${routineLabel(routine)}, reached from the OnRun of task codeunit ${cu.name}: a page background task cannot show UI` });
        }
      }
    }
  }
  return out;
}

/** Keys a codeunit sets in a dictionary (Add/Set with a literal key) anywhere its OnRun reaches. */
function keysSet(tr: TriggerReach, cu: AlObject): Set<string> {
  const keys = new Set<string>();
  const onRun = cu.routines.find((r) => r.kind === 'trigger' && r.name.toLowerCase() === 'onrun');
  for (const via of onRun === undefined ? [] : tr.byTrigger.get(onRun)?.reached ?? []) {
    for (const f of via.target.routine.findings) if (f.kind === 'dictWrite') keys.add(f.key);
  }
  return keys;
}

/** PBT0009: result keys the page reads but no task sets; parameter keys the task reads but no page adds. */
export function checkKeys(tr: TriggerReach): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  const all = enqueuesOf(tr.index);
  // Results: per page object, the union of keys its tasks set, when every task codeunit was read.
  const byObject = new Map<AlObject, (AlObject | undefined)[]>();
  for (const e of all) byObject.set(e.object, [...(byObject.get(e.object) ?? []), e.codeunit]);
  for (const [page, cus] of byObject) {
    if (cus.some((c) => c === undefined)) continue;
    const keys = new Set<string>();
    for (const c of new Set(cus)) for (const k of keysSet(tr, c!)) keys.add(k);
    for (const r of page.routines) {
      if (r.kind !== 'trigger' || r.level !== 'object' || r.name.toLowerCase() !== 'onpagebackgroundtaskcompleted') continue;
      const results = r.params[1]?.name.toLowerCase();
      for (const f of r.findings) {
        if (f.kind !== 'dictRead' || f.receiver.toLowerCase() !== results || keys.has(f.key)) continue;
        out.push({ rule: 'PBT0009', pos: f.pos, message: `Results.${f.method}('${f.key}'): no task this page enqueues (${[...new Set(cus.map((c) => c!.name))].join(', ')}) sets the key '${f.key}'${f.method.toLowerCase() === 'get' ? ', so the Get fails at run time' : ''}` });
      }
    }
  }
  // Parameters: per task codeunit read, the keys the pages that enqueue it add.
  for (const cu of taskCodeunits(tr.index)) {
    const enqueuers = all.filter((e) => e.codeunit === cu);
    if (enqueuers.length === 0) continue;
    const added = new Set<string>();
    for (const e of new Set(enqueuers.map((x) => x.object))) for (const r of e.routines) for (const f of r.findings) if (f.kind === 'dictWrite') added.add(f.key);
    const onRun = cu.routines.find((r) => r.kind === 'trigger' && r.name.toLowerCase() === 'onrun');
    for (const via of onRun === undefined ? [] : tr.byTrigger.get(onRun)?.reached ?? []) {
      const params = new Set(['#parameters', ...via.target.routine.findings.filter((f) => f.kind === 'paramsAssign').map((f) => f.target.toLowerCase())]);
      for (const f of via.target.routine.findings) {
        if (f.kind !== 'dictRead' || !params.has(f.receiver.toLowerCase()) || added.has(f.key)) continue;
        out.push({ rule: 'PBT0009', pos: f.pos, message: `task codeunit ${cu.name} reads the parameter '${f.key}', but no page that enqueues it (${[...new Set(enqueuers.map((e) => e.object.name))].join(', ')}) adds that key${f.method.toLowerCase() === 'get' ? ', so the Get fails at run time' : ''}` });
      }
    }
  }
  return out;
}
