import test from 'ava';
import { MemorySink, SimulationError } from '../../engine/index.js';
import { erlangC, mmcAnalytic, queueLength, simulateMmc, type MmcSlice } from '../../models/queueing/index.js';

const params = { servers: 5, arrivalRatePerSec: 4, serviceRatePerSec: 1, customers: 200_000 };

// Two-sided 99% quantiles of Student's t (0.995 quantile) for the degrees of freedom used below.
const T_99: Readonly<Record<number, number>> = { 19: 2.861, 20: 2.845, 21: 2.831, 22: 2.819, 23: 2.807, 24: 2.797 };

function batchMeans(values: readonly number[]): { mean: number; se: number; k: number } {
  const k = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / k;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  return { mean, se: Math.sqrt(variance / k), k };
}

test('erlangC matches hand-computed values and reduces to ρ for one server', (t) => {
  // a = 4, c = 5: (4^5/5!)/(1-0.8) = 42.667; Σ_{k<5} 4^k/k! = 34.333; C = 42.667/77 = 0.55411.
  t.true(Math.abs(erlangC(5, 4) - 42.666666 / 76.999999) < 1e-6);
  t.true(Math.abs(erlangC(1, 0.3) - 0.3) < 1e-12);
  const a = mmcAnalytic(5, 4, 1);
  t.true(Math.abs(a.meanWaitSec - 0.5541) < 1e-4);
  t.is(a.utilization, 0.8);
  t.throws(() => erlangC(2, 2), { instanceOf: SimulationError });
});

// The simulated mean wait in queue and utilization agree with Erlang C at c=5, λ=4/s, μ=1/s.
//
// Tolerance: batch means. The run (200,000 customers, ~50,000 simulated s) is cut into slices of
// 2,000 s (~8,000 customers each, far longer than the queue's correlation time of a few tens of
// seconds at ρ = 0.8, so batch means are close to independent and, by the CLT, normal). The first
// slice is dropped as warm-up (the run starts empty) and so is the last, partial one (arrivals
// stop and the system drains). With k = 22 batches the 99% confidence half-width is
// t(0.995, k−1)·s/√k. Waits in queue at ρ = 0.8 are strongly autocorrelated: at this run length
// the standard error of Wq is about 3.5% (≈ 0.02 s), so the half-width is about 10% of Wq; the
// test requires it below 15% (so it stays informative: a model with the wrong number of servers
// or swapped rates is off by far more) and the utilization half-width below 0.01. Integer-
// millisecond rounding of exponential draws shifts their means by −1/(24θ) ms (θ = 250 ms or
// 1000 ms: under 0.0002 ms), negligible against that standard error.
test('simulateMmc mean wait and utilization agree with Erlang C within the batch-means 99% interval', (t) => {
  const analytic = mmcAnalytic(params.servers, params.arrivalRatePerSec, params.serviceRatePerSec);
  const r = simulateMmc(params, { seed: 2024, sliceMs: 2_000_000 });
  t.is(r.state.started, params.customers);
  t.is(r.state.busy, 0);
  t.is(queueLength(r.state), 0);
  t.is(r.events, 2 * params.customers);

  const full = r.slices.filter((s: MmcSlice) => s.endMs <= r.nowMs).slice(1, -1);
  const waits = batchMeans(full.map((s) => s.totalWaitMs / s.started / 1000));
  const utils = batchMeans(full.map((s) => s.totalServiceMs / (params.servers * (s.endMs - s.startMs))));
  const tq = T_99[waits.k - 1];
  if (tq === undefined) return t.fail(`unexpected batch count ${waits.k}`);
  const waitHalfWidth = tq * waits.se;
  const utilHalfWidth = tq * utils.se;
  t.log(`Wq: simulated ${waits.mean.toFixed(4)} s ± ${waitHalfWidth.toFixed(4)} (k=${waits.k}), analytic ${analytic.meanWaitSec.toFixed(4)} s; ` +
    `whole-run mean ${r.meanWaitSec.toFixed(4)} s`);
  t.log(`ρ: simulated ${utils.mean.toFixed(4)} ± ${utilHalfWidth.toFixed(4)}, analytic ${analytic.utilization}; whole-run ${r.utilization.toFixed(4)}`);
  t.true(waitHalfWidth < 0.15 * analytic.meanWaitSec, 'the run is long enough to be informative');
  t.true(utilHalfWidth < 0.01, 'the run is long enough to be informative');
  t.true(Math.abs(waits.mean - analytic.meanWaitSec) <= waitHalfWidth, 'mean wait in queue');
  t.true(Math.abs(utils.mean - analytic.utilization) <= utilHalfWidth, 'utilization');
});

test('simulateMmc is deterministic and its trace is the event sequence (golden digest)', (t) => {
  const small = { ...params, customers: 50 };
  const sink = new MemorySink();
  const a = simulateMmc(small, { seed: 7, sink });
  const b = simulateMmc(small, { seed: 7 });
  t.is(a.digest, b.digest);
  t.is(sink.records.length, 100);
  t.is(sink.records.filter((r) => r.type === 'arrival').length, 50);
  t.not(simulateMmc(small, { seed: 8 }).digest, a.digest);
  // Golden value: a change here must be deliberate (trace format, model or RNG changed).
  t.is(a.digest, GOLDEN_DIGEST);
});

test('simulateMmc rejects bad parameters with invalid-option', (t) => {
  for (const bad of [{ servers: 0 }, { arrivalRatePerSec: 0 }, { serviceRatePerSec: Number.NaN }, { customers: -1 }]) {
    t.is(t.throws(() => simulateMmc({ ...params, ...bad }, { seed: 1 }), { instanceOf: SimulationError })?.code, 'invalid-option');
  }
});

const GOLDEN_DIGEST = 'sha256:ddcf014f38d87c40610e55464e09e8842b9b4c62f8dad6a321c1b58d27d64098';
