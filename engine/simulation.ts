/**
 * The simulation loop: owns the clock, the agenda, the random streams, the trace and the
 * immutable model state, and advances them one event at a time.
 *
 * Lifecycle of an event: `schedule` (by the user before the run, or by a handler as an effect)
 * → pending in the agenda → popped in (time, rank, seq) order → recorded in the trace as
 * `{ ...event, seq, timeMs }` → handed to the model's handler with an immer draft of the state
 * → the handler's effects (schedule, cancel, emit) are applied after it returns.
 *
 * Drafts (fast path, see docs/performance.md and the `kernel-state-*` benchmarks): one immer draft
 * covers up to `batchSize` events, by default every event until the state is next observed. The
 * draft stays open across `run()` and `step()` calls (immer's `createDraft` / `finishDraft`), so
 * a caller that runs in slices (the application layer yields to the event loop every ~100 ms)
 * pays for copying a wide collection once, not once per slice. Intermediate states inside a
 * draft can be seen by nobody, so finishing them would only cost time. The state is observable
 * only outside a draft: reading `state`, taking a `snapshot()` or calling `finish()` between runs
 * finishes the open draft first, and every state observed is never changed afterwards (deeply
 * frozen when `autoFreeze` is on, the default).
 * @module
 */
import { Immer, type Draft } from 'immer';
import { Agenda, type AgendaEntry } from './agenda.js';
import { SimulationError } from './errors.js';
import type { EventHandle, FramingContext, HandlerContext, Model, RunEnd, SimEvent, TieBreaker } from './model.js';
import { RngStreams, type RandomStream, type Seed } from './rng.js';
import { checkSnapshot, type SimulationSnapshot } from './snapshot.js';
import { assertDelay, type TimeMs } from './time.js';
import { canonicalJson, DigestOnlySink, TraceDigest, type TraceRecord, type TraceSink, type TraceValue } from './trace.js';
import { deepFreeze, ownPayload } from './_internal/freeze.js';
import { RecordEncoder } from './_internal/recordEncoder.js';
import type { RecordPacker } from './recordPacker.js';

export type { EventHandle, FramingContext, HandlerContext, Model, RunEnd, SimEvent, TieBreaker } from './model.js';
export type { PendingEvent, SimulationSnapshot } from './snapshot.js';

/** Options of a {@link Simulation}. */
export interface SimulationOptions<S, E extends SimEvent> {
  /** Master seed of the random streams. Required: a run has no default seed. */
  readonly seed: Seed;
  /** The model's initial state (deeply frozen by the constructor when `autoFreeze` is on). */
  readonly initialState: S;
  /** Where records go besides the digest; default: digest only. */
  readonly sink?: TraceSink;
  /**
   * Deep-freeze observable states, snapshots, events and sink records (default true). Turning it
   * off is measured in docs/performance.md; keep it on in tests.
   */
  readonly autoFreeze?: boolean;
  /**
   * Most events per immer draft: a positive integer or `Infinity` (the default: one draft per
   * `run()` call). `1` finishes a state after every event, which only costs time.
   */
  readonly batchSize?: number;
  /** Replaces FIFO among same-(time, rank) events. */
  readonly tieBreaker?: TieBreaker<E>;
}

/** Options of {@link Simulation.run}. */
export interface RunOptions<E extends SimEvent> {
  /** Process events with time ≤ untilMs only; a non-negative integer. */
  readonly untilMs?: number;
  /** Event budget: at most this many events in total (across runs of this simulation). */
  readonly maxEvents?: number;
  /**
   * Stops after the event for which this returns true.
   *
   * Gotcha: `Simulation.state` read inside the predicate is the state at the start of the current
   * draft, not the draft being built.
   */
  readonly stopWhen?: (event: E, now: TimeMs) => boolean;
}

/** Why a run ended: no events left, next event after `untilMs`, or `stopWhen`/`step` stopped it. */
export type RunStatus = 'empty' | 'until' | 'stopped';

/** Result of {@link Simulation.run}: `ok` with the reason, or `failed` with the error. */
export type RunResult =
  | {
      /** The run ended normally. */
      readonly ok: true;
      /** Why it ended. */
      readonly status: RunStatus;
      /** Simulated time at the end. */
      readonly nowMs: TimeMs;
      /** Events processed in total. */
      readonly eventCount: number;
    }
  | {
      /** The run failed. */
      readonly ok: false;
      /** Why: `handler-failed`, `event-budget-exceeded`, `invalid-delay`, ... */
      readonly error: SimulationError;
      /** Simulated time of the failure. */
      readonly nowMs: TimeMs;
      /** Events processed in total, the failing one included. */
      readonly eventCount: number;
    };

