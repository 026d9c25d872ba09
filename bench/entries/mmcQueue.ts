/**
 * mmc-queue: the M/M/c reference model (c=5, λ=4/s, μ=1/s, 200,000 customers) at a fixed seed,
 * with autoFreeze on (the default). Reports the measured and analytic mean wait in queue, and the
 * time against SimPy 4's ~1.8 s for the same workload — a reference figure from elsewhere, NOT
 * measured in this run.
 * @module
 */
import { mmcAnalytic, simulateMmc } from '../../models/queueing/index.js';
import { secondsSince, type BenchEntry } from './entry.js';

/** SimPy 4 on the same workload, as given in issue #2 (not measured here). */
export const SIMPY_REFERENCE_SECONDS = 1.8;

export const mmcQueue: BenchEntry = {
  name: 'mmc-queue',
  description: 'M/M/5 queue, λ=4/s, μ=1/s, 200,000 customers, seed 1',
  run() {
    const params = { servers: 5, arrivalRatePerSec: 4, serviceRatePerSec: 1, customers: 200_000 };
    const start = process.hrtime.bigint();
    const r = simulateMmc(params, { seed: 1 });
    const seconds = secondsSince(start);
    const analytic = mmcAnalytic(params.servers, params.arrivalRatePerSec, params.serviceRatePerSec);
    return {
      events: r.events,
      seconds,
      extra: {
        customers: params.customers,
        meanWaitSec: Number(r.meanWaitSec.toFixed(4)),
        analyticMeanWaitSec: Number(analytic.meanWaitSec.toFixed(4)),
        utilization: Number(r.utilization.toFixed(4)),
        analyticUtilization: analytic.utilization,
        simpyReferenceSeconds: SIMPY_REFERENCE_SECONDS,
        speedupVsSimpyReference: Number((SIMPY_REFERENCE_SECONDS / seconds).toFixed(2)),
      },
    };
  },
};
