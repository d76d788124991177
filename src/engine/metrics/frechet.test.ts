import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomLcg, randomNormal } from 'd3';
import { type GaussianFit, extrapolatedFrechet, fitGaussian, frechetDistance, sqrtPsd, symmetricEigen } from './frechet';

/** Row-major product of an r×k and a k×c matrix. */
function matmul(x: ArrayLike<number>, y: ArrayLike<number>, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) for (let l = 0; l < k; l++) out[i * c + j] += x[i * k + l] * y[l * c + j];
  return out;
}

function transpose(x: ArrayLike<number>, r: number, c: number): Float64Array {
  return Float64Array.from({ length: r * c }, (_, i) => x[(i % r) * c + Math.floor(i / r)]);
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

const identity = (d: number) => Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));
const diagonal = (v: number[]) => {
  const m = new Float64Array(v.length ** 2);
  v.forEach((x, i) => (m[i * (v.length + 1)] = x));
  return m;
};
const gaussian = (mean: number[], covariance: number[]): GaussianFit => ({
  mean: Float64Array.from(mean),
  covariance: Float64Array.from(covariance),
  d: mean.length,
  n: 2,
});
const trace = (m: Float64Array, d: number) => Array.from({ length: d }, (_, i) => m[i * d + i]).reduce((s, v) => s + v, 0);

/** k × d matrices A with entries in [−r, r], as AᵀA (PSD, rank ≤ k) plus ridge·I. */
const psd = (d: number, k: number, r: number, ridge: number) =>
  fc.array(fc.double({ min: -r, max: r, noNaN: true }), { minLength: k * d, maxLength: k * d }).map((a) => {
    const s = matmul(transpose(a, k, d), a, d, k, d);
    for (let i = 0; i < d; i++) s[i * d + i] += ridge;
    return s;
  });

/** A Gaussian in d dimensions with well-conditioned covariance (eigenvalues ≥ 0.1). */
const fit = (d: number) =>
  fc.record({
    mean: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: d, maxLength: d }).map((m) => Float64Array.from(m)),
    covariance: psd(d, d, 2, 0.1),
    d: fc.constant(d),
    n: fc.constant(2),
  });

describe('fitGaussian', () => {
  it('matches a hand computation', () => {
    // Rows (1, 2), (3, 6), (5, 4): mean (3, 4), deviations (−2, −2), (0, 2), (2, 0).
    const g = fitGaussian([1, 2, 3, 6, 5, 4], 3, 2);
    expect(Array.from(g.mean)).toEqual([3, 4]);
    // Σ = [[8, 4], [4, 8]] / (3 − 1).
    expect(Array.from(g.covariance)).toEqual([4, 2, 2, 4]);
    expect(g.d).toBe(2);
    expect(g.n).toBe(3);
  });

  it('is not fooled by a large offset (two-pass covariance)', () => {
    const g = fitGaussian([1e9 + 1, 1e9 - 1], 2, 1);
    expect(g.mean[0]).toBe(1e9);
    expect(g.covariance[0]).toBe(2);
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenpairs of [[2, 1], [1, 2]], eigenvalues descending', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    // First column ∝ (1, 1), second ∝ (1, −1).
    expect(Math.abs(vectors[0] * vectors[2] + vectors[1] * vectors[3])).toBeLessThan(1e-15);
    expect(Math.abs(vectors[0] - vectors[2])).toBeLessThan(1e-15);
    expect(Math.abs(vectors[1] + vectors[3])).toBeLessThan(1e-15);
    // Only the symmetric part counts: [[2, 2], [0, 2]] → [[2, 1], [1, 2]].
    expect(Array.from(symmetricEigen(Float64Array.of(2, 2, 0, 2), 2).values)).toEqual(Array.from(values));
  });

  it('reconstructs random symmetric matrices with orthonormal eigenvectors', () => {
    const symmetric = fc
      .integer({ min: 1, max: 6 })
      .chain((d) =>
        fc
          .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: d * d, maxLength: d * d })
          .map((x) => ({ d, m: Float64Array.from(x, (_, i) => (x[i] + x[(i % d) * d + Math.floor(i / d)]) / 2) })),
      );
    fc.assert(
      fc.property(symmetric, ({ d, m }) => {
        const { values, vectors } = symmetricEigen(m, d);
        const vl = Float64Array.from(vectors, (x, i) => x * values[i % d]);
        expect(maxAbsDiff(matmul(vl, transpose(vectors, d, d), d, d, d), m)).toBeLessThan(1e-10);
        expect(maxAbsDiff(matmul(transpose(vectors, d, d), vectors, d, d, d), identity(d))).toBeLessThan(1e-10);
        for (let i = 1; i < d; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
      }),
    );
  });
});

