import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gunzip, MNIST_SIDE, parseMnist, toModelRange } from './mnist';

const file = readFileSync(join(__dirname, '../../public/data/mnist.bin'));

describe('the packed MNIST digits', async () => {
  const bytes = await gunzip(new Uint8Array(file));
  const mnist = parseMnist(bytes);

  it('holds all 10,000 digits of the package, a tenth of each class held out', () => {
    expect(mnist.train.count + mnist.heldOut.count).toBe(10000);
    const counts = (labels: Uint8Array) => Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    const train = counts(mnist.train.labels);
    const held = counts(mnist.heldOut.labels);
    for (let d = 0; d < 10; d++) expect(held[d] / (train[d] + held[d])).toBeCloseTo(0.1, 2);
    // The train set is interleaved by class: its first 10 digits are 0…9.
    expect([...mnist.train.labels.subarray(0, 10)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('looks like handwriting: dark paper, some ink, centred', () => {
    const size = MNIST_SIDE * MNIST_SIDE;
    let ink = 0;
    let centreInk = 0;
    for (let i = 0; i < mnist.train.pixels.length; i++) {
      const v = mnist.train.pixels[i] / 255;
      ink += v;
      const p = i % size;
      const [y, x] = [Math.floor(p / MNIST_SIDE), p % MNIST_SIDE];
      if (y >= 4 && y < 24 && x >= 4 && x < 24) centreInk += v;
    }
    expect(ink / mnist.train.pixels.length).toBeGreaterThan(0.1);
    expect(ink / mnist.train.pixels.length).toBeLessThan(0.2);
    expect(centreInk / ink).toBeGreaterThan(0.95);
  });

  it('scales to [−1, 1] for the model', () => {
    const x = toModelRange(mnist.heldOut, 3, 2);
    expect(x.length).toBe(2 * MNIST_SIDE * MNIST_SIDE);
    expect(Math.min(...x)).toBe(-1);
    expect(Math.max(...x)).toBe(1);
    expect(() => toModelRange(mnist.heldOut, mnist.heldOut.count - 1, 2)).toThrow(RangeError);
  });

  it('refuses a truncated or foreign file', () => {
    expect(() => parseMnist(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => parseMnist(new TextEncoder().encode('{"not": "digits"}'))).toThrow(/not a packed MNIST/);
  });
});
