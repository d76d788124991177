import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSchedule } from '../../diffusion/schedules';
import { Trainer } from '../trainer';
import { createUnet, upsample, UNET_PRESETS, unetParameters, unetSpecProblem, type UnetSpec } from './unet';
import { unetWeightShapes } from './unetSpec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A U-Net small enough for the CPU backend in a test: 12×12 images, 4 channels. */
const MICRO: UnetSpec = { kind: 'unet', side: 12, channels: 4, groups: 2 };

describe('the U-Net', () => {
  for (const [preset, spec] of Object.entries(UNET_PRESETS)) {
    it(`${preset}: maps [B, 28, 28, 1] and t to ε̂ of the same shape, with the weights its spec lists`, async () => {
      const model = createUnet(spec, 1000, 1);
      const before = tf.memory().numTensors;
      const eps = model.predict(tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 1), tf.tensor1d([1, 1000]));
      expect(eps.shape).toEqual([2, 28, 28, 1]);
      expect(model.dataShape).toEqual([28, 28, 1]);
      // Untrained, it predicts ε̂ near 0 (the output conv starts small).
      const variance = tf.tidy(() => tf.moments(eps).variance);
      expect((await variance.data())[0]).toBeLessThan(0.5);
      variance.dispose();
      eps.dispose();
      expect(tf.memory().numTensors).toBe(before + 2); // the two inputs above, not disposed
      expect(model.weights.map((w) => [w.name, w.variable.shape])).toEqual(unetWeightShapes(spec).map((w) => [w.name, w.shape]));
      expect(model.weights.reduce((n, w) => n + w.variable.size, 0)).toBe(unetParameters(spec));
      model.dispose();
    });
  }

  it('lists its parameters: tiny < small < base, base a few hundred thousand', () => {
    const [tiny, small, base] = (['tiny', 'small', 'base'] as const).map((p) => unetParameters(UNET_PRESETS[p]));
    expect(tiny).toBeLessThan(small);
    expect(small).toBeLessThan(base);
    expect(base * 4).toBeLessThan(2e6); // float32 weights stay under 2 MB
  });

  it('refuses specs it cannot build', () => {
    expect(unetSpecProblem({ ...MICRO, side: 14 })).toMatch(/multiple of 4/);
    expect(unetSpecProblem({ ...MICRO, groups: 3 })).toMatch(/divide/);
    expect(unetSpecProblem({ ...MICRO, channels: 2.5 })).toMatch(/whole number/);
    expect(() => createUnet({ ...MICRO, channels: 1000 }, 10, 1)).toThrow(RangeError);
  });

  it('upsamples by repeating each pixel 2×2', async () => {
    const x = tf.tensor4d([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]); // 2×2 pixels, 2 channels
    const y = upsample(x);
    expect(y.shape).toEqual([1, 4, 4, 2]);
    const channel0 = Array.from(await y.data()).filter((_, i) => i % 2 === 0);
    expect(channel0).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    tf.dispose([x, y]);
  });

  it('depends on t (the embedding reaches every block)', async () => {
    const model = createUnet(MICRO, 100, 3);
    // Train briefly so the time path matters, then compare ε̂ at two timesteps for one input.
    const x = tf.randomNormal([1, 12, 12, 1], 0, 1, 'float32', 5);
    const [a, b] = [1, 90].map((t) => model.predict(x, tf.tensor1d([t])));
    const diff = (await tf.max(tf.abs(tf.sub(a, b))).data())[0];
    expect(diff).toBeGreaterThan(1e-4);
    tf.dispose([x, a, b]);
    model.dispose();
  });

  it('one training step lowers the loss on a fixed batch, and training leaks no tensors', { timeout: 60_000 }, async () => {
    const schedule = makeSchedule({ kind: 'linear', T: 100 });
    // Eight fixed "images": bright squares on a dark ground, at different places.
    const data = tf.tidy(() =>
      tf.stack(
        Array.from({ length: 8 }, (_, i) =>
          tf.pad(tf.ones([4, 4, 1]), [
            [i % 8, 8 - (i % 8)],
            [(3 * i) % 8, 8 - ((3 * i) % 8)],
            [0, 0],
          ]).mul(2).sub(1),
        ),
      ),
    );
    const model = createUnet(MICRO, 100, 2);
    // batch 8 with a fixed seed: the same x_0, t and ε at step 0 whichever trainer draws them.
    const losses: number[] = [];
    for (const steps of [0, 1]) {
      const trainer = new Trainer(model, schedule, data.clone(), { learningRate: 3e-3, batchSize: 8, seed: 4 });
      trainer.run(steps);
      await trainer.readChunk();
      const probe = new Trainer(model, schedule, data.clone(), { learningRate: 0, batchSize: 8, seed: 4 });
      probe.run(1);
      losses.push((await probe.readChunk()).loss);
      probe.dispose();
      trainer.dispose();
    }
    expect(losses[1]).toBeLessThan(losses[0]);

    const trainer = new Trainer(model, schedule, data.clone(), { learningRate: 3e-3, batchSize: 8, seed: 5 });
    trainer.run(2);
    await trainer.readChunk();
    const before = tf.memory().numTensors;
    trainer.run(5);
    await trainer.readChunk();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
    data.dispose();
  });
});
