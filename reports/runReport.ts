/**
 * The run report as data: from one run's result contract and trace, the per-task story, the
 * child-session slot each task ran in, timeline markers, wait and run time percentiles, queue
 * length over time, slot utilisation and the work wasted by cancellation. The markdown, HTML
 * and JSON outputs of `pbtsim run --report` are views of this value.
 * @module
 */
import type { TraceRecord } from '../engine/index.js';
import type { RunResultContract, TaskResult } from '../models/pbt/index.js';
import { summarize, type Summary } from './stats.js';

/** A task with what the report derives from it. */
export interface TaskStory extends TaskResult {
  /** Enqueue → start (or → end for a task cancelled while waiting; null if still waiting). */
  readonly waitMs: number | null;
  /** Start → end (null if it never started or never ended). */
  readonly runMs: number | null;
  /** Enqueue → trigger run, for delivered tasks. */
  readonly timeToResultMs: number | null;
  /** 1-based child-session slot of its session while it ran; null if it never started. */
  readonly slot: number | null;
  /** The task's life in one line. */
  readonly story: string;
}

/** A point on the timeline. */
export interface TimelineMarker {
  readonly kind: 'enqueue' | 'enqueueRejected' | 'cancel' | 'timeout' | 'delivery' | 'deliveryError' | 'drop' | 'recordChange' | 'pageOpen' | 'pageClose';
  readonly session: string;
  /** The page lane it belongs to (null: the session's queue lane). */
  readonly page: string | null;
  readonly atMs: number;
  readonly taskId: number | null;
  readonly label: string;
}

/** One parent session of the run. */
export interface SessionView {
  readonly id: string;
  readonly pages: readonly string[];
  /** ChildSessionsMaxConcurrency seen in the trace (the largest, if it changed). */
  readonly concurrency: number;
  /** Slots the run used (the timeline draws max(used, 1) slot lanes). */
  readonly slotsUsed: number;
  /** Waiting tasks over time: [timeMs, count] at every change. */
  readonly waiting: readonly (readonly [number, number])[];
  /** Running tasks over time. */
  readonly running: readonly (readonly [number, number])[];
  readonly peakWaiting: number;
  readonly peakRunning: number;
  /** Σ run time of its tasks. */
  readonly busyMs: number;
  /** busyMs / (concurrency × endTimeMs), 0..1. */
  readonly utilisation: number;
}

/** Work lost to cancellation, per page. */
export interface WasteRow {
  readonly session: string;
  readonly page: string;
  readonly tasks: number;
  readonly cancelledRunning: number;
  readonly runMsWasted: number;
  readonly cancelledWaiting: number;
  readonly waitMsWasted: number;
  /** Completed or failed tasks whose result was dropped at delivery. */
  readonly dropped: number;
  readonly droppedRunMs: number;
}

/** Wait, run and time-to-result summaries for one page (or `*` for all). */
export interface TimingRow {
  readonly session: string;
  readonly page: string;
  readonly wait: Summary;
  readonly run: Summary;
  readonly timeToResult: Summary;
}

/** The run report. */
export interface RunReport {
  readonly format: 'pbtsim-run-report/1';
  readonly scenario: string;
  readonly seed: number | string;
  readonly digest: string;
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly sessions: readonly SessionView[];
  readonly tasks: readonly TaskStory[];
  readonly markers: readonly TimelineMarker[];
  readonly timing: readonly TimingRow[];
  readonly waste: readonly WasteRow[];
  readonly enqueueCalls: { readonly total: number; readonly rejected: number };
  readonly outcomes: Readonly<Record<string, number>>;
  readonly warnings: RunResultContract['warnings'];
  readonly violations: RunResultContract['violations'];
}

function storyOf(t: TaskResult, slot: number | null): string {
  const parts = [`enqueued at ${t.enqueuedAtMs} ms`];
  if (t.startedAtMs !== null) parts.push(`started at ${t.startedAtMs} ms in slot ${slot ?? '?'}${t.startedAtMs > t.enqueuedAtMs ? ` after waiting ${t.startedAtMs - t.enqueuedAtMs} ms` : ''}`);
  if (t.outcome === null) parts.push(t.startedAtMs === null ? 'still waiting at the end' : 'still running at the end');
  else {
    const why = t.outcome === 'cancelled' ? ` (${t.cancelReason ?? 'cancelled'})` : t.errorCode !== null ? ` (${t.errorCode})` : '';
    parts.push(`${t.outcome}${why} at ${t.endedAtMs ?? '?'} ms${t.startedAtMs === null ? ' while waiting' : ''}`);
  }
  if (t.delivery === 'delivered') parts.push(`${t.trigger ?? 'trigger'} ran at ${t.deliveredAtMs ?? '?'} ms`);
  else if (t.delivery === 'dropped') parts.push(`result dropped${t.dropReason !== null ? ` (${t.dropReason})` : ''}`);
  else if (t.outcome !== null) parts.push('no trigger');
  if (t.surfacedAs !== null && t.surfacedAs !== 'none') parts.push(`shown to the user as ${t.surfacedAs}`);
  return parts.join(' → ');
}

