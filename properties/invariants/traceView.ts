/**
 * Reading a trace for the invariants: typed field access, the optional `pbt.server` header and
 * `pbt.runEnd` footer records, and a per-task index built from the model's records alone
 * (`pbt.enqueue`, `pbt.start`, `pbt.end`, `pbt.deliver`, `pbt.drop`, `pbt.page`, `pbt.record`).
 *
 * The header and footer are not emitted by the model (yet, see notes/model-issues.md): the
 * property harness adds them from the compiled scenario and the engine's run result
 * ({@link withRunContext}). An invariant that needs them degrades to what the bare trace allows.
 * @module
 */
import type { TraceRecord, TraceValue } from '../../engine/index.js';
import type { ServerSettings } from '../../models/pbt/index.js';
import type { Invariant, Violation } from './types.js';

/** Server settings as carried by a `pbt.server` record (the model's, in milliseconds). @internal */
export type HeaderSettings = ServerSettings;

/** What the `pbt.server` header says about the run. @internal */
export interface RunHeader {
  readonly mode: 'client' | 'headless';
  readonly server: HeaderSettings;
  /** Settings after each `server.update` event (index = the event's `update`). */
  readonly updates: readonly HeaderSettings[];
  /** Policy values that differ from the defaults (invariants that assume a default skip). */
  readonly policies: Readonly<Record<string, string | number | boolean>>;
}

/** The header record type. */
export const HEADER_TYPE = 'pbt.server';
/** The footer record type. */
export const FOOTER_TYPE = 'pbt.runEnd';

/** Reads a string field or null. @internal */
export const str = (r: TraceRecord, k: string): string | null => (typeof r[k] === 'string' ? (r[k] as string) : null);
/** Reads a number field or null. @internal */
export const num = (r: TraceRecord, k: string): number | null => (typeof r[k] === 'number' ? (r[k] as number) : null);
/** The session of a record (empty string when absent). @internal */
export const sessionOf = (r: TraceRecord): string => str(r, 'session') ?? '';
/** A task's key: session and TaskId. @internal */
export const taskKey = (session: string, taskId: number): string => `${session}\u0000${taskId}`;
/** The task key of a record that names a task, or null. @internal */
export function keyOf(r: TraceRecord): string | null {
  const id = num(r, 'taskId');
  return id === null ? null : taskKey(sessionOf(r), id);
}

/** The header of a trace, if present. @internal */
export function headerOf(trace: readonly TraceRecord[]): RunHeader | null {
  const first = trace[0];
  return first !== undefined && first.type === HEADER_TYPE ? (first as unknown as RunHeader) : null;
}

/** True when the footer says the run ended with an empty agenda (every task had its chance). @internal */
export function runCompleted(trace: readonly TraceRecord[]): boolean {
  const last = trace[trace.length - 1];
  return last !== undefined && last.type === FOOTER_TYPE && last['status'] === 'empty';
}

/** True when the footer says the trace covers whole instants (ended empty or at `untilMs`). @internal */
export function lastInstantComplete(trace: readonly TraceRecord[]): boolean {
  const last = trace[trace.length - 1];
  return last !== undefined && last.type === FOOTER_TYPE && (last['status'] === 'empty' || last['status'] === 'until');
}

/** True when a policy differs from its default according to the header. @internal */
export function policyChanged(header: RunHeader | null, ...names: string[]): boolean {
  return header !== null && names.some((n) => n in header.policies);
}

/** Builds a violation of `inv` located at record `r`. @internal */
export function violation(inv: Pick<Invariant, 'name' | 'clauses'>, message: string, r: TraceRecord | null, taskId?: number | null): Violation {
  return {
    invariant: inv.name, clauses: inv.clauses, message, atMs: r?.timeMs ?? null,
    session: r === null ? null : str(r, 'session'), taskId: taskId !== undefined ? taskId : r === null ? null : num(r, 'taskId'),
  };
}

/** What the trace says about one task. @internal */
export interface TaskView {
  readonly session: string;
  readonly taskId: number;
  readonly page: string;
  /** The page instance (count of opens) the task belongs to. */
  readonly instance: number;
  readonly record: string | null;
  readonly enqueue: TraceRecord;
  start: TraceRecord | null;
  starts: number;
  end: TraceRecord | null;
  ends: number;
  deliver: TraceRecord | null;
  delivers: number;
  drop: TraceRecord | null;
  drops: number;
}

/** Open/record state of a page instance, tracked along the trace. @internal */
export interface PageView {
  open: boolean;
  instance: number;
  record: string | null;
}

/** Tracks pages along a trace (`pbt.page`, `pbt.record`). Call {@link PageTracker.see} on every record. @internal */
export class PageTracker {
  private readonly pages = new Map<string, PageView>();
  /** The page's current state. */
  get(session: string, page: string): PageView {
    const k = `${session}\u0000${page}`;
    let p = this.pages.get(k);
    if (p === undefined) {
      p = { open: false, instance: 0, record: null };
      this.pages.set(k, p);
    }
    return p;
  }
  /** Applies a record. */
  see(r: TraceRecord): void {
    if (r.type === 'pbt.page') {
      const p = this.get(sessionOf(r), str(r, 'page') ?? '');
      p.open = r['open'] === true;
      p.instance = num(r, 'instance') ?? p.instance;
      if (p.open) p.record = str(r, 'record');
    } else if (r.type === 'pbt.record') {
      this.get(sessionOf(r), str(r, 'page') ?? '').record = str(r, 'to');
    }
  }
}

/** Indexes every successfully enqueued task with its lifecycle records. @internal */
export function indexTasks(trace: readonly TraceRecord[]): Map<string, TaskView> {
  const tasks = new Map<string, TaskView>();
  const pages = new PageTracker();
  for (const r of trace) {
    pages.see(r);
    const k = keyOf(r);
    if (r.type === 'pbt.enqueue') {
      if (r['ok'] !== true || k === null || tasks.has(k)) continue;
      const session = sessionOf(r);
      const page = str(r, 'page') ?? '';
      tasks.set(k, {
        session, taskId: num(r, 'taskId')!, page, instance: pages.get(session, page).instance, record: str(r, 'record'), enqueue: r,
        start: null, starts: 0, end: null, ends: 0, deliver: null, delivers: 0, drop: null, drops: 0,
      });
      continue;
    }
    const t = k === null ? undefined : tasks.get(k);
    if (t === undefined) continue;
    if (r.type === 'pbt.start') { t.starts++; t.start ??= r; }
    else if (r.type === 'pbt.end') { t.ends++; t.end ??= r; }
    else if (r.type === 'pbt.deliver') { t.delivers++; t.deliver ??= r; }
    else if (r.type === 'pbt.drop') { t.drops++; t.drop ??= r; }
  }
  return tasks;
}

/** Deep equality of JSON-like trace values. @internal */
export function sameValue(a: TraceValue | undefined, b: TraceValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, TraceValue | undefined>)[k] !== undefined).sort();
  const kb = Object.keys(b).filter((k) => (b as Record<string, TraceValue | undefined>)[k] !== undefined).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameValue((a as Record<string, TraceValue>)[k], (b as Record<string, TraceValue>)[k]));
}

/** The settings in force, following `server.update` records when the header knows them. @internal */
export class SettingsTracker {
  current: HeaderSettings | null;
  constructor(private readonly header: RunHeader | null) {
    this.current = header?.server ?? null;
  }
  /** Applies a record. */
  see(r: TraceRecord): void {
    if (r.type === 'server.update' && this.header !== null) {
      const u = this.header.updates[num(r, 'update') ?? -1];
      this.current = u ?? null;
    }
  }
}
