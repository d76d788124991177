import { randomLcg, randomNormal } from 'd3';
import type { Schedule } from './schedules';

/**
 * Samples of one pixel's value x_t under the forward process, two ways:
 *  - the Markov chain: x_s = √α_s x_{s−1} + √β_s z_s applied s = 1 … t (Ho et al. eq. 2);
 *  - the closed form: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4).
 * Both must have the same distribution N(√ᾱ_t x_0, (1 − ᾱ_t)).
 */

/** A normal sampler whose stream depends only on (seed, stream), not on call history. */
function normalStream(seed: number, stream: number): () => number {
  // randomLcg takes a seed in [0, 1); mix the two integers into one.
  const mixed = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35);
  return randomNormal.source(randomLcg((mixed >>> 0) / 2 ** 32))(0, 1);
}

export function closedFormSamples(
  schedule: Schedule,
  x0: number,
  t: number,
  n: number,
  seed: number,
): Float64Array {
  const z = normalStream(seed, -1);
  const a = schedule.sqrtAlphaBar[t];
  const b = schedule.sqrtOneMinusAlphaBar[t];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a * x0 + b * z();
  return out;
}

/**
 * Stored chain states: one every `spacing` steps (8, or more for a T over 1,000, so that at most
 * 128 are kept), so a jump of t re-runs at most `spacing` steps from the nearest.
 */
const MAX_CHECKPOINTS = 128;
const MIN_SPACING = 8;

/**
 * n independent Markov chains started at x_0, advanced lazily. `at(t)` is deterministic: the
 * noise of step s comes from its own seeded stream, so the result does not depend on the order
 * in which timesteps were asked for.
 */
export class ForwardChain {
  private readonly checkpoints: Float64Array[] = [];
  readonly spacing: number;

  constructor(
    readonly schedule: Schedule,
    readonly x0: number,
    readonly n: number,
    readonly seed: number,
  ) {
    this.checkpoints.push(new Float64Array(n).fill(x0));
    this.spacing = Math.max(MIN_SPACING, Math.ceil(schedule.T / MAX_CHECKPOINTS));
  }

  /**
   * Computes the next stored state, if any is missing before T; returns whether one was. Called
   * in idle time, it makes every later `at` cheap.
   */
  prepareNext(): boolean {
    const last = this.checkpoints.length - 1;
    if (last * this.spacing >= this.schedule.T) return false;
    const x = Float64Array.from(this.checkpoints[last]);
    const end = Math.min(this.schedule.T, (last + 1) * this.spacing);
    for (let s = last * this.spacing + 1; s <= end; s++) this.advance(x, s);
    this.checkpoints.push(x);
    return true;
  }

  private advance(x: Float64Array, s: number): void {
    const z = normalStream(this.seed, s);
    const a = Math.sqrt(this.schedule.alpha[s]);
    const b = Math.sqrt(this.schedule.beta[s]);
    for (let i = 0; i < x.length; i++) x[i] = a * x[i] + b * z();
  }

  at(t: number): Float64Array {
    if (!Number.isInteger(t) || t < 0 || t > this.schedule.T) {
      throw new RangeError(`t must be an integer in 0 … ${this.schedule.T}, got ${t}`);
    }
    const k = Math.floor(t / this.spacing);
    while (this.checkpoints.length <= k) this.prepareNext();
    const x = Float64Array.from(this.checkpoints[k]);
    for (let s = k * this.spacing + 1; s <= t; s++) this.advance(x, s);
    return x;
  }
}
