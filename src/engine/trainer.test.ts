import * as tf from '@tensorflow/tfjs';
import { randomLcg, randomNormal } from 'd3';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchedule } from '../diffusion/schedules';
import { createMlp2d, MLP2D_DEFAULT, type Mlp2dSpec } from './models/mlp2d';
import type { Denoiser } from './models/types';
import { readWeights } from './models/weights';
import { DIVERGED_LOSS, Trainer, diverged, lossBinEdges } from './trainer';

const MEAN = [1, 0.5];
const S2 = 0.25;

function gaussianData(n: number, seed: number): tf.Tensor2D {
  const z = randomNormal.source(randomLcg(seed))(0, Math.sqrt(S2));
  return tf.tensor2d(Float32Array.from({ length: 2 * n }, (_, i) => MEAN[i % 2] + z()), [n, 2]);
}

const TINY: Mlp2dSpec = { kind: 'mlp2d', width: 16, depth: 1, timeEmbedding: 8, octaves: 2 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Trainer', () => {
  const schedule = makeSchedule({ kind: 'linear', T: 50 });

  it('learns Gaussian data down towards the Bayes-optimal loss', { timeout: 60_000 }, async () => {
    // For x_0 ~ N(m, s²) the best possible ε-prediction leaves E[Var(ε | x_t)] = ᾱ s²/(ᾱ s² + 1 − ᾱ)
    // per coordinate, averaged over t = 1…T: the floor the loss can approach but not pass.
    let optimal = 0;
    for (let t = 1; t <= 50; t++) optimal += (schedule.alphaBar[t] * S2) / (schedule.alphaBar[t] * S2 + schedule.oneMinusAlphaBar[t]);
    optimal /= 50;
    const model = createMlp2d({ ...MLP2D_DEFAULT, width: 32, depth: 1 }, 50, 1);
    const trainer = new Trainer(model, schedule, gaussianData(2000, 1), { learningRate: 1e-2, batchSize: 128, seed: 1 });
    trainer.run(10);
    const first = await trainer.readChunk();
    trainer.run(400);
    await trainer.readChunk();
    trainer.run(100);
    const last = await trainer.readChunk();
    expect(first.loss).toBeGreaterThan(optimal * 1.5);
    expect(last.loss).toBeLessThan(optimal * 1.3);
    // Loss per step is noisy; over 100 steps × 128 examples its mean cannot beat the floor by much.
    expect(last.loss).toBeGreaterThan(optimal * 0.85);
    trainer.dispose();
    model.dispose();
  });

  it('bins the last batch of a chunk by timestep', async () => {
    const model = createMlp2d(TINY, 50, 2);
    const trainer = new Trainer(model, schedule, gaussianData(100, 2), { learningRate: 1e-3, batchSize: 32, seed: 2 });
    trainer.run(1);
    const one = await trainer.readChunk();
    // With a single step, the binned losses are that step's: their mean is its loss.
    expect(one.binCounts.reduce((a, b) => a + b, 0)).toBe(32);
    expect(one.binSums.reduce((a, b) => a + b, 0) / 32).toBeCloseTo(one.loss, 5);
    trainer.run(7);
    const stats = await trainer.readChunk();
    expect(stats).toMatchObject({ steps: 7, step: 8 });
    expect(trainer.binEdges).toEqual(lossBinEdges(50));
    expect(stats.binCounts.reduce((a, b) => a + b, 0)).toBe(32);
    // 25 bins of 2 timesteps: t = 1, 2 fall in bin 0 and t = 49, 50 in bin 24.
    expect(lossBinEdges(50).slice(0, 3)).toEqual([1, 3, 5]);
    const empty = await trainer.readChunk();
    expect(empty.steps).toBe(0);
    expect(empty.binCounts.every((c) => c === 0)).toBe(true);
    trainer.dispose();
    model.dispose();
  });

  it('repeats itself exactly for the same seed', async () => {
    const weightsAfter = async (seed: number) => {
      const model = createMlp2d(TINY, 50, 3);
      const trainer = new Trainer(model, schedule, gaussianData(100, 3), { learningRate: 1e-3, batchSize: 16, seed });
      trainer.run(15);
      const w = await readWeights(model);
      trainer.dispose();
      model.dispose();
      return w;
    };
    const [a, b, c] = [await weightsAfter(4), await weightsAfter(4), await weightsAfter(5)];
    expect(b).toEqual(a);
    expect(c[0].data).not.toEqual(a[0].data);
  });

  it('1,000 training steps leave the tensor count unchanged', { timeout: 60_000 }, async () => {
    const model = createMlp2d(TINY, 50, 4);
    const trainer = new Trainer(model, schedule, gaussianData(100, 4), { learningRate: 1e-3, batchSize: 16, seed: 4 });
    trainer.run(2);
    await trainer.readChunk();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      trainer.run(10);
      await trainer.readChunk();
    }
    expect(trainer.step).toBe(1002);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
  });

  it('takes the same step in pieces, queuing one piece at a time', async () => {
    const train = async (parts: number) => {
      const model = createMlp2d(TINY, 50, 7);
      let predictions = 0;
      const counted: Denoiser = { ...model, weights: model.weights, predict: (x, t) => (predictions++, model.predict(x, t)) };
      const trainer = new Trainer(counted, schedule, gaussianData(100, 7), { learningRate: 1e-2, batchSize: 16, seed: 7 });
      const seen: number[] = [];
      for (let i = 0; i < 3; i++)
        if (parts === 1) trainer.run(1);
        else await trainer.stepInParts(parts, async () => void seen.push(predictions));
      const stats = await trainer.readChunk();
      const weights = await readWeights(model);
      trainer.dispose();
      model.dispose();
      return { stats, weights, seen };
    };
    const whole = await train(1);
    // 16 examples in 3 pieces (5, 6, 5) and in 40 (16 of one): between() is called after each
    // piece but a step's last, when that piece alone has been run.
    for (const [parts, seen] of [
      [3, [1, 2, 4, 5, 7, 8]],
      [40, Array.from({ length: 48 }, (_, i) => i + 1).filter((n) => n % 16 !== 0)],
    ] as const) {
      const pieces = await train(parts);
      expect(pieces.seen).toEqual(seen);
      expect(pieces.stats).toMatchObject({ step: 3, steps: 3 });
      expect(pieces.stats.loss).toBeCloseTo(whole.stats.loss, 5);
      expect([...pieces.stats.binCounts]).toEqual([...whole.stats.binCounts]);
      pieces.stats.binSums.forEach((sum, i) => expect(sum).toBeCloseTo(whole.stats.binSums[i], 5));
      pieces.weights.forEach((w, i) => w.data.forEach((v, j) => expect(v).toBeCloseTo(whole.weights[i].data[j], 5)));
    }
  });

  it('leaves no tensor behind when a step in pieces fails between them', async () => {
    const model = createMlp2d(TINY, 50, 8);
    const trainer = new Trainer(model, schedule, gaussianData(100, 8), { learningRate: 1e-3, batchSize: 8, seed: 8 });
    await trainer.stepInParts(2, async () => {});
    await trainer.readChunk();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await trainer.stepInParts(4, async () => {});
    await trainer.readChunk();
    expect(tf.memory().numTensors).toBe(before);
    const weights = await readWeights(model);
    await expect(trainer.stepInParts(4, async () => Promise.reject(new Error('the device is lost')))).rejects.toThrow('lost');
    // The step was not taken: no weights moved and no step was counted.
    expect(trainer.step).toBe(21);
    expect(await readWeights(model)).toEqual(weights);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
  });

  it('calls NaN, ∞ and a blown-up loss diverged, and a merely high one not', () => {
    expect([NaN, Infinity, 1e5, DIVERGED_LOSS * 1.01].map(diverged)).toEqual([true, true, true, true]);
    expect([0, 1, 50, DIVERGED_LOSS].map(diverged)).toEqual([false, false, false, false]);
  });

  it('after a divergence puts back the last weights that gave a finite loss', async () => {
    const model = createMlp2d(TINY, 50, 5);
    const trainer = new Trainer(model, schedule, gaussianData(100, 5), { learningRate: 1e-3, batchSize: 16, seed: 5 });
    trainer.run(3);
    expect(Number.isFinite((await trainer.readChunk()).loss)).toBe(true);
    const good = await readWeights(model);
    trainer.setLearningRate(1e12);
    trainer.run(5);
    expect(Number.isFinite((await trainer.readChunk()).loss)).toBe(false);
    trainer.restoreLastGood();
    expect(await readWeights(model)).toEqual(good);
    trainer.setLearningRate(1e-3);
    trainer.run(3);
    expect(Number.isFinite((await trainer.readChunk()).loss)).toBe(true);
    trainer.dispose();
    model.dispose();
  });

  it('refuses a schedule the model was not built for, and empty data', () => {
    const model = createMlp2d(TINY, 50, 6);
    expect(() => new Trainer(model, makeSchedule({ kind: 'linear', T: 60 }), gaussianData(10, 1), { learningRate: 1e-3, batchSize: 4, seed: 1 })).toThrow(/T = 50/);
    expect(() => new Trainer(model, schedule, tf.zeros([0, 2]), { learningRate: 1e-3, batchSize: 4, seed: 1 })).toThrow(/no training data/);
    model.dispose();
  });
});
