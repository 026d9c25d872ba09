/**
 * Runs invariant monitors over a stream of records in one pass: the shared state takes each
 * record in, then every monitor's handler for its type runs; when the time changes, the
 * monitors close the instant and the tasks that became final in it are forgotten. Memory is the
 * live tasks plus the current instant; work per record is O(1) amortised (maps keyed by session
 * and TaskId, intrusive task lists), plus the session's slots and queue for the small per-session
 * TaskId sets (`SlotSets`), plus the violations found.
 *
 * The hot path is built for streams of millions of records: a dispatch table by record type
 * (each type reaches only the handlers that name it, and the shared state's update is a switch
 * on a number), the previous record's session kept at hand, no allocation per record (buffers of
 * an instant are reused, `Batch`), and tasks keep copies of the few record fields the
 * monitors read instead of the records, so records die young.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { PbtRecord, PbtServer } from '../../models/pbt/records.js';
import type { Violation } from '../violation.js';
import { Batch } from './batch.js';
import { ALL_SETS, HOLDING, QUEUED, STARTED, WAITING } from './slotSets.js';
import { MonitorState, type SessionView, type TaskView } from './state.js';
import type { MonitorHandlers, MonitorSpec, RecordHandler } from './types.js';

/** A set of monitors fed one record at a time (interface 2 of the brief). */
export interface MonitorSet {
  /** Takes the next record of the run, in trace order (`pbt.server` first, `pbt.runEnd` last when present). */
  step(record: TraceRecord): void;
  /** Closes the last instant and returns every violation, grouped by invariant in report order. */
  finish(): Violation[];
  /** Entries the monitors hold now (live tasks, pages, queue and chain entries): a debugging counter for scale tests. */
  liveSize(): number;
}

type AnyHandler = RecordHandler<TraceRecord>;

/** An instantEnd handler that runs only when its monitor woke it. */
interface Wakeable {
  fn: ((prev: TraceRecord, next: TraceRecord | null) => void) | null;
  armed: boolean;
}

/** What the shared state does with a record type before the monitors see it. */
const enum Absorb { None, Page, Record, Slot, Start, End, Deliver, Drop, Enqueue, TriggerDone, ServerUpdate }

const ABSORB: { readonly [type: string]: Absorb } = {
  'pbt.page': Absorb.Page, 'pbt.record': Absorb.Record, 'pbt.slot': Absorb.Slot, 'pbt.start': Absorb.Start,
  'pbt.end': Absorb.End, 'pbt.deliver': Absorb.Deliver, 'pbt.drop': Absorb.Drop, 'pbt.enqueue': Absorb.Enqueue,
  'pbt.triggerDone': Absorb.TriggerDone, 'server.update': Absorb.ServerUpdate,
};

/** The shared state's updates that read the record's task. */
const TASK_ABSORBS: ReadonlySet<Absorb> = new Set([Absorb.Start, Absorb.End, Absorb.Deliver, Absorb.Drop, Absorb.TriggerDone, Absorb.Enqueue]);

/** One record type: what the shared state does with it and the monitors' handlers, in monitor order. */
interface TypeEntry {
  readonly absorb: Absorb;
  readonly handlers: AnyHandler[];
  /**
   * The record's task is looked up (`find`): the shared state or a handler may read it. Not for
   * `pbt.slot`, which nothing but the slot sets reads (a lookup, two when the task is not live,
   * saved on one record in thirteen).
   */
  findsTask: boolean;
}

/** The monitor set over the given specs. @internal */
export class MonitorRunner implements MonitorSet {
  private readonly state = new MonitorState();
  private readonly outs: Violation[][];
  private handlers: MonitorHandlers[] = [];
  /** The dispatch table: record type -> entry; types absent here reach only the `any` handlers. */
  private readonly table = new Map<string, TypeEntry>();
  private anys: ((r: TraceRecord, s: SessionView) => void)[] = [];
  /** instantEnd handlers called at every instant's end. */
  private instantEnds: ((prev: TraceRecord, next: TraceRecord | null) => void)[] = [];
  /** Woken instantEnd handlers, called at the end of the current instant. */
  private woken = new Batch<Wakeable>();
  /** The other buffer of `woken`, reused from instant to instant. */
  private spare = new Batch<Wakeable>();
  private forgets: ((t: TaskView) => void)[] = [];
  /** The session of the previous record (records of one session come in runs). */
  private lastSession: SessionView | null = null;
  /** The time of the previous record (`timeMs` of `MonitorState.last`). */
  private lastTime = 0;
  private started = false;
  private finished = false;