/**
 * The status of a run result as `Simulation.finish` takes it: the `RunStatus` of a normal end,
 * else the error's code.
 */
export function statusOf(result: RunResult): string {
  return result.ok ? result.status : result.error.code;
}

/** How many of the last event records an `event-budget-exceeded` error names. */
const LAST_EVENTS = 5;
// Ring size for the last events: a power of two above LAST_EVENTS, so the slot is a mask, not a
// division (fast path, kernel-noop benchmark).
const RING_MASK = 7;

// The handler context. `now` is a data property the kernel updates (cheaper than a getter); the
// effect lists are reused across events (no allocation per event).
class Context<S, E extends SimEvent> implements HandlerContext<E> {
  now: TimeMs = 0;
  active = false;
  readonly cancels: number[] = [];
  // Pending emits as two parallel lists (no object per emit).
  readonly emitTypes: string[] = [];
  readonly emitPayloads: (Readonly<Record<string, TraceValue | undefined>> | undefined)[] = [];
  constructor(private readonly sim: Simulation<S, E>, private readonly rngs: RngStreams) {}
  schedule(delayMs: number, event: E): EventHandle {
    // Pushed at once (fast path: no effect list); if the handler throws, the kernel cancels every
    // seq issued during it, so the outcome is exactly that of applying effects after return.
    const entry = this.sim.makeEntryInternal(delayMs, event);
    this.sim.pushInternal(entry);
    return entry.seq as EventHandle;
  }
  cancel(handle: EventHandle): void {
    if (this.active) this.cancels.push(handle);
    else this.sim.cancel(handle);
  }
  rng(name: string): RandomStream {
    return this.rngs.stream(name);
  }
  emit(type: string, payload?: Readonly<Record<string, TraceValue | undefined>>): void {
    if (typeof type !== 'string') throw new SimulationError('invalid-option', { option: 'emit type', expected: 'a string' });
    // Not frozen here: the record built from the payload is (see Simulation.record).
    this.emitTypes.push(type);
    this.emitPayloads.push(payload === undefined ? undefined : ownPayload(payload, false));
  }
  clear(): void {
    this.cancels.length = 0;
    this.emitTypes.length = 0;
    this.emitPayloads.length = 0;
  }
}

/**
 * A deterministic discrete-event simulation of one model.
 *
 * Ordering guarantee: events fire in (time, rank, seq) order unless a {@link TieBreaker} is
 * given. Time never decreases. The same seed, initial state and schedule give the same trace
 * and digest in every process.
 *
 * @example
 * ```ts
 * const sim = new Simulation(model, { seed: 1, initialState: { n: 0 } });
 * sim.schedule(10, { type: 'tick' });
 * const result = sim.run({ untilMs: 1000, maxEvents: 10_000 });
 * ```
 */
export class Simulation<S, E extends SimEvent> {
  /** Whether observable values are deeply frozen (the `autoFreeze` option). */
  readonly autoFreeze: boolean;
  private readonly model: Model<S, E>;
  private readonly agenda = new Agenda<E>();
  private readonly rngs: RngStreams;
  private readonly digestAcc = new TraceDigest();
  private readonly encoder = new RecordEncoder();
  private readonly sink: TraceSink;
  // Fast path: the default digest-only sink needs no record objects, only the digest.
  private readonly sinkNeedsRecords: boolean;
  private readonly sinkNeedsLines: boolean;
  // Set by `detachDigest`: records are checked and built, not encoded.
  private digestDetached = false;
  // Set by `detachDigest(packer)`: every record is also packed for another thread; records of
  // types the sink does not read (`TraceSink.recordTypes`) are only packed.
  private packer: RecordPacker | undefined = undefined;
  private sinkTypes: ReadonlySet<string> | undefined = undefined;
  private readonly immer: Immer;
  private readonly batchSize: number;
  private readonly tieBreaker: TieBreaker<E> | undefined;
  private readonly ctx: Context<S, E>;
  private currentState: S;
  // The open draft of the current state (undefined between observations), its event count, and
  // whether a run is in progress (then `state` is the state at the start of the draft).
  private draft: Draft<S> | undefined = undefined;
  private draftEvents = 0;
  private running = false;
  private nowMs: TimeMs = 0;
  private nextSeq = 0;
  private events = 0;
  private traceSeq = 0;
  // Ring of the last LAST_EVENTS events and their trace seqs, for `event-budget-exceeded` (encoded
  // only when that error is built: no string per event on the fast path).
  private readonly lastEntries: AgendaEntry<E>[] = [];
  private readonly lastSeqs: number[] = [];
  private lastCount = 0;
  // Run framing: whether `Model.start` ran (its records open the trace) and whether `finish` did.
  private started = false;
  private finished = false;

