import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomLcg, randomNormal } from 'd3';
import { MMD_BANDWIDTHS, meanNearestNeighbour, mmdRbf, qualityScores, referenceScores } from './pointClouds';

/** A seeded cloud of n points from N(mean, std² I). */
function gaussianCloud(n: number, mean: [number, number], std: number, seed: number): Float32Array {
  const normal = randomNormal.source(randomLcg(seed))(0, std);
  return Float32Array.from({ length: 2 * n }, (_, i) => mean[i % 2] + normal());
}

/** The textbook MMD² V-statistic, one Math.exp per pair and bandwidth. */
function naiveMmd(a: Float32Array, b: Float32Array, bandwidths: readonly number[]): number {
  const meanKernel = (p: Float32Array, q: Float32Array, h: number) => {
    let s = 0;
    for (let i = 0; i < p.length; i += 2) {
      for (let j = 0; j < q.length; j += 2) {
        s += Math.exp(-((p[i] - q[j]) ** 2 + (p[i + 1] - q[j + 1]) ** 2) / (2 * h * h));
      }
    }
    return s / ((p.length / 2) * (q.length / 2));
  };
  const perBandwidth = bandwidths.map((h) => meanKernel(a, a, h) + meanKernel(b, b, h) - 2 * meanKernel(a, b, h));
  return perBandwidth.reduce((s, v) => s + v, 0) / bandwidths.length;
}

/** The textbook mean nearest-neighbour distance. */
function naiveNearest(from: Float32Array, to: Float32Array): number {
  let s = 0;
  for (let i = 0; i < from.length; i += 2) {
    let best = Infinity;
    for (let j = 0; j < to.length; j += 2) {
      best = Math.min(best, Math.hypot(from[i] - to[j], from[i + 1] - to[j + 1]));
    }
    s += best;
  }
  return s / (from.length / 2);
}

/** Arbitrary clouds of 1 … 25 points in the box [−r, r]². */
const cloud = (r = 2) =>
  fc
    .array(fc.tuple(fc.double({ min: -r, max: r, noNaN: true }), fc.double({ min: -r, max: r, noNaN: true })), {
      minLength: 1,
      maxLength: 25,
    })
    .map((pts) => Float32Array.from(pts.flat()));

const shift = (p: Float32Array, dx: number, dy: number) => p.map((v, i) => v + (i % 2 === 0 ? dx : dy));

describe('meanNearestNeighbour', () => {
  it('matches a hand computation, and is not symmetric', () => {
    const from = Float32Array.of(0, 0, 3, 4);
    const to = Float32Array.of(0, 1, 6, 8);
    // (0,0) → (0,1): 1; (3,4) → (0,1): √18 (vs 5 to (6,8)).
    expect(meanNearestNeighbour(from, to)).toBeCloseTo((1 + 3 * Math.SQRT2) / 2, 14);
    // (0,1) → (0,0): 1; (6,8) → (3,4): 5.
    expect(meanNearestNeighbour(to, from)).toBeCloseTo(3, 14);
  });

  it('is 0 from a cloud to itself or to a superset', () => {
    const a = Float32Array.of(0.5, -1, 2, 2, -3, 0.25);
    expect(meanNearestNeighbour(a, a)).toBe(0);
    expect(meanNearestNeighbour(a, Float32Array.of(9, 9, ...a))).toBe(0);
  });

  it('agrees with the textbook definition', () => {
    fc.assert(
      fc.property(cloud(), cloud(), (a, b) => {
        expect(meanNearestNeighbour(a, b)).toBeCloseTo(naiveNearest(a, b), 12);
      }),
    );
  });

  it('throws on empty or odd-length clouds', () => {
    expect(() => meanNearestNeighbour(new Float32Array(0), Float32Array.of(1, 2))).toThrow(RangeError);
    expect(() => meanNearestNeighbour(Float32Array.of(1, 2), new Float32Array(0))).toThrow(RangeError);
    expect(() => meanNearestNeighbour(Float32Array.of(1, 2, 3), Float32Array.of(1, 2))).toThrow(RangeError);
  });
});

