/**
 * The result contract of `pbtsim run --json` (design/architecture.md), computed from the trace
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

interface Slot {
  readonly task: TaskResult;
  final: boolean;
  handed: boolean;
}

/**
 * The result contract as a fold over trace records, so `pbtsim run --json` can stream it with
 * memory bounded by the tasks alive at once.
 *
 * A task is *final* when no later record can change its result: after its `pbt.drop`, its
 * `pbt.triggerDone` (the `pbt.surface` of a callback follows in the same event), or a `pbt.end`
 * with outcome `cancelled` (no trigger runs after a cancel, PBT-CAN-05). It is marked final when
 * the trace moves to a later instant (or at {@link ResultFold.finish}), so records of the same
 * instant still apply. Tasks are handed on in enqueue order: a task waits until every task
 * enqueued before it is final; {@link ResultFold.finish} hands on the rest as they are.
 */
export class ResultFold {
  // session → taskId → slot, for tasks not handed on yet.
  private readonly open = new Map<string, Map<number, Slot>>();
  private queue: Slot[] = [];
  private head = 0;
  private terminalNow: Slot[] = [];
  private instant = -1;
  private tasks = 0;
  private calls = 0;
  private warnings = 0;
  private late = 0;

  /**
   * @param handlers - receive tasks, enqueue calls and warnings
   * @param options - `stream: false` hands on every task only at finish (batch use)
   */
  constructor(private readonly handlers: ResultFoldHandlers, private readonly options: { readonly stream?: boolean } = {}) {}

  /** Folds one record (every record of the run, in trace order). */
  step(r: TraceRecord): void {
    if (r.timeMs !== this.instant) {
      this.endInstant();
      this.instant = r.timeMs;
    }
    switch (r.type) {
      case 'pbt.enqueue': {
        this.calls++;
        this.handlers.enqueueCall({ session: String(r['session']), page: String(r['page']), atMs: r.timeMs, ok: r['ok'] === true, taskId: num(r['taskId']), runtimeError: str(r['runtimeError']) });
        if (r['ok'] !== true) break;
        const task: TaskResult = {
          session: String(r['session']), page: String(r['page']), taskId: Number(r['taskId']), codeunit: Number(r['codeunit']),
          record: str(r['record']), requestedTimeoutMs: num(r['requestedTimeoutMs']), effectiveTimeoutMs: Number(r['effectiveTimeoutMs']),
          errorLevel: r['errorLevel'] as ErrorLevel, enqueuedAtMs: r.timeMs, startedAtMs: null, endedAtMs: null, outcome: null,
          cancelReason: null, errorCode: null, trigger: null, deliveredAtMs: null, delivery: null, surfacedAs: null, dropReason: null, results: null,
        };
        const slot: Slot = { task, final: false, handed: false };
        let bySession = this.open.get(task.session);
        if (bySession === undefined) this.open.set(task.session, (bySession = new Map()));
        bySession.set(task.taskId, slot);
        this.queue.push(slot);
        break;
      }
      case 'pbt.start': {
        const s = this.slot(r);
        if (s) s.task.startedAtMs = r.timeMs;
        break;
      }
      case 'pbt.end': {
        const s = this.slot(r);
        if (!s) break;
        const t = s.task;
        t.endedAtMs = r.timeMs;
        t.outcome = r['outcome'] as Outcome;
        t.cancelReason = str(r['cancelReason']) as CancelReason | null;
        t.errorCode = str(r['errorCode']);
        if (t.outcome === 'failed' || t.outcome === 'timedOut') t.surfacedAs = 'none';
        if (t.outcome === 'cancelled') this.terminalNow.push(s);
        break;
      }
      case 'pbt.deliver': {
        const s = this.slot(r);
        if (!s) break;
        s.task.trigger = r['trigger'] as TaskResult['trigger'];
        s.task.deliveredAtMs = r.timeMs;
        s.task.delivery = 'delivered';
        s.task.results = (r['results'] as Record<string, string> | null) ?? null;
        break;
      }
      case 'pbt.drop': {
        const s = this.slot(r);
        if (!s) break;
        s.task.delivery = 'dropped';
        s.task.dropReason = str(r['reason']);
        this.terminalNow.push(s);
        break;
      }
      case 'pbt.triggerDone': {
        const s = this.slot(r);
        if (s) this.terminalNow.push(s);
        break;
      }
      case 'pbt.surface': {
        const s = r['taskId'] === null ? undefined : this.slot(r);
        if (s) s.task.surfacedAs = r['surfacedAs'] as TaskResult['surfacedAs'];
        break;
      }
      case 'pbt.warning':
        this.warnings++;
        this.handlers.warning({ code: String(r['code']), message: String(r['message']), atMs: r.timeMs, session: str(r['session']), taskId: num(r['taskId']) });
        break;
      default:
        break;
    }
  }

  /** Hands on every task not handed on yet, in enqueue order, and returns the counts. */
  finish(): ResultFoldCounts {
    this.endInstant();
    for (let i = this.head; i < this.queue.length; i++) this.hand(this.queue[i]!);
    this.queue = [];
    this.head = 0;
    return { tasks: this.tasks, enqueueCalls: this.calls, warnings: this.warnings, lateRecords: this.late };
  }

  /** Tasks enqueued but not handed on yet (the fold's memory). */
  get pendingTasks(): number {
    return this.queue.length - this.head;
  }

  private slot(r: TraceRecord): Slot | undefined {
    const s = this.open.get(String(r['session']))?.get(Number(r['taskId']));
    if (s === undefined && typeof r['taskId'] === 'number') this.late++;
    return s;
  }

  private endInstant(): void {
    if (this.terminalNow.length === 0 || this.options.stream === false) return;
    for (const s of this.terminalNow) s.final = true;
    this.terminalNow = [];
    const q = this.queue;
    let h = this.head;
    while (h < q.length && q[h]!.final) this.hand(q[h++]!);
    if (h > 4096 && h * 2 > q.length) {
      this.queue = q.slice(h);
      h = 0;
    }
    this.head = h;
  }

  private hand(s: Slot): void {
    if (s.handed) return;
    s.handed = true;
    const bySession = this.open.get(s.task.session);
    bySession?.delete(s.task.taskId);
    if (bySession !== undefined && bySession.size === 0) this.open.delete(s.task.session);
    this.tasks++;
    this.handlers.task(s.task);
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