  /**
   * @param model - the model to run
   * @param options - seed, initial state and tuning; see {@link SimulationOptions}
   * @throws SimulationError `invalid-seed` or `invalid-option`
   */
  constructor(model: Model<S, E>, options: SimulationOptions<S, E>) {
    this.model = model;
    this.rngs = new RngStreams(options.seed);
    this.sink = options.sink ?? new DigestOnlySink();
    this.sinkNeedsRecords = !(this.sink instanceof DigestOnlySink);
    this.sinkNeedsLines = this.sink.needsLines !== false;
    this.autoFreeze = options.autoFreeze ?? true;
    this.immer = new Immer({ autoFreeze: this.autoFreeze });
    const batch = options.batchSize ?? Infinity;
    if (!(batch === Infinity || (Number.isSafeInteger(batch) && batch >= 1))) {
      throw new SimulationError('invalid-option', { option: 'batchSize', expected: 'a positive integer or Infinity' });
    }
    this.batchSize = batch;
    this.tieBreaker = options.tieBreaker;
    this.currentState = this.autoFreeze ? deepFreeze(options.initialState) : options.initialState;
    this.ctx = new Context(this, this.rngs);
  }

  /** Current simulated time (the time of the last processed event). */
  get now(): TimeMs {
    return this.nowMs;
  }

  /**
   * The current state. It never changes afterwards: later events produce new states. Read
   * between runs it finishes the open draft (a cost paid once per observation, not per event);
   * read during a run (from `stopWhen` or a handler) it is the state at the start of the draft.
   */
  get state(): S {
    if (!this.running) this.closeDraft();
    return this.currentState;
  }

  /** Number of events processed so far. */
  get eventCount(): number {
    return this.events;
  }

  /** Number of pending (scheduled, not cancelled) events. */
  get pendingCount(): number {
    return this.agenda.size;
  }

  /** The master seed. */
  get seed(): Seed {
    return this.rngs.seed;
  }

  /**
   * Rolling digest of the trace so far, `sha256:<hex>`.
   * @throws SimulationError `digest-detached` after {@link Simulation.detachDigest}
   */
  digest(): string {
    if (this.digestDetached) throw new SimulationError('digest-detached', { operation: 'digest' });
    return this.digestAcc.value();
  }

  /** Number of trace records so far (events processed and records emitted, framing included). */
  get recordCount(): number {
    return this.traceSeq;
  }

  /** True after {@link Simulation.detachDigest}. */
  get isDigestDetached(): boolean {
    return this.digestDetached;
  }

  /**
   * Stops computing the digest, for a caller that computes it elsewhere: the application layer
   * packs every record for another thread (`packer`), which digests it and runs the invariant
   * monitors over it (or, without a packer, computes the digest from a second run). From now on
   * each record is checked and built for the sink without being encoded; a record canonical JSON
   * cannot carry still fails with the same `invalid-event` error. Afterwards
   * {@link Simulation.digest} and {@link Simulation.snapshot} throw `digest-detached`. Idempotent.
   * @param packer - also packs every record from now on (one packer per simulation)
   * @throws SimulationError `invalid-option` when the sink keeps no records (the digest is all it
   *   gets) or reads the canonical lines (they are the encoding the digest hashes), or for a
   *   second, different packer
   */
  detachDigest(packer?: RecordPacker): void {
    if (this.packer !== undefined && packer !== this.packer) throw new SimulationError('invalid-option', { option: 'detachDigest', expected: 'the packer given before (one per simulation)' });
    if (!this.sinkNeedsRecords) throw new SimulationError('invalid-option', { option: 'detachDigest', expected: 'a sink that keeps records (the default digest-only sink has nothing else)' });
    if (this.sinkNeedsLines) throw new SimulationError('invalid-option', { option: 'detachDigest', expected: 'a sink whose needsLines is false (canonical lines are what the digest encodes)' });
    this.digestDetached = true;
    if (packer !== undefined) {
      this.packer = packer;
      this.sinkTypes = this.sink.recordTypes;
    }
  }

