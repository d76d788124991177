import * as tf from '@tensorflow/tfjs';
import { randomLcg, randomNormal } from 'd3';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianBoundTerms } from '../diffusion/gaussianData';
import { makeSchedule } from '../diffusion/schedules';
import { estimateBound } from './bound';
import { gaussianOptimalModel } from './testing/gaussianModel';

const MEAN = [1, 0.5];
const S2 = 0.25;

function gaussianData(n: number, seed: number): Float32Array {
  const z = randomNormal.source(randomLcg(seed))(0, Math.sqrt(S2));
  return Float32Array.from({ length: 2 * n }, (_, i) => MEAN[i % 2] + z());
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('estimateBound with the optimal model for Gaussian data', () => {
  const data = gaussianData(4000, 11);
  const exactTotal = (T: number, choice: 'beta' | 'betaTilde') => {
    const s = makeSchedule({ kind: 'linear', T });
    return MEAN.reduce((sum, m) => sum + gaussianBoundTerms(s, m, S2, choice).total, 0);
  };

  it.each(['beta', 'betaTilde'] as const)('matches the closed-form bound term by term when every t is sampled (σ² = %s)', async (choice) => {
    const schedule = makeSchedule({ kind: 'linear', T: 40 });
    const model = gaussianOptimalModel(schedule, MEAN, S2);
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const est = await estimateBound(model.predict, schedule, data, [2], {
      variance: choice,
      timesteps: 100,
      seed: 3,
      onProgress: (done) => void progress.push(done),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(est.t).toEqual(Array.from({ length: 39 }, (_, i) => i + 2));
    expect(progress).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    est.t.forEach((t, i) => {
      const exact = MEAN.reduce((sum, m) => sum + gaussianBoundTerms(schedule, m, S2, choice).Lt[t - 1], 0);
      expect(Math.abs(est.Lt[i] - exact)).toBeLessThan(4 * est.LtStdErr[i] + 0.02 * Math.abs(exact) + 1e-6);
    });
    const exactL0 = MEAN.reduce((sum, m) => sum + gaussianBoundTerms(schedule, m, S2, choice).L0, 0);
    expect(Math.abs(est.L0 - exactL0)).toBeLessThan(4 * est.L0StdErr + 0.01);
    expect(Math.abs(est.total - exactTotal(40, choice))).toBeLessThan(0.05);
    expect(est.bitsPerDim).toBeCloseTo(est.total / (2 * Math.LN2), 12);
    model.dispose();
  });

  it('estimates the whole bound from 40 of 1000 timesteps', async () => {
    const schedule = makeSchedule({ kind: 'linear', T: 1000 });
    const model = gaussianOptimalModel(schedule, MEAN, S2);
    const est = await estimateBound(model.predict, schedule, data, [2], { variance: 'beta', timesteps: 40, seed: 5 });
    expect(est.t).toHaveLength(40);
    // The exact bound is just above the data's entropy log(2πe s²) (σ² = β is nearly tight).
    const exact = exactTotal(1000, 'beta');
    expect(exact - Math.log(2 * Math.PI * Math.E * S2)).toBeLessThan(0.01);
    expect(Math.abs(est.total - exact)).toBeLessThan(0.05);
    model.dispose();
  });

  it('a model that ignores x_t has a much looser bound', async () => {
    const schedule = makeSchedule({ kind: 'linear', T: 40 });
    const zero = (xt: tf.Tensor) => tf.zerosLike(xt);
    const est = await estimateBound(zero, schedule, data, [2], { variance: 'beta', timesteps: 100, seed: 3 });
    expect(est.total).toBeGreaterThan(exactTotal(40, 'beta') + 1);
  });
});

describe('estimateBound for an image with a perfect ε-predictor (the digits lab)', () => {
  /** erf by its Taylor series (|x| < 1 here): exact to double precision, independent of tfjs. */
  const erf = (x: number) => {
    let sum = 0;
    let term = x;
    for (let n = 0; n < 60; n++) {
      sum += term / (2 * n + 1);
      term *= (-x * x) / (n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  const cdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

  it.each(['beta', 'betaTilde'] as const)('gives each term its analytic value (σ² = %s)', async (choice) => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { gunzip, parseMnist, toModelRange } = await import('../data/mnist');
    const { discreteDecoder } = await import('../diffusion/bound');
    const { gaussianKL, meanSquare, priorMatching } = await import('../diffusion/elbo');
    const mnist = parseMnist(await gunzip(new Uint8Array(readFileSync(join(__dirname, '../../public/data/mnist.bin')))));
    const image = toModelRange(mnist.heldOut, 7, 1);
    const n = 4;
    const data = new Float32Array(n * 784);
    for (let i = 0; i < n; i++) data.set(image, i * 784);
    const schedule = makeSchedule({ kind: 'linear', T: 1000 });
    // Knows x_0, so it recovers ε exactly: ε̂ = (x_t − √ᾱ_t x_0) / √(1 − ᾱ_t).
    const x0 = tf.tensor4d(image, [1, 28, 28, 1]);
    const [a, b] = [schedule.sqrtAlphaBar, schedule.sqrtOneMinusAlphaBar].map((v) => tf.tensor1d(Float32Array.from(v)));
    const perfect = (xt: tf.Tensor, t: tf.Tensor1D) =>
      tf.tidy(() => {
        const at = (v: tf.Tensor) => tf.reshape(tf.gather(v, tf.cast(t, 'int32')), [-1, 1, 1, 1]);
        return tf.div(tf.sub(xt, tf.mul(x0, at(a))), at(b));
      });
    const before = tf.memory().numTensors;
    const est = await estimateBound(perfect, schedule, data, [28, 28, 1], { variance: choice, timesteps: 12, seed: 2, decoder: 'discrete' });
    expect(tf.memory().numTensors).toBe(before);
    // L_T: the prior-matching KL of the image, exactly.
    expect(est.LT).toBeCloseTo(784 * priorMatching(schedule.alphaBar[1000], meanSquare(image)).natsPerDim, 6);
    // L_{t−1}: with μ_θ = μ̃ only the variances can differ: D · KL(N(0, β̃_t) ‖ N(0, σ_t²)).
    est.t.forEach((t, i) => {
      const sigma2 = choice === 'beta' ? schedule.beta[t] : schedule.betaTilde[t];
      expect(Math.abs(est.Lt[i] - 784 * gaussianKL(0, schedule.betaTilde[t], 0, sigma2))).toBeLessThan(2e-3 * Math.max(1, est.Lt[i]));
    });
    // L_0: μ_θ(x_1, 1) = x_0 exactly, so each pixel keeps the mass of N(x_0, σ_1²) on its bin.
    const { sigma, halfBin } = discreteDecoder(schedule, choice);
    const edges = image.filter((v) => v === 1 || v === -1).length;
    const expected = -((784 - edges) * Math.log(2 * cdf(halfBin / sigma) - 1) + edges * Math.log(cdf(halfBin / sigma)));
    expect(Math.abs(est.L0 - expected)).toBeLessThan(1e-3 * expected);
    expect(est.L0).toBeGreaterThan(0);
    tf.dispose([x0, a, b]);
  });
});
