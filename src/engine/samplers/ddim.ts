/**
 * DDIM (Song, Meng & Ermon 2021): x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s − σ_t²) · ε̂ + σ_t z, with
 * σ_t = η √((1 − ᾱ_s)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_s); η = 0 is deterministic.
 */
import * as tf from '@tensorflow/tfjs';
import type { DdimPlan } from '../../diffusion/samplerPlans';
import { predictX0, type Sampler } from './types';

export const ddim: Sampler<DdimPlan> = {
  kind: 'ddim',
  step(xt, k, epsHat, plan) {
    const x0Hat = predictX0(xt, k, epsHat, plan);
    return {
      mean: tf.add(tf.mul(x0Hat, plan.sqrtAlphaBarPrev[k]), tf.mul(epsHat, plan.dirCoef[k])),
      x0Hat,
    };
  },
};
