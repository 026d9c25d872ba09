/**
 * The simulation loop: owns the clock, the agenda, the random streams, the trace and the
 * immutable model state, and advances them one event at a time.
 *
 * Lifecycle of an event: `schedule` (by the user before the run, or by a handler as an effect)
 * → pending in the agenda → popped in (time, rank, seq) order → recorded in the trace as
 * `{ seq, timeMs, ...event }` → handed to the model's handler with an immer draft of the state
 * → the handler's effects (schedule, cancel, emit) are applied after it returns, in call order.
 *
 * Drafts are opened per *batch* of events (fast path, see docs/performance.md and the
 * `kernel-state-*` benchmarks): one immer `produce` covers up to `batchSize` events, so the cost
 * of copying a wide collection is paid once per batch, not once per event. The state is only
 * observable between batches (`state`, `snapshot()`), and every state observed there is never
 * changed afterwards (frozen when `autoFreeze` is on, the default).
 * @module
 */
import { Immer, isDraft, type Draft } from 'immer';
import { Agenda, type AgendaEntry } from './agenda.js';
import { SimulationError } from './errors.js';
import { RngStreams, type RandomStream, type Seed, type StreamState } from './rng.js';
import { assertDelay, type TimeMs } from './time.js';
import {
  canonicalJson,
  DigestOnlySink,
  TraceDigest,
  type DigestState,
  type TraceRecord,
  type TraceSink,
  type TraceValue,
} from './trace.js';

/** An event: plain data with a `type`. Field names `seq` and `timeMs` are reserved for the trace. */
export interface SimEvent {
  readonly type: string;
  readonly [field: string]: TraceValue | undefined;
}

/** Handle of a scheduled event, for {@link HandlerContext.cancel}. It is the event's seq. */
export type EventHandle = number & { readonly __brand: 'EventHandle' };

/** What a handler may do besides changing the draft. All effects apply after it returns. */
export interface HandlerContext<E extends SimEvent> {
  /** Current simulated time. */
  readonly now: TimeMs;
  /** Schedules `event` after `delayMs` (a non-negative integer); returns its handle. */
  schedule(delayMs: number, event: E): EventHandle;
  /** Cancels a pending event; cancelling a fired or unknown handle does nothing. */
  cancel(handle: EventHandle): void;
  /** The named random stream (see {@link RngStreams}). */
  rng(name: string): RandomStream;
  /** Appends a record `{ seq, timeMs: now, type, ...payload }` to the trace. */
  emit(type: string, payload?: Readonly<Record<string, TraceValue | undefined>>): void;
}

/** A model: the rank of each event kind and a handler. */
export interface Model<S, E extends SimEvent> {
  /** Name, used in messages. */
  readonly name: string;
  /** Tie-break rank of an event among events at the same time (smaller first). */
  rank(event: E): number;
  /** Applies `event` to the draft state; must not keep references to the draft. */
  handle(draft: Draft<S>, event: E, ctx: HandlerContext<E>): void;
}

/**
 * Chooses which of several events with the same (time, rank) fires first. The default order is
 * FIFO (insertion seq); a tie breaker replaces it, e.g. with a seeded shuffle or an exhaustive
 * enumeration. Return an index into `candidates` (given in seq order).
 */
export interface TieBreaker<E extends SimEvent> {
  choose(candidates: readonly E[], timeMs: TimeMs): number;
}

/** Options of a {@link Simulation}. */
export interface SimulationOptions<S, E extends SimEvent> {
  /** Master seed of the random streams. Required: a run has no default seed. */
  readonly seed: Seed;
  /** The model's initial state. */
  readonly initialState: S;
  /** Where records go besides the digest; default: digest only. */
  readonly sink?: TraceSink;
  /** Deep-freeze observable states and events (default true). */
  readonly autoFreeze?: boolean;
  /** Events per immer draft (default 256). 1 gives a fresh state after every event. */
  readonly batchSize?: number;
  /** Replaces FIFO among same-(time, rank) events. */
  readonly tieBreaker?: TieBreaker<E>;
}

/** Options of {@link Simulation.run}. */
export interface RunOptions<E extends SimEvent> {
  /** Process events with time ≤ untilMs only. */
  readonly untilMs?: number;
  /** Event budget: at most this many events in total (across runs of this simulation). */
  readonly maxEvents?: number;
  /** Stops after the event for which this returns true. */
  readonly stopWhen?: (event: E, now: TimeMs) => boolean;
}

/** Why a run ended. */
export type RunStatus = 'empty' | 'until' | 'stopped';

/** Result of {@link Simulation.run}: `ok` with the reason, or `failed` with the error. */
export type RunResult =
  | { readonly ok: true; readonly status: RunStatus; readonly nowMs: TimeMs; readonly eventCount: number }
  | { readonly ok: false; readonly error: SimulationError; readonly nowMs: TimeMs; readonly eventCount: number };

