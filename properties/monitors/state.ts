/**
 * The state every monitor shares, kept once per run (not per invariant): per parent session
 * its live tasks, its pages and the slot/queue sets; the run header and the settings in force.
 * A task is *live* from its successful `pbt.enqueue` until the end of the instant in which no
 * later record can concern it any more: it was dropped, its callback chain finished
 * (`pbt.triggerDone`), or it ended `cancelled` without a delivery. Then it is forgotten; the
 * session's {@link IdSet} still knows the TaskId existed.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { PbtDeliver, PbtEnd, PbtEnqueue, PbtServer, RecordSettings } from '../../models/pbt/records.js';
import { Batch } from './batch.js';
import { IdSet } from './idSet.js';
import { SlotSets } from './slotSets.js';
import { TaskList } from './taskList.js';

/** Where a kept record was (a violation's location): rebuilt on demand from a task's flat fields. A type alias, not an interface, so it is assignable to `TraceRecord`. @internal */
export type KeptAt = { readonly seq: number; readonly timeMs: number; readonly type: string; readonly session: string; readonly taskId: number };

/**
 * What the trace says about one live task. The records themselves are not kept (a task lives
 * long enough for its records to outlive the young generation), nor copies of them: the task
 * keeps the fields the monitors read of its enqueue and of its first start, end, delivery and
 * drop as flat fields (one object per task); {@link enqueueAt}, {@link startAt}, {@link endAt},
 * {@link deliverAt} and {@link dropAt} rebuild where those records were, for a violation. Fields after `drops` belong to
 * the monitor named. @internal
 */
export interface TaskView {
  readonly session: string;
  readonly taskId: number;
  readonly page: string;
  /** The page instance (count of opens) the task belongs to. */
  readonly instance: number;
  readonly record: string | null;
  /** `seq` and `timeMs` of the enqueue record, and the fields of it the monitors read (flat: one object per task). */
  readonly enqueueSeq: number;
  readonly enqueueTimeMs: number;
  readonly effectiveTimeoutMs: PbtEnqueue['effectiveTimeoutMs'];
  readonly errorLevel: PbtEnqueue['errorLevel'];
  readonly inline: PbtEnqueue['inline'];
  /** Starts seen; the first one's time is `startTimeMs` (and `seq` `startSeq`). */
  starts: number;
  startTimeMs: number;
  /** Ends seen; the first one's time is `endTimeMs` (and `seq` `endSeq`), its fields the ones named `end…` and `outcome`. */
  ends: number;
  endTimeMs: number;
  outcome: PbtEnd['outcome'] | null;
  endErrorCode: PbtEnd['errorCode'];
  endErrorText: PbtEnd['errorText'];
  endResults: PbtEnd['results'];
  /** Deliveries seen; the first one's time is `deliverTimeMs` (and `seq` `deliverSeq`), its fields `trigger` and the ones named `deliver…`. */
  delivers: number;
  deliverTimeMs: number;
  trigger: PbtDeliver['trigger'] | null;
  deliverErrorCode: PbtDeliver['errorCode'];
  deliverErrorText: PbtDeliver['errorText'];
  deliverResults: PbtDeliver['results'];
  /** Drops seen; the first one's time is `dropTimeMs` (and `seq` `dropSeq`). */
  drops: number;
  dropTimeMs: number;
  /**
   * True while the record being stepped is the task's first of its type (the one the `start…`,
   * `end…`, `deliver…` or `drop…` fields were just copied from), so a handler can tell `r` is
   * that first one; false otherwise and after the step. A flag, not the record: a view lives in
   * the old generation (it is recycled), where storing a young record costs a remembered-set entry.
   */
  fresh: boolean;
  /** The `seq` of `start`, `end`, `deliver` and `drop` (0 while null): read without touching the records again. */
  startSeq: number;
  endSeq: number;
  deliverSeq: number;
  dropSeq: number;
  /** Queued to be forgotten at the end of the instant. */
  retiring: boolean;
  /** noTriggerAfterCancel: ended cancelled or a CancelBackgroundTask returned true. */
  cancelled: boolean;
  /** deliveryMatchesOutcome: a CancelBackgroundTask returned true after the end. */
  cancelledAfterEnd: boolean;
  /** cancelReturnValue: the task's state for CancelBackgroundTask. */
  cancelState: 'active' | 'awaiting' | 'gone';
  /** Stamp of the task's latest move into the window of forgotten tasks (0: never forgotten). */
  forgotten: number;
  /** The view of `session`. */
  readonly sessionView: SessionView;
  /** The view of `page` in that session. */
  readonly pageView: PageView;
  /** Links of the session's unstarted list (`SessionView.unstarted`) while the task is in it. */
  uList: TaskList | null;
  uPrev: TaskView | null;
  uNext: TaskView | null;
  /** Links of the page's active list (`PageView.active`) while the task is in it. */
  aList: TaskList | null;
  aPrev: TaskView | null;
  aNext: TaskView | null;
}