  /** The named random stream, for setting up a run (handlers use their context). */
  rng(name: string): RandomStream {
    return this.rngs.stream(name);
  }

  /**
   * Schedules an event `delayMs` after now, from outside a handler.
   * @param delayMs - a non-negative integer number of milliseconds
   * @param event - plain data; nested objects are copied
   * @returns the handle for {@link Simulation.cancel}
   * @throws SimulationError `invalid-delay` or `draft-in-event`
   */
  schedule(delayMs: number, event: E): EventHandle {
    if (this.finished) throw new SimulationError('finished', { operation: 'schedule' });
    const entry = this.makeEntryInternal(delayMs, event);
    this.agenda.push(entry);
    return entry.seq as EventHandle;
  }

  /**
   * Cancels a pending event.
   * @returns false if it already fired, was cancelled or is unknown
   */
  cancel(handle: EventHandle): boolean {
    return this.agenda.cancel(handle);
  }

  /** Time of the next pending event, or undefined. */
  peekTime(): TimeMs | undefined {
    return this.agenda.peek()?.time;
  }

  /**
   * Processes exactly one event (if any).
   * @returns whether an event was processed
   * @throws SimulationError the failure of the run (e.g. `handler-failed`)
   */
  step(): boolean {
    if (this.agenda.size === 0) return false;
    const r = this.runInternal({}, 1);
    if (!r.ok) throw r.error;
    return true;
  }

  /**
   * Runs until the agenda is empty, `untilMs` is passed, `stopWhen` holds or the event budget
   * is exhausted. Never throws for model failures: those come back as `{ ok: false }`.
   *
   * Gotcha: exhausting `maxEvents` while events at or before `untilMs` are still pending is a
   * failure (`event-budget-exceeded`), because a runaway model (e.g. a trigger that re-enqueues
   * forever) must never look like a finished run.
   *
   * Gotcha: after a failed run the state includes whatever the failing handler changed before it
   * threw; do not continue a failed simulation.
   * @param options - limits; see {@link RunOptions}
   * @returns the result; see {@link RunResult}
   * @throws SimulationError `invalid-time` or `invalid-option` for bad options only
   */
  run(options: RunOptions<E> = {}): RunResult {
    return this.runInternal(options, Infinity);
  }

  /**
   * Like {@link Simulation.run} but throws the error of a failed run.
   * @returns why the run ended
   */
  runOrThrow(options: RunOptions<E> = {}): RunStatus {
    const r = this.run(options);
    if (!r.ok) throw r.error;
    return r.status;
  }

  /**
   * Ends the run (one-shot): calls the model's `finish` hook, whose records (a run footer) are
   * the last of the trace and are in the digest. Afterwards `run`, `step`, `schedule` and
   * `finish` throw `finished`; `state`, `digest()` and `snapshot()` still work. A model without
   * the hook appends nothing. If no event was ever processed, `Model.start` runs first.
   * @param status - how the run ended: {@link statusOf} of the last {@link RunResult}, or a status
   *   of the caller's own (e.g. `wall-budget-exceeded` when it stopped the run itself)
   * @throws SimulationError `finished` on a second call; `invalid-event` for a record canonical
   *   JSON cannot carry; `handler-failed` when a hook throws
   */
  finish(status: string): void {
    if (this.finished) throw new SimulationError('finished', { operation: 'finish' });
    if (typeof status !== 'string' || status === '') throw new SimulationError('invalid-option', { option: 'finish status', expected: 'a non-empty string' });
    const startFailure = this.ensureStarted();
    if (startFailure !== undefined) throw startFailure;
    this.finished = true;
    const hook = this.model.finish;
    if (hook === undefined) return;
    const end: RunEnd = { status, nowMs: this.nowMs, eventCount: this.events, pendingCount: this.agenda.size };
    this.closeDraft();
    try {
      hook.call(this.model, this.currentState, this.framingContext(), end);
    } catch (cause) {
      throw this.hookError('finish', cause);
    }
  }

