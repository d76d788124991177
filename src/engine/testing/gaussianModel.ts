/**
 * For tests: the optimal ε-predictor for data x_0 ~ N(mean, s² I), as a tfjs model. Its weights
 * are the closed forms of src/diffusion/gaussianData.ts, so samplers and the bound estimator
 * driven by it can be checked against exact answers.
 */
import * as tf from '@tensorflow/tfjs';
import { optimalDenoiser } from '../../diffusion/gaussianData';
import type { Schedule } from '../../diffusion/schedules';
import type { EpsilonModel } from '../models/types';

export interface GaussianModel {
  predict: EpsilonModel;
  dispose(): void;
}

export function gaussianOptimalModel(schedule: Schedule, mean: readonly number[], s2: number): GaussianModel {
  const T = schedule.T;
  const gain = new Float32Array(T + 1);
  const offset = new Float32Array((T + 1) * mean.length);
  for (let t = 1; t <= T; t++) {
    mean.forEach((m, i) => {
      const d = optimalDenoiser(schedule, t, m, s2);
      gain[t] = d.gain;
      offset[t * mean.length + i] = d.offset;
    });
  }
  const gains = tf.tensor1d(gain);
  const offsets = tf.tensor2d(offset, [T + 1, mean.length]);
  return {
    // ε̂ = gain_t · x_t − offset_t
    predict: (xt, t) =>
      tf.tidy(() => {
        const index = tf.cast(t, 'int32');
        return tf.sub(tf.mul(xt, tf.expandDims(tf.gather(gains, index), 1)), tf.gather(offsets, index));
      }),
    dispose: () => tf.dispose([gains, offsets]),
  };
}
