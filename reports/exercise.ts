/**
 * Which clauses a run exercised, read off its trace: a table of detectors, each naming the
 * clauses a kind of trace event bears on and counting such events. This is coverage, not a
 * verdict: a clause is checked by invariants and tests; a detector only says the runs reached
 * the situation the clause describes.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { RunResultContract } from '../models/pbt/index.js';

/** What a detector sees of one run. */
export interface RunView {
  readonly result: RunResultContract;
  readonly records: readonly TraceRecord[];
  /** The scenario's mode. */
  readonly mode: 'client' | 'headless';
}

/** One detector: a situation of the trace and the clauses it exercises. */
export interface Detector {
  readonly situation: string;
  readonly clauses: readonly string[];
  /** How many events of the run show the situation (0 = not reached). */
  count(run: RunView): number;
}

const recs = (run: RunView, type: string, where: (r: TraceRecord) => boolean = () => true): number =>
  run.records.reduce((n, r) => (r.type === type && where(r) ? n + 1 : n), 0);
const tasks = (run: RunView, where: (t: RunResultContract['tasks'][number]) => boolean): number =>
  run.result.tasks.reduce((n, t) => (where(t) ? n + 1 : n), 0);
const isCallback = (trigger: unknown): boolean => typeof trigger === 'string' && trigger.includes('OnPageBackgroundTask');
const nonEmpty = (v: unknown): boolean => v !== null && typeof v === 'object' && Object.keys(v).length > 0;

