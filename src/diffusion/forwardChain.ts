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

/** Steps between stored chain states: moving the slider re-runs at most this many steps. */
const CHECKPOINT_EVERY = 32;

/**
 * n independent Markov chains started at x_0, advanced lazily. `at(t)` is deterministic: the
 * noise of step s comes from its own seeded stream, so the result does not depend on the order
 * in which timesteps were asked for.
 */
export class ForwardChain {
  private readonly checkpoints: Float64Array[] = [];

  constructor(
    readonly schedule: Schedule,
    readonly x0: number,
    readonly n: number,
    readonly seed: number,
  ) {
    this.checkpoints.push(new Float64Array(n).fill(x0));
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
    const k = Math.floor(t / CHECKPOINT_EVERY);
    while (this.checkpoints.length <= k) {
      const last = this.checkpoints.length - 1;
      const x = Float64Array.from(this.checkpoints[last]);
      for (let s = last * CHECKPOINT_EVERY + 1; s <= (last + 1) * CHECKPOINT_EVERY; s++) this.advance(x, s);
      this.checkpoints.push(x);
    }
    const x = Float64Array.from(this.checkpoints[k]);
    for (let s = k * CHECKPOINT_EVERY + 1; s <= t; s++) this.advance(x, s);
    return x;
  }
}
