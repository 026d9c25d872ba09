/**
 * The context every transition of the model works with: the compiled scenario, the engine's
 * handler context, the draft state and the session the event belongs to.
 * @module
 */
import type { HandlerContext, TraceValue } from '../../engine/index.js';
import type { PbtEvent } from './events.js';
import type { Fault } from './faults.js';
import type { PbtPayload, PbtRecordType } from './records.js';
import type { CompiledScenario, CompiledSession } from './scenario.js';
import type { ServerSettings, SessionState } from './state.js';

/**
 * What a transition needs. `s` is a plain session object owned by the current draft (see
 * `ownSession` in model.ts): transitions mutate it directly, without immer proxies. @internal
 */
export interface Rt {
  readonly sc: CompiledScenario;
  readonly ctx: HandlerContext<PbtEvent>;
  readonly server: ServerSettings;
  readonly s: SessionState;
  /** The session's compiled spec (`sc.sessions[s.index]`). */
  readonly cs: CompiledSession;
  /** Names of the session's own random streams, built once per session (no string per event). */
  readonly streams: SessionStreams;
}

/** Names of a session's own random streams. @internal */
export interface SessionStreams {
  /** The think time of browse steps: `think/<session id>`. */
  readonly think: string;
}

/** True when the model was built with this fault (mutants only). @internal */
export function faulty(rt: Rt, fault: Fault): boolean {
  return rt.sc.faults.size > 0 && rt.sc.faults.has(fault);
}

/**
 * Emits a model record (see records.ts). The payload names the session first (`session: rt.s.id`)
 * at the call site: building it once is cheaper than spreading it into another object. @internal
 */
export function record<T extends PbtRecordType>(rt: Rt, type: T, payload: { readonly session: string } & PbtPayload<T>): void {
  rt.ctx.emit(type, payload as unknown as Readonly<Record<string, TraceValue | undefined>>);
}
