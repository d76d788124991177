/**
 * One interface for every reverse-process sampler, like diffusers' schedulers: the timesteps and
 * coefficients come from a plan computed in float64 by src/diffusion/samplerPlans.ts, and a
 * sampler's `step` only applies them to tensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { SamplerPlan } from '../../diffusion/samplerPlans';

export interface StepResult {
  /** Mean of p_θ(x_s | x_t): the next x before the step's noise σ_k z is added. */
  mean: tf.Tensor;
  /** The model's prediction of the clean data, x̂_0 = (x_t − √(1 − ᾱ_t) ε̂) / √ᾱ_t. */
  x0Hat: tf.Tensor;
}

export interface Sampler<P extends SamplerPlan = SamplerPlan> {
  kind: P['kind'];
  /** Step k of the plan (from t = plan.t[k] to s = plan.s[k]), given x_t and ε̂ = ε_θ(x_t, t). */
  step(xt: tf.Tensor, k: number, epsHat: tf.Tensor, plan: P): StepResult;
}

/** x̂_0 = (x_t − √(1 − ᾱ_t) ε̂) / √ᾱ_t at step k (DDPM's "predicted clean image"). */
export function predictX0(xt: tf.Tensor, k: number, epsHat: tf.Tensor, plan: SamplerPlan): tf.Tensor {
  return tf.div(tf.sub(xt, tf.mul(epsHat, plan.sqrtOneMinusAlphaBar[k])), plan.sqrtAlphaBar[k]);
}
