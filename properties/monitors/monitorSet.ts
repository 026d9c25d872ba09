/**
 * Runs invariant monitors over a stream of records in one pass: the shared state takes each
 * record in, then every monitor's handler for its type runs; when the time changes, the
 * monitors close the instant and the tasks that became final in it are forgotten. Memory is the
 * live tasks plus the current instant; work per record is O(1) amortised (TaskId sets, maps
 * keyed by session and TaskId), plus the violations found.
 * @module
 */
import type { TraceRecord } from '../../engine/index.js';
import type { PbtRecord, PbtServer } from '../../models/pbt/records.js';
import type { Violation } from '../violation.js';
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

/** The monitor set over the given specs. @internal */
export class MonitorRunner implements MonitorSet {
  private readonly state = new MonitorState();
  private readonly outs: Violation[][];
  private handlers: MonitorHandlers[] = [];
  private readonly dispatch = new Map<string, AnyHandler[]>();
  private anys: ((r: TraceRecord, s: SessionView) => void)[] = [];
  /** instantEnd handlers called at every instant's end. */
  private instantEnds: ((prev: TraceRecord, next: TraceRecord | null) => void)[] = [];
  /** Woken instantEnd handlers, called at the end of the current instant. */
  private woken: Wakeable[] = [];
  private forgets: ((t: TaskView) => void)[] = [];
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
        let list = this.dispatch.get(type);
        if (list === undefined) this.dispatch.set(type, (list = []));
        list.push(fn as AnyHandler);
      }
    });
  }

  step(r: TraceRecord): void {
    if (this.finished) throw new Error('MonitorSet.step after finish');
    const st = this.state;
    if (!this.started) this.init(r);
    const prev = st.last;
    if (prev !== null && r.timeMs !== prev.timeMs) this.endInstant(prev, r);
    const sid = r['session'];
    const s = st.session(typeof sid === 'string' ? sid : '');
    const t = this.absorb(r as unknown as PbtRecord, s);
    for (const a of this.anys) a(r, s);
    const hs = this.dispatch.get(r.type);
    if (hs !== undefined) for (const h of hs) h(r, s, t);
    if (r.type === 'pbt.enqueue') this.index(r as unknown as PbtRecord & { type: 'pbt.enqueue' }, s);
    if (t !== undefined && !t.retiring && (r.type === 'pbt.drop' || r.type === 'pbt.triggerDone' || r.type === 'pbt.end')) this.markFinal(r, t);
    st.last = r;
    st.count++;
  }

  /** Updates the shared state with a record; returns its live task. */
  private absorb(r: PbtRecord, s: SessionView): TaskView | undefined {
    const st = this.state;
    const id = (r as { taskId?: unknown }).taskId;
    const t = typeof id === 'number' ? st.find(s, id) : undefined;
    switch (r.type) {
      case 'pbt.page': {
        const p = st.page(s, r.page);
        p.open = r.open === true;
        if (typeof r.instance === 'number') p.instance = r.instance;
        if (p.open) p.record = typeof r.record === 'string' ? r.record : null;
        break;
      }
      case 'pbt.record':
        st.page(s, r.page).record = typeof r.to === 'string' ? r.to : null;
        break;
      case 'pbt.slot':
        s.queued.delete(r.taskId);
        s.holding.add(r.taskId);
        break;
      case 'pbt.start':
        s.started.add(r.taskId);
        s.waiting.delete(r.taskId);
        if (s.queued.delete(r.taskId)) s.holding.add(r.taskId);
        if (t !== undefined) {
          t.starts++;
          if (t.start === null) { t.start = r; s.unstarted.delete(t.taskId); }
        }
        break;
      case 'pbt.end':
        s.started.delete(r.taskId);
        s.waiting.delete(r.taskId);
        s.queued.delete(r.taskId);
        s.holding.delete(r.taskId);
        if (t !== undefined) {
          t.ends++;
          if (t.end === null) {
            t.end = r;
            s.unstarted.delete(t.taskId);
            st.page(s, t.page).active.delete(t.taskId);
          }
        }
        break;
      case 'pbt.deliver':
        if (t !== undefined) { t.delivers++; t.deliver ??= r; }
        break;
      case 'pbt.drop':
        if (t !== undefined) { t.drops++; t.drop ??= r; }
        break;
      default:
        if (r.type === ('server.update' as string) && st.header !== null) {
          const u = (r as unknown as { update?: unknown }).update;
          st.settings = (typeof u === 'number' ? st.header.updates[u] : undefined) ?? null;
        }
    }
    return t;
  }

  /** Indexes a successful enqueue (after the monitors saw the queue as it was before it). */
  private index(r: PbtRecord & { type: 'pbt.enqueue' }, s: SessionView): void {
    if (r.ok !== true || typeof r.taskId !== 'number') return;
    const id = r.taskId;
    s.known.add(id);
    s.waiting.add(id);
    s.queued.add(id);
    if (s.tasks.has(id)) return;
    const page = this.state.page(s, r.page);
    const t: TaskView = {
      session: s.id, taskId: id, page: r.page, instance: page.instance, record: typeof r.record === 'string' ? r.record : null, enqueue: r,
      start: null, starts: 0, end: null, ends: 0, deliver: null, delivers: 0, drop: null, drops: 0,
      retiring: false, cancelled: false, cancelledAfterEnd: false, cancelState: 'active', forgotten: 0,
    };
    s.tasks.set(id, t);
    s.unstarted.set(id, t);
    page.active.set(id, t);
  }

  /** Queues a task to be forgotten once no later record of a run can concern it. */
  private markFinal(r: TraceRecord, t: TaskView): void {
    const final = t.end !== null && (
      r.type === 'pbt.drop'
      || (r.type === 'pbt.triggerDone' && t.deliver !== null)
      || (r.type === 'pbt.end' && t.end.outcome === 'cancelled' && t.delivers === 0));
    if (final) {
      t.retiring = true;
      this.state.retiring.push(t);
    }
  }

  private endInstant(prev: TraceRecord, next: TraceRecord | null): void {
    for (const h of this.instantEnds) h(prev, next);
    if (this.woken.length > 0) {
      const woken = this.woken;
      this.woken = [];
      for (const w of woken) {
        w.armed = false;
        w.fn?.(prev, next);
      }
    }
    const st = this.state;
    if (st.retiring.length === 0) return;
    for (const t of st.retiring) {
      const gone = st.forget(t);
      if (gone !== undefined) for (const h of this.forgets) h(gone);
    }
    st.retiring.length = 0;
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
