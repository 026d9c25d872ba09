/**
 * Name resolution over everything read: objects by kind and name or ID, variables in scope of a
 * routine, the codeunit an enqueue names, and the routines a call may reach (same object; a
 * page extension's base page; a codeunit through a `Codeunit "X"` variable).
 * @module
 */
import type { AlObject, CodeunitArg, Finding, Routine, VarDecl } from './objects.js';
import type { AlProject } from './reader.js';

/** A routine with the object it belongs to. */
export interface OwnedRoutine {
  readonly object: AlObject;
  readonly routine: Routine;
}

/** Lookup tables over a project (built once, linear in its size). */
export class ProjectIndex {
  private readonly byName = new Map<string, AlObject[]>();
  private readonly byId = new Map<string, AlObject>();
  private readonly routinesByObject = new Map<AlObject, Map<string, Routine[]>>();

  constructor(readonly project: AlProject) {
    for (const o of project.objects) {
      const k = `${o.type}:${o.name.toLowerCase()}`;
      const list = this.byName.get(k);
      if (list === undefined) this.byName.set(k, [o]);
      else list.push(o);
      if (o.id !== null && !this.byId.has(`${o.type}:${o.id}`)) this.byId.set(`${o.type}:${o.id}`, o);
      const m = new Map<string, Routine[]>();
      for (const r of o.routines) {
        if (r.kind !== 'procedure') continue;
        const n = r.name.toLowerCase();
        const l = m.get(n);
        if (l === undefined) m.set(n, [r]);
        else l.push(r);
      }
      this.routinesByObject.set(o, m);
    }
  }

  /** The first object of `type` named `name` (case-insensitive). */
  object(type: string, name: string): AlObject | undefined {
    return this.byName.get(`${type}:${name.toLowerCase()}`)?.[0];
  }

  /** The object of `type` with ID `id`. */
  objectById(type: string, id: number): AlObject | undefined {
    return this.byId.get(`${type}:${id}`);
  }

  /** The page a page extension extends (when it was read), else the object itself for a page. */
  basePage(o: AlObject): AlObject | undefined {
    if (o.type === 'page') return o;
    if (o.type === 'pageextension' && o.extends !== null) return this.object('page', o.extends);
    return undefined;
  }

  /** Page extensions of the page named `name`, in file order. */
  extensionsOf(name: string): AlObject[] {
    return this.project.objects.filter((o) => o.type === 'pageextension' && o.extends !== null && o.extends.toLowerCase() === name.toLowerCase());
  }

  /** The variable `name` as seen from `routine` of `o`: locals, parameters, globals, the base page's globals. */
  variable(o: AlObject, routine: Routine, name: string): VarDecl | undefined {
    const n = name.toLowerCase();
    const find = (l: readonly VarDecl[]): VarDecl | undefined => l.find((v) => v.name.toLowerCase() === n);
    return find(routine.locals) ?? find(routine.params) ?? find(o.variables) ?? (o.type === 'pageextension' ? (() => { const b = this.basePage(o); return b === undefined ? undefined : find(b.variables); })() : undefined);
  }

  /**
   * A codeunit argument with a variable replaced by what `o` assigns to it, when every
   * assignment in `o` (`X := Codeunit::"Name"`, `X := 50100`) gives the same codeunit.
   */
  resolveCodeunitArg(arg: CodeunitArg, o?: AlObject): CodeunitArg {
    if (arg.kind !== 'expression' || o === undefined || !/^[A-Za-z_]\w*$/.test(arg.text)) return arg;
    const n = arg.text.toLowerCase();
    const seen = new Map<string, CodeunitArg>();
    for (const r of o.routines) for (const f of r.findings) if (f.kind === 'codeunitAssign' && f.target.toLowerCase() === n) seen.set(f.codeunit.kind === 'name' ? `n:${f.codeunit.name.toLowerCase()}` : `i:${f.codeunit.id}`, f.codeunit);
    return seen.size === 1 ? [...seen.values()][0]! : arg;
  }

  /** The codeunit object an enqueue's codeunit argument names (in object `o`), when it was read. */
  codeunitObject(arg: CodeunitArg, o?: AlObject): AlObject | undefined {
    const a = this.resolveCodeunitArg(arg, o);
    if (a.kind === 'name') return this.object('codeunit', a.name);
    if (a.kind === 'number') return this.objectById('codeunit', a.id);
    return undefined;
  }

  /** The codeunit ID an enqueue (in object `o`) names, when known (a literal, or a codeunit that was read). */
  codeunitId(arg: CodeunitArg, o?: AlObject): number | undefined {
    const a = this.resolveCodeunitArg(arg, o);
    if (a.kind === 'number') return a.id;
    return this.codeunitObject(a)?.id ?? undefined;
  }

  /** Routines a call finding of `from` may reach. */
  callees(from: OwnedRoutine, f: Extract<Finding, { kind: 'call' }>): OwnedRoutine[] {
    const name = f.name.toLowerCase();
    const own = (o: AlObject, includeLocal: boolean): OwnedRoutine[] =>
      (this.routinesByObject.get(o)?.get(name) ?? []).filter((r) => includeLocal || r.access !== 'local').map((r) => ({ object: o, routine: r }));
    if (f.receiver === null) {
      const mine = own(from.object, true);
      if (mine.length > 0 || from.object.type !== 'pageextension') return mine;
      const base = this.basePage(from.object);
      return base === undefined ? [] : own(base, false);
    }
    const recv = f.receiver.toLowerCase();
    if (recv === 'currpage' || recv === 'rec' || recv === 'xrec') return [];
    const v = this.variable(from.object, from.routine, f.receiver);
    if (v === undefined || v.type !== 'codeunit' || v.typeName === null) return [];
    const target = /^\d+$/.test(v.typeName) ? this.objectById('codeunit', Number(v.typeName)) : this.object('codeunit', v.typeName);
    return target === undefined ? [] : own(target, false);
  }
}