const keyOf = (session: unknown, taskId: unknown): string => `${String(session)}\u0000${String(taskId)}`;

/** Counts as a step series: [time, value] at every change, in time order. */
function series(deltas: readonly (readonly [number, number])[]): { points: [number, number][]; peak: number } {
  const byTime = new Map<number, number>();
  for (const [t, d] of deltas) byTime.set(t, (byTime.get(t) ?? 0) + d);
  const points: [number, number][] = [[0, 0]];
  let v = 0;
  let peak = 0;
  // Same-instant changes are netted, so a task that starts the instant another ends shows no dip.
  for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
    v += byTime.get(t) ?? 0;
    peak = Math.max(peak, v);
    const last = points[points.length - 1]!;
    if (last[0] === t) last[1] = v;
    else if (last[1] !== v) points.push([t, v]);
  }
  return { points, peak };
}

/**
 * Builds the run report.
 * @param result - the run's result contract
 * @param records - the run's trace
 */
export function buildRunReport(result: RunResultContract, records: readonly TraceRecord[]): RunReport {
  const end = result.endTimeMs;
  // Slots: walk starts and ends in trace order; a task takes its session's lowest free slot.
  const slots = new Map<string, number>();
  const busy = new Map<string, Set<number>>();
  const concurrency = new Map<string, number>();
  const pagesOf = new Map<string, string[]>();
  const addPage = (s: string, p: string): void => {
    const list = pagesOf.get(s) ?? [];
    if (!list.includes(p)) list.push(p);
    pagesOf.set(s, list);
  };
  const markers: TimelineMarker[] = [];
  for (const r of records) {
    const session = String(r['session']);
    if (typeof r['concurrency'] === 'number') concurrency.set(session, Math.max(concurrency.get(session) ?? 0, r['concurrency']));
    if (typeof r['page'] === 'string' && r.type.startsWith('pbt.')) addPage(session, r['page']);
    const page = typeof r['page'] === 'string' ? r['page'] : null;
    const taskId = typeof r['taskId'] === 'number' ? r['taskId'] : null;
    switch (r.type) {
      case 'pbt.start': {
        const used = busy.get(session) ?? new Set<number>();
        busy.set(session, used);
        let slot = 1;
        while (used.has(slot)) slot++;
        used.add(slot);
        slots.set(keyOf(session, taskId), slot);
        break;
      }
      case 'pbt.end': {
        const slot = slots.get(keyOf(session, taskId));
        if (slot !== undefined) busy.get(session)?.delete(slot);
        if (r['outcome'] === 'cancelled') markers.push({ kind: 'cancel', session, page: slot === undefined ? null : page, atMs: r.timeMs, taskId, label: `task ${taskId} cancelled (${String(r['cancelReason'])})` });
        if (r['outcome'] === 'timedOut') markers.push({ kind: 'timeout', session, page, atMs: r.timeMs, taskId, label: `task ${taskId} timed out` });
        break;
      }
      case 'pbt.enqueue':
        markers.push(r['ok'] === true
          ? { kind: 'enqueue', session, page: null, atMs: r.timeMs, taskId, label: `task ${taskId} enqueued from ${String(r['trigger'])}` }
          : { kind: 'enqueueRejected', session, page: null, atMs: r.timeMs, taskId: null, label: `enqueue rejected${r['runtimeError'] !== null ? ` (runtime error: ${String(r['runtimeError'])})` : ' (returned false)'}` });
        break;
      case 'pbt.deliver':
        markers.push({ kind: r['trigger'] === 'OnPageBackgroundTaskError' ? 'deliveryError' : 'delivery', session, page, atMs: r.timeMs, taskId, label: `${String(r['trigger'])} for task ${taskId}` });
        break;
      case 'pbt.drop':
        markers.push({ kind: 'drop', session, page, atMs: r.timeMs, taskId, label: `task ${taskId} result dropped (${String(r['reason'])})` });
        break;
      case 'pbt.record':
        if (r['changed'] === true) markers.push({ kind: 'recordChange', session, page, atMs: r.timeMs, taskId: null, label: `record ${String(r['from'])} → ${String(r['to'])}` });
        break;
      case 'pbt.page':
        markers.push({ kind: r['open'] === true ? 'pageOpen' : 'pageClose', session, page, atMs: r.timeMs, taskId: null, label: `page ${String(page)} ${r['open'] === true ? `opened${r['record'] !== undefined && r['record'] !== null ? ` on ${String(r['record'])}` : ''}` : 'closed'}` });
        break;
      default:
        break;
    }
  }
  const tasks: TaskStory[] = result.tasks.map((t) => {
    const slot = slots.get(keyOf(t.session, t.taskId)) ?? null;
    const waitEnd = t.startedAtMs ?? t.endedAtMs;
    return {
      ...t,
      waitMs: waitEnd === null ? null : waitEnd - t.enqueuedAtMs,
      runMs: t.startedAtMs !== null && t.endedAtMs !== null ? t.endedAtMs - t.startedAtMs : null,
      timeToResultMs: t.delivery === 'delivered' && t.deliveredAtMs !== null ? t.deliveredAtMs - t.enqueuedAtMs : null,
      slot,
      story: storyOf(t, slot),
    };
  });
  for (const t of tasks) addPage(t.session, t.page);
  const sessionIds = [...new Set([...pagesOf.keys(), ...tasks.map((t) => t.session)])].filter((s) => s !== 'undefined');
  const sessions: SessionView[] = sessionIds.map((id) => {
    const mine = tasks.filter((t) => t.session === id);
    const w = series(mine.flatMap((t) => {
      const until = t.startedAtMs ?? t.endedAtMs;
      return until === null ? [[t.enqueuedAtMs, 1] as const] : until > t.enqueuedAtMs ? [[t.enqueuedAtMs, 1] as const, [until, -1] as const] : [];
    }));
    const run = series(mine.flatMap((t) => (t.startedAtMs === null ? [] : t.endedAtMs === null ? [[t.startedAtMs, 1] as const] : [[t.startedAtMs, 1] as const, [t.endedAtMs, -1] as const])));
    const busyMs = mine.reduce((n, t) => n + (t.startedAtMs === null ? 0 : (t.endedAtMs ?? end) - t.startedAtMs), 0);
    const conc = concurrency.get(id) ?? 0;
    return {
      id, pages: pagesOf.get(id) ?? [], concurrency: conc, slotsUsed: Math.max(0, ...mine.map((t) => t.slot ?? 0)),
      waiting: w.points, running: run.points, peakWaiting: w.peak, peakRunning: run.peak, busyMs,
      utilisation: conc > 0 && end > 0 ? busyMs / (conc * end) : 0,
    };
  });
  const timingOf = (session: string, page: string, ts: readonly TaskStory[]): TimingRow => ({
    session, page,
    wait: summarize(ts.filter((t) => t.startedAtMs !== null).map((t) => t.waitMs ?? 0)),
    run: summarize(ts.flatMap((t) => (t.runMs === null ? [] : [t.runMs]))),
    timeToResult: summarize(ts.flatMap((t) => (t.timeToResultMs === null ? [] : [t.timeToResultMs]))),
  });
  const pageKeys = [...new Set(tasks.map((t) => `${t.session}\u0000${t.page}`))];
  const timing = pageKeys.map((k) => {
    const [s = '', p = ''] = k.split('\u0000');
    return timingOf(s, p, tasks.filter((t) => t.session === s && t.page === p));
  });
  if (pageKeys.length > 1) timing.push(timingOf('*', '*', tasks));
  const waste: WasteRow[] = pageKeys.map((k) => {
    const [s = '', p = ''] = k.split('\u0000');
    const ts = tasks.filter((t) => t.session === s && t.page === p);
    const runC = ts.filter((t) => t.outcome === 'cancelled' && t.startedAtMs !== null);
    const waitC = ts.filter((t) => t.outcome === 'cancelled' && t.startedAtMs === null);
    const dropped = ts.filter((t) => t.delivery === 'dropped');
    return {
      session: s, page: p, tasks: ts.length,
      cancelledRunning: runC.length, runMsWasted: runC.reduce((n, t) => n + (t.runMs ?? 0), 0),
      cancelledWaiting: waitC.length, waitMsWasted: waitC.reduce((n, t) => n + (t.waitMs ?? 0), 0),
      dropped: dropped.length, droppedRunMs: dropped.reduce((n, t) => n + (t.runMs ?? 0), 0),
    };
  });
  const outcomes: Record<string, number> = {};
  for (const t of tasks) outcomes[t.outcome ?? 'unfinished'] = (outcomes[t.outcome ?? 'unfinished'] ?? 0) + 1;
  return {
    format: 'pbtsim-run-report/1',
    scenario: result.scenario, seed: result.seed, digest: result.digest, endTimeMs: end, eventCount: result.eventCount,
    sessions, tasks, markers, timing, waste,
    enqueueCalls: { total: result.enqueueCalls.length, rejected: result.enqueueCalls.filter((c) => !c.ok).length },
    outcomes, warnings: result.warnings, violations: result.violations,
  };
}