/** A whole run at a point between events, as plain data. */
export interface SimulationSnapshot<S, E extends SimEvent> {
  readonly format: 'pbtsim-snapshot/1';
  readonly seed: Seed;
  readonly nowMs: TimeMs;
  readonly state: S;
  readonly pending: readonly { readonly timeMs: TimeMs; readonly rank: number; readonly seq: number; readonly event: E }[];
  readonly nextSeq: number;
  readonly eventCount: number;
  readonly traceSeq: number;
  readonly rng: Readonly<Record<string, StreamState>>;
  readonly digest: DigestState;
}

const LAST_EVENTS = 5;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
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
  private readonly model: Model<S, E>;
  private readonly agenda = new Agenda<E>();
  private readonly rngs: RngStreams;
  private readonly digestAcc = new TraceDigest();
  private readonly sink: TraceSink;
  private readonly immer: Immer;
  private readonly freeze: boolean;
  private readonly batchSize: number;
  private readonly tieBreaker: TieBreaker<E> | undefined;
  private currentState: S;
  private nowMs: TimeMs = 0;
  private nextSeq = 0;
  private events = 0;
  private traceSeq = 0;
  private readonly lastLines: string[] = [];
  // Effects of the handler being run; applied after it returns.
  private effects: ({ kind: 'schedule'; entry: AgendaEntry<E> } | { kind: 'cancel'; seq: number } | { kind: 'emit'; type: string; payload: Readonly<Record<string, TraceValue | undefined>> | undefined })[] = [];
  private readonly ctx: HandlerContext<E>;

  /**
   * @param model - the model to run
   * @param options - seed, initial state and tuning
   */
  constructor(model: Model<S, E>, options: SimulationOptions<S, E>) {
    this.model = model;
    this.rngs = new RngStreams(options.seed);
    this.sink = options.sink ?? new DigestOnlySink();
    this.freeze = options.autoFreeze ?? true;
    this.immer = new Immer({ autoFreeze: this.freeze });
    const batch = options.batchSize ?? 256;
    if (!Number.isInteger(batch) || batch < 1) throw new SimulationError('invalid-option', { option: 'batchSize', expected: 'a positive integer' });
    this.batchSize = batch;
    this.tieBreaker = options.tieBreaker;
    this.currentState = this.freeze ? deepFreeze(options.initialState) : options.initialState;
    const self = this;
    this.ctx = {
      get now() {
        return self.nowMs;
      },
      schedule: (delayMs, event) => {
        assertDelay(delayMs);
        const entry = this.makeEntry(this.nowMs + delayMs, event);
        this.effects.push({ kind: 'schedule', entry });
        return entry.seq as EventHandle;
      },
      cancel: (handle) => {
        this.effects.push({ kind: 'cancel', seq: handle });
      },
      rng: (name) => this.rngs.stream(name),
      emit: (type, payload) => {
        this.effects.push({ kind: 'emit', type, payload });
      },
    };
  }

  /** Current simulated time (the time of the last processed event). */
  get now(): TimeMs {
    return this.nowMs;
  }

  /** The current state. It never changes afterwards: later events produce new states. */
  get state(): S {
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

  /** Rolling digest of the trace so far, `sha256:<hex>`. */
  digest(): string {
    return this.digestAcc.value();
  }

  /** The named random stream, for setting up a run (handlers use their context). */
  rng(name: string): RandomStream {
    return this.rngs.stream(name);
  }

  /** Schedules an event `delayMs` after now, from outside a handler. */
  schedule(delayMs: number, event: E): EventHandle {
    assertDelay(delayMs);
    const entry = this.makeEntry(this.nowMs + delayMs, event);
    this.agenda.push(entry);
    return entry.seq as EventHandle;
  }

  /** Cancels a pending event; returns false if it already fired, was cancelled or is unknown. */
  cancel(handle: EventHandle): boolean {
    return this.agenda.cancel(handle);
  }

  /** Time of the next pending event, or undefined. */
  peekTime(): TimeMs | undefined {
    return this.agenda.peek()?.time;
  }

  /**
   * Processes exactly one event (if any) and returns whether one was processed.
   * Throws the handler's failure as a `SimulationError('handler-failed')`.
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
   */
  run(options: RunOptions<E> = {}): RunResult {
    return this.runInternal(options, Infinity);
  }

  private runInternal(options: RunOptions<E>, limit: number): RunResult {
    let processedHere = 0;
    const until = options.untilMs ?? Infinity;
    if (options.untilMs !== undefined && (!Number.isInteger(until) || until < 0)) throw new SimulationError('invalid-time', { untilMs: until });
    const maxEvents = options.maxEvents ?? Infinity;
    const stopWhen = options.stopWhen;
    let status: RunStatus | undefined;
    let error: SimulationError | undefined;
    while (status === undefined && error === undefined) {
      this.currentState = this.immer.produce(this.currentState, (draft: Draft<S>) => {
        for (let i = 0; i < this.batchSize; i++) {
          const next = this.agenda.peek();
          if (next === undefined) { status = 'empty'; return; }
          if (next.time > until) { status = 'until'; return; }
          if (this.events >= maxEvents) {
            error = new SimulationError('event-budget-exceeded', { maxEvents, timeMs: this.nowMs, lastEvents: this.lastLines.join(' | ') }, this.nowMs);
            return;
          }
          const entry = this.popNext();
          const failure = this.process(draft, entry);
          if (failure !== undefined) { error = failure; return; }
          if (stopWhen !== undefined && stopWhen(entry.event, this.nowMs)) { status = 'stopped'; return; }
          if (++processedHere >= limit) { status = 'stopped'; return; }
        }
      }) as S;
    }
    if (error !== undefined) return { ok: false, error, nowMs: this.nowMs, eventCount: this.events };
    return { ok: true, status: status!, nowMs: this.nowMs, eventCount: this.events };
  }

  /** Like {@link Simulation.run} but throws the error of a failed run. */
  runOrThrow(options: RunOptions<E> = {}): RunStatus {
    const r = this.run(options);
    if (!r.ok) throw r.error;
    return r.status;
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
    };
    return this.freeze ? deepFreeze(snap) : snap;
  }

  /**
   * A new simulation that continues from `snapshot`.
   * @param model - the same model the snapshot was taken from
   * @param snapshot - from {@link Simulation.snapshot} (possibly through JSON)
   * @param options - sink and tuning for the continued run
   */
  static restore<S, E extends SimEvent>(
    model: Model<S, E>,
    snapshot: SimulationSnapshot<S, E>,
    options: Omit<SimulationOptions<S, E>, 'seed' | 'initialState'> = {},
  ): Simulation<S, E> {
    if (snapshot.format !== 'pbtsim-snapshot/1') throw new SimulationError('invalid-snapshot', { reason: `unknown format ${String(snapshot.format)}` });
    const sim = new Simulation(model, { ...options, seed: snapshot.seed, initialState: snapshot.state });
    sim.nowMs = snapshot.nowMs;
    sim.nextSeq = snapshot.nextSeq;
    sim.events = snapshot.eventCount;
    sim.traceSeq = snapshot.traceSeq;
    sim.rngs.restore(snapshot.rng);
    sim.digestAcc.restore(snapshot.digest);
    for (const p of snapshot.pending) {
      if (p.seq >= snapshot.nextSeq || p.timeMs < snapshot.nowMs) throw new SimulationError('invalid-snapshot', { reason: `pending event seq ${p.seq} is inconsistent` });
      sim.agenda.push({ time: p.timeMs, rank: p.rank, seq: p.seq, event: p.event });
    }
    return sim;
  }

  private makeEntry(time: TimeMs, event: E): AgendaEntry<E> {
    for (const k in event) {
      if (isDraft(event[k])) throw new SimulationError('draft-in-event', { field: k });
    }
    const ev = this.freeze ? deepFreeze(event) : event;
    return { time, rank: this.model.rank(ev), seq: this.nextSeq++, event: ev };
  }

  private popNext(): AgendaEntry<E> {
    if (this.tieBreaker === undefined) return this.agenda.pop()!;
    // Slow path: only with a tie breaker (shuffle / exhaustive exploration).
    const ties = this.agenda.popTies();
    if (ties.length === 1) return ties[0]!;
    const idx = this.tieBreaker.choose(ties.map((t) => t.event), ties[0]!.time);
    const chosen = ties[idx];
    if (chosen === undefined) throw new SimulationError('invalid-option', { option: 'tieBreaker.choose', expected: `an index below ${ties.length}, got ${idx}` });
    for (const t of ties) if (t !== chosen) this.agenda.push(t);
    return chosen;
  }

  private record(record: TraceRecord): string {
    const line = canonicalJson(record);
    this.digestAcc.add(line);
    this.sink.write(record, line);
    return line;
  }

  private process(draft: Draft<S>, entry: AgendaEntry<E>): SimulationError | undefined {
    this.nowMs = entry.time;
    this.events++;
    const line = this.record({ ...entry.event, seq: this.traceSeq++, timeMs: entry.time });
    if (this.lastLines.length === LAST_EVENTS) this.lastLines.shift();
    this.lastLines.push(line);
    this.effects = [];
    try {
      this.model.handle(draft, entry.event, this.ctx);
    } catch (cause) {
      this.effects = [];
      if (cause instanceof SimulationError) return cause;
      return new SimulationError('handler-failed', { event: line, timeMs: entry.time, cause: cause instanceof Error ? cause.message : String(cause) }, entry.time);
    }
    for (const eff of this.effects) {
      if (eff.kind === 'schedule') this.agenda.push(eff.entry);
      else if (eff.kind === 'cancel') this.agenda.cancel(eff.seq);
      else this.record({ ...eff.payload, seq: this.traceSeq++, timeMs: this.nowMs, type: eff.type });
    }
    return undefined;
  }
}
