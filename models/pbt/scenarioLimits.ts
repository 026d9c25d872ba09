/**
 * The limits a scenario must respect so that everything `pbtsim validate` accepts also runs
 * (issue 11: "nothing that validates fails later with a kernel message"): the largest time value,
 * the codeunit ID range, reserved names, and the clock horizon — the latest instant a run could
 * reach within its event budget must stay an exact integer (below 2^53 ms), because the kernel
 * refuses to schedule past it.
 * @module
 */
import type { PathSegment, ScenarioProblem } from './scenarioError.js';
import { pathText } from './scenarioError.js';

/** The largest time value (ms) a scenario may write anywhere: 10^12 ms, about 31.7 years. */
export const MAX_MS = 1_000_000_000_000;

/** Default event budget when a scenario gives none. */
export const DEFAULT_MAX_EVENTS = 1_000_000;

/** The largest codeunit ID (Business Central object IDs are positive 32-bit integers). */
export const MAX_CODEUNIT_ID = 2_147_483_647;

/**
 * Names that every JavaScript object already has (the own properties of `Object.prototype`).
 * pbtsim refuses them wherever the user picks a name (page names, parameter and result keys,
 * variable names, session IDs, extension names), with the JSON path, instead of letting one
 * silently vanish or resolve to a built-in (issue 11, prototype keys). Keys the format itself
 * defines are a closed list, so such a key there is simply an unknown key.
 */
export const RESERVED_NAMES: readonly string[] = [
  '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf',
];

/** A regular expression (also published in the JSON Schema as `pattern`) that refuses {@link RESERVED_NAMES}. */
export const NOT_RESERVED = new RegExp(`^(?!(?:${RESERVED_NAMES.join('|')})$)`);

// The largest value one draw can take, from the random source's resolution (alea: 2^-32), so
// -ln(u) <= 22.2 and the Box-Muller radius sqrt(-2 ln u) <= 6.67.
const EXP_TAIL = 22.2;
const NORMAL_TAIL = 6.67;

/** A duration as written (the union of the format's duration forms). */
export type DurationLike = number | { parameter: string } | { uniform: { minMs: number; maxMs: number } } | { exponential: { meanMs: number } }
  | { normal: { meanMs: number; sdMs: number } } | { lognormal: { medianMs: number; sigma: number } };

/**
 * The largest value a duration can produce (ms), or undefined when it is read from a task
 * parameter at run time (then the parameter's text is checked by the codeunit).
 * @param d - the duration
 * @returns the bound
 */
export function maxDurationMs(d: DurationLike): number | undefined {
  if (typeof d === 'number') return d;
  if ('parameter' in d) return undefined;
  if ('uniform' in d) return d.uniform.maxMs;
  if ('exponential' in d) return Math.ceil(d.exponential.meanMs * EXP_TAIL);
  if ('normal' in d) return Math.ceil(d.normal.meanMs + NORMAL_TAIL * d.normal.sdMs);
  return Math.ceil(d.lognormal.medianMs * Math.exp(NORMAL_TAIL * d.lognormal.sigma));
}

/** One wait a run can schedule: its length bound and where it is written. */
export interface WaitBound {
  readonly ms: number;
  readonly at: readonly PathSegment[];
}

/** What the clock-horizon check needs from a scenario. */
export interface HorizonInput {
  /** The latest `atMs` of any script step or server update. */
  readonly lastStartMs: number;
  /** Every wait that can be scheduled from a handled event (durations, busy, think, timeouts…). */
  readonly waits: readonly WaitBound[];
  /** The largest child start-up plus delivery delay (added to any wait). */
  readonly overheadMs: number;
  readonly untilMs: number | undefined;
  readonly maxEvents: number;
  readonly maxEventsExplicit: boolean;
}

/**
 * Checks that no run of the scenario can schedule an event past 2^53 - 1 ms. A run handles at
 * most `maxEvents` events and each one schedules at most the longest wait W later, so no event
 * is later than lastStart + (maxEvents + 1)·W; with `untilMs`, no later than untilMs + W.
 * @param h - the scenario's bounds
 * @returns a problem naming the longest wait, or undefined
 */
export function checkClockHorizon(h: HorizonInput): ScenarioProblem | undefined {
  let longest: WaitBound | undefined;
  for (const w of h.waits) if (longest === undefined || w.ms > longest.ms) longest = w;
  const wait = (longest?.ms ?? 0) + h.overheadMs;
  if (wait === 0) return undefined;
  const budget = h.lastStartMs + (h.maxEvents + 1) * wait;
  const horizon = h.untilMs === undefined ? budget : Math.min(budget, h.untilMs + wait);
  if (horizon <= Number.MAX_SAFE_INTEGER) return undefined;
  const allowed = Math.floor((Number.MAX_SAFE_INTEGER - h.lastStartMs) / wait) - 1;
  const where = longest === undefined ? '$.server' : pathText(longest.at);
  return {
    path: h.maxEventsExplicit ? '$.limits.maxEvents' : '$.limits',
    expected: `expected the run's clock to stay below 2^53 ms: the longest wait is ${wait} ms (${where}), so limits.maxEvents can be at most ${Math.max(allowed, 0)} (it is ${h.maxEvents}${h.maxEventsExplicit ? '' : ', the default'}); set limits.untilMs, lower limits.maxEvents, or shorten that wait`,
  };
}
