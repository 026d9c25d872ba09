/**
 * Parameters of an M/M/c queue and their validation.
 * @module
 */
import { SimulationError } from '../../engine/index.js';

/** An M/M/c queue: Poisson arrivals, exponential service times, `servers` identical servers. */
export interface MmcParameters {
  /** Number of servers `c` (a positive integer). */
  readonly servers: number;
  /** Arrival rate λ in customers per second. */
  readonly arrivalRatePerSec: number;
  /** Service rate μ of one server in customers per second. */
  readonly serviceRatePerSec: number;
  /** Customers that arrive in total; the run ends when all of them have left. */
  readonly customers: number;
}

/**
 * Throws `SimulationError('invalid-option')` unless the parameters are usable.
 * @param p - the parameters
 * @returns `p`, for chaining
 */
export function checkMmcParameters(p: MmcParameters): MmcParameters {
  const bad = (option: string, expected: string): never => {
    throw new SimulationError('invalid-option', { option: `mmc.${option}`, expected });
  };
  if (!Number.isSafeInteger(p.servers) || p.servers < 1) bad('servers', 'a positive integer');
  if (!(Number.isFinite(p.arrivalRatePerSec) && p.arrivalRatePerSec > 0)) bad('arrivalRatePerSec', 'a positive number');
  if (!(Number.isFinite(p.serviceRatePerSec) && p.serviceRatePerSec > 0)) bad('serviceRatePerSec', 'a positive number');
  if (!Number.isSafeInteger(p.customers) || p.customers < 0) bad('customers', 'a non-negative integer');
  return p;
}