/** Where the task's enqueue record was (a violation's location). @internal */
export function enqueueAt(t: TaskView): KeptAt {
  return { seq: t.enqueueSeq, timeMs: t.enqueueTimeMs, type: 'pbt.enqueue', session: t.session, taskId: t.taskId };
}

/** Where the task's first start was, null when it never started. @internal */
export function startAt(t: TaskView): KeptAt | null {
  return t.starts === 0 ? null : { seq: t.startSeq, timeMs: t.startTimeMs, type: 'pbt.start', session: t.session, taskId: t.taskId };
}

/** Where the task's first end was, null when it never ended. @internal */
export function endAt(t: TaskView): KeptAt | null {
  return t.ends === 0 ? null : { seq: t.endSeq, timeMs: t.endTimeMs, type: 'pbt.end', session: t.session, taskId: t.taskId };
}

/** Where the task's first delivery was, null when it was never delivered. @internal */
export function deliverAt(t: TaskView): KeptAt | null {
  return t.delivers === 0 ? null : { seq: t.deliverSeq, timeMs: t.deliverTimeMs, type: 'pbt.deliver', session: t.session, taskId: t.taskId };
}

/** Where the task's first drop was, null when it was never dropped. @internal */
export function dropAt(t: TaskView): KeptAt | null {
  return t.drops === 0 ? null : { seq: t.dropSeq, timeMs: t.dropTimeMs, type: 'pbt.drop', session: t.session, taskId: t.taskId };
}

/**
 * How many forgotten tasks stay reachable by a late record, run-wide. A model writes nothing
 * about a task after it is final, but a faulty one may (a delivery after a cancellation): within
 * this window such a record is judged as if the task were live. A constant, so memory stays
 * proportional to the live tasks. @internal
 */
export const FORGOTTEN_WINDOW = 1024;

/** A {@link TaskView} as the shared state fills it in (its identity fields are read-only to the monitors only). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Open/record state of a page of a session; `active` = its tasks enqueued and not ended. Fields after `active` belong to the monitor named. @internal */
export interface PageView {
  open: boolean;
  instance: number;
  record: string | null;
  readonly active: TaskList;
  /** cancelOnLifetime: the monitor's count of instants at the page's latest record change (-1: none). */
  changedIn: number;
}

/** A nested callback chain in progress (deliverySerialized; the outermost lives in its SessionView). @internal */
export interface Chain {
  /** Reused for the next chain once this one is done (`SessionView.chainDepth`). */
  taskId: number;
  /** TaskIds enqueued while the chain ran (null until the first). */
  enqueued: Set<number> | null;
}

/** One parent session. Fields after `unstarted` belong to the monitor named. @internal */
export interface SessionView {
  readonly id: string;
  /** Live tasks by TaskId. */
  readonly tasks: Map<number, TaskView>;
  /** Forgotten tasks still in the run-wide window, by TaskId. */
  readonly forgotten: Map<number, TaskView>;
  /** Every TaskId the session successfully enqueued. */
  readonly known: IdSet;
  readonly pages: Map<string, PageView>;
  /**
   * The slot and queue sets of TaskIds (by record, whatever the index says): started (started
   * and not ended), waiting (enqueued, neither started nor ended), queued (enqueued and not yet
   * granted a slot, `pbt.slot`, else `pbt.start`, nor ended: the exact queue) and holding
   * (granted a slot and not ended), with their sizes.
   */
  readonly sets: SlotSets;
  /** Live tasks neither started nor ended, in enqueue order. */
  readonly unstarted: TaskList;
  /** noIdleSlot: the latest ChildSessionsMaxConcurrency recorded for the session. */
  limit: number | undefined;
  /** enqueueFailure: the largest TaskId returned so far. */
  lastId: number;
  /** deliverySerialized: callback chains in progress (`chainDepth` of them), outermost first: the first in `chainId`/`chainEnqueued`, the nested ones in `chains[0 .. chainDepth - 1)`; entries from there on are spare (reused). */
  chainDepth: number;
  chainId: number;
  chainEnqueued: Set<number> | null;
  readonly chains: Chain[];
  /** noIdleSlot: in the monitor's list of sessions to look at when the instant ends. */
  idleTouched: boolean;
}

