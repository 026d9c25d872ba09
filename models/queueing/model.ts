/**
 * The M/M/c model's handlers, built only on the public engine API.
 *
 * Time is in integer milliseconds: inter-arrival and service times are exponential draws rounded
 * to the nearest millisecond (`RandomStream.sampleDelayMs`). A departure ranks before an arrival
 * at the same millisecond, so a server freed at that instant serves the arriving customer.
 * @module
 */
import type { Draft } from 'immer';
import type { Distribution, HandlerContext, Model } from '../../engine/index.js';
import type { MmcEvent } from './events.js';
import { checkMmcParameters, type MmcParameters } from './parameters.js';
import type { MmcState } from './state.js';

/** Names of the random streams the model uses. */
export const MMC_STREAMS: {
  /** Inter-arrival times. */
  readonly arrivals: 'mmc/arrivals';
  /** Service times. */
  readonly service: 'mmc/service';
} = { arrivals: 'mmc/arrivals', service: 'mmc/service' };

const ARRIVAL: MmcEvent = Object.freeze({ type: 'arrival' });
const DEPARTURE: MmcEvent = Object.freeze({ type: 'departure' });

/**
 * Builds the M/M/c model. Schedule one `{ type: 'arrival' }` at time 0 (or use `simulateMmc`).
 * @param params - servers, rates and number of customers
 * @returns the model
 * @throws SimulationError `invalid-option` for unusable parameters
 */
export function mmcModel(params: MmcParameters): Model<MmcState, MmcEvent> {
  const p = checkMmcParameters(params);
  const interArrival: Distribution = { kind: 'exponential', mean: 1000 / p.arrivalRatePerSec };
  const service: Distribution = { kind: 'exponential', mean: 1000 / p.serviceRatePerSec };
  return {
    name: `M/M/${p.servers}`,
    rank: (event) => (event.type === 'departure' ? 0 : 1),
    handle: (draft, event, ctx) => {
      const now = ctx.now;
      if (event.type === 'arrival') {
        const arrivals = draft.arrivals + 1;
        draft.arrivals = arrivals;
        if (arrivals < p.customers) ctx.schedule(ctx.rng(MMC_STREAMS.arrivals).sampleDelayMs(interArrival), ARRIVAL);
        const busy = draft.busy;
        if (busy < p.servers) {
          draft.busy = busy + 1;
          startService(draft, ctx, 0);
        } else {
          draft.queue.push(now);
        }
        return;
      }
      const head = draft.queueHead;
      const queue = draft.queue;
      if (head === queue.length) {
        draft.busy -= 1;
        return;
      }
      const arrivedAt = queue[head]!;
      if (head + 1 >= 32 && 2 * (head + 1) >= queue.length) {
        draft.queue = queue.slice(head + 1);
        draft.queueHead = 0;
      } else {
        draft.queueHead = head + 1;
      }
      startService(draft, ctx, now - arrivedAt);
    },
  };
  function startService(draft: Draft<MmcState>, ctx: HandlerContext<MmcEvent>, waitMs: number): void {
    const serviceMs = ctx.rng(MMC_STREAMS.service).sampleDelayMs(service);
    draft.started += 1;
    if (waitMs !== 0) draft.totalWaitMs += waitMs;
    draft.totalServiceMs += serviceMs;
    ctx.schedule(serviceMs, DEPARTURE);
  }
}