describe('mmdRbf', () => {
  // a = {(0,0), (1,0)}, b = {(0,1)}: squared distances 1 within a, 1 and 2 across.
  const a = Float32Array.of(0, 0, 1, 0);
  const b = Float32Array.of(0, 1);

  it('matches hand-expanded kernel sums for one bandwidth', () => {
    // h = 1: k = exp(−d²/2). aa = (1 + 1 + 2e^{−1/2})/4, bb = 1, ab = (e^{−1/2} + e^{−1})/2.
    const h1 = (1 + Math.exp(-0.5)) / 2 + 1 - (Math.exp(-0.5) + Math.exp(-1));
    expect(mmdRbf(a, b, [1])).toBeCloseTo(h1, 13);
    // h = 0.3: k = exp(−d²/0.18).
    const h03 = (1 + Math.exp(-1 / 0.18)) / 2 + 1 - (Math.exp(-1 / 0.18) + Math.exp(-2 / 0.18));
    expect(mmdRbf(a, b, [0.3])).toBeCloseTo(h03, 13);
    // Several bandwidths average their MMD²s, whether they halve (h = 1, 0.5) or not.
    const h05 = (1 + Math.exp(-2)) / 2 + 1 - (Math.exp(-2) + Math.exp(-4));
    expect(mmdRbf(a, b, [1, 0.5])).toBeCloseTo((h1 + h05) / 2, 13);
    expect(mmdRbf(a, b, [0.3, 1])).toBeCloseTo((h1 + h03) / 2, 13);
  });

  it('evaluates each kernel to ~1e-14 across its whole range (two single points)', () => {
    // For one point each, MMD² = 2 − 2 k(d) exactly: a sweep over d probes every kernel value.
    // (Along a halving run the error of v⁶⁴ is up to 64 times that of the exp; longer runs are split.)
    for (const hs of [[1], MMD_BANDWIDTHS, [2, 1, 0.5, 0.25, 0.125, 0.0625]]) {
      for (let step = 0; step <= 2000; step++) {
        const d = Math.fround(step / 200);
        const expected = hs.reduce((s, h) => s + 2 - 2 * Math.exp(-(d * d) / (2 * h * h)), 0) / hs.length;
        expect(Math.abs(mmdRbf(Float32Array.of(0, 0), Float32Array.of(d, 0), hs) - expected)).toBeLessThan(1e-14);
      }
    }
  });

  it('uses h = 1, 1/2, 1/4, 1/8 by default', () => {
    expect(MMD_BANDWIDTHS).toEqual([1, 0.5, 0.25, 0.125]);
    expect(mmdRbf(a, b)).toBeCloseTo(naiveMmd(a, b, [1, 0.5, 0.25, 0.125]), 13);
  });

  it('agrees with the textbook V-statistic, for halving runs, runs split at 4, and others', () => {
    const sets = [MMD_BANDWIDTHS, [2, 1, 0.5, 0.25, 0.125, 0.0625], [0.7, 0.2, 0.1, 0.05], [0.5, 0.5]];
    fc.assert(
      fc.property(cloud(), cloud(), fc.constantFrom(...sets), (p, q, hs) => {
        expect(mmdRbf(p, q, hs)).toBeCloseTo(naiveMmd(p, q, hs), 11);
      }),
    );
  });

  it('is 0 between a cloud and itself, ≥ 0 and symmetric', () => {
    fc.assert(
      fc.property(cloud(), cloud(), (p, q) => {
        expect(mmdRbf(p, p)).toBeCloseTo(0, 13);
        expect(mmdRbf(p, q)).toBeGreaterThanOrEqual(0);
        expect(mmdRbf(p, q)).toBeCloseTo(mmdRbf(q, p), 13);
      }),
    );
  });

  it('throws on empty clouds and bad bandwidths', () => {
    expect(() => mmdRbf(new Float32Array(0), b)).toThrow(RangeError);
    expect(() => mmdRbf(a, b, [])).toThrow(RangeError);
    expect(() => mmdRbf(a, b, [1, 0])).toThrow(RangeError);
    expect(() => mmdRbf(a, b, [Infinity])).toThrow(RangeError);
  });
});

describe('quality scores', () => {
  it('all grow when one cloud is shifted away', () => {
    // Clouds in [−0.5, 0.5]² are at most √2 across; after a shift of 4 to 6 every cross pair is
    // farther apart than any pair before it, so each score must grow.
    const shifts = fc.tuple(
      fc.double({ min: 4, max: 6, noNaN: true }),
      fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
    );
    fc.assert(
      fc.property(cloud(0.5), cloud(0.5), shifts, (samples, data, [r, angle]) => {
        const near = qualityScores(samples, data);
        const far = qualityScores(shift(samples, r * Math.cos(angle), r * Math.sin(angle)), data);
        expect(far.nnSamplesToData).toBeGreaterThan(near.nnSamplesToData);
        expect(far.nnDataToSamples).toBeGreaterThan(near.nnDataToSamples);
        expect(far.mmd).toBeGreaterThan(near.mmd);
      }),
    );
  });

  it('grow with the shift of a copy of the data', () => {
    const data = gaussianCloud(300, [0, 0], 1, 0.25);
    const scores = [0, 0.25, 0.5, 1, 2].map((dx) => qualityScores(shift(data, dx, 0), data));
    expect(scores[0]).toEqual({ nnSamplesToData: 0, nnDataToSamples: 0, mmd: expect.closeTo(0, 13) });
    for (let k = 1; k < scores.length; k++) {
      expect(scores[k].nnSamplesToData).toBeGreaterThan(scores[k - 1].nnSamplesToData);
      expect(scores[k].nnDataToSamples).toBeGreaterThan(scores[k - 1].nnDataToSamples);
      expect(scores[k].mmd).toBeGreaterThan(scores[k - 1].mmd);
    }
  });

  it('reference scores: fresh data (floor) beat the N(0, I) prior (ceiling) on every score', () => {
    const heldOut = gaussianCloud(1000, [1.5, -0.5], 0.5, 0.1);
    const fresh = gaussianCloud(1000, [1.5, -0.5], 0.5, 0.2);
    const noise = gaussianCloud(1000, [0, 0], 1, 0.3);
    const { floor, ceiling } = referenceScores(heldOut, fresh, noise);
    expect(floor).toEqual(qualityScores(fresh, heldOut));
    expect(ceiling).toEqual(qualityScores(noise, heldOut));
    expect(floor.nnSamplesToData).toBeLessThan(ceiling.nnSamplesToData);
    expect(floor.nnDataToSamples).toBeLessThan(ceiling.nnDataToSamples);
    expect(floor.mmd).toBeLessThan(ceiling.mmd / 10);
    // The prior's samples mostly miss the data (many far from it), yet some land in it.
    expect(ceiling.nnSamplesToData).toBeGreaterThan(2 * ceiling.nnDataToSamples);
  });
});
