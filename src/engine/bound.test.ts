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