  /** True once {@link Simulation.finish} was called. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** Flushes and closes the trace sink. */
  close(): void {
    this.sink.close();
  }

  /**
   * The whole run as plain data: time, state, pending events, counters, random stream states
   * and digest state. Restoring it with {@link Simulation.restore} continues to the same digest.
   */
  snapshot(): SimulationSnapshot<S, E> {
    if (this.digestDetached) throw new SimulationError('digest-detached', { operation: 'snapshot' });
    this.closeDraft();
    const snap: SimulationSnapshot<S, E> = {
      format: 'pbtsim-snapshot/1',
      seed: this.rngs.seed,
      nowMs: this.nowMs,
      state: this.currentState,
      pending: this.agenda.sortedEntries().map((e) => ({ timeMs: e.time, rank: e.rank, seq: e.seq, event: e.event })),
      nextSeq: this.nextSeq,
      eventCount: this.events,
      traceSeq: this.traceSeq,
      rng: this.rngs.save(),
      digest: this.digestAcc.save(),
      started: this.started,
      finished: this.finished,
    };
    return this.autoFreeze ? deepFreeze(snap) : snap;
  }

  /**
   * A new simulation that continues from `snapshot`.
   * @param model - the same model the snapshot was taken from
   * @param snapshot - from {@link Simulation.snapshot} (possibly through JSON)
   * @param options - sink and tuning for the continued run
   * @returns the restored simulation
   * @throws SimulationError `invalid-snapshot`
   */
  static restore<S, E extends SimEvent>(
    model: Model<S, E>,
    snapshot: SimulationSnapshot<S, E>,
    options: Omit<SimulationOptions<S, E>, 'seed' | 'initialState'> = {},
  ): Simulation<S, E> {
    checkSnapshot(snapshot as SimulationSnapshot<unknown, SimEvent>);
    const sim = new Simulation(model, { ...options, seed: snapshot.seed, initialState: snapshot.state });
    sim.nowMs = snapshot.nowMs;
    sim.nextSeq = snapshot.nextSeq;
    sim.events = snapshot.eventCount;
    sim.traceSeq = snapshot.traceSeq;
    // Snapshots from before run framing carry neither flag: a trace with records has started.
    sim.started = snapshot.started ?? (snapshot.traceSeq > 0 || snapshot.eventCount > 0);
    sim.finished = snapshot.finished ?? false;
    sim.rngs.restore(snapshot.rng);
    sim.digestAcc.restore(snapshot.digest);
    for (const p of snapshot.pending) {
      sim.agenda.push({ time: p.timeMs, rank: p.rank, seq: p.seq, event: ownPayload(p.event, sim.autoFreeze) });
    }
    return sim;
  }

  /** Validates and builds an agenda entry. @internal */
  makeEntryInternal(delayMs: number, event: E): AgendaEntry<E> {
    assertDelay(delayMs);
    const time = this.nowMs + delayMs;
    if (!Number.isSafeInteger(time)) throw new SimulationError('invalid-delay', { delay: delayMs });
    // Fast path (kernel-noop benchmark): a frozen event (e.g. one a handler reschedules) is owned
    // already; the test is inlined here to save the call.
    const ev = Object.isFrozen(event) ? event : ownPayload(event, this.autoFreeze);
    return { time, rank: this.model.rank(ev), seq: this.nextSeq++, event: ev };
  }

  /** Pushes an entry built by {@link Simulation.makeEntryInternal}. @internal */
  pushInternal(entry: AgendaEntry<E>): void {
    this.agenda.push(entry);
  }

  // The framing context of `Model.start` / `Model.finish`: records are appended at once.
  private framingContext(): FramingContext {
    const now = this.nowMs;
    return {
      now,
      emit: (type, payload) => {
        if (typeof type !== 'string') throw new SimulationError('invalid-option', { option: 'emit type', expected: 'a string' });
        this.record(type, payload === undefined ? undefined : ownPayload(payload, false), now, true);
      },
    };
  }

  private hookError(hook: 'start' | 'finish', cause: unknown): SimulationError {
    if (cause instanceof SimulationError) return cause;
    return new SimulationError('handler-failed', { event: `(Model.${hook})`, timeMs: this.nowMs, cause: cause instanceof Error ? cause.message : String(cause), error: cause }, this.nowMs);
  }