/** The shared state of a monitor set. @internal */
export class MonitorState {
  /** The `pbt.server` header, when the trace starts with one. */
  header: PbtServer | null = null;
  /** The settings in force (header, then `server.update`), null when unknown. */
  settings: RecordSettings | null = null;
  /** The last record stepped. */
  last: TraceRecord | null = null;
  /** Records stepped. */
  count = 0;
  readonly sessions = new Map<string, SessionView>();
  /** Tasks to forget at the end of the current instant. */
  readonly retiring = new Batch<TaskView>();
  /** The window of forgotten tasks: a ring of the last {@link FORGOTTEN_WINDOW} moves into it, with their stamps. */
  private readonly ring: (TaskView | undefined)[] = new Array<TaskView | undefined>(FORGOTTEN_WINDOW);
  private readonly ringStamp = new Float64Array(FORGOTTEN_WINDOW);
  private ringAt = 0;
  private stamp = 0;
  /**
   * Task views gone for good, reused for the next enqueues (at most {@link FORGOTTEN_WINDOW}).
   * A view lives from its enqueue to long after its last record, long enough to be promoted to
   * the old generation, so a fresh one per task cost a copy per scavenge and an old-generation
   * collection of every task; a reused one is already old and allocates nothing. Measured with
   * the chain reuse before it (foldCost, 1,000 users, monitors only, loaded machine, one pair):
   * 2.50 s -> 2.21 s in the monitors; from memory (c100) it does not show, as nothing is promoted.
   */
  private readonly spare: Writable<TaskView>[] = [];
  private spareN = 0;

  /** The session's view (created on first use). */
  session(id: string): SessionView {
    let s = this.sessions.get(id);
    if (s === undefined) {
      s = {
        id, tasks: new Map(), forgotten: new Map(), known: new IdSet(), pages: new Map(), sets: new SlotSets(), unstarted: new TaskList(true),
        limit: undefined, lastId: 0, chainDepth: 0, chainId: 0, chainEnqueued: null, chains: [], idleTouched: false,
      };
      this.sessions.set(id, s);
    }
    return s;
  }

  /** A page's view (created closed on first use). */
  page(s: SessionView, page: string): PageView {
    let p = s.pages.get(page);
    if (p === undefined) {
      p = { open: false, instance: 0, record: null, active: new TaskList(false), changedIn: -1 };
      s.pages.set(page, p);
    }
    return p;
  }

  /**
   * A new live task's view, for the successful enqueue `r` (of TaskId `taskId`) on page view
   * `page` of session `s`: a recycled view reset field by field, else a new object of the same shape.
   */
  newTask(s: SessionView, page: PageView, r: PbtEnqueue, taskId: number): TaskView {
    const record = typeof r.record === 'string' ? r.record : null;
    if (this.spareN === 0) {
      return {
        session: s.id, taskId, page: r.page, instance: page.instance, record,
        enqueueSeq: r.seq, enqueueTimeMs: r.timeMs, effectiveTimeoutMs: r.effectiveTimeoutMs, errorLevel: r.errorLevel, inline: r.inline,
        starts: 0, startTimeMs: 0, ends: 0, endTimeMs: 0, outcome: null, endErrorCode: null, endErrorText: null, endResults: null,
        delivers: 0, deliverTimeMs: 0, trigger: null, deliverErrorCode: null, deliverErrorText: null, deliverResults: null, drops: 0, dropTimeMs: 0,
        fresh: false, startSeq: 0, endSeq: 0, deliverSeq: 0, dropSeq: 0,
        retiring: false, cancelled: false, cancelledAfterEnd: false, cancelState: 'active', forgotten: 0,
        sessionView: s, pageView: page, uList: null, uPrev: null, uNext: null, aList: null, aPrev: null, aNext: null,
      };
    }
    const t = this.spare[--this.spareN]!;
    this.spare[this.spareN] = undefined as unknown as Writable<TaskView>;
    t.session = s.id; t.taskId = taskId; t.page = r.page; t.instance = page.instance; t.record = record;
    t.enqueueSeq = r.seq; t.enqueueTimeMs = r.timeMs; t.effectiveTimeoutMs = r.effectiveTimeoutMs; t.errorLevel = r.errorLevel; t.inline = r.inline;
    t.starts = 0; t.startTimeMs = 0; t.ends = 0; t.endTimeMs = 0; t.outcome = null; t.endErrorCode = null; t.endErrorText = null; t.endResults = null;
    t.delivers = 0; t.deliverTimeMs = 0; t.trigger = null; t.deliverErrorCode = null; t.deliverErrorText = null; t.deliverResults = null; t.drops = 0; t.dropTimeMs = 0;
    t.fresh = false; t.startSeq = 0; t.endSeq = 0; t.deliverSeq = 0; t.dropSeq = 0;
    t.retiring = false; t.cancelled = false; t.cancelledAfterEnd = false; t.cancelState = 'active'; t.forgotten = 0;
    t.sessionView = s; t.pageView = page; t.uList = null; t.uPrev = null; t.uNext = null; t.aList = null; t.aPrev = null; t.aNext = null;
    return t;
  }