describe('sqrtPsd', () => {
  it('gives the PSD square root of random PSD matrices AᵀA, singular ones included', () => {
    const cases = fc
      .integer({ min: 1, max: 6 })
      .chain((d) => fc.integer({ min: 1, max: d + 1 }).chain((k) => psd(d, k, 3, 0).map((m) => ({ d, m }))));
    fc.assert(
      fc.property(cases, ({ d, m }) => {
        const s = sqrtPsd(m, d);
        expect(maxAbsDiff(matmul(s, s, d, d, d), m)).toBeLessThan(1e-10 * (1 + trace(m, d)));
        expect(maxAbsDiff(s, transpose(s, d, d))).toBe(0);
        // The principal root: S itself is PSD (−√ would square to the same matrix).
        const { values } = symmetricEigen(s, d);
        expect(values[d - 1]).toBeGreaterThan(-1e-6 * (1 + Math.sqrt(trace(m, d))));
      }),
    );
  });

  it('clamps negative eigenvalues from rounding to 0', () => {
    expect(Array.from(sqrtPsd(Float64Array.of(4, 0, 0, -1e-17), 2))).toEqual([2, 0, 0, 0]);
  });
});

describe('frechetDistance', () => {
  it('is 1 + 1 + 4 − 2·2 = 2 between N(0, 1) and N(1, 4)', () => {
    expect(frechetDistance(gaussian([0], [1]), gaussian([1], [4]))).toBeCloseTo(2, 14);
  });

  it('is ‖Δμ‖² + Σ (√a_i − √b_i)² for diagonal covariances', () => {
    const cases = fc.integer({ min: 1, max: 6 }).chain((d) => {
      const vec = (min: number, max: number) => fc.array(fc.double({ min, max, noNaN: true }), { minLength: d, maxLength: d });
      return fc.tuple(vec(-5, 5), vec(0, 10), vec(-5, 5), vec(0, 10));
    });
    fc.assert(
      fc.property(cases, ([ma, va, mb, vb]) => {
        const expected = ma.reduce((s, m, i) => s + (m - mb[i]) ** 2 + (Math.sqrt(va[i]) - Math.sqrt(vb[i])) ** 2, 0);
        const actual = frechetDistance(
          { ...gaussian(ma, []), covariance: diagonal(va) },
          { ...gaussian(mb, []), covariance: diagonal(vb) },
        );
        expect(Math.abs(actual - expected)).toBeLessThan(1e-9 * (1 + expected));
      }),
    );
  });

  it('is 0 between identical Gaussians', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((d) => fit(d)),
        (a) => {
          const value = frechetDistance(a, a);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  /**
   * The distance for 2×2 covariances, by tr((Σa Σb)^{1/2}) in closed form: M = Σa Σb has eigenvalues λ1, λ2 ≥ 0, so
   * tr √M = √λ1 + √λ2 = √(tr M + 2 √det M).
   */
  const closedForm2x2 = (a: GaussianFit, b: GaussianFit) => {
    const [a11, a12, a21, a22] = a.covariance;
    const [b11, b12, b21, b22] = b.covariance;
    const trAB = a11 * b11 + a12 * b21 + a21 * b12 + a22 * b22;
    const detAB = (a11 * a22 - a12 * a21) * (b11 * b22 - b12 * b21);
    const traceSqrt = Math.sqrt(trAB + 2 * Math.sqrt(detAB));
    const meanTerm = (a.mean[0] - b.mean[0]) ** 2 + (a.mean[1] - b.mean[1]) ** 2;
    return meanTerm + a11 + a22 + b11 + b22 - 2 * traceSqrt;
  };

  it('matches the 2×2 closed form for non-commuting covariances', () => {
    // Σa Σb = [[2, 3], [1, 6]] ≠ Σb Σa: tr 8, det 9, so tr √(Σa Σb) = √(8 + 2·3) = √14.
    const a = gaussian([0, 0], [2, 1, 1, 2]);
    const b = gaussian([1, 2], [1, 0, 0, 3]);
    expect(closedForm2x2(a, b)).toBeCloseTo(5 + 4 + 4 - 2 * Math.sqrt(14), 14);
    expect(frechetDistance(a, b)).toBeCloseTo(13 - 2 * Math.sqrt(14), 12);
    fc.assert(
      fc.property(fit(2), fit(2), (x, y) => {
        const expected = closedForm2x2(x, y);
        expect(Math.abs(frechetDistance(x, y) - expected)).toBeLessThan(1e-9 * (1 + expected));
      }),
    );
  });

  it('is symmetric, and scales as c² when the data scale by c', () => {
    const pairs = fc.integer({ min: 1, max: 5 }).chain((d) => fc.tuple(fit(d), fit(d)));
    fc.assert(
      fc.property(pairs, fc.double({ min: 0.1, max: 10, noNaN: true }), ([a, b], c) => {
        const ab = frechetDistance(a, b);
        const scale = 1 + trace(a.covariance, a.d) + trace(b.covariance, b.d) + ab;
        expect(Math.abs(frechetDistance(b, a) - ab)).toBeLessThan(1e-9 * scale);
        const scaled = (g: GaussianFit): GaussianFit => ({
          ...g,
          mean: g.mean.map((m) => c * m),
          covariance: g.covariance.map((s) => c * c * s),
        });
        expect(Math.abs(frechetDistance(scaled(a), scaled(b)) - c * c * ab)).toBeLessThan(1e-9 * c * c * scale);
      }),
    );
  });

  it('is ‖v‖² between fitted samples X and X + v', () => {
    const n = 200;
    const d = 16;
    const normal = randomNormal.source(randomLcg(7))(0, 1);
    const x = Float64Array.from({ length: n * d }, normal);
    const v = Float64Array.from({ length: d }, (_, j) => j / d - 0.5);
    const a = fitGaussian(x, n, d);
    const b = fitGaussian(
      x.map((value, i) => value + v[i % d]),
      n,
      d,
    );
    const expected = v.reduce((s, vj) => s + vj * vj, 0);
    expect(frechetDistance(a, b)).toBeCloseTo(expected, 9);
  });

  it('throws RangeError on bad input', () => {
    expect(() => fitGaussian([1, 2], 1, 2)).toThrow(/at least 2 rows/);
    expect(() => fitGaussian([1, 2, 3], 2, 2)).toThrow(RangeError);
    expect(() => fitGaussian([1, 2], 2, 0)).toThrow(RangeError);
    expect(() => fitGaussian([1, NaN, 3, 4], 2, 2)).toThrow(/finite/);
    expect(() => symmetricEigen(new Float64Array(3), 2)).toThrow(RangeError);
    expect(() => symmetricEigen(Float64Array.of(Infinity), 1)).toThrow(/finite/);
    expect(() => sqrtPsd(new Float64Array(5), 2)).toThrow(RangeError);
    expect(() => frechetDistance(gaussian([0], [1]), gaussian([0, 0], [1, 0, 0, 1]))).toThrow(/dimensions differ/);
    expect(() => frechetDistance(gaussian([0], [NaN]), gaussian([0], [1]))).toThrow(/finite/);
    expect(() => frechetDistance(gaussian([0, 0], [1]), gaussian([0, 0], [1]))).toThrow(RangeError);
    expect(() => frechetDistance({ ...gaussian([0], [1]), mean: Float64Array.of(0, 0) }, gaussian([0], [1]))).toThrow(/mean/);
  });
});

describe('extrapolatedFrechet', () => {
  /** n rows of d features from N(mean, diag(scales²)), seeded. */
  const rows = (n: number, d: number, mean: number, scales: number[], seed: number) => {
    const z = randomNormal.source(randomLcg(seed))(0, 1);
    return Float64Array.from({ length: n * d }, (_, i) => mean + scales[i % d] * z());
  };

  it('removes most of the small-sample bias that a plain distance carries', () => {
    const d = 16;
    const scales = Array.from({ length: d }, (_, i) => 1 + i / 4);
    const reference = fitGaussian(rows(4000, d, 0, scales, 1), 4000, d);
    const sample = rows(200, d, 0.5, scales, 2);
    const truth = d * 0.25; // same covariance: only the means differ
    const plain = frechetDistance(fitGaussian(sample, 200, d), reference);
    const extrapolated = extrapolatedFrechet(sample, 200, d, reference);
    expect(plain - truth).toBeGreaterThan(1);
    expect(Math.abs(extrapolated - truth)).toBeLessThan((plain - truth) / 3);
  });

  it('ranks a tight set of the wrong shape behind a faithful one, which a plain distance need not', () => {
    const d = 32;
    const scales = Array.from({ length: d }, () => 1);
    const reference = fitGaussian(rows(4000, d, 0, scales, 3), 4000, d);
    const faithful = rows(100, d, 0, scales, 4);
    const tight = rows(100, d, 0.3, scales.map(() => 0.55), 5);
    expect(extrapolatedFrechet(faithful, 100, d, reference)).toBeLessThan(extrapolatedFrechet(tight, 100, d, reference));
  });

  it('needs a few rows', () => {
    expect(() => extrapolatedFrechet(new Float64Array(10), 5, 2, fitGaussian(new Float64Array([0, 0, 1, 1, 2, 0]), 3, 2))).toThrow(RangeError);
  });
});