  // Runs `Model.start` once, before anything else reaches the trace.
  private ensureStarted(): SimulationError | undefined {
    if (this.started) return undefined;
    this.started = true;
    const hook = this.model.start;
    if (hook === undefined) return undefined;
    this.closeDraft();
    try {
      hook.call(this.model, this.currentState, this.framingContext());
    } catch (cause) {
      return this.hookError('start', cause);
    }
    return undefined;
  }

  private runInternal(options: RunOptions<E>, limit: number): RunResult {
    if (this.finished) throw new SimulationError('finished', { operation: 'run' });
    const until = options.untilMs ?? Infinity;
    if (options.untilMs !== undefined && (!Number.isSafeInteger(until) || until < 0)) throw new SimulationError('invalid-time', { untilMs: until });
    const maxEvents = options.maxEvents ?? Infinity;
    if (!(maxEvents === Infinity || (Number.isSafeInteger(maxEvents) && maxEvents >= 0))) {
      throw new SimulationError('invalid-option', { option: 'maxEvents', expected: 'a non-negative integer or Infinity' });
    }
    const stopWhen = options.stopWhen;
    const agenda = this.agenda;
    const batch = this.batchSize;
    let processedHere = 0;
    let status: RunStatus | undefined;
    let error: SimulationError | undefined = this.ensureStarted();
    this.running = true;
    try {
      while (status === undefined && error === undefined) {
        const next = agenda.peek();
        if (next === undefined) { status = 'empty'; break; }
        if (next.time > until) { status = 'until'; break; }
        if (this.events >= maxEvents) { error = this.budgetError(maxEvents); break; }
        let entry: AgendaEntry<E>;
        if (this.tieBreaker === undefined) {
          agenda.removePeeked();
          entry = next;
        } else {
          entry = this.popTied(this.tieBreaker);
        }
        if (this.draftEvents >= batch) this.closeDraft();
        const draft = this.draft ?? (this.draft = this.immer.createDraft(this.currentState as object) as Draft<S>);
        this.draftEvents++;
        const failure = this.process(draft, entry);
        if (failure !== undefined) { error = failure; break; }
        if (stopWhen !== undefined && stopWhen(entry.event, this.nowMs)) { status = 'stopped'; break; }
        if (++processedHere >= limit) { status = 'stopped'; break; }
      }
    } finally {
      this.running = false;
    }
    // A failed run's state is observable at once (see the gotcha of `run`), as before.
    if (error !== undefined) {
      this.closeDraft();
      return { ok: false, error, nowMs: this.nowMs, eventCount: this.events };
    }
    return { ok: true, status: status!, nowMs: this.nowMs, eventCount: this.events };
  }

  // Finishes the open draft, if any: the state it built becomes the current (observable) state.
  private closeDraft(): void {
    const draft = this.draft;
    if (draft === undefined) return;
    this.draft = undefined;
    this.draftEvents = 0;
    this.currentState = this.immer.finishDraft(draft) as S;
  }

  private budgetError(maxEvents: number): SimulationError {
    const n = Math.min(this.lastCount, LAST_EVENTS);
    const last: string[] = [];
    for (let k = this.lastCount - n; k < this.lastCount; k++) {
      const e = this.lastEntries[k & RING_MASK]!;
      last.push(canonicalJson({ ...e.event, seq: this.lastSeqs[k & RING_MASK]!, timeMs: e.time }));
    }
    return new SimulationError('event-budget-exceeded', { maxEvents, timeMs: this.nowMs, lastEvents: last.join(' | '), lastEventList: last }, this.nowMs);
  }

  // Slow path: only with a tie breaker (shuffle / exhaustive exploration).
  private popTied(tieBreaker: TieBreaker<E>): AgendaEntry<E> {
    const ties = this.agenda.popTies();
    if (ties.length === 1) return ties[0]!;
    const idx = tieBreaker.choose(ties.map((t) => t.event), ties[0]!.time);
    const chosen = Number.isInteger(idx) ? ties[idx] : undefined;
    if (chosen === undefined) {
      for (const t of ties) this.agenda.push(t);
      throw new SimulationError('invalid-option', { option: 'tieBreaker.choose', expected: `an index below ${ties.length}, got ${idx}` });
    }
    for (const t of ties) if (t !== chosen) this.agenda.push(t);
    return chosen;
  }

