/**
 * The shared "hold" workload of the kernel entries: a fixed population of events, each of which,
 * when it fires, schedules itself again after a pseudo-random delay derived from (now, id).
 * The raw heap baseline and the kernel entries use exactly the same delays, so they process the
 * same event sequence and differ only by what the kernel adds (trace, digest, drafts, checks).
 * @module
 */

/** Events in flight at any time. */
export const POPULATION = 1000;
/**
 * Simulated time the timed runs cover: every event at or before it is processed, about
 * 1,000,000 events (the mean delay is about 500 ms, so each of the 1000 events fires about
 * 1000 times). A time limit rather than an event count keeps a per-event stop predicate out of
 * the measured loop.
 */
export const HOLD_UNTIL_MS = 500_000;

/** The delay after which event `id` fires again when it fired at `now`. */
export function holdDelay(now: number, id: number): number {
  return 1 + ((now * 31 + id * 17) % 997);
}
