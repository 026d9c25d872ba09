/**
 * Errors of the kernel: one {@link SimulationError} class with a closed union of string codes.
 * Every message is built from the table below so that wording stays consistent.
 * @module
 */

/** The closed set of kernel error codes. */
export type SimulationErrorCode =
  | 'invalid-delay'
  | 'invalid-time'
  | 'invalid-seed'
  | 'invalid-option'
  | 'event-budget-exceeded'
  | 'handler-failed'
  | 'draft-in-event'
  | 'invalid-snapshot'
  | 'invalid-distribution'
  | 'invalid-event'
  | 'finished'
  | 'digest-detached';

const MESSAGES: { readonly [K in SimulationErrorCode]: (d: Readonly<Record<string, unknown>>) => string } = {
  'invalid-delay': (d) =>
    `schedule: delay must be a non-negative safe integer number of milliseconds, got ${String(d['delay'])}`,
  'invalid-time': (d) => `run: untilMs must be a non-negative integer, got ${String(d['untilMs'])}`,
  'invalid-seed': (d) => `seed must be a finite integer or a non-empty string, got ${String(d['seed'])}`,
  'invalid-option': (d) => `invalid option ${String(d['option'])}: ${String(d['expected'])}`,
  'event-budget-exceeded': (d) =>
    `event budget exceeded: maxEvents=${String(d['maxEvents'])} events were processed before the run ended ` +
    `(simulated time ${String(d['timeMs'])} ms); last events: ${String(d['lastEvents'])}`,
  'handler-failed': (d) =>
    `the model's handler failed on event ${String(d['event'])} at ${String(d['timeMs'])} ms: ${String(d['cause'])}`,
  'draft-in-event': (d) =>
    `schedule: event field "${String(d['field'])}" is an immer draft; events must be plain data (use current())`,
  'invalid-snapshot': (d) => `restore: invalid snapshot: ${String(d['reason'])}`,
  'invalid-distribution': (d) => `invalid distribution ${String(d['distribution'])}: ${String(d['reason'])}`,
  finished: (d) => `${String(d['operation'])}: the simulation was finished (Simulation.finish); a finished run takes no more events or records`,
  'digest-detached': (d) => `${String(d['operation'])}: the digest was detached (Simulation.detachDigest); it is computed elsewhere`,
  'invalid-event': (d) =>
    `schedule/emit: field "${String(d['field'])}" is not plain JSON data (${String(d['reason'])}); events and payloads must be strings, finite numbers, booleans, null, arrays or plain objects`,
};

/**
 * The one error type thrown by the kernel.
 *
 * `code` is a stable string for programs, `details` holds the values named in the message,
 * and `timeMs` the simulated time when the error arose (when known).
 */
export class SimulationError extends Error {
  /** Stable machine-readable code. */
  readonly code: SimulationErrorCode;
  /** Values the message was built from. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Simulated time of the failure, when it happened inside a run. */
  readonly timeMs: number | undefined;

  /**
   * @param code - one of {@link SimulationErrorCode}
   * @param details - values used by the message template
   * @param timeMs - simulated time, if any
   */
  constructor(code: SimulationErrorCode, details: Readonly<Record<string, unknown>> = {}, timeMs?: number) {
    super(MESSAGES[code](details));
    this.name = 'SimulationError';
    this.code = code;
    this.details = details;
    this.timeMs = timeMs;
  }
}
