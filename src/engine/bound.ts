/**
 * Monte-Carlo estimate of a model's variational bound on −log p_θ(x_0) (Ho et al. 2020, eq. 5):
 * L = L_T + Σ_{t=2}^T L_{t−1} + L_0, averaged over held-out data. L_T is exact; each L_{t−1}
 * (on a subsampled set of t) and L_0 are averages over the data of one draw of x_t each. The
 * engine only measures the model's squared error ‖ε − ε_θ(x_t, t)‖²; every coefficient that
 * turns it into a term comes from src/diffusion/bound.ts in float64.
 */
import * as tf from '@tensorflow/tfjs';
import { bitsPerDim, boundTermCoefficients, boundTimesteps, discreteDecoder, sumOverTimesteps, type ReverseVariance } from '../diffusion/bound';
import { meanSquare, priorMatching } from '../diffusion/elbo';
import type { Schedule } from '../diffusion/schedules';
import type { EpsilonModel } from './models/types';

export interface BoundOptions {
  variance: ReverseVariance;
  /** About how many t in 2…T to estimate L_{t−1} at. */
  timesteps: number;
  seed: number;
  /**
   * L_0's decoder: 'gaussian' (a density, for continuous data such as 2-D points) or 'discrete'
   * (DDPM's eq. 13 for images with 256 grey levels in [−1, 1]; a probability, so L_0 ≥ 0).
   */
  decoder?: 'gaussian' | 'discrete';
  /** Called after each timestep with (done, total); may pause the work by returning a promise. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export interface BoundEstimate {
  /** Dimensions D of one data point. */
  dims: number;
  /** L_T, nats per data point (exact for the given data). */
  LT: number;
  /** The t at which L_{t−1} was estimated (2…T). */
  t: number[];
  /** L_{t−1} at those t, nats per data point, and the standard error of each estimate. */
  Lt: Float64Array;
  LtStdErr: Float64Array;
  /** L_0 = −log p_θ(x_0 | x_1), nats per data point, and its standard error. */
  L0: number;
  L0StdErr: number;
  /** L in nats per data point (the sum over t interpolated between the sampled t). */
  total: number;
  bitsPerDim: number;
}

/** Mean and standard error of constant + weight · e over the per-example squared errors e. */
function termStats(errors: Float32Array, constant: number, weight: number): [number, number] {
  const n = errors.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += errors[i];
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (errors[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(v / (n - 1)) : 0;
  return [constant + weight * mean, (Math.abs(weight) * sd) / Math.sqrt(n)];
}

/** ‖ε − ε_θ(x_t, t)‖² for every data point, with one seeded draw of ε each. */
async function squaredErrors(model: EpsilonModel, schedule: Schedule, x0: tf.Tensor, t: number, seed: number): Promise<Float32Array> {
  const e = tf.tidy(() => {
    const n = x0.shape[0];
    const epsilon = tf.randomNormal(x0.shape, 0, 1, 'float32', seed);
    const xt = tf.add(tf.mul(x0, schedule.sqrtAlphaBar[t]), tf.mul(epsilon, schedule.sqrtOneMinusAlphaBar[t]));
    const diff = tf.sub(epsilon, model(xt, tf.fill([n], t) as tf.Tensor1D));
    return tf.sum(tf.reshape(tf.square(diff), [n, -1]), 1);
  });
  const values = (await e.data()) as Float32Array;
  e.dispose();
  return values;
}

/** Φ(z), the standard normal CDF. */
const normalCdf = (z: tf.Tensor) => tf.mul(0.5, tf.add(1, tf.erf(tf.div(z, Math.SQRT2))));

/**
 * −log p_θ(x_0 | x_1) for every image with DDPM's discrete decoder (eq. 13), one seeded draw of
 * x_1 each: per pixel the log of N(μ_θ, σ_1²)'s mass on the pixel's bin, summed.
 */
async function discreteDecoderNats(model: EpsilonModel, schedule: Schedule, x0: tf.Tensor, choice: ReverseVariance, seed: number): Promise<Float32Array> {
  const { xCoef, epsCoef, sigma, halfBin } = discreteDecoder(schedule, choice);
  const nats = tf.tidy(() => {
    const n = x0.shape[0];
    const epsilon = tf.randomNormal(x0.shape, 0, 1, 'float32', seed);
    const x1 = tf.add(tf.mul(x0, schedule.sqrtAlphaBar[1]), tf.mul(epsilon, schedule.sqrtOneMinusAlphaBar[1]));
    const mu = tf.sub(tf.mul(x1, xCoef), tf.mul(model(x1, tf.fill([n], 1) as tf.Tensor1D), epsCoef));
    // The outer bins reach to ±∞: their CDF ends are 1 and 0.
    const upper = tf.where(tf.greater(x0, 1 - halfBin), tf.onesLike(x0), normalCdf(tf.div(tf.sub(tf.add(x0, halfBin), mu), sigma)));
    const lower = tf.where(tf.less(x0, -1 + halfBin), tf.zerosLike(x0), normalCdf(tf.div(tf.sub(tf.sub(x0, halfBin), mu), sigma)));
    const logP = tf.log(tf.maximum(tf.sub(upper, lower), 1e-12));
    return tf.neg(tf.sum(tf.reshape(logP, [n, -1]), 1));
  });
  const values = (await nats.data()) as Float32Array;
  nats.dispose();
  return values;
}

export async function estimateBound(
  model: EpsilonModel,
  schedule: Schedule,
  data: Float32Array,
  dataShape: readonly number[],
  opts: BoundOptions,
): Promise<BoundEstimate> {
  const dims = dataShape.reduce((a, b) => a * b, 1);
  const n = data.length / dims;
  if (!Number.isInteger(n) || n < 2) throw new RangeError('the bound needs at least two data points');
  const { T } = schedule;
  const ts = boundTimesteps(T, opts.timesteps);
  const x0 = tf.tensor(data, [n, ...dataShape]);
  try {
    const LT = dims * priorMatching(schedule.alphaBar[T], meanSquare(data)).natsPerDim;
    const Lt = new Float64Array(ts.length);
    const LtStdErr = new Float64Array(ts.length);
    const total = ts.length + 1;
    for (let i = 0; i < ts.length; i++) {
      const { constant, weight } = boundTermCoefficients(schedule, opts.variance, ts[i], dims);
      [Lt[i], LtStdErr[i]] = termStats(await squaredErrors(model, schedule, x0, ts[i], opts.seed * 7919 + ts[i]), constant, weight);
      await opts.onProgress?.(i + 1, total);
    }
    const decoderSeed = opts.seed * 7919 + 1;
    let L0: number;
    let L0StdErr: number;
    if (opts.decoder === 'discrete') [L0, L0StdErr] = termStats(await discreteDecoderNats(model, schedule, x0, opts.variance, decoderSeed), 0, 1);
    else {
      const decoder = boundTermCoefficients(schedule, opts.variance, 1, dims);
      [L0, L0StdErr] = termStats(await squaredErrors(model, schedule, x0, 1, decoderSeed), decoder.constant, decoder.weight);
    }
    await opts.onProgress?.(total, total);
    const sum = LT + sumOverTimesteps(ts, Lt, T) + L0;
    return { dims, LT, t: ts, Lt, LtStdErr, L0, L0StdErr, total: sum, bitsPerDim: bitsPerDim(sum, dims) };
  } finally {
    x0.dispose();
  }
}
