/**
 * The result contract of `pbtsim run --json` (docs/result-contract.md), computed from the trace
 * records alone: anyone holding a trace can rebuild the result. `ResultFold` streams it;
 * `buildResult` is the batch form.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { CancelReason, ErrorLevel, Outcome } from './state.js';

/** One task of the result, in enqueue order. Field names are the contract. */
export interface TaskResult {
  session: string;
  page: string;
  taskId: number;
  codeunit: number;
  record: string | null;
  requestedTimeoutMs: number | null;
  effectiveTimeoutMs: number;
  errorLevel: ErrorLevel;
  enqueuedAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  outcome: Outcome | null;
  cancelReason: CancelReason | null;
  errorCode: string | null;
  trigger: 'OnPageBackgroundTaskCompleted' | 'OnPageBackgroundTaskError' | null;
  deliveredAtMs: number | null;
  delivery: 'delivered' | 'dropped' | null;
  surfacedAs: 'none' | 'warning' | 'error' | null;
  /** Beyond the contract: why a result was dropped, the Results delivered. */
  dropReason: string | null;
  results: Record<string, string> | null;
}

/** One EnqueueBackgroundTask call. Field names are the contract. */
export interface EnqueueCallResult {
  session: string;
  page: string;
  atMs: number;
  ok: boolean;
  taskId: number | null;
  runtimeError: string | null;
}

/** A warning of the run. */
export interface RunWarning {
  code: string;
  message: string;
  atMs: number;
  session: string | null;
  taskId: number | null;
}

/** An invariant violation (filled in by properties/). */
export interface ResultViolation {
  invariant: string;
  clauses: string[];
  message: string;
  atMs: number | null;
  session: string | null;
  taskId: number | null;
}

