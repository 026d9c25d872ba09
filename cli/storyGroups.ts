/**
 * The story of the tasks, page by page: consecutive tasks of a page with the same shape (same
 * codeunit, timeout, ErrorLevel, way of starting, outcome, reason, delivery, what the user saw
 * and Results) are folded into one line with a count and the ranges of their times. A task's
 * line says what happened in plain words, with the error text the user saw and the Results
 * delivered; a page without code in the trigger it was delivered to is said to have no code.
 * @module
 */
import { TIMEOUT_ERROR_CODE, TIMEOUT_ERROR_TEXT, type TaskResult } from '../models/pbt/index.js';
import type { TriggerIndex } from '../reports/pageTriggers.js';
import { plural, range, reasonWords, type Paint } from './storyStyle.js';

/**
 * A task as the story reads it: the result contract's task, with the error text when the
 * result carries it (`errorText`, beyond the contract).
 */
export type StoryTask = TaskResult & { readonly errorText?: string | null };

/** The text of a task's error: its errorText, the timeout text for a timeout, else null. */
export function errorTextOf(t: StoryTask): string | null {
  if (typeof t.errorText === 'string' && t.errorText !== '') return t.errorText;
  if (t.errorCode === TIMEOUT_ERROR_CODE) return TIMEOUT_ERROR_TEXT;
  return null;
}

/** What makes two tasks of a page "the same shape" (everything but ids, records and times). */
export function shapeOf(t: StoryTask): string {
  const started = t.startedAtMs === null ? 'never' : t.startedAtMs === t.enqueuedAtMs ? 'atOnce' : 'waited';
  return JSON.stringify([t.session, t.page, t.codeunit, t.requestedTimeoutMs, t.effectiveTimeoutMs, t.errorLevel, started, t.outcome,
    t.cancelReason, t.errorCode, errorTextOf(t), t.delivery, t.trigger, t.dropReason, t.surfacedAs, t.results]);
}

/** A run of same-shape tasks with the ranges of their times. */
export class TaskGroup {
  readonly first: StoryTask;
  private readonly ids: number[] = [];
  private idCount = 0;
  private contiguous = true;
  private lastId: number;
  private readonly records = new Set<string>();
  private recordsMore = false;
  readonly enq: [number, number];
  readonly wait: [number, number];
  readonly run: [number, number];
  readonly end: [number, number];
  readonly delivered: [number, number];

  /** Starts a group with its first task. */
  constructor(t: StoryTask) {
    this.first = t;
    this.lastId = t.taskId - 1;
    this.enq = [Infinity, -Infinity];
    this.wait = [Infinity, -Infinity];
    this.run = [Infinity, -Infinity];
    this.end = [Infinity, -Infinity];
    this.delivered = [Infinity, -Infinity];
    this.add(t);
  }

  /** Tasks in the group. */
  get count(): number {
    return this.idCount;
  }

  /** Adds a task of the same shape. */
  add(t: StoryTask): void {
    if (t.taskId !== this.lastId + 1) this.contiguous = false;
    this.lastId = t.taskId;
    if (this.ids.length < 4) this.ids.push(t.taskId);
    this.idCount++;
    if (t.record !== null) {
      if (this.records.size < 3) this.records.add(t.record);
      else if (!this.records.has(t.record)) this.recordsMore = true;
    }
    const widen = (r: [number, number], v: number | null): void => {
      if (v === null) return;
      r[0] = Math.min(r[0], v);
      r[1] = Math.max(r[1], v);
    };
    widen(this.enq, t.enqueuedAtMs);
    widen(this.wait, t.startedAtMs === null ? null : t.startedAtMs - t.enqueuedAtMs);
    widen(this.run, t.startedAtMs !== null && t.endedAtMs !== null ? t.endedAtMs - t.startedAtMs : null);
    widen(this.end, t.endedAtMs);
    widen(this.delivered, t.deliveredAtMs);
  }

