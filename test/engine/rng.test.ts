import test from 'ava';
import fc from 'fast-check';
import { RngStreams, checkDistribution, SimulationError, type Distribution } from '../../engine/index.js';

const draw = (streams: RngStreams, name: string, n: number): number[] => Array.from({ length: n }, () => streams.stream(name).next());

test('RngStreams adding a new stream does not change another stream', (t) => {
  fc.assert(
    fc.property(fc.integer(), fc.string({ minLength: 1, maxLength: 6 }), fc.nat(20), (seed, extra, when) => {
      const alone = new RngStreams(seed);
      const expected = draw(alone, 'main', 40);
      const mixed = new RngStreams(seed);
      const got: number[] = [];
      for (let i = 0; i < 40; i++) {
        if (i === when) draw(mixed, `other/${extra}`, 7);
        got.push(mixed.stream('main').next());
      }
      return JSON.stringify(got) === JSON.stringify(expected);
    }),
  );
  t.pass();
});

test('RngStreams save and restore continue every stream exactly', (t) => {
  const a = new RngStreams('s');
  draw(a, 'x', 5);
  draw(a, 'y', 3);
  const saved = JSON.parse(JSON.stringify(a.save())) as ReturnType<RngStreams['save']>;
  const b = new RngStreams('s');
  b.restore(saved);
  t.deepEqual(draw(b, 'x', 10), draw(a, 'x', 10));
  t.deepEqual(draw(b, 'y', 10), draw(a, 'y', 10));
});

test('RngStreams rejects unusable seeds with invalid-seed', (t) => {
  for (const seed of ['', 1.5, Number.NaN, 2 ** 60]) {
    t.is(t.throws(() => new RngStreams(seed), { instanceOf: SimulationError })?.code, 'invalid-seed');
  }
});

// Each case: distribution, its exact mean and standard deviation. With n = 100,000 draws the
// sample mean has standard error sd/√n; the tolerance is 5 standard errors (a false failure has
// probability < 1e-6 per case, and the seed is fixed anyway), and is far below the mean itself,
// so a wrong sampler (e.g. a rate used as a mean) fails.
const N = 100_000;
const cases: [string, Distribution, number, number][] = [
  ['fixed', { kind: 'fixed', value: 3 }, 3, 0],
  ['uniform', { kind: 'uniform', min: 2, max: 10 }, 6, 8 / Math.sqrt(12)],
  ['exponential', { kind: 'exponential', mean: 250 }, 250, 250],
  ['normal', { kind: 'normal', mean: -4, sd: 2 }, -4, 2],
  ['lognormal', { kind: 'lognormal', mu: 1, sigma: 0.5 }, Math.exp(1 + 0.125), Math.sqrt((Math.exp(0.25) - 1) * Math.exp(2 + 0.25))],
  ['discrete', { kind: 'discrete', values: [1, 2, 10], weights: [1, 2, 1] }, (1 + 4 + 10) / 4, Math.sqrt((1 + 8 + 100) / 4 - (15 / 4) ** 2)],
];
for (const [name, d, mean, sd] of cases) {
  test(`RandomStream.sample ${name} has the distribution's mean within 5 standard errors`, (t) => {
    const s = new RngStreams(7).stream(`dist/${name}`);
    let sum = 0;
    for (let i = 0; i < N; i++) sum += s.sample(checkDistribution(d));
    const tolerance = 5 * (sd / Math.sqrt(N)) + 1e-12;
    t.true(Math.abs(sum / N - mean) <= tolerance, `mean ${sum / N}, expected ${mean} ± ${tolerance}`);
  });
}

test('RandomStream.sampleDelayMs returns non-negative integers with the rounded mean', (t) => {
  const s = new RngStreams(9).stream('delays');
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const d = s.sampleDelayMs({ kind: 'exponential', mean: 250 });
    if (!Number.isInteger(d) || d < 0) return t.fail(`bad delay ${d}`);
    sum += d;
  }
  // Rounding Exp(θ) to the nearest integer has mean 1/(2·sinh(1/(2θ))) ≈ θ − 1/(24θ): bias negligible.
  t.true(Math.abs(sum / N - 250) <= 5 * (250 / Math.sqrt(N)));
  t.is(s.sampleDelayMs({ kind: 'normal', mean: -50, sd: 1 }), 0);
});

test('RandomStream.nextInt stays within its inclusive bounds and hits both ends', (t) => {
  const s = new RngStreams(1).stream('ints');
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(s.nextInt(-2, 2));
  t.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
});

test('checkDistribution rejects bad parameters with invalid-distribution', (t) => {
  const bad: Distribution[] = [
    { kind: 'exponential', mean: 0 },
    { kind: 'uniform', min: 2, max: 1 },
    { kind: 'normal', mean: 0, sd: -1 },
    { kind: 'fixed', value: Number.NaN },
    { kind: 'discrete', values: [1], weights: [0] },
    { kind: 'discrete', values: [1, 2], weights: [1] },
  ];
  for (const d of bad) t.is(t.throws(() => checkDistribution(d), { instanceOf: SimulationError })?.code, 'invalid-distribution');
});
