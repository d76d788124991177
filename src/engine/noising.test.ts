import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { noisingStrip, sampleEpsilon, x0FromPixels } from './noising';
import { makeSchedule, stripTimesteps } from '../diffusion/schedules';
import { pixelValue, x0Coordinates } from './pixels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function pixels(width: number, height: number, f: (x: number, y: number) => [number, number, number]): tf.PixelData {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = f(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  return { data, width, height };
}

describe('x0FromPixels', () => {
  it('scales bytes to [−1, 1] with a zero fourth channel', async () => {
    const x0 = x0FromPixels(pixels(2, 1, (x) => (x === 0 ? [0, 255, 51] : [255, 0, 0])), false);
    expect(x0.shape).toEqual([1, 2, 4]);
    const v = await x0.data();
    expect(Array.from(v)).toEqual([-1, 1, 51 / 127.5 - 1, 0, 1, -1, -1, 0].map((n) => Math.fround(n)));
    x0.dispose();
  });
  it('uses luma in all channels for greyscale', async () => {
    const x0 = x0FromPixels(pixels(1, 1, () => [255, 0, 0]), true);
    const v = await x0.data();
    const luma = 0.299 * 2 - 1;
    for (let c = 0; c < 3; c++) expect(v[c]).toBeCloseTo(luma, 5);
    x0.dispose();
  });
});

describe('x0Coordinates (plain JS, for the derivations)', () => {
  it('holds the same x_0 as the tensor, without the fourth channel, in colour and greyscale', async () => {
    const px = pixels(3, 2, (x, y) => [40 * x, 100 + 50 * y, 255 - 30 * x * y]);
    for (const grey of [false, true]) {
      const x0 = x0FromPixels(px, grey);
      const v = await x0.data();
      x0.dispose();
      const expected = Array.from(v).filter((_, i) => i % 4 !== 3);
      const got = x0Coordinates(px, grey);
      expect(got).toHaveLength(3 * 2 * 3);
      got.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 5));
      expect(got[(1 * 3 + 2) * 3 + 1]).toBe(pixelValue(px, 2, 1, 1, grey));
    }
  });
});

describe('sampleEpsilon', () => {
  it('repeats for a seed, changes with it, and is standard normal', async () => {
    const [a, b, c] = [sampleEpsilon(64, 64, 7, false), sampleEpsilon(64, 64, 7, false), sampleEpsilon(64, 64, 8, false)];
    const [va, vb, vc] = await Promise.all([a.data(), b.data(), c.data()]);
    expect(Array.from(va)).toEqual(Array.from(vb));
    expect(Array.from(va)).not.toEqual(Array.from(vc));
    const rgb = Array.from(va).filter((_, i) => i % 4 !== 3);
    const mean = rgb.reduce((s, x) => s + x, 0) / rgb.length;
    const sd = Math.sqrt(rgb.reduce((s, x) => s + (x - mean) ** 2, 0) / rgb.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(Array.from(va).filter((_, i) => i % 4 === 3).every((x) => x === 0)).toBe(true);
    tf.dispose([a, b, c]);
  });
  it('shares one draw across channels in greyscale', async () => {
    const e = sampleEpsilon(4, 4, 3, true);
    const v = await e.data();
    for (let i = 0; i < 16; i++) expect(v[i * 4]).toBe(v[i * 4 + 1]);
    e.dispose();
  });
  it('refuses seed 0, which tfjs would treat as unseeded', () => {
    expect(() => sampleEpsilon(2, 2, 0, false)).toThrow(RangeError);
  });
});

describe('noisingStrip', () => {
  it('gives x_0 at t = 0, pure noise statistics at ᾱ ≈ 0, and leaks no tensors', async () => {
    const x0 = x0FromPixels(pixels(64, 64, (x) => [x < 32 ? 0 : 255, 128, 128]), false);
    const s = makeSchedule({ kind: 'linear', T: 1000 });
    const ts = stripTimesteps(1000, 11);
    const before = tf.memory().numTensors;
    const { size, rgba } = await noisingStrip(
      x0,
      5,
      false,
      ts.map((t) => ({ a: s.sqrtAlphaBar[t], b: s.sqrtOneMinusAlphaBar[t] })),
      4,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(size).toEqual([16, 16]);
    expect(rgba).toHaveLength(11);
    // t = 0: the 4×4 average of x_0: left half black, right half white in red.
    expect(rgba[0][0]).toBe(0);
    expect(rgba[0][(16 - 1) * 4]).toBe(255);
    expect(rgba[0][3]).toBe(255);
    // t = T: ᾱ_T ≈ 4e-5, so the red channel is ~ 127.5 + 127.5 ε, clipped: both halves look alike.
    const red = (f: Uint8ClampedArray, left: boolean) => {
      const vals: number[] = [];
      for (let y = 0; y < 16; y++) for (let x = left ? 0 : 8; x < (left ? 8 : 16); x++) vals.push(f[(y * 16 + x) * 4]);
      return vals.reduce((p, q) => p + q, 0) / vals.length;
    };
    expect(Math.abs(red(rgba[10], true) - red(rgba[10], false))).toBeLessThan(40);
    expect(Math.abs(red(rgba[0], true) - red(rgba[0], false))).toBe(255);
    x0.dispose();
  });
});