  /** `task 9`, `tasks 6–105`, `tasks 1, 5, 9`, `tasks 1, 5, 9, 13, … (12)`. */
  idsText(): string {
    if (this.idCount === 1) return `task ${this.first.taskId}`;
    if (this.contiguous) return `tasks ${this.first.taskId}–${this.lastId}`;
    if (this.idCount <= 4) return `tasks ${this.ids.join(', ')}`;
    return `tasks ${this.ids.join(', ')}, …, ${this.lastId}`;
  }

  /** `on Customer: 10000` / `on Customer: 10000, 20000, 30000 and others`; empty without a record. */
  recordsText(): string {
    if (this.records.size === 0) return '';
    return `on ${[...this.records].join(', ')}${this.recordsMore ? ' and others' : ''}`;
  }
}

const r = (x: [number, number], unit = ' ms'): string => range(x[0], x[1], unit);

/** The life of a group (or of one task) in one line, after its ids. */
export function groupText(g: TaskGroup, triggers: TriggerIndex | undefined, c: Paint): string {
  const t = g.first;
  const parts: string[] = [];
  const at = `enqueued at ${r(g.enq)}`;
  if (t.startedAtMs === null) parts.push(`${at}, never started`);
  else if (t.startedAtMs === t.enqueuedAtMs) parts.push(`${at}, started at once`);
  else parts.push(`${at}, started after waiting ${r(g.wait)}`);
  const ran = t.startedAtMs !== null ? ` after running ${r(g.run)}` : ' while waiting';
  switch (t.outcome) {
    case 'completed': parts.push(c('green', `completed after ${r(g.run)}`)); break;
    case 'failed': parts.push(c('red', `failed${t.errorCode !== null ? ` (${t.errorCode})` : ''} after ${r(g.run)}`)); break;
    case 'timedOut': parts.push(c('yellow', `timed out after ${r(g.run)} (timeout ${t.effectiveTimeoutMs} ms)`)); break;
    case 'cancelled': parts.push(c('gray', `cancelled (${reasonWords(t.cancelReason)}) at ${r(g.end)}${ran}`)); break;
    default: parts.push(c('magenta', t.startedAtMs === null ? 'still waiting when the run ended' : 'still running when the run ended'));
  }
  if (t.delivery === 'delivered' && t.trigger !== null) {
    const when = `at ${r(g.delivered)}`;
    const hasCode = triggers === undefined || triggers.hasCode(t.session, t.page, t.trigger);
    parts.push(hasCode ? `${t.trigger} ran ${when}` : `the platform invoked ${t.trigger} ${when} (the page has no code in it)`);
  } else if (t.delivery === 'dropped') parts.push(`result dropped (${reasonWords(t.dropReason)}), no trigger ran`);
  else if (t.outcome !== null) parts.push('no trigger');
  const text = errorTextOf(t);
  if (t.surfacedAs === 'error' || t.surfacedAs === 'warning') {
    parts.push(c(t.surfacedAs === 'error' ? 'red' : 'yellow', `the user saw ${t.surfacedAs === 'error' ? 'an error' : 'a warning'}${text !== null ? `: "${text}"` : ''}`));
  } else if (t.surfacedAs === 'none' && (t.outcome === 'failed' || t.outcome === 'timedOut')) {
    // What the user saw follows from the delivery (PBT-ERR-04..07): none means ErrorLevel Ignore,
    // or an error trigger that set IsHandled, or no trigger ran at all.
    const why = t.delivery !== 'delivered' ? 'no trigger ran' : t.errorLevel === 'Ignore' ? 'ErrorLevel Ignore' : 'the error trigger set IsHandled';
    parts.push(`the user saw nothing (${why}${text !== null ? `; the error was "${text}"` : ''})`);
  }
  if (t.results !== null && t.delivery === 'delivered') {
    const entries = Object.entries(t.results);
    parts.push(entries.length === 0 ? 'no Results' : `Results ${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
  }
  return parts.join(' → ');
}

/** What the page header line says about the page's tasks: codeunit, timeout, ErrorLevel. */
export function taskSettingsText(t: StoryTask): string {
  const timeout = t.requestedTimeoutMs === null ? `default timeout ${t.effectiveTimeoutMs} ms`
    : t.requestedTimeoutMs === t.effectiveTimeoutMs ? `timeout ${t.effectiveTimeoutMs} ms` : `timeout ${t.requestedTimeoutMs} ms (effective ${t.effectiveTimeoutMs} ms)`;
  return `codeunit ${t.codeunit}, ${timeout}, ErrorLevel ${t.errorLevel}`;
}

/** Folds tasks, one at a time, into runs of same-shape tasks per page (memory: the groups). */
export class StoryGrouper {
  private readonly pages = new Map<string, TaskGroup[]>();
  private readonly lastShape = new Map<string, string>();
  private tasks = 0;

  /** Adds the next task (in enqueue order). */
  add(t: StoryTask): void {
    this.tasks++;
    const key = `${t.session}/${t.page}`;
    const shape = shapeOf(t);
    let groups = this.pages.get(key);
    if (groups === undefined) {
      groups = [];
      this.pages.set(key, groups);
    }
    const last = groups[groups.length - 1];
    if (last !== undefined && this.lastShape.get(key) === shape) last.add(t);
    else groups.push(new TaskGroup(t));
    this.lastShape.set(key, shape);
  }

  /** The groups page by page (pages in order of their first task). */
  groups(): ReadonlyMap<string, readonly TaskGroup[]> {
    return this.pages;
  }

  /** The grouped story: a header per page, one line per group. */
  lines(triggers: TriggerIndex | undefined, c: Paint): string[] {
    const out: string[] = [];
    let groupCount = 0;
    for (const [page, groups] of this.pages) {
      const settings = new Set(groups.map((g) => taskSettingsText(g.first)));
      const n = groups.reduce((k, g) => k + g.count, 0);
      groupCount += groups.length;
      out.push(c('cyan', `${page}`) + `: ${plural(n, 'task')}${settings.size === 1 ? `, ${[...settings][0]}` : ''}`);
      for (const g of groups) {
        const head = `${g.idsText()}${g.count > 1 ? ` (×${g.count})` : ''}`;
        const rec = g.recordsText();
        const extra = settings.size > 1 ? ` [${taskSettingsText(g.first)}]` : '';
        out.push(`  ${head}${rec ? ` ${rec}` : ''}${extra}: ${groupText(g, triggers, c)}`);
      }
    }
    if (groupCount < this.tasks) out.push(c('dim', `(${plural(this.tasks, 'task')} in ${plural(groupCount, 'line')}: consecutive tasks of a page with the same life are folded into one line; --story full prints one line per task)`));
    return out;
  }
}

/** Groups the tasks page by page (pages in order of their first task). */
export function groupByPage(tasks: Iterable<StoryTask>): ReadonlyMap<string, readonly TaskGroup[]> {
  const g = new StoryGrouper();
  for (const t of tasks) g.add(t);
  return g.groups();
}

/** The grouped story of a list of tasks. */
export function groupedStoryLines(tasks: Iterable<StoryTask>, triggers: TriggerIndex | undefined, c: Paint): string[] {
  const g = new StoryGrouper();
  for (const t of tasks) g.add(t);
  return g.lines(triggers, c);
}

/** One task's line of the full story. */
export function fullStoryLine(t: StoryTask, triggers: TriggerIndex | undefined, c: Paint): string {
  const g = new TaskGroup(t);
  const rec = g.recordsText();
  return `${c('cyan', `${t.session}/${t.page} task ${t.taskId}`)}${rec ? ` ${rec}` : ''} [${taskSettingsText(t)}]: ${groupText(g, triggers, c)}`;
}

/** The full story: one line per task, in enqueue order. */
export function fullStoryLines(tasks: Iterable<StoryTask>, triggers: TriggerIndex | undefined, c: Paint): string[] {
  const out: string[] = [];
  for (const t of tasks) out.push(fullStoryLine(t, triggers, c));
  return out;
}