  constructor(private readonly specs: readonly MonitorSpec[]) {
    this.outs = specs.map(() => []);
  }

  private init(first: TraceRecord | null): void {
    this.started = true;
    const st = this.state;
    if (first !== null && first.type === 'pbt.server') {
      st.header = first as unknown as PbtServer;
      st.settings = st.header.server;
    }
    for (const type of Object.keys(ABSORB)) this.table.set(type, { absorb: ABSORB[type]!, handlers: [], findsTask: false });
    this.specs.forEach((spec, i) => {
      const w: Wakeable = { fn: null, armed: false };
      const h = spec.create(st, this.outs[i]!, () => {
        if (w.armed) return;
        w.armed = true;
        this.woken.push(w);
      });
      if (h === null) return;
      this.handlers.push(h);
      if (h.any) this.anys.push(h.any);
      if (h.instantEnd && h.wakes === true) w.fn = h.instantEnd;
      else if (h.instantEnd) this.instantEnds.push(h.instantEnd);
      if (h.forget) this.forgets.push(h.forget);
      for (const [type, fn] of Object.entries(h.on ?? {})) {
        let e = this.table.get(type);
        if (e === undefined) this.table.set(type, (e = { absorb: Absorb.None, handlers: [], findsTask: false }));
        e.handlers.push(fn as AnyHandler);
      }
    });
    for (const e of this.table.values()) e.findsTask = e.handlers.length > 0 || TASK_ABSORBS.has(e.absorb);
  }

  step(r: TraceRecord): void {
    if (this.finished) throw new Error('MonitorSet.step after finish');
    const st = this.state;
    if (!this.started) this.init(r);
    const prev = st.last;
    const time = r.timeMs;
    if (prev !== null && time !== this.lastTime) this.endInstant(prev, r);
    this.lastTime = time;
    const sid = r['session'];
    const id = typeof sid === 'string' ? sid : '';
    let s = this.lastSession;
    if (s === null || s.id !== id) this.lastSession = s = st.session(id);
    const e = this.table.get(r.type);
    if (e !== undefined) this.typed(r, s, e);
    else {
      const anys = this.anys;
      for (let i = 0; i < anys.length; i++) anys[i]!(r, s);
    }
    st.last = r;
    st.count++;
  }

  /** A record of a type the shared state or a monitor handles. */
  private typed(r: TraceRecord, s: SessionView, e: TypeEntry): void {
    const code = e.absorb;
    const taskId = r['taskId'];
    const t = e.findsTask && typeof taskId === 'number' ? this.state.find(s, taskId) : undefined;
    if (code !== Absorb.None) this.absorb(r as unknown as PbtRecord, code, s, t);
    const anys = this.anys;
    for (let i = 0; i < anys.length; i++) anys[i]!(r, s);
    const hs = e.handlers;
    for (let i = 0; i < hs.length; i++) hs[i]!(r, s, t);
    if (t !== undefined) t.fresh = false;
    if (code === Absorb.Enqueue) this.index(r as unknown as PbtRecord & { type: 'pbt.enqueue' }, s, t);
    else if (t !== undefined && !t.retiring && (code === Absorb.Drop || code === Absorb.TriggerDone || code === Absorb.End)) this.markFinal(code, t);
  }