/** The result contract of `pbtsim run --json`. */
export interface RunResultContract {
  scenario: string;
  seed: number | string;
  endTimeMs: number;
  eventCount: number;
  digest: string;
  tasks: TaskResult[];
  enqueueCalls: EnqueueCallResult[];
  warnings: RunWarning[];
  violations: ResultViolation[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Where {@link ResultFold} hands what it folds, as soon as each piece is known. */
export interface ResultFoldHandlers {
  /** A task, in enqueue order, once it and every task enqueued before it are final. */
  task(task: TaskResult): void;
  /** An EnqueueBackgroundTask call, in trace order. */
  enqueueCall(call: EnqueueCallResult): void;
  /** A `pbt.warning` of the trace, in trace order. */
  warning(warning: RunWarning): void;
  /**
   * True for handlers that only read each task and call while the call lasts and keep neither
   * (nor anything inside but `results`, which is the trace's own object): the fold then reuses
   * the objects it hands on (no allocation per task or call). Default false.
   */
  readonly borrows?: boolean;
}

/** Counts of what a {@link ResultFold} handed on. */
export interface ResultFoldCounts {
  readonly tasks: number;
  readonly enqueueCalls: number;
  readonly warnings: number;
  /**
   * Records that concerned a task already handed on (it was final by the rules below, and the
   * trace changed it later). Zero for every trace of the model; non-zero only for a model built
   * with faults (e.g. a callback after a cancel), whose invariants then fail.
   */
  readonly lateRecords: number;
}

/** The record types the result fold reads. */
export const RESULT_RECORD_TYPES: ReadonlySet<string> = new Set(['pbt.enqueue', 'pbt.start', 'pbt.end', 'pbt.deliver', 'pbt.drop', 'pbt.triggerDone', 'pbt.surface', 'pbt.warning']);

const OPEN = 0;
const TERMINAL = 1; // a terminal record was seen in the current instant
const FINAL = 2;
const HANDED = 3;

/**
 * The result contract as a fold over trace records, so `pbtsim run --json` can stream it with
 * memory bounded by the tasks alive at once.
 *
 * A task is *final* when no later record can change its result: after its `pbt.drop`, its
 * `pbt.triggerDone` (the `pbt.surface` of a callback follows in the same event), or a `pbt.end`
 * with outcome `cancelled` (no trigger runs after a cancel, PBT-CAN-05). It is marked final when
 * a record the fold folds comes from a later instant (or at {@link ResultFold.finish}), so records of
 * the same instant still apply (records it ignores are not looked at beyond their type). Tasks are
 * handed on in enqueue order: a task waits until every task enqueued before it is final; {@link ResultFold.finish} hands on the rest as they are.
 *
 * Cost: the tasks not handed on yet live in a ring indexed by their enqueue number (no shifting,
 * no per-task wrapper); each session's open tasks are found by a numeric key (taskId → enqueue
 * number), and the last session looked up is remembered (its records tend to come together).
 */
export class ResultFold {
  // session → taskId → enqueue number, for tasks not handed on yet.
  private readonly open = new Map<string, Map<number, number>>();
  private lastSession: string | null = null;
  private lastIds: Map<number, number> | undefined = undefined;
  // The ring of tasks [head, next) by enqueue number; its size is a power of two.
  private ring: (TaskResult | undefined)[] = new Array<TaskResult | undefined>(256).fill(undefined);
  private state = new Uint8Array(256);
  private mask = 255;
  private head = 0;
  private next = 0;
  // Enqueue numbers of the tasks that saw a terminal record in the current instant.
  private terminalNow: number[] = [];
  private terminalCount = 0;
  private instant = -1;
  private readonly stream: boolean;
  private readonly borrow: boolean;
  // The one call object handed on when the handlers borrow.
  private readonly call: EnqueueCallResult = { session: '', page: '', atMs: 0, ok: false, taskId: null, runtimeError: null };
  private tasks = 0;
  private calls = 0;
  private warnings = 0;
  private late = 0;

  /**
   * @param handlers - receive tasks, enqueue calls and warnings
   * @param options - `stream: false` hands on every task only at finish (batch use)
   */
  constructor(private readonly handlers: ResultFoldHandlers, options: { readonly stream?: boolean } = {}) {
    this.stream = options.stream !== false;
    this.borrow = handlers.borrows === true;
  }

  /**
   * The record types {@link ResultFold.step} reads (the pipeline may leave the others out: each
   * changes no task, and an instant ends at the next record folded all the same).
   */
  readonly recordTypes: ReadonlySet<string> = RESULT_RECORD_TYPES;

  /** Folds one record (every record of the run, in trace order, or those of {@link ResultFold.recordTypes}). */
  step(r: TraceRecord): void {
    // The instant is checked only for the records folded (a record ignored changes no task, so
    // ending the instant at the next folded record makes the same calls in the same order).
    switch (r.type) {
      case 'pbt.enqueue':
        this.at(r.timeMs);
        this.enqueue(r);
        break;
      case 'pbt.start': {
        this.at(r.timeMs);
        const t = this.find(r);
        if (t !== undefined) t.startedAtMs = r.timeMs;
        break;
      }
      case 'pbt.end': {
        this.at(r.timeMs);
        const t = this.find(r);
        if (t === undefined) break;
        t.endedAtMs = r.timeMs;
        const outcome = r['outcome'] as Outcome;
        t.outcome = outcome;
        t.cancelReason = str(r['cancelReason']) as CancelReason | null;
        t.errorCode = str(r['errorCode']);
        if (outcome === 'failed' || outcome === 'timedOut') t.surfacedAs = 'none';
        if (outcome === 'cancelled') this.terminal();
        break;
      }
      case 'pbt.deliver': {
        this.at(r.timeMs);
        const t = this.find(r);
        if (t === undefined) break;
        t.trigger = r['trigger'] as TaskResult['trigger'];
        t.deliveredAtMs = r.timeMs;
        t.delivery = 'delivered';
        t.results = (r['results'] as Record<string, string> | null) ?? null;
        break;
      }
      case 'pbt.drop': {
        this.at(r.timeMs);
        const t = this.find(r);
        if (t === undefined) break;
        t.delivery = 'dropped';
        t.dropReason = str(r['reason']);
        this.terminal();
        break;
      }
      case 'pbt.triggerDone':
        this.at(r.timeMs);
        if (this.find(r) !== undefined) this.terminal();
        break;
      case 'pbt.surface': {
        this.at(r.timeMs);
        const t = r['taskId'] === null ? undefined : this.find(r);
        if (t !== undefined) t.surfacedAs = r['surfacedAs'] as TaskResult['surfacedAs'];
        break;
      }
      case 'pbt.warning':
        this.at(r.timeMs);
        this.warnings++;
        this.handlers.warning({ code: String(r['code']), message: String(r['message']), atMs: r.timeMs, session: str(r['session']), taskId: num(r['taskId']) });
        break;
      default:
        break;
    }
  }

  // Moves to the instant of a folded record: the tasks terminal in an earlier instant are final.
  private at(timeMs: number): void {
    if (timeMs !== this.instant) {
      if (this.terminalCount > 0) this.endInstant();
      this.instant = timeMs;
    }
  }

  /** Hands on every task not handed on yet, in enqueue order, and returns the counts. */
  finish(): ResultFoldCounts {
    if (this.terminalCount > 0) this.endInstant();
    for (let n = this.head; n < this.next; n++) this.hand(n);
    this.head = this.next;
    return { tasks: this.tasks, enqueueCalls: this.calls, warnings: this.warnings, lateRecords: this.late };
  }

  /** Tasks enqueued but not handed on yet (the fold's memory). */
  get pendingTasks(): number {
    return this.next - this.head;
  }

  private enqueue(r: TraceRecord): void {
    this.calls++;
    const session = String(r['session']);
    const page = String(r['page']);
    const ok = r['ok'] === true;
    if (this.borrow) {
      const c = this.call;
      c.session = session;
      c.page = page;
      c.atMs = r.timeMs;
      c.ok = ok;
      c.taskId = num(r['taskId']);
      c.runtimeError = str(r['runtimeError']);
      this.handlers.enqueueCall(c);
    } else this.handlers.enqueueCall({ session, page, atMs: r.timeMs, ok, taskId: num(r['taskId']), runtimeError: str(r['runtimeError']) });
    if (!ok) return;
    if (this.next - this.head > this.mask) this.grow();
    const n = this.next++;
    const i = n & this.mask;
    // A borrowing receiver kept nothing: the object of the task handed on from this slot is reused.
    let task = this.borrow ? this.ring[i] : undefined;
    if (task === undefined) {
      task = {
        session, page, taskId: Number(r['taskId']), codeunit: Number(r['codeunit']),
        record: str(r['record']), requestedTimeoutMs: num(r['requestedTimeoutMs']), effectiveTimeoutMs: Number(r['effectiveTimeoutMs']),
        errorLevel: r['errorLevel'] as ErrorLevel, enqueuedAtMs: r.timeMs, startedAtMs: null, endedAtMs: null, outcome: null,
        cancelReason: null, errorCode: null, trigger: null, deliveredAtMs: null, delivery: null, surfacedAs: null, dropReason: null, results: null,
      };
      this.ring[i] = task;
    } else {
      task.session = session;
      task.page = page;
      task.taskId = Number(r['taskId']);
      task.codeunit = Number(r['codeunit']);
      task.record = str(r['record']);
      task.requestedTimeoutMs = num(r['requestedTimeoutMs']);
      task.effectiveTimeoutMs = Number(r['effectiveTimeoutMs']);
      task.errorLevel = r['errorLevel'] as ErrorLevel;
      task.enqueuedAtMs = r.timeMs;
      task.startedAtMs = null;
      task.endedAtMs = null;
      task.outcome = null;
      task.cancelReason = null;
      task.errorCode = null;
      task.trigger = null;
      task.deliveredAtMs = null;
      task.delivery = null;
      task.surfacedAs = null;
      task.dropReason = null;
      task.results = null;
    }
    this.state[i] = OPEN;
    let ids = this.open.get(session);
    if (ids === undefined) this.open.set(session, (ids = new Map()));
    ids.set(task.taskId, n);
    this.lastSession = session;
    this.lastIds = ids;
  }

  // The enqueue number of the task the last find() found.
  private found = -1;

  private find(r: TraceRecord): TaskResult | undefined {
    const session = r['session'];
    let ids: Map<number, number> | undefined;
    if (session === this.lastSession) ids = this.lastIds;
    else {
      const key = String(session);
      ids = this.open.get(key);
      if (ids !== undefined) {
        this.lastSession = key;
        this.lastIds = ids;
      }
    }
    const taskId = r['taskId'];
    const n = ids?.get(Number(taskId));
    if (n === undefined) {
      if (typeof taskId === 'number') this.late++;
      return undefined;
    }
    this.found = n;
    return this.ring[n & this.mask];
  }

  /** The task find() found saw a terminal record (final once the instant ends). */
  private terminal(): void {
    const i = this.found & this.mask;
    if (this.state[i] === OPEN && this.stream) {
      this.state[i] = TERMINAL;
      this.terminalNow[this.terminalCount++] = this.found;
    }
  }

  private endInstant(): void {
    const now = this.terminalNow;
    const count = this.terminalCount;
    for (let k = 0; k < count; k++) {
      const i = now[k]! & this.mask;
      if (this.state[i] === TERMINAL) this.state[i] = FINAL;
    }
    this.terminalCount = 0;
    let n = this.head;
    while (n < this.next && this.state[n & this.mask] === FINAL) this.hand(n++);
    this.head = n;
  }

  private hand(n: number): void {
    const i = n & this.mask;
    if (this.state[i] === HANDED) return;
    this.state[i] = HANDED;
    const task = this.ring[i]!;
    if (!this.borrow) this.ring[i] = undefined;
    const ids = this.open.get(task.session);
    if (ids !== undefined && ids.get(task.taskId) === n) {
      ids.delete(task.taskId);
      if (ids.size === 0) {
        this.open.delete(task.session);
        if (this.lastIds === ids) {
          this.lastSession = null;
          this.lastIds = undefined;
        }
      }
    }
    this.tasks++;
    this.handlers.task(task);
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const ring = new Array<TaskResult | undefined>(size).fill(undefined);
    const state = new Uint8Array(size);
    const mask = size - 1;
    for (let n = this.head; n < this.next; n++) {
      ring[n & mask] = this.ring[n & this.mask];
      state[n & mask] = this.state[n & this.mask]!;
    }
    this.ring = ring;
    this.state = state;
    this.mask = mask;
  }
}

/**
 * Folds trace records into the result contract (a batch wrapper over `ResultFold`).
 * @param records - the run's trace
 * @param head - scenario name, seed, end time, event count and digest
 */
export function buildResult(
  records: readonly TraceRecord[],
  head: { scenario: string; seed: number | string; endTimeMs: number; eventCount: number; digest: string },
): RunResultContract {
  const tasks: TaskResult[] = [];
  const enqueueCalls: EnqueueCallResult[] = [];
  const warnings: RunWarning[] = [];
  const fold = new ResultFold({ task: (t) => tasks.push(t), enqueueCall: (c) => enqueueCalls.push(c), warning: (w) => warnings.push(w) }, { stream: false });
  for (const r of records) fold.step(r);
  fold.finish();
  return { ...head, tasks, enqueueCalls, warnings, violations: [] };
}
