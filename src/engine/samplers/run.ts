/**
 * Running a sampler from x_T to x_0, optionally recording the whole trajectory, and optionally
 * multiplying the model's distribution by a Gaussian r(x) or conditioning it on known pixels
 * (inpainting), both after Sohl-Dickstein et al. (2015), §2.5.
 */
import * as tf from '@tensorflow/tfjs';
import type { SamplerPlan } from '../../diffusion/samplerPlans';
import type { EpsilonModel } from '../models/types';
import { ddim } from './ddim';
import { ddpm } from './ddpm';
import type { Sampler, StepResult } from './types';

/**
 * r(x) = N(x; center, variance·I). Each reverse kernel N(μ, σ²) becomes
 * N(μ + σ² ∇log r(μ), σ²) = N(μ + σ²(center − μ)/variance, σ²): the perturbed kernel of
 * Sohl-Dickstein et al. (2015), eq. 22, for a smooth r. A step with σ = 0 (the last step, or DDIM
 * with η = 0) is left as it is.
 */
export interface Constraint {
  center: readonly number[];
  variance: number;
}

/**
 * Inpainting: one data point's known values (mask 1) and the unknown ones to fill (mask 0), for
 * every sample alike. After each step the known part of x_s is replaced by the known data noised
 * to s, a draw from q(x_s | x_0) (as in Sohl-Dickstein et al.'s inpainting and RePaint without
 * resampling); at s = 0 that is the known data exactly.
 */
export interface Inpainting {
  /** [...dataShape] flattened; values under mask 0 are ignored. */
  known: Float32Array;
  /** [...dataShape] flattened, each 0 or 1. */
  mask: Float32Array;
}

export interface SampleOptions {
  /** Number of samples. */
  n: number;
  /** Seeds x_T and every step's z: the same seed gives the same samples. */
  seed: number;
  /** Shape of one sample, e.g. [2]. */
  dataShape: readonly number[];
  /** Keep x_t before every step and at the end, and x̂_0 at every step… */
  record?: boolean;
  /** …of the first this many samples only (default all). */
  recordFirst?: number;
  constraint?: Constraint;
  inpainting?: Inpainting;
}

export interface SampleResult {
  /** x_0, [n, …dataShape] flattened. */
  final: Float32Array;
  /** With `record`: steps + 1 frames of [recordFirst, …dataShape]: x at t = plan.t[0], …, plan.t[S−1], then x_0. */
  frames?: Float32Array;
  /** With `record`: steps frames of x̂_0, predicted at t = plan.t[0], …. */
  x0Hat?: Float32Array;
}

export function samplerFor(plan: SamplerPlan): Sampler {
  return (plan.kind === 'ddpm' ? ddpm : ddim) as Sampler;
}

/** The seed of step k's z (x_T uses `seed` itself). */
const stepSeed = (seed: number, k: number) => seed * 7919 + k + 1;

/** Inpainting's known data and mask as tensors of shape [1, ...dataShape]. */
interface InpaintingTensors {
  known: tf.Tensor;
  mask: tf.Tensor;
}

/** One reverse step from x_t, with the model's prediction; returns x_s and x̂_0. */
export function reverseStep(
  model: EpsilonModel,
  plan: SamplerPlan,
  k: number,
  xt: tf.Tensor,
  seed: number,
  condition: { constraint?: Constraint; inpainting?: InpaintingTensors } = {},
): StepResult {
  return tf.tidy(() => {
    const n = xt.shape[0];
    const epsHat = model(xt, tf.fill([n], plan.t[k]) as tf.Tensor1D);
    const { mean, x0Hat } = samplerFor(plan).step(xt, k, epsHat, plan);
    const sigma = plan.sigma[k];
    let next = mean;
    if (sigma > 0) {
      let mu = mean;
      const { constraint } = condition;
      if (constraint) {
        const center = tf.reshape(tf.tensor1d(constraint.center as number[]), [1, ...xt.shape.slice(1)]);
        mu = tf.add(mu, tf.mul(tf.sub(center, mu), (sigma * sigma) / constraint.variance));
      }
      next = tf.add(mu, tf.randomNormal(xt.shape, 0, sigma, 'float32', stepSeed(seed, k)));
    }
    const { inpainting } = condition;
    if (inpainting) {
      // The known part of x_s ~ q(x_s | x_0): √ᾱ_s x_0 + √(1 − ᾱ_s) z (exactly x_0 at s = 0).
      const noise = plan.sqrtOneMinusAlphaBarPrev[k] > 0 ? tf.randomNormal(xt.shape, 0, 1, 'float32', stepSeed(seed + 104729, k)) : tf.zeros(xt.shape);
      const knownNoised = tf.add(tf.mul(inpainting.known, plan.sqrtAlphaBarPrev[k]), tf.mul(noise, plan.sqrtOneMinusAlphaBarPrev[k]));
      next = tf.add(tf.mul(inpainting.mask, knownNoised), tf.mul(tf.sub(1, inpainting.mask), next));
    }
    return { mean: next, x0Hat };
  });
}

export async function sample(model: EpsilonModel, plan: SamplerPlan, opts: SampleOptions): Promise<SampleResult> {
  const { n, seed, dataShape, record = false, constraint } = opts;
  const size = dataShape.reduce((a, b) => a * b, 1);
  if (opts.inpainting && (opts.inpainting.known.length !== size || opts.inpainting.mask.length !== size))
    throw new RangeError(`inpainting needs a known image and a mask of ${size} values each`);
  const inpainting = opts.inpainting
    ? { known: tf.tensor(opts.inpainting.known, [1, ...dataShape]), mask: tf.tensor(opts.inpainting.mask, [1, ...dataShape]) }
    : undefined;
  const kept = Math.min(n, opts.recordFirst ?? n);
  const keep = (t: tf.Tensor) => (kept === n ? t : tf.tidy(() => tf.slice(t, 0, kept)));
  let x = tf.randomNormal([n, ...dataShape], 0, 1, 'float32', seed);
  const frames: tf.Tensor[] = [];
  const x0Hats: tf.Tensor[] = [];
  for (let k = 0; k < plan.steps; k++) {
    const { mean, x0Hat } = reverseStep(model, plan, k, x, seed, { constraint, inpainting });
    if (record) {
      frames.push(keep(x));
      x0Hats.push(keep(x0Hat));
    }
    if (!record || kept < n) tf.dispose([x, x0Hat]);
    x = mean;
  }
  if (inpainting) tf.dispose([inpainting.known, inpainting.mask]);
  const final = (await x.data()) as Float32Array;
  if (!record) {
    x.dispose();
    return { final };
  }
  frames.push(keep(x));
  if (kept < n) x.dispose();
  const stacked = tf.tidy(() => [tf.stack(frames), tf.stack(x0Hats)]);
  const [framesData, x0HatData] = await Promise.all(stacked.map((s) => s.data() as Promise<Float32Array>));
  tf.dispose([...stacked, ...frames, ...x0Hats]);
  return { final, frames: framesData, x0Hat: x0HatData };
}