  /**
   * Takes back the view of a task gone for good ({@link forget} returned it and the monitors'
   * `forget` handlers ran): nothing reaches it any more (it is in no index, list or window slot
   * with its current stamp, and a final task is in no unstarted or active list).
   */
  recycle(t: TaskView): void {
    if (this.spareN >= FORGOTTEN_WINDOW) return;
    const w = t as Writable<TaskView>;
    // Drop what it points to, so a spare view keeps no record values or views alive.
    w.endResults = null; w.deliverResults = null;
    if (this.spareN < this.spare.length) this.spare[this.spareN] = w;
    else this.spare.push(w);
    this.spareN++;
  }

  /** True when the header says one of these policies differs from its default. */
  policyChanged(...names: string[]): boolean {
    const h = this.header;
    return h !== null && names.some((n) => n in h.policies);
  }

  /** The task a record names: live, or among the {@link FORGOTTEN_WINDOW} forgotten last. */
  find(s: SessionView, taskId: number): TaskView | undefined {
    const t = s.tasks.get(taskId);
    return t !== undefined || s.forgotten.size === 0 ? t : s.forgotten.get(taskId);
  }

  /**
   * Forgets a final task: it leaves the live index for the window of recently forgotten tasks,
   * which a late record (a corrupted trace, a faulty model) can still reach.
   * @returns the task pushed out of the window, which is gone for good, if any
   */
  forget(t: TaskView): TaskView | undefined {
    const s = t.sessionView;
    if (s.tasks.get(t.taskId) === t) s.tasks.delete(t.taskId);
    t.retiring = false;
    s.forgotten.set(t.taskId, t);
    t.forgotten = ++this.stamp;
    const at = this.ringAt;
    const old = this.ring[at];
    const oldStamp = this.ringStamp[at]!;
    this.ring[at] = t;
    this.ringStamp[at] = t.forgotten;
    this.ringAt = (at + 1) % FORGOTTEN_WINDOW;
    // A task moved into the window again since this ring slot was written is not pushed out.
    if (old === undefined || old.forgotten !== oldStamp) return undefined;
    const os = old.sessionView;
    if (os.forgotten.get(old.taskId) === old) os.forgotten.delete(old.taskId);
    return old;
  }

  /** The tasks in the window of forgotten tasks. */
  *forgottenTasks(): IterableIterator<TaskView> {
    for (const s of this.sessions.values()) yield* s.forgotten.values();
  }

  /** The footer, when the last record stepped is one. */
  footerStatus(): string | null {
    const l = this.last;
    return l !== null && l.type === 'pbt.runEnd' ? String(l['status']) : null;
  }

  /** Live tasks, pages, chains and set entries held now: the monitors' memory, for scale tests. */
  liveSize(): number {
    let n = this.retiring.length;
    for (const s of this.sessions.values()) {
      n += 1 + s.tasks.size + s.forgotten.size + s.known.intervals + s.pages.size + s.sets.started + s.sets.waiting + s.unstarted.size + s.sets.queued + s.sets.holding + s.chainDepth;
      for (const p of s.pages.values()) n += p.active.size;
      if (s.chainDepth > 0) n += s.chainEnqueued?.size ?? 0;
      for (let i = 0; i < s.chainDepth - 1; i++) n += s.chains[i]!.enqueued?.size ?? 0;
    }
    return n;
  }
}
