import test from 'ava';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomDigest, randomSimulation } from './fixtures/randomModel.js';

test('Simulation gives the same digest for the same seed', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 8 })), (seed) => randomDigest(seed, 300) === randomDigest(seed, 300)),
    { numRuns: 40 },
  );
  t.pass();
});

test('Simulation gives different digests for different seeds', (t) => {
  const digests = new Set([1, 2, 3, 4, 5].map((s) => randomDigest(s)));
  t.is(digests.size, 5);
});

test('Simulation digest does not depend on batchSize or autoFreeze', (t) => {
  const run = (options: { batchSize?: number; autoFreeze?: boolean }): string => {
    const sim = randomSimulation(11, 5, options);
    sim.runOrThrow({ untilMs: 400, maxEvents: 100_000 });
    return sim.digest();
  };
  const reference = run({});
  t.true(reference.startsWith('sha256:'));
  t.is(run({ batchSize: 1 }), reference);
  t.is(run({ batchSize: 7 }), reference);
  t.is(run({ autoFreeze: false }), reference);
});

test('Simulation digest is identical across two separate child processes', (t) => {
  const script = fileURLToPath(new URL('./fixtures/printDigest.ts', import.meta.url));
  const runChild = (): string => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '42'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  const first = runChild();
  const second = runChild();
  t.regex(first, /^sha256:[0-9a-f]{64}$/);
  t.is(first, second);
  t.is(first, randomDigest(42));
});
