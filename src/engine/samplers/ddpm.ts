/**
 * DDPM's ancestral sampler (Ho et al. 2020, Algorithm 2), on the respaced schedule when fewer
 * steps than T are kept: x_s = (1/√α'_t)(x_t − β'_t/√(1 − ᾱ_t) · ε̂) + σ_t z, σ_t² = β'_t or β̃'_t.
 */
import * as tf from '@tensorflow/tfjs';
import type { DdpmPlan } from '../../diffusion/samplerPlans';
import { predictX0, type Sampler } from './types';

export const ddpm: Sampler<DdpmPlan> = {
  kind: 'ddpm',
  step(xt, k, epsHat, plan) {
    return {
      mean: tf.mul(tf.sub(xt, tf.mul(epsHat, plan.epsCoef[k])), plan.invSqrtAlpha[k]),
      x0Hat: predictX0(xt, k, epsHat, plan),
    };
  },
};
