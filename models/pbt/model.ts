/**
 * The assembled page-background-task model: initial state from a compiled scenario, the event
 * dispatcher, and the initial schedule (script steps, server updates).
 * @module
 */
import { isDraft, original, type Draft } from 'immer';
import { type HandlerContext, type Model, type Simulation } from '../../engine/index.js';
import { EVENT_RANK, type PbtEvent } from './events.js';
import type { CompiledScenario } from './scenario.js';
import { cloneSession, type PbtState, type ServerSettings, type SessionState } from './state.js';
import type { Rt, SessionStreams } from './runtime.js';
import { onFinish, onStart, onTimeout, tryStart } from './tasks.js';
import { onDelivery } from './delivery.js';
import { onResume, runStack } from './stack.js';
import { startUserAction } from './actions.js';
import { taskOf } from './taskList.js';
import { emitRunEnd, emitServer, serverRecord } from './framing.js';

/** The model's state type parameter for the engine. */
export type PbtModel = Model<PbtState, PbtEvent>;

/** Builds the initial state: every session alive, every page closed. */
export function initialState(sc: CompiledScenario): PbtState {
  const sessions: SessionState[] = [];
  for (const cs of sc.sessions) {
    const pages: SessionState['pages'] = {};
    for (const name of Object.keys(cs.pages)) pages[name] = { open: false, instance: 0, record: null, vars: {}, displayWaitsFor: [] };
    const session: SessionState = {
      index: cs.index, id: cs.id, alive: true, nextTaskId: 1, waiting: [], running: [], releasing: 0, tasks: [],
      deliveries: [], deliveryScheduled: false, stack: [], inbox: [], pages,
      counts: { enqueueCalls: 0, completed: 0, failed: 0, timedOut: 0, cancelled: 0 },
    };
    sessions[cs.index] = session;
  }
  return { server: sc.server, sessions };
}

/** The model for one compiled scenario. */
export function createPbtModel(sc: CompiledScenario): PbtModel {
  const index = new Map<string, number>();
  for (const s of sc.sessions) index.set(s.id, s.index);
  // Fast path (owned sessions, docs/decisions.md "Owned sessions"; measured by pbt-browse): the
  // first event of a draft replaces the draft's `sessions` by a plain copy of the array (one immer
  // write per draft), and the first time an event of the draft touches a session, the session is
  // deep-copied (cloneSession) into that array. Every transition then mutates plain objects: no
  // immer proxy is created or read per session (engine `own` would make a draft of each session
  // before copying it). Nothing observed changes: the array and the copies are new; immer
  // finalizes them like any new value (and deep-freezes them with `autoFreeze`).
  //
  // The owned sessions and the server settings of the current draft are remembered here. A new
  // draft (a new proxy object: the engine opens one at the first event after the state was observed) starts a
  // new generation; only identity is compared with the old draft, which is never read after it
  // ends. The transition context (Rt) is a small fresh object per event, built from pointers in
  // flat arrays only (no cached per-session object to fetch from memory: pbt-browse-10000).
  let currentDraft: Draft<PbtState> | undefined;
  let draftGen = 0;
  let sessions: SessionState[] = [];
  const ownedAt: number[] = [];
  const streams: SessionStreams[] = sc.sessions.map((cs) => ({ think: `think/${cs.id}` }));
  let server: ServerSettings | undefined;
  const enterDraft = (draft: Draft<PbtState>): void => {
    if (draft === currentDraft) return;
    currentDraft = draft;
    draftGen++;
    server = undefined;
    const base = (isDraft(draft) ? original(draft) : draft) as PbtState;
    sessions = base.sessions.slice();
    (draft as { sessions: SessionState[] }).sessions = sessions;
  };
  const serverOf = (draft: Draft<PbtState>): ServerSettings => {
    if (server !== undefined) return server;
    const sv = draft.server;
    return (server = (isDraft(sv) ? original(sv) : sv) as ServerSettings);
  };
  const rtOf = (draft: Draft<PbtState>, ctx: HandlerContext<PbtEvent>, i: number): Rt => {
    let s = sessions[i]!;
    if (ownedAt[i] !== draftGen) {
      s = sessions[i] = cloneSession(s);
      ownedAt[i] = draftGen;
    }
    return { sc, ctx, server: serverOf(draft), s, cs: sc.sessions[i]!, streams: streams[i]! };
  };
  const header = serverRecord(sc);
  return {
    name: 'pbt',
    rank: (e) => EVENT_RANK[e.type],
    start: (_state, ctx) => emitServer(header, ctx),
    finish: (state, ctx, end) => emitRunEnd(state, ctx, end),
    handle(draft: Draft<PbtState>, e: PbtEvent, ctx: HandlerContext<PbtEvent>): void {
      enterDraft(draft);
      if (e.type === 'server.update') {
        // A29: running tasks are kept; the new limits apply to later decisions.
        draft.server = sc.serverUpdates[e.update]!.server as Draft<ServerSettings>;
        server = undefined;
        for (const cs of sc.sessions) {
          const rt = rtOf(draft, ctx, cs.index);
          if (rt.s.alive) tryStart(rt);
        }
        return;
      }
      const rt = rtOf(draft, ctx, index.get(e.session)!);
      const s = rt.s;
      switch (e.type) {
        case 'user.step':
          if (!s.alive) return;
          if (s.stack.length > 0) s.inbox.push({ step: e.step, move: e.move }); // parent busy: the action waits
          else startUserAction(rt, e.step, e.move);
          break;
        case 'task.start':
        case 'task.finish':
        case 'task.timeout': {
          // Handles of ended tasks are cancelled, so a stale event is a bug guard, not a path.
          const t = taskOf(s, e.taskId);
          const expected = e.type === 'task.start' ? 'starting' : 'running';
          if (t === undefined || t.status !== expected) return;
          (e.type === 'task.start' ? onStart : e.type === 'task.finish' ? onFinish : onTimeout)(rt, t);
          break;
        }
        case 'slot.release':
          s.releasing--;
          tryStart(rt);
          break;
        case 'trigger.resume':
          onResume(rt);
          break;
        case 'delivery':
          onDelivery(rt);
          break;
      }
      // The dispatcher runs the session's stack after every event of the session: transitions
      // only push frames, so none of them needs the interpreter (no import cycle).
      runStack(rt);
    },
  };
}

/** Schedules the script steps and server updates of `sc` on a fresh simulation. */
export function scheduleScenario(sim: Simulation<PbtState, PbtEvent>, sc: CompiledScenario): void {
  sc.serverUpdates.forEach((u, i) => sim.schedule(u.atMs, { type: 'server.update', update: i }));
  for (const s of sc.sessions) {
    s.script.forEach((step, i) => sim.schedule(step.atMs, { type: 'user.step', session: s.id, step: i, move: 0 }));
  }
}
