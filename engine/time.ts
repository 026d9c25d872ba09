/**
 * Virtual time: integer milliseconds, validated at every boundary where a delay enters the kernel.
 * @module
 */
import { SimulationError } from './errors.js';

/** A point in simulated time, in integer milliseconds since the start of the run. */
export type TimeMs = number;

/**
 * Throws a `SimulationError('invalid-delay')` unless `delay` is a finite, non-negative integer.
 * @param delay - a delay in milliseconds
 * @returns nothing; throws on bad input
 */
export function assertDelay(delay: number): void {
  // Number.isInteger rejects NaN, ±Infinity and fractions in one test.
  if (!Number.isInteger(delay) || delay < 0) throw new SimulationError('invalid-delay', { delay });
}
