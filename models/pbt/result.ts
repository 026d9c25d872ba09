/**
 * The result contract of `pbtsim run --json` (design/architecture.md), computed from the trace
 * records alone: anyone holding a trace can rebuild the result.
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

/**
 * Folds trace records into the result contract.
 * @param records - the run's trace
 * @param head - scenario name, seed, end time, event count and digest
 */
export function buildResult(
  records: readonly TraceRecord[],
  head: { scenario: string; seed: number | string; endTimeMs: number; eventCount: number; digest: string },
): RunResultContract {
  const tasks = new Map<string, TaskResult>();
  const enqueueCalls: EnqueueCallResult[] = [];
  const warnings: RunWarning[] = [];
  const key = (r: TraceRecord): string => `${String(r['session'])}\u0000${String(r['taskId'])}`;
  for (const r of records) {
    switch (r.type) {
      case 'pbt.enqueue': {
        enqueueCalls.push({ session: String(r['session']), page: String(r['page']), atMs: r.timeMs, ok: r['ok'] === true, taskId: num(r['taskId']), runtimeError: str(r['runtimeError']) });
        if (r['ok'] !== true) break;
        tasks.set(key(r), {
          session: String(r['session']), page: String(r['page']), taskId: Number(r['taskId']), codeunit: Number(r['codeunit']),
          record: str(r['record']), requestedTimeoutMs: num(r['requestedTimeoutMs']), effectiveTimeoutMs: Number(r['effectiveTimeoutMs']),
          errorLevel: r['errorLevel'] as ErrorLevel, enqueuedAtMs: r.timeMs, startedAtMs: null, endedAtMs: null, outcome: null,
          cancelReason: null, errorCode: null, trigger: null, deliveredAtMs: null, delivery: null, surfacedAs: null, dropReason: null, results: null,
        });
        break;
      }
      case 'pbt.start': {
        const t = tasks.get(key(r));
        if (t) t.startedAtMs = r.timeMs;
        break;
      }
      case 'pbt.end': {
        const t = tasks.get(key(r));
        if (!t) break;
        t.endedAtMs = r.timeMs;
        t.outcome = r['outcome'] as Outcome;
        t.cancelReason = (str(r['cancelReason']) as CancelReason | null);
        t.errorCode = str(r['errorCode']);
        if (t.outcome === 'failed' || t.outcome === 'timedOut') t.surfacedAs = 'none';
        break;
      }
      case 'pbt.deliver': {
        const t = tasks.get(key(r));
        if (!t) break;
        t.trigger = r['trigger'] as TaskResult['trigger'];
        t.deliveredAtMs = r.timeMs;
        t.delivery = 'delivered';
        t.results = (r['results'] as Record<string, string> | null) ?? null;
        break;
      }
      case 'pbt.drop': {
        const t = tasks.get(key(r));
        if (!t) break;
        t.delivery = 'dropped';
        t.dropReason = str(r['reason']);
        break;
      }
      case 'pbt.surface': {
        const t = r['taskId'] === null ? undefined : tasks.get(key(r));
        if (t) t.surfacedAs = r['surfacedAs'] as TaskResult['surfacedAs'];
        break;
      }
      case 'pbt.warning':
        warnings.push({ code: String(r['code']), message: String(r['message']), atMs: r.timeMs, session: str(r['session']), taskId: num(r['taskId']) });
        break;
      default:
        break;
    }
  }
  return { ...head, tasks: [...tasks.values()], enqueueCalls, warnings, violations: [] };
}
