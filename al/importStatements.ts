/**
 * Translating AL triggers into scenario statements (format v1): the trigger's findings in
 * source order, with the procedures it calls inlined (same object, base page, codeunit
 * variables; cycles and depth past {@link MAX_INLINE_DEPTH} are not followed). What has no
 * statement in the format, or is only partly known, becomes a note (see {@link ImportNotes}).
 * @module
 */
import type { EnqueueArgs, Statement } from '../models/pbt/index.js';
import type { AlObject, Finding, Routine } from './objects.js';
import { routineLabel } from './objects.js';
import type { OwnedRoutine, ProjectIndex } from './project.js';
import type { SourcePosition } from './source.js';

/** Most procedure levels inlined into one trigger. */
export const MAX_INLINE_DEPTH = 20;

/** Notes about what the import could not translate exactly, in the order they arose. */
export class ImportNotes {
  readonly lines: string[] = [];
  private readonly seen = new Set<string>();
  /** Adds a note, once. */
  add(pos: SourcePosition | null, text: string): void {
    const line = pos === null ? text : `${pos.file}:${pos.line}:${pos.column}: ${text}`;
    if (this.seen.has(line)) return;
    this.seen.add(line);
    this.lines.push(line);
  }
}

/** Assigns codeunit IDs: the real ID when known, else a placeholder (with a note). */
export interface CodeunitIds {
  /** The ID of the codeunit enqueue `f` (written in object `o`) names. */
  idOf(f: Extract<Finding, { kind: 'enqueue' }>, o: AlObject): number;
  /** The ID of the table named `name` (a placeholder when it was not read). */
  tableIdOf(name: string | null, pos: SourcePosition): number;
}

const IDENT = /^[A-Za-z_]\w*$/;
const LEVELS = new Set(['Ignore', 'Warning', 'Error']);

interface Frame {
  readonly owner: OwnedRoutine;
  /** The call that led here was conditional, in a TaskId branch, in a loop. */
  readonly guarded: boolean;
  readonly routed: boolean;
  readonly inLoop: boolean;
  /** By-reference parameter (lower case) → the caller's argument text. */
  readonly alias: ReadonlyMap<string, string>;
}

/**
 * Translates one trigger (with its callees) into statements.
 * @param index - name resolution
 * @param root - the trigger
 * @param ids - codeunit and table ID resolution
 * @param notes - where untranslatable things are noted
 */
