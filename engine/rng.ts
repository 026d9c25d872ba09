/**
 * Named random streams derived from a master seed (seedrandom's Alea generator), and the
 * distributions built on them.
 *
 * Each stream's seed is the string `pbtsim/<masterSeed>/<streamName>`, hashed by Alea's Mash,
 * so creating, using or removing one stream never shifts the numbers of another. A stream's state
 * is four numbers and can be saved and restored exactly.
 * @module
 */
import seedrandom from 'seedrandom';
import { SimulationError } from './errors.js';

/** The saved state of one Alea stream. */
export interface StreamState {
  /** Alea carry. */
  readonly c: number;
  /** Alea state word 0. */
  readonly s0: number;
  /** Alea state word 1. */
  readonly s1: number;
  /** Alea state word 2. */
  readonly s2: number;
}

/** A probability distribution as plain data, so scenarios can carry it. */
export type Distribution =
  | {
      /** Always `value`. */
      readonly kind: 'fixed';
      /** The value. */
      readonly value: number;
    }
  | {
      /** Uniform on [min, max). */
      readonly kind: 'uniform';
      /** Lower bound. */
      readonly min: number;
      /** Upper bound (≥ min). */
      readonly max: number;
    }
  | {
      /** Exponential (memoryless), by its mean. */
      readonly kind: 'exponential';
      /** Mean (> 0), i.e. 1/rate. */
      readonly mean: number;
    }
  | {
      /** Normal (Box–Muller). */
      readonly kind: 'normal';
      /** Mean. */
      readonly mean: number;
      /** Standard deviation (≥ 0). */
      readonly sd: number;
    }
  | {
      /** exp(Normal(mu, sigma)). */
      readonly kind: 'lognormal';
      /** Mean of the underlying normal. */
      readonly mu: number;
      /** Standard deviation of the underlying normal (≥ 0). */
      readonly sigma: number;
    }
  | {
      /** One of `values`, with probabilities proportional to `weights`. */
      readonly kind: 'discrete';
      /** The possible values. */
      readonly values: readonly number[];
      /** Non-negative weights, one per value, with a positive sum. */
      readonly weights: readonly number[];
    };

type AleaPrng = seedrandom.PRNG & { state(): StreamState };

/** One named stream of uniform numbers in [0, 1), with distribution samplers. */
export class RandomStream {
  /** The stream's name. */
  readonly name: string;
  private prng: AleaPrng;

  /** @internal */
  constructor(name: string, seedText: string, state?: StreamState) {
    this.name = name;
    this.prng = (state === undefined
      ? seedrandom.alea(seedText, { state: true })
      : seedrandom.alea('', { state: { ...state } })) as unknown as AleaPrng;
  }

  /** Next uniform number in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Next integer in [min, max], both inclusive. */
  nextInt(min: number, max: number): number {
    return min + Math.floor(this.prng() * (max - min + 1));
  }

  /** Draws one value from `d`. */
  sample(d: Distribution): number {
    switch (d.kind) {
      case 'fixed':
        return d.value;
      case 'uniform':
        return d.min + (d.max - d.min) * this.prng();
      case 'exponential':
        return -d.mean * Math.log(1 - this.prng());
      case 'normal':
        return d.mean + d.sd * this.standardNormal();
      case 'lognormal':
        return Math.exp(d.mu + d.sigma * this.standardNormal());
      case 'discrete': {
        let total = 0;
        for (const w of d.weights) total += w;
        let u = this.prng() * total;
        for (let i = 0; i < d.values.length; i++) {
          u -= d.weights[i]!;
          if (u < 0) return d.values[i]!;
        }
        return d.values[d.values.length - 1]!;
      }
    }
  }

  /**
   * Draws a delay in integer milliseconds from `d`: rounded to the nearest integer and clamped
   * at 0, so any distribution can feed `schedule`.
   */
  sampleDelayMs(d: Distribution): number {
    const x = Math.round(this.sample(d));
    return x > 0 ? x : 0;
  }

  /** The stream's current state (a copy). */
  state(): StreamState {
    return this.prng.state();
  }

  /** Replaces the stream's state, e.g. with one from {@link RandomStream.state}. */
  restore(state: StreamState): void {
    this.prng = seedrandom.alea('', { state: { ...state } }) as unknown as AleaPrng;
  }

  // Box–Muller, one value per call (no cached spare: state stays four numbers).
  private standardNormal(): number {
    const u1 = 1 - this.prng();
    const u2 = this.prng();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/**
 * Validates a distribution's parameters; throws `SimulationError('invalid-distribution')`.
 * @param d - the distribution
 * @returns `d`, for chaining
 */
export function checkDistribution(d: Distribution): Distribution {
  const bad = (reason: string): never => {
    throw new SimulationError('invalid-distribution', { distribution: JSON.stringify(d), reason });
  };
  const finite = (...xs: number[]): void => {
    if (!xs.every(Number.isFinite)) bad('parameters must be finite numbers');
  };
  switch (d.kind) {
    case 'fixed': finite(d.value); break;
    case 'uniform': finite(d.min, d.max); if (d.max < d.min) bad('max < min'); break;
    case 'exponential': finite(d.mean); if (d.mean <= 0) bad('mean must be > 0'); break;
    case 'normal': finite(d.mean, d.sd); if (d.sd < 0) bad('sd must be >= 0'); break;
    case 'lognormal': finite(d.mu, d.sigma); if (d.sigma < 0) bad('sigma must be >= 0'); break;
    case 'discrete':
      if (d.values.length === 0 || d.values.length !== d.weights.length) bad('values and weights must be non-empty and of equal length');
      finite(...d.values, ...d.weights);
      if (d.weights.some((w) => w < 0) || d.weights.every((w) => w === 0)) bad('weights must be >= 0 with a positive sum');
      break;
  }
  return d;
}

/** A seed: a finite integer or a non-empty string. */
export type Seed = number | string;

/** Throws `SimulationError('invalid-seed')` unless `seed` is usable. */
export function assertSeed(seed: Seed): void {
  if (typeof seed === 'number' ? !Number.isSafeInteger(seed) : seed.length === 0) {
    throw new SimulationError('invalid-seed', { seed });
  }
}

/**
 * The set of named streams of one run. Streams are created on first use, in any order.
 */
export class RngStreams {
  /** The master seed. */
  readonly seed: Seed;
  private readonly streams = new Map<string, RandomStream>();

  /** @param seed - the run's master seed */
  constructor(seed: Seed) {
    assertSeed(seed);
    this.seed = seed;
  }

  /** The stream called `name`, created on first use. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(name, `pbtsim/${String(this.seed)}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }

  /** Every created stream's state, keyed by name in sorted order. */
  save(): Record<string, StreamState> {
    const out: Record<string, StreamState> = {};
    for (const name of [...this.streams.keys()].sort()) out[name] = this.streams.get(name)!.state();
    return out;
  }

  /** Restores streams from {@link RngStreams.save}; streams not named there are dropped. */
  restore(states: Readonly<Record<string, StreamState>>): void {
    this.streams.clear();
    for (const name of Object.keys(states).sort()) {
      this.streams.set(name, new RandomStream(name, '', states[name]));
    }
  }
}