  /** Updates the shared state with a record of its live task `t`. */
  private absorb(r: PbtRecord, code: Absorb, s: SessionView, t: TaskView | undefined): void {
    const st = this.state;
    switch (code) {
      case Absorb.Page: {
        const { page, open, instance, record } = r as PbtRecord & { type: 'pbt.page' };
        const p = st.page(s, page);
        p.open = open === true;
        if (typeof instance === 'number') p.instance = instance;
        if (p.open) p.record = typeof record === 'string' ? record : null;
        break;
      }
      case Absorb.Record: {
        const { page, to } = r as PbtRecord & { type: 'pbt.record' };
        st.page(s, page).record = typeof to === 'string' ? to : null;
        break;
      }
      case Absorb.Slot: {
        const id = (r as PbtRecord & { type: 'pbt.slot' }).taskId;
        s.sets.update(id, HOLDING, QUEUED);
        break;
      }
      case Absorb.Start: {
        const rs = r as PbtRecord & { type: 'pbt.start' };
        const id = rs.taskId;
        if ((s.sets.update(id, STARTED, WAITING | QUEUED) & QUEUED) !== 0) s.sets.update(id, HOLDING, 0);
        if (t !== undefined) {
          t.starts++;
          if (t.starts === 1) {
            t.startTimeMs = rs.timeMs;
            t.fresh = true;
            t.startSeq = r.seq;
            s.unstarted.remove(t);
          }
        }
        break;
      }
      case Absorb.End: {
        const re = r as PbtRecord & { type: 'pbt.end' };
        const id = re.taskId;
        s.sets.update(id, 0, ALL_SETS);
        if (t !== undefined) {
          t.ends++;
          if (t.ends === 1) {
            t.endTimeMs = re.timeMs;
            t.outcome = re.outcome;
            t.endErrorCode = re.errorCode;
            t.endErrorText = re.errorText;
            t.endResults = re.results;
            t.fresh = true;
            t.endSeq = r.seq;
            s.unstarted.remove(t);
            t.pageView.active.remove(t);
          }
        }
        break;
      }
      case Absorb.Deliver:
        if (t !== undefined) {
          t.delivers++;
          if (t.delivers === 1) {
            const d = r as PbtRecord & { type: 'pbt.deliver' };
            t.deliverTimeMs = d.timeMs;
            t.trigger = d.trigger;
            t.deliverErrorCode = d.errorCode;
            t.deliverErrorText = d.errorText;
            t.deliverResults = d.results;
            t.fresh = true;
            t.deliverSeq = r.seq;
          }
        }
        break;
      case Absorb.Drop:
        if (t !== undefined) {
          t.drops++;
          if (t.drops === 1) {
            t.dropTimeMs = r.timeMs;
            t.fresh = true;
            t.dropSeq = r.seq;
          }
        }
        break;
      case Absorb.ServerUpdate:
        if (st.header !== null) {
          const u = (r as unknown as { update?: unknown }).update;
          st.settings = (typeof u === 'number' ? st.header.updates[u] : undefined) ?? null;
        }
        break;
      default:
    }
  }

  /** Indexes a successful enqueue (after the monitors saw the queue as it was before it); `t` is what `find` gave for its TaskId. */
  private index(r: PbtRecord & { type: 'pbt.enqueue' }, s: SessionView, t0: TaskView | undefined): void {
    if (r.ok !== true || typeof r.taskId !== 'number') return;
    const id = r.taskId;
    s.known.add(id);
    s.sets.update(id, WAITING | QUEUED, 0);
    // Already live (`s.tasks.has(id)` without a second lookup: find returns the live task when
    // there is one, and a view in `s.tasks` has never been forgotten).
    if (t0 !== undefined && t0.forgotten === 0) return;
    const page = this.state.page(s, r.page);
    const t = this.state.newTask(s, page, r, id);
    s.tasks.set(id, t);
    s.unstarted.push(t);
    page.active.push(t);
  }

  /** Queues a task to be forgotten once no later record of a run can concern it. */
  private markFinal(code: Absorb, t: TaskView): void {
    const final = t.ends > 0 && (
      code === Absorb.Drop
      || (code === Absorb.TriggerDone && t.delivers > 0)
      || (code === Absorb.End && t.outcome === 'cancelled' && t.delivers === 0));
    if (final) {
      t.retiring = true;
      this.state.retiring.push(t);
    }
  }

  private endInstant(prev: TraceRecord, next: TraceRecord | null): void {
    const ies = this.instantEnds;
    for (let i = 0; i < ies.length; i++) ies[i]!(prev, next);
    if (this.woken.length > 0) {
      // Swap buffers: a handler may wake again (for the next instant) while we walk this one.
      const woken = this.woken;
      this.woken = this.spare;
      for (let i = 0; i < woken.length; i++) {
        const w = woken.at(i);
        w.armed = false;
        w.fn?.(prev, next);
      }
      woken.clear();
      this.spare = woken;
    }
    const st = this.state;
    const retiring = st.retiring;
    if (retiring.length === 0) return;
    const forgets = this.forgets;
    for (let i = 0; i < retiring.length; i++) {
      const gone = st.forget(retiring.at(i));
      if (gone !== undefined) {
        for (let j = 0; j < forgets.length; j++) forgets[j]!(gone);
        st.recycle(gone);
      }
    }
    retiring.clear();
  }

  finish(): Violation[] {
    if (this.finished) throw new Error('MonitorSet.finish called twice');
    if (!this.started) this.init(null);
    const last = this.state.last;
    if (last !== null) this.endInstant(last, null);
    for (const h of this.handlers) h.finish?.();
    this.finished = true;
    return this.outs.flat();
  }

  liveSize(): number {
    return this.state.liveSize();
  }
}