/** Groups of successful enqueues made by one trigger invocation at one instant. */
function multiEnqueues(run: RunView): number {
  const groups = new Map<string, number>();
  for (const r of run.records) {
    if (r.type !== 'pbt.enqueue' || r['ok'] !== true) continue;
    const k = `${String(r['session'])}|${String(r['page'])}|${String(r['trigger'])}|${r.timeMs}`;
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  return [...groups.values()].filter((n) => n > 1).length;
}

/** A cancel call followed, in the same trigger at the same instant, by an enqueue (CAN-07). */
function cancelThenEnqueue(run: RunView): number {
  let n = 0;
  const rs = run.records;
  for (let i = 0; i < rs.length; i++) {
    const c = rs[i]!;
    if (c.type !== 'pbt.cancelCall') continue;
    for (let j = i + 1; j < rs.length && rs[j]!.timeMs === c.timeMs; j++) {
      const e = rs[j]!;
      if (e.type === 'pbt.enqueue' && e['session'] === c['session'] && e['page'] === c['page']) {
        n++;
        break;
      }
    }
  }
  return n;
}

/** Pages that had two or more tasks delivered (triggers must tell tasks apart by ID). */
function multiDelivered(run: RunView): number {
  const per = new Map<string, number>();
  for (const t of run.result.tasks) if (t.delivery === 'delivered') per.set(`${t.session}|${t.page}`, (per.get(`${t.session}|${t.page}`) ?? 0) + 1);
  return [...per.values()].filter((n) => n > 1).length;
}

/** Every detector, in catalog order of their first clause. */
export const DETECTORS: readonly Detector[] = [
  { situation: 'EnqueueBackgroundTask called', clauses: ['PBT-ENQ-01', 'PBT-ENQ-07'], count: (r) => recs(r, 'pbt.enqueue') },
  { situation: 'task queued with the page record', clauses: ['PBT-ENQ-02', 'PBT-ENQ-03', 'PBT-ENQ-06'], count: (r) => recs(r, 'pbt.enqueue', (x) => x['ok'] === true) },
  { situation: 'enqueue rejected (queue full)', clauses: ['PBT-ENQ-04', 'PBT-ENQ-05', 'PBT-CONC-03', 'PBT-CFG-02'], count: (r) => recs(r, 'pbt.enqueue', (x) => x['ok'] !== true) },
  { situation: 'rejected enqueue raised a runtime error (statement form)', clauses: ['PBT-CONC-12'], count: (r) => recs(r, 'pbt.enqueue', (x) => x['ok'] !== true && x['runtimeError'] !== null) },
  { situation: 'enqueue with parameters', clauses: ['PBT-ENQ-10', 'PBT-PAR-01', 'PBT-PAR-03', 'PBT-CHD-07'], count: (r) => recs(r, 'pbt.enqueue', (x) => x['ok'] === true && nonEmpty(x['parameters'])) },
  { situation: 'enqueue from a callback trigger (chain)', clauses: ['PBT-ENQ-12', 'PBT-TRG-C02'], count: (r) => recs(r, 'pbt.enqueue', (x) => isCallback(x['trigger'])) },
  { situation: 'several tasks enqueued by one trigger', clauses: ['PBT-ENQ-14'], count: multiEnqueues },
  { situation: 'child session started', clauses: ['PBT-CONC-01', 'PBT-CFG-01', 'PBT-CAN-08', 'PBT-CONC-09', 'PBT-LIM-07', 'PBT-CHD-08'], count: (r) => recs(r, 'pbt.start') },
  { situation: 'start at the concurrency cap', clauses: ['PBT-CONC-01', 'PBT-CONC-05', 'PBT-CFG-06'], count: (r) => recs(r, 'pbt.start', (x) => x['running'] === x['concurrency']) },
  { situation: 'task waited for a slot', clauses: ['PBT-CONC-02', 'PBT-CONC-11'], count: (r) => tasks(r, (t) => t.startedAtMs !== null && t.startedAtMs > t.enqueuedAtMs) },
  { situation: 'task with a requested timeout', clauses: ['PBT-TMO-01'], count: (r) => tasks(r, (t) => t.requestedTimeoutMs !== null) },
  { situation: 'task without a timeout (default applies)', clauses: ['PBT-TMO-02', 'PBT-CFG-03'], count: (r) => tasks(r, (t) => t.requestedTimeoutMs === null || t.requestedTimeoutMs <= 0) },
  { situation: 'requested timeout above the maximum', clauses: ['PBT-TMO-03', 'PBT-TMO-04', 'PBT-CFG-04'], count: (r) => tasks(r, (t) => t.requestedTimeoutMs !== null && t.requestedTimeoutMs > t.effectiveTimeoutMs) },
  { situation: 'task timed out', clauses: ['PBT-TMO-01', 'PBT-TMO-05', 'PBT-TMO-06', 'PBT-CAN-05', 'PBT-ERR-10'], count: (r) => tasks(r, (t) => t.outcome === 'timedOut') },
  { situation: 'task ended exactly at its timeout', clauses: ['PBT-TMO-08'], count: (r) => tasks(r, (t) => t.startedAtMs !== null && t.endedAtMs !== null && t.endedAtMs - t.startedAtMs === t.effectiveTimeoutMs) },
  { situation: 'CancelBackgroundTask called', clauses: ['PBT-CAN-01'], count: (r) => recs(r, 'pbt.cancelCall') },
  { situation: 'cancelled by page close', clauses: ['PBT-CAN-02', 'PBT-GEN-C01'], count: (r) => tasks(r, (t) => t.cancelReason === 'pageClosed') },
  { situation: 'cancelled by record change', clauses: ['PBT-CAN-03', 'PBT-GEN-C01'], count: (r) => tasks(r, (t) => t.cancelReason === 'recordChanged') },
  { situation: 'cancelled by session end', clauses: ['PBT-CAN-04', 'PBT-GEN-C01'], count: (r) => tasks(r, (t) => t.cancelReason === 'sessionClosed') },
  { situation: 'result dropped at delivery', clauses: ['PBT-CAN-06'], count: (r) => recs(r, 'pbt.drop') },
  { situation: 'cancel then enqueue in one trigger', clauses: ['PBT-CAN-07'], count: cancelThenEnqueue },
  { situation: 'completion trigger delivered', clauses: ['PBT-TRG-01', 'PBT-TRG-02', 'PBT-TRG-08', 'PBT-PAR-02', 'PBT-TRG-10'], count: (r) => recs(r, 'pbt.deliver', (x) => x['trigger'] === 'OnPageBackgroundTaskCompleted') },
  { situation: 'completion with empty Results', clauses: ['PBT-PAR-C01'], count: (r) => recs(r, 'pbt.deliver', (x) => x['trigger'] === 'OnPageBackgroundTaskCompleted' && !nonEmpty(x['results'])) },
  { situation: 'error trigger delivered', clauses: ['PBT-TRG-03', 'PBT-ERR-02', 'PBT-ERR-03', 'PBT-ERR-11'], count: (r) => recs(r, 'pbt.deliver', (x) => x['trigger'] === 'OnPageBackgroundTaskError') },
  { situation: 'several tasks delivered to one page', clauses: ['PBT-TRG-04'], count: multiDelivered },
  { situation: 'CurrPage.Update in a callback', clauses: ['PBT-TRG-06', 'PBT-TRG-C01'], count: (r) => recs(r, 'pbt.update') },
  { situation: 'write from a callback trigger', clauses: ['PBT-TRG-07'], count: (r) => recs(r, 'pbt.write', (x) => x['taskId'] === null) },
  { situation: 'error raised inside a trigger', clauses: ['PBT-ERR-01', 'PBT-ERR-09'], count: (r) => recs(r, 'pbt.triggerError') },
  { situation: 'dialog refused in a callback', clauses: ['PBT-ERR-C01', 'PBT-TRG-05'], count: (r) => recs(r, 'pbt.triggerError', (x) => /dialog|callback/i.test(String(x['text']))) },
  { situation: 'error handled (IsHandled = true)', clauses: ['PBT-ERR-04'], count: (r) => recs(r, 'pbt.triggerDone', (x) => x['trigger'] === 'OnPageBackgroundTaskError' && x['isHandled'] === true) },
  { situation: 'unhandled error shown to the user', clauses: ['PBT-ERR-05', 'PBT-ERR-07', 'PBT-ERR-08'], count: (r) => recs(r, 'pbt.surface', (x) => x['taskId'] !== null && x['surfacedAs'] !== 'none') },
  { situation: 'error at level Ignore, nothing shown', clauses: ['PBT-ERR-06'], count: (r) => recs(r, 'pbt.surface', (x) => x['level'] === 'Ignore' && x['surfacedAs'] === 'none') },
  { situation: 'write from a task codeunit', clauses: ['PBT-CHD-01', 'PBT-ERR-12', 'PBT-CHD-C01'], count: (r) => recs(r, 'pbt.write', (x) => x['taskId'] !== null) },
  { situation: 'part page display state', clauses: ['PBT-LIM-01', 'PBT-LIM-C01'], count: (r) => recs(r, 'pbt.display') },
  { situation: 'headless mode task', clauses: ['PBT-LIM-02', 'PBT-TST-C01', 'PBT-TST-C02'], count: (r) => (r.mode === 'headless' ? r.result.tasks.length : 0) },
  { situation: 'TestPage.RunPageBackgroundTask', clauses: ['PBT-TST-01', 'PBT-TST-02', 'PBT-TST-03', 'PBT-TST-04'], count: (r) => recs(r, 'pbt.testRun') },
];

/**
 * Counts, per clause, the events of one run that exercise it.
 * @param run - the run's result, trace and mode
 * @returns clause ID → event count (clauses not reached are absent)
 */
export function exercisedClauses(run: RunView): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of DETECTORS) {
    const n = d.count(run);
    if (n === 0) continue;
    for (const c of d.clauses) out.set(c, (out.get(c) ?? 0) + n);
  }
  return out;
}