  // Appends one record to the digest (and the sink). Throws `invalid-event` for data that
  // canonical JSON cannot carry; the digest is then unchanged. `owned`: `fields` is an emitted
  // payload the kernel owns (emit takes ownership), so with auto-freeze its nested values are
  // frozen with the record; a fired event's record is frozen shallowly (the event is frozen already).
  private record(type: string, fields: object | undefined, timeMs: TimeMs, owned = false): void {
    const seq = this.traceSeq++;
    if (!this.sinkNeedsRecords) {
      this.encoder.encode(this.digestAcc, type, fields, seq, timeMs, false);
      return;
    }
    if (this.digestDetached) {
      // Fast path (run-browse-1000): a record the sink does not read is packed, not built.
      const types = this.sinkTypes;
      if (types !== undefined && !types.has(type)) {
        this.encoder.build(type, fields, seq, timeMs, this.packer, true);
        return;
      }
      const built = this.encoder.build(type, fields, seq, timeMs, this.packer) as TraceRecord;
      if (this.autoFreeze) (owned ? deepFreeze(built) : Object.freeze(built));
      this.sink.write(built, '');
      return;
    }
    const line = this.sinkNeedsLines ? this.encoder.encode(this.digestAcc, type, fields, seq, timeMs, true)! : (this.encoder.encode(this.digestAcc, type, fields, seq, timeMs, false), '');
    // Fast path (end-to-end runs keep records): the shape's builder makes the record in one
    // object literal, the same keys in the same order and the same values as the spread below
    // (recordEncoder.ts `compileBuilder`), for the fields the encoder just took on its fast path.
    const build = this.encoder.builder;
    const f = fields as Record<string, TraceValue | undefined> | undefined;
    const rec = (build !== null ? build(f, seq, timeMs, type) : { ...f, seq, timeMs, type }) as TraceRecord;
    if (this.autoFreeze) (owned ? deepFreeze(rec) : Object.freeze(rec));
    this.sink.write(rec, line);
  }

  private process(draft: Draft<S>, entry: AgendaEntry<E>): SimulationError | undefined {
    const t = entry.time;
    const ev = entry.event;
    this.nowMs = t;
    this.events++;
    const traceSeq = this.traceSeq;
    try {
      this.record(ev.type, ev, t);
    } catch (cause) {
      return cause instanceof SimulationError ? cause : new SimulationError('invalid-event', { field: '(record)', reason: String(cause) }, t);
    }
    const slot = this.lastCount++ & RING_MASK;
    this.lastEntries[slot] = entry;
    this.lastSeqs[slot] = traceSeq;
    const ctx = this.ctx;
    ctx.now = t;
    ctx.active = true;
    const seqBefore = this.nextSeq;
    try {
      this.model.handle(draft, ev, ctx);
    } catch (cause) {
      ctx.clear();
      for (let seq = seqBefore; seq < this.nextSeq; seq++) this.agenda.cancel(seq);
      if (cause instanceof SimulationError) return cause;
      const line = canonicalJson({ ...ev, seq: traceSeq, timeMs: t });
      return new SimulationError('handler-failed', { event: line, timeMs: t, cause: cause instanceof Error ? cause.message : String(cause), error: cause }, t);
    } finally {
      ctx.active = false;
    }
    // Cancels commute with each other and with the schedules already pushed (a handle exists only
    // after its schedule), so popping them in reverse is fine and avoids `length = 0`.
    const cancels = ctx.cancels;
    if (cancels.length !== 0) {
      let c: number | undefined;
      while ((c = cancels.pop()) !== undefined) this.agenda.cancel(c);
    }
    const types = ctx.emitTypes;
    if (types.length !== 0) {
      const payloads = ctx.emitPayloads;
      try {
        for (let i = 0; i < types.length; i++) this.record(types[i]!, payloads[i], t, true);
      } catch (cause) {
        return cause instanceof SimulationError ? cause : new SimulationError('invalid-event', { field: '(emit)', reason: String(cause) }, t);
      } finally {
        // Emptied by pops, not `length = 0`: setting an array's length is a runtime call in V8
        // (the length setter), once per event that emitted (0.6 % of the 1,000-user run's profile).
        for (let i = types.length; i > 0; i--) {
          types.pop();
          payloads.pop();
        }
      }
    }
    return undefined;
  }
}
