/**
 * The scenario's view of a task codeunit: its duration (the `Sleep` literals its OnRun reaches,
 * a `Sleep` of a parameter as `{ "parameter": … }`, else the given default), the result keys it
 * sets, its writes to non-temporary records (which fail in the read-only child session,
 * PBT-CHD-01) and whether it shows UI (PBT-CHD-03).
 * @module
 */
import type { CodeunitSpec } from '../models/pbt/index.js';
import type { CodeunitIds, ImportNotes } from './importStatements.js';
import { reachFrom } from './reach.js';
import type { ProjectIndex } from './project.js';

/** Default duration of a task codeunit without a Sleep literal. */
export const DEFAULT_TASK_MS = 1000;

/**
 * The codeunit spec for codeunit `id`.
 * @param index - name resolution
 * @param id - the codeunit ID (possibly a placeholder)
 * @param durationMs - duration for codeunits without a Sleep (default {@link DEFAULT_TASK_MS})
 * @param ids - table ID resolution for writes
 * @param notes - where choices are noted
 */
export function codeunitSpec(index: ProjectIndex, id: number, durationMs: number | undefined, ids: CodeunitIds, notes: ImportNotes): CodeunitSpec {
  const fallback = durationMs ?? DEFAULT_TASK_MS;
  const cu = index.objectById('codeunit', id);
  const onRun = cu?.routines.find((r) => r.kind === 'trigger' && r.name.toLowerCase() === 'onrun');
  if (cu === undefined || onRun === undefined) {
    notes.add(null, `codeunit ${id} was not read: it runs ${fallback} ms${durationMs === undefined ? ' (the default; set --duration-ms)' : ' (--duration-ms)'} and sets no results`);
    return { durationMs: fallback, outcome: 'complete' };
  }
  let sleepMs = 0;
  let sleeps = 0;
  let parameter: string | null = null;
  const results: Record<string, string> = {};
  const writes: { table: number }[] = [];
  let dialog = false;
  const evaluated = new Map<string, string>();
  for (const via of reachFrom(index, { object: cu, routine: onRun })) {
    const { object, routine } = via.target;
    const paramsDicts = new Set(['#parameters', ...routine.findings.filter((f) => f.kind === 'paramsAssign').map((f) => f.target.toLowerCase())]);
    for (const f of routine.findings) {
      if (f.kind === 'evaluateParam') evaluated.set(f.target.toLowerCase(), f.key);
      else if (f.kind === 'sleep') {
        if (f.ms.kind === 'literal') { sleepMs += Math.max(0, f.ms.value); sleeps++; if (f.guarded || f.inLoop) notes.add(f.pos, `Sleep(${f.ms.value}) in ${cu.name} is conditional or in a loop: counted once`); }
        else if (evaluated.has(f.ms.text.toLowerCase())) parameter = evaluated.get(f.ms.text.toLowerCase())!;
        else notes.add(f.pos, `Sleep(${f.ms.text}) in ${cu.name} is computed: not counted`);
      } else if (f.kind === 'dictWrite' && !paramsDicts.has(f.receiver.toLowerCase())) {
        results[f.key] = f.value ?? '';
        if (f.value === null) notes.add(f.pos, `result '${f.key}' of ${cu.name} is computed: imported as empty text`);
      } else if (f.kind === 'write') {
        const v = index.variable(object, routine, f.receiver);
        if (v?.type === 'record' && !v.temporary) writes.push({ table: ids.tableIdOf(v.typeName, f.pos) });
      } else if (f.kind === 'ui') dialog = true;
      else if (f.kind === 'error') notes.add(f.pos, `${cu.name} may raise Error(${f.literal ? `'${f.text}'` : f.text}); the condition is not evaluated, so the task is imported as completing`);
    }
  }
  const spec: { -readonly [K in keyof CodeunitSpec]: CodeunitSpec[K] } = { durationMs: parameter !== null ? { parameter } : sleeps > 0 ? sleepMs : fallback, outcome: 'complete' };
  if (parameter === null && sleeps === 0) notes.add(onRun.pos, `${cu.name} has no Sleep literal: it runs ${fallback} ms${durationMs === undefined ? ' (the default; set --duration-ms)' : ' (--duration-ms)'}`);
  if (Object.keys(results).length > 0) spec.results = results;
  if (writes.length > 0) spec.writes = writes;
  if (dialog) spec.dialog = true;
  return spec;
}
