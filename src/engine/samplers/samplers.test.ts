import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianOptimalModel } from '../testing/gaussianModel';
import { ddimPlan, ddpmPlan, type SamplerPlan } from '../../diffusion/samplerPlans';
import { productOfGaussians, samplerOutputMoments } from '../../diffusion/gaussianData';
import { makeSchedule } from '../../diffusion/schedules';
import { sample } from './run';

// Data x_0 ~ N(m, s² I) in 2-D has an optimal ε-predictor in closed form; driven by it, every
// sampler's output is Gaussian with moments that src/diffusion/gaussianData.ts computes exactly.
// These tests run the tfjs samplers on 8 000 points and compare.
const MEAN = [1, 0.5];
const S2 = 0.25;
const N = 8_000;
/** 4.5 standard errors of a sample variance, relative to the variance. */
const VARIANCE_SLACK = 4.5 * Math.sqrt(2 / N);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function moments(values: Float32Array, coord: number): { mean: number; variance: number } {
  let m = 0;
  for (let i = coord; i < values.length; i += 2) m += values[i];
  m /= values.length / 2;
  let v = 0;
  for (let i = coord; i < values.length; i += 2) v += (values[i] - m) ** 2;
  return { mean: m, variance: v / (values.length / 2 - 1) };
}

/** Sample moments within 4.5 standard errors of the exact ones (plus float32 slack). */
function expectMoments(got: { mean: number; variance: number }, want: { mean: number; variance: number }) {
  expect(Math.abs(got.mean - want.mean)).toBeLessThan(4.5 * Math.sqrt(want.variance / N) + 1e-4);
  expect(Math.abs(got.variance - want.variance)).toBeLessThan(VARIANCE_SLACK * want.variance + 1e-4);
}

