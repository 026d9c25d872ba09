/**
 * Events of the page-background-task model and their ranks: the documented total order of
 * events that fall on the same millisecond (smaller rank first; equal rank: scheduling order).
 *
 * | rank | event | why this position |
 * |---|---|---|
 * | 0 | `server.update` | new settings apply to every decision made at that instant (A29) |
 * | 1 | `task.finish` | a codeunit finishing exactly at its timeout completes (A6) |
 * | 2 | `task.timeout` | fires only if the codeunit has not finished at that instant (A6) |
 * | 3 | `slot.release` | a delayed slot (A30/A31) is free before anyone asks for it |
 * | 4 | `user.step` | the user's action, then the work it starts |
 * | 5 | `task.start` | a child session starts once the slot is reserved |
 * | 6 | `trigger.resume` | a trigger that was busy continues |
 * | 7 | `delivery` | the idle scheduler runs last, once the instant's other work is done (A11) |
 * @module
 */
import type { TraceValue } from '../../engine/index.js';

/** An event of the model. Sessions are named by ID, tasks by TaskId within their session. */
export type PbtEvent =
  | { readonly type: 'server.update'; readonly update: number; readonly [k: string]: TraceValue | undefined }
  | { readonly type: 'task.finish'; readonly session: string; readonly taskId: number; readonly [k: string]: TraceValue | undefined }
  | { readonly type: 'task.timeout'; readonly session: string; readonly taskId: number; readonly [k: string]: TraceValue | undefined }
  | { readonly type: 'slot.release'; readonly session: string; readonly [k: string]: TraceValue | undefined }
  | { readonly type: 'user.step'; readonly session: string; readonly step: number; readonly move: number; readonly [k: string]: TraceValue | undefined }
  | { readonly type: 'task.start'; readonly session: string; readonly taskId: number; readonly [k: string]: TraceValue | undefined }
  | { readonly type: 'trigger.resume'; readonly session: string; readonly [k: string]: TraceValue | undefined }
  | { readonly type: 'delivery'; readonly session: string; readonly [k: string]: TraceValue | undefined };

/** The rank of each event type (see the module comment). */
export const EVENT_RANK: { readonly [K in PbtEvent['type']]: number } = {
  'server.update': 0,
  'task.finish': 1,
  'task.timeout': 2,
  'slot.release': 3,
  'user.step': 4,
  'task.start': 5,
  'trigger.resume': 6,
  delivery: 7,
};
