/**
 * What the AL reader produces: objects, their variables, triggers and procedures, and the
 * statements of interest inside them ("findings"), each with its position.
 * @module
 */
import type { SourcePosition } from './source.js';

/** A declared variable or parameter. */
export interface VarDecl {
  readonly name: string;
  /** Lower-cased first word of the type: `record`, `integer`, `dictionary`, `codeunit`, `text` … */
  readonly type: string;
  /** The object the type names (`Record "Sales Header"` → `Sales Header`), else null. */
  readonly typeName: string | null;
  readonly temporary: boolean;
  /** A `var` (by-reference) parameter. */
  readonly byRef: boolean;
  readonly pos: SourcePosition;
}

/** Where a trigger sits in its object. */
export type TriggerLevel = 'object' | 'field' | 'action' | 'part' | 'control';

/** How the codeunit argument of an enqueue was written. */
export type CodeunitArg =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'number'; readonly id: number }
  | { readonly kind: 'expression'; readonly text: string };

/** A literal integer, or the source text of an expression the reader does not evaluate. */
export type IntArg = { readonly kind: 'literal'; readonly value: number } | { readonly kind: 'expression'; readonly text: string };

/** What every finding carries: its position and the context it sits in. */
export interface FindingBase {
  readonly pos: SourcePosition;
  /** Inside a condition, a loop, or after an `if … then exit` in the same routine. */
  readonly guarded: boolean;
  /** Inside a loop (`for`, `foreach`, `while`, `repeat`). */
  readonly inLoop: boolean;
  /** Inside a branch on the callback's TaskId (`if TaskId = X then …`, `case TaskId of`). */
  readonly routed: boolean;
}

/** A statement of interest. */
export type Finding =
  | (FindingBase & { readonly kind: 'enqueue'; readonly taskId: string; readonly codeunit: CodeunitArg; readonly parameters: string | null; readonly timeout: IntArg | null; readonly errorLevel: string | null; readonly returnValueUsed: boolean; readonly argCount: number; readonly loopTimes: number | null })
  | (FindingBase & { readonly kind: 'cancel'; readonly taskId: string; readonly returnValueUsed: boolean })
  | (FindingBase & { readonly kind: 'call'; readonly name: string; readonly receiver: string | null; readonly args: readonly string[] })
  | (FindingBase & { readonly kind: 'isHandled'; readonly value: boolean | null })
  | (FindingBase & { readonly kind: 'error'; readonly text: string; readonly literal: boolean })
  | (FindingBase & { readonly kind: 'dictRead'; readonly receiver: string; readonly key: string; readonly method: string })
  | (FindingBase & { readonly kind: 'dictWrite'; readonly receiver: string; readonly key: string; readonly value: string | null; readonly valueText: string; readonly method: string })
  | (FindingBase & { readonly kind: 'paramsAssign'; readonly target: string })
  | (FindingBase & { readonly kind: 'setResult'; readonly dict: string })
  | (FindingBase & { readonly kind: 'getParams' })
  | (FindingBase & { readonly kind: 'sleep'; readonly ms: IntArg })
  | (FindingBase & { readonly kind: 'evaluateParam'; readonly target: string; readonly key: string })
  | (FindingBase & { readonly kind: 'write'; readonly receiver: string; readonly method: string })
  | (FindingBase & { readonly kind: 'ui'; readonly call: string })
  | (FindingBase & { readonly kind: 'update'; readonly save: boolean | null })
  | (FindingBase & { readonly kind: 'exitIfTaskIdIsNot'; readonly variable: string })
  | (FindingBase & { readonly kind: 'codeunitAssign'; readonly target: string; readonly codeunit: Exclude<CodeunitArg, { kind: 'expression' }> });

/** A finding without its position and context flags (what the code reader builds). */
export type FindingData = Finding extends infer F ? (F extends unknown ? Omit<F, 'pos' | 'guarded' | 'inLoop' | 'routed'> : never) : never;

/** A trigger or a procedure. */
export interface Routine {
  readonly kind: 'trigger' | 'procedure';
  readonly name: string;
  readonly access: 'public' | 'local' | 'internal' | 'protected';
  /** For triggers: object, field, action or part level. */
  readonly level: TriggerLevel;
  /** The control a field/action/part trigger belongs to (`field("No.")`), else null. */
  readonly control: string | null;
  readonly params: readonly VarDecl[];
  readonly locals: readonly VarDecl[];
  readonly findings: readonly Finding[];
  /** Lower-cased identifiers the body mentions (e.g. whether a callback looks at its TaskId). */
  readonly referenced: ReadonlySet<string>;
  readonly pos: SourcePosition;
}

/** A `part(Name; "Page")` control. */
export interface PartRef {
  readonly name: string;
  readonly page: string;
  readonly pos: SourcePosition;
}

/** One AL object. Kinds other than page, pageextension and codeunit carry only their header. */
export interface AlObject {
  /** Lower-cased object kind: `page`, `pageextension`, `codeunit`, `table`, `report`, `enum` … */
  readonly type: string;
  readonly id: number | null;
  readonly name: string;
  /** `extends` target of an extension object. */
  readonly extends: string | null;
  /** Properties by lower-cased name (raw text of the value): `pagetype`, `sourcetable`, `tableno` … */
  readonly properties: ReadonlyMap<string, string>;
  readonly variables: readonly VarDecl[];
  readonly routines: readonly Routine[];
  readonly parts: readonly PartRef[];
  readonly namespace: string | null;
  readonly pos: SourcePosition;
}

/** A routine's display name in messages and JSON: `OnOpenPage`, `field("No.").OnValidate`, `CalculateFieldValues`. */
export function routineLabel(r: Routine): string {
  if (r.kind === 'procedure' || r.level === 'object') return r.name;
  return `${r.level}(${r.control === null ? '' : /^[A-Za-z_]\w*$/.test(r.control) ? r.control : JSON.stringify(r.control)}).${r.name}`;
}

/** The object's page type (lower case), if it is a page with a PageType property. */
export function pageTypeOf(o: AlObject): string | null {
  const v = o.properties.get('pagetype');
  return v === undefined ? null : v.replace(/"/g, '').trim().toLowerCase();
}