describe('samplers driven by the optimal model for Gaussian data', () => {
  const schedule = makeSchedule({ kind: 'linear', T: 200 });
  const model = gaussianOptimalModel(schedule, MEAN, S2);
  const cases: [string, SamplerPlan, number][] = [
    // [name, plan, how far below or above s² the exact output variance is allowed to be]
    ['DDPM, σ² = β̃, all T steps', ddpmPlan(schedule, { steps: 200, variance: 'betaTilde' }), 0.1],
    ['DDPM, σ² = β, all T steps', ddpmPlan(schedule, { steps: 200, variance: 'beta' }), 0.05],
    ['DDPM, σ² = β, 50 respaced steps', ddpmPlan(schedule, { steps: 50, variance: 'beta' }), 0.1],
    ['DDIM η = 0, 10 steps', ddimPlan(schedule, { steps: 10, eta: 0 }), 0.5],
    ['DDIM η = 0, 50 steps', ddimPlan(schedule, { steps: 50, eta: 0 }), 0.15],
    ['DDIM η = 0, all T steps', ddimPlan(schedule, { steps: 200, eta: 0 }), 0.05],
    ['DDIM η = 1, 50 steps', ddimPlan(schedule, { steps: 50, eta: 1 }), 0.3],
  ];

  it.each(cases)('%s reproduces the exact output moments, near N(m, s²)', { timeout: 30_000 }, async (_, plan, gap) => {
    const before = tf.memory().numTensors;
    const { final } = await sample(model.predict, plan, { n: N, seed: 3, dataShape: [2] });
    expect(tf.memory().numTensors).toBe(before);
    MEAN.forEach((m, c) => {
      const exact = samplerOutputMoments(schedule, plan, m, S2);
      expectMoments(moments(final, c), exact);
      // The data's own moments: the mean closely, the variance within the sampler's known bias.
      expect(Math.abs(moments(final, c).mean - m)).toBeLessThan(0.03);
      expect(Math.abs(exact.variance / S2 - 1)).toBeLessThan(gap);
      expect(Math.abs(moments(final, c).variance / S2 - 1)).toBeLessThan(gap + VARIANCE_SLACK);
    });
  });

  it('records x_t at every visited timestep and x̂_0 at every step; a seed repeats its samples', async () => {
    const plan = ddimPlan(schedule, { steps: 20, eta: 0.5 });
    const a = await sample(model.predict, plan, { n: 64, seed: 5, dataShape: [2], record: true });
    const b = await sample(model.predict, plan, { n: 64, seed: 5, dataShape: [2] });
    const c = await sample(model.predict, plan, { n: 64, seed: 6, dataShape: [2] });
    const firstTen = await sample(model.predict, plan, { n: 64, seed: 5, dataShape: [2], record: true, recordFirst: 10 });
    expect(firstTen.final).toEqual(a.final);
    expect(firstTen.frames).toHaveLength(21 * 10 * 2);
    expect(firstTen.frames!.subarray(20 * 20)).toEqual(a.final.subarray(0, 20));
    expect(firstTen.x0Hat!.subarray(0, 20)).toEqual(a.x0Hat!.subarray(0, 20));
    expect(a.frames!.length).toBe(21 * 64 * 2);
    expect(a.x0Hat!.length).toBe(20 * 64 * 2);
    expect(a.frames!.subarray(20 * 128)).toEqual(a.final);
    expect(b.final).toEqual(a.final);
    expect(c.final).not.toEqual(a.final);
    // x̂_0 at the last step (t = 50, little noise) is close to where the sample ends.
    const lastX0 = a.x0Hat!.subarray(19 * 128);
    let d = 0;
    for (let i = 0; i < 128; i++) d = Math.max(d, Math.abs(lastX0[i] - a.final[i]));
    expect(d).toBeLessThan(0.2);
  });

  it('the perturbed kernel of Sohl-Dickstein et al. §2.5 follows its exact chain; it pulls harder than p·r', { timeout: 30_000 }, async () => {
    const plan = ddpmPlan(schedule, { steps: 200, variance: 'beta' });
    const constraint = { center: [-0.5, 1.5], variance: 0.5 };
    const { final } = await sample(model.predict, plan, { n: N, seed: 7, dataShape: [2], constraint });
    MEAN.forEach((m, c) => {
      const exact = samplerOutputMoments(schedule, plan, m, S2, { center: constraint.center[c], variance: constraint.variance });
      expectMoments(moments(final, c), exact);
      // r applied at every noise level acts more than once: narrower than the product p·r, and
      // pulled further towards r's centre.
      const product = productOfGaussians(m, S2, constraint.center[c], constraint.variance);
      expect(exact.variance).toBeLessThan(product.variance);
      expect(Math.abs(exact.mean - constraint.center[c])).toBeLessThan(Math.abs(product.mean - constraint.center[c]));
    });
  });

  it('100 sampling runs leave the tensor count unchanged', async () => {
    const plan = ddimPlan(schedule, { steps: 5, eta: 1 });
    await sample(model.predict, plan, { n: 16, seed: 1, dataShape: [2], record: true });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++)
      await sample(model.predict, plan, {
        n: 16,
        seed: i + 1,
        dataShape: [2],
        record: i % 2 === 0,
        recordFirst: i % 4 === 0 ? 5 : undefined,
        constraint: i % 3 ? undefined : { center: [0, 0], variance: 1 },
      });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('inpainting', () => {
  const schedule = makeSchedule({ kind: 'linear', T: 200 });
  const model = gaussianOptimalModel(schedule, MEAN, S2);

  it.each([
    ['DDPM σ² = β̃', ddpmPlan(schedule, { steps: 200, variance: 'betaTilde' })],
    ['DDIM η = 0, 20 steps', ddimPlan(schedule, { steps: 20, eta: 0 })],
  ])('%s keeps the known value exactly and samples the unknown one from its distribution', { timeout: 30_000 }, async (_, plan) => {
    // x known at 2.5 (far from its mean 1), y unknown: the coordinates are independent under
    // N(m, s² I) and the optimal ε̂ treats them separately, so y must come out as without inpainting.
    const before = tf.memory().numTensors;
    const { final } = await sample(model.predict, plan, {
      n: N,
      seed: 5,
      dataShape: [2],
      inpainting: { known: Float32Array.of(2.5, 123), mask: Float32Array.of(1, 0) },
    });
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < N; i++) expect(final[2 * i]).toBe(2.5);
    expectMoments(moments(final, 1), samplerOutputMoments(schedule, plan, MEAN[1], S2));
  });

  it('refuses a mask of the wrong size', async () => {
    const plan = ddimPlan(schedule, { steps: 5, eta: 0 });
    await expect(sample(model.predict, plan, { n: 2, seed: 1, dataShape: [2], inpainting: { known: new Float32Array(3), mask: new Float32Array(3) } })).rejects.toThrow(
      /2 values/,
    );
  });
});
