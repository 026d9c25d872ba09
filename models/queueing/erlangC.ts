/**
 * Analytic results for the M/M/c queue (Erlang C), to validate the simulation against.
 * @module
 */
import { SimulationError } from '../../engine/index.js';

/** Steady-state figures of a stable M/M/c queue. */
export interface MmcAnalytic {
  /** Offered load a = λ/μ, in Erlangs. */
  readonly offeredLoad: number;
  /** Server utilization ρ = λ/(cμ). */
  readonly utilization: number;
  /** Probability that an arriving customer waits (Erlang C formula). */
  readonly probabilityOfWait: number;
  /** Mean wait in queue Wq, in seconds. */
  readonly meanWaitSec: number;
  /** Mean number waiting Lq = λ·Wq. */
  readonly meanQueueLength: number;
  /** Mean time in system W = Wq + 1/μ, in seconds. */
  readonly meanResponseSec: number;
}

/**
 * Erlang C: the probability of waiting in an M/M/c queue with offered load `a` (< c).
 * Computed through the Erlang B recursion, which is numerically stable for large c.
 * @param servers - c
 * @param offeredLoad - a = λ/μ
 * @returns C(c, a)
 */
export function erlangC(servers: number, offeredLoad: number): number {
  if (!(offeredLoad < servers)) throw new SimulationError('invalid-option', { option: 'erlangC', expected: 'offered load below the number of servers' });
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

/**
 * Steady-state figures of an M/M/c queue.
 * @param servers - c
 * @param arrivalRatePerSec - λ
 * @param serviceRatePerSec - μ
 * @returns see {@link MmcAnalytic}
 * @example
 * ```ts
 * mmcAnalytic(5, 4, 1).meanWaitSec; // ≈ 0.5541
 * ```
 */
export function mmcAnalytic(servers: number, arrivalRatePerSec: number, serviceRatePerSec: number): MmcAnalytic {
  const a = arrivalRatePerSec / serviceRatePerSec;
  const c = erlangC(servers, a);
  const wq = c / (servers * serviceRatePerSec - arrivalRatePerSec);
  return {
    offeredLoad: a,
    utilization: a / servers,
    probabilityOfWait: c,
    meanWaitSec: wq,
    meanQueueLength: arrivalRatePerSec * wq,
    meanResponseSec: wq + 1 / serviceRatePerSec,
  };
}