export function translateTrigger(index: ProjectIndex, root: OwnedRoutine, ids: CodeunitIds, notes: ImportNotes): Statement[] {
  const out: Statement[] = [];
  const dicts = new Map<string, Record<string, string>>();
  const stack: OwnedRoutine[] = [];
  const label = `${root.object.name}.${routineLabel(root.routine)}`;
  const walk = (fr: Frame): void => {
    stack.push(fr.owner);
    const r = fr.owner.routine;
    const name = (s: string): string => fr.alias.get(s.toLowerCase()) ?? s;
    for (const f of r.findings) {
      const cond = (what: string): void => {
        if (f.routed || fr.routed) notes.add(f.pos, `${what} sits in a branch on TaskId (${label}); the format routes only with "exitIfTaskIdIsNot", so it is imported as if the branch were taken for every task`);
        else if (f.guarded || fr.guarded) notes.add(f.pos, `${what} sits inside a condition (${label}) that is not evaluated: it is imported as if the condition held`);
        if ((f.inLoop || fr.inLoop) && !(f.kind === 'enqueue' && f.loopTimes !== null && !fr.inLoop)) notes.add(f.pos, `${what} sits in a loop (${label}): it is imported once`);
      };
      switch (f.kind) {
        case 'dictWrite': {
          const d = dicts.get(name(f.receiver).toLowerCase()) ?? {};
          // A by-value parameter that the caller passed a literal for is that literal.
          const passed = /^'(.*)'$/.exec(name(f.valueText));
          const value = f.value ?? (passed === null ? null : passed[1]!.replace(/''/g, "'"));
          if (value === null) notes.add(f.pos, `parameter '${f.key}' is computed (${f.valueText}): imported as the text "${f.key}"`);
          d[f.key] = value ?? f.key;
          dicts.set(name(f.receiver).toLowerCase(), d);
          break;
        }
        case 'enqueue': {
          cond('EnqueueBackgroundTask');
          const taskId = name(f.taskId);
          const a: { -readonly [K in keyof EnqueueArgs]: EnqueueArgs[K] } = { codeunit: ids.idOf(f, fr.owner.object) };
          if (f.parameters !== null) {
            const d = dicts.get(name(f.parameters).toLowerCase());
            if (d !== undefined) a.parameters = { ...d };
            else if (!IDENT.test(f.parameters)) notes.add(f.pos, `parameters ${f.parameters} are computed: the task is enqueued without parameters`);
          }
          if (f.timeout?.kind === 'literal') a.timeoutMs = f.timeout.value;
          else if (f.timeout?.kind === 'expression') notes.add(f.pos, `timeout ${f.timeout.text} is computed: the default timeout (PageBackgroundTaskDefaultTimeout) is used`);
          if (f.errorLevel !== null) {
            if (LEVELS.has(f.errorLevel)) a.errorLevel = f.errorLevel as 'Ignore' | 'Warning' | 'Error';
            else notes.add(f.pos, `error level ${f.errorLevel} is computed: the default (Error) is used`);
          }
          if (f.returnValueUsed) a.useReturnValue = true;
          if (IDENT.test(taskId)) a.taskIdVar = taskId;
          else notes.add(f.pos, `TaskId ${taskId} is not a plain variable: the task ID is not kept`);
          if (f.loopTimes !== null && f.loopTimes <= 10_000 && !fr.inLoop) out.push({ repeat: { times: f.loopTimes, statement: { enqueue: a } } });
          else out.push({ enqueue: a });
          break;
        }
        case 'cancel': {
          cond('CancelBackgroundTask');
          const id = name(f.taskId);
          if (/^\d+$/.test(id)) out.push({ cancel: { taskId: Number(id) } });
          else if (IDENT.test(id)) out.push({ cancel: { taskIdVar: id } });
          else notes.add(f.pos, `CancelBackgroundTask(${id}): the task ID is computed; not imported`);
          break;
        }
        case 'isHandled':
          cond('IsHandled := …');
          if (f.value === null) notes.add(f.pos, 'IsHandled is set to a computed value: not imported');
          else out.push({ setIsHandled: f.value });
          break;
        case 'error':
          cond('Error(…)');
          out.push({ error: f.text });
          if (!f.literal) notes.add(f.pos, `Error(${f.text}): the message is computed; its expression is the imported text`);
          break;
        case 'exitIfTaskIdIsNot':
          out.push({ exitIfTaskIdIsNot: name(f.variable) });
          break;
        case 'ui':
          cond(f.call);
          if (f.call === 'Message' || f.call === 'Confirm' || f.call === 'StrMenu') out.push({ dialog: f.call });
          else if (f.call === 'Page.RunModal') out.push({ dialog: 'RunModal' });
          else notes.add(f.pos, `${f.call} has no statement in the scenario format: not imported`);
          break;
        case 'update':
          cond('CurrPage.Update');
          out.push({ update: f.save === null ? {} : { saveRecord: f.save } });
          break;
        case 'sleep':
          if (f.ms.kind === 'literal') out.push({ busyMs: Math.max(0, f.ms.value) });
          else notes.add(f.pos, `Sleep(${f.ms.text}) in a page trigger is computed: not imported`);
          break;
        case 'write': {
          const v = index.variable(fr.owner.object, r, f.receiver);
          if (v === undefined || v.type !== 'record') break;
          cond(`${f.receiver}.${f.method}`);
          out.push({ write: { table: ids.tableIdOf(v.typeName, f.pos), temporary: v.temporary } });
          break;
        }
        case 'call': {
          const callees = index.callees(fr.owner, f);
          if (callees.length === 0) break;
          if (callees.length > 1) notes.add(f.pos, `${f.name} has ${callees.length} overloads: the first is imported`);
          const c = callees[0]!;
          if (stack.some((s) => s.routine === c.routine)) { notes.add(f.pos, `${f.name} calls itself (directly or through others): the recursive call is not followed`); break; }
          if (stack.length >= MAX_INLINE_DEPTH) { notes.add(f.pos, `calls nested deeper than ${MAX_INLINE_DEPTH}: ${f.name} is not followed`); break; }
          const alias = new Map<string, string>();
          // By-reference parameters stand for the caller's variables; by-value ones for literals
          // and dictionaries passed in (so their keys stay known).
          c.routine.params.forEach((p, i) => {
            const arg = f.args[i];
            if (arg === undefined) return;
            const a = name(arg);
            if (p.byRef || /^'.*'$/.test(a) || /^-?\d+$/.test(a) || (p.type === 'dictionary' && dicts.has(a.toLowerCase()))) alias.set(p.name.toLowerCase(), a);
          });
          walk({ owner: c, alias, guarded: fr.guarded || f.guarded, routed: fr.routed || f.routed, inLoop: fr.inLoop || f.inLoop });
          break;
        }
        default:
          break;
      }
    }
    stack.pop();
  };
  walk({ owner: root, alias: new Map(), guarded: false, routed: false, inLoop: false });
  return out;
}

/** The object-level trigger `name` of `o`, if it has one. */
export function triggerOf(o: AlObject, name: string): Routine | undefined {
  return o.routines.find((r) => r.kind === 'trigger' && r.level === 'object' && r.name.toLowerCase() === name.toLowerCase());
}
