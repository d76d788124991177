import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  finalAlphaBar,
  gaussianEntropy,
  gaussianKL,
  isotropicGaussianKL,
  logSpacedIntegers,
  lossWeights,
  meanSquare,
  priorMatching,
  priorMatchingBitsByT,
  xMinusLog1p,
} from './elbo';
import { normalPdf } from './gaussian';
import { SCHEDULE_KINDS, T_MAX, makeSchedule, scheduleFromBetas } from './schedules';

const expectRel = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

// Independent references: 60-digit Python `decimal`, straight from the definitions in
// ../shared/notes/equations.md, for DDPM's linear schedule at T = 1000.
const LINEAR_1000: Record<number, { lambdaBeta: number; lambdaBetaTilde: number; ratio: number }> = {
  2: { lambdaBeta: 2.72692084278039688308e-1, lambdaBetaTilde: 5.99671512159316002059e-1, ratio: 4.54735765746352486585e-1 },
  10: { lambdaBeta: 7.37170159328201910817e-2, lambdaBetaTilde: 8.64365597541967948357e-2, ratio: 8.52845325432343739528e-1 },
  500: { lambdaBeta: 5.50343192561970922997e-3, lambdaBetaTilde: 5.50819651054945912794e-3, ratio: 9.99135000917155982816e-1 },
  1000: { lambdaBeta: 1.02044934686378743293e-2, lambdaBetaTilde: 1.02045018738000317766e-2, ratio: 9.99999176328030373790e-1 },
};

/** ∫ f over [a, b] by composite Simpson with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('xMinusLog1p', () => {
  it('matches d − log(1 + d) where that is accurate, and d²/2 for tiny d', () => {
    for (const d of [-0.9, -0.5, -1e-3, 1e-3, 0.5, 3]) expectRel(xMinusLog1p(d), d - Math.log1p(d), 1e-12);
    expectRel(xMinusLog1p(1e-9), 5e-19, 1e-8);
    expectRel(xMinusLog1p(-4.0358e-5), 4.0358e-5 ** 2 / 2 + 4.0358e-5 ** 3 / 3, 1e-9);
    // Either side of the series cut-off agree.
    expectRel(xMinusLog1p(0.99999e-4), xMinusLog1p(1.00001e-4), 1e-4);
  });
});

describe('KL of Gaussians', () => {
  it('is zero for equal Gaussians and ∞ from a point mass', () => {
    expect(gaussianKL(0.3, 2, 0.3, 2)).toBe(0);
    expect(gaussianKL(0, 0, 0, 1)).toBe(Infinity);
    expect(() => gaussianKL(0, 1, 0, 0)).toThrow(RangeError);
  });

  it('equals direct numeric integration of ∫ p log(p/q) (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (m1, s1, m2, s2) => {
          const [v1, v2] = [s1 * s1, s2 * s2];
          // Log densities written out, so that far tails do not underflow to log 0.
          const logPdf = (x: number, m: number, v: number) => -0.5 * Math.log(2 * Math.PI * v) - (x - m) ** 2 / (2 * v);
          const integrand = (x: number) => normalPdf(x, m1, v1) * (logPdf(x, m1, v1) - logPdf(x, m2, v2));
          const numeric = simpson(integrand, m1 - 14 * s1, m1 + 14 * s1, 6000);
          const closed = gaussianKL(m1, v1, m2, v2);
          return Math.abs(closed - numeric) <= 1e-7 + 1e-7 * closed;
        },
      ),
      { numRuns: 80 },
    );
  });

  it('adds up over coordinates in the isotropic form', () => {
    const mu1 = [0.5, -1, 2];
    const mu2 = [0, 0.25, 1];
    const sum = mu1.reduce((acc, m, i) => acc + gaussianKL(m, 0.3, mu2[i], 0.7), 0);
    expectRel(isotropicGaussianKL(mu1, 0.3, mu2, 0.7), sum, 1e-14);
    expect(() => isotropicGaussianKL([1], 1, [1, 2], 1)).toThrow(RangeError);
  });
});

describe('posterior q(x_{t−1} | x_t, x_0) against numeric Bayes (property)', () => {
  it('has mean μ̃_t = c₀ x_0 + c_t x_t and variance β̃_t', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        (betas, x0, z) => {
          const s = scheduleFromBetas('linear', Float64Array.from([0, ...betas]));
          const t = s.T;
          // An x_t the forward process can produce: z standard deviations from its mean.
          const xt = s.sqrtAlphaBar[t] * x0 + s.sqrtOneMinusAlphaBar[t] * z;
          // Unnormalised posterior density of x_{t−1}: q(x_t | x_{t−1}) q(x_{t−1} | x_0).
          const mPrior = Math.sqrt(s.alphaBar[t - 1]) * x0;
          const vPrior = 1 - s.alphaBar[t - 1];
          const f = (x: number) => normalPdf(xt, Math.sqrt(1 - s.beta[t]) * x, s.beta[t]) * normalPdf(x, mPrior, vPrior);
          // Locate the mass on a coarse grid over the prior, then integrate finely around it.
          const lo = mPrior - 12 * Math.sqrt(vPrior);
          const hi = mPrior + 12 * Math.sqrt(vPrior);
          let best = lo;
          for (let i = 0; i <= 20000; i++) {
            const x = lo + ((hi - lo) * i) / 20000;
            if (f(x) > f(best)) best = x;
          }
          const w = 12 * Math.sqrt(Math.min(vPrior, s.beta[t]));
          const mass = simpson(f, best - w, best + w, 4000);
          const mean = simpson((x) => x * f(x), best - w, best + w, 4000) / mass;
          const variance = simpson((x) => (x - mean) ** 2 * f(x), best - w, best + w, 4000) / mass;
          const mu = s.posteriorCoefX0[t] * x0 + s.posteriorCoefXt[t] * xt;
          return Math.abs(mean - mu) < 1e-7 && Math.abs(variance - s.betaTilde[t]) < 1e-7 * s.betaTilde[t] + 1e-12;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('loss weights λ_t', () => {
  const s = makeSchedule({ kind: 'linear', T: 1000 });
  const w = lossWeights(s);

  it('match the 60-digit references for linear T = 1000', () => {
    for (const [t, ref] of Object.entries(LINEAR_1000)) {
      expectRel(w.lambdaBeta[+t], ref.lambdaBeta, 1e-11);
      expectRel(w.lambdaBetaTilde[+t], ref.lambdaBetaTilde, 1e-11);
      expectRel(w.betaTildeOverBeta[+t], ref.ratio, 1e-11);
    }
    expectRel(w.lambdaBeta[1], 5.00050005000500050005e-1, 1e-12);
  });

  it('leave t = 0 undefined, and λ_1 with σ² = β̃ undefined because β̃_1 = 0', () => {
    expect(w.lambdaBeta[0]).toBeNaN();
    expect(w.lambdaBetaTilde[0]).toBeNaN();
    expect(w.lambdaBetaTilde[1]).toBeNaN();
    expect(w.betaTildeOverBeta[1]).toBe(0);
  });

  it('equal β_t² / (2σ_t² α_t (1 − ᾱ_t)) written out, for every kind and T (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEDULE_KINDS), fc.integer({ min: 2, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), (kind, T, u) => {
        const sc = makeSchedule({ kind, T });
        const lw = lossWeights(sc);
        const t = 2 + Math.floor(u * (T - 2));
        const general = (sigma2: number) => sc.beta[t] ** 2 / (2 * sigma2 * sc.alpha[t] * (1 - sc.alphaBar[t]));
        const okBeta = Math.abs(lw.lambdaBeta[t] - general(sc.beta[t])) <= 1e-9 * lw.lambdaBeta[t];
        const okTilde = Math.abs(lw.lambdaBetaTilde[t] - general(sc.betaTilde[t])) <= 1e-9 * lw.lambdaBetaTilde[t];
        // σ² = β̃ ≤ β always weighs a step at least as much as σ² = β.
        return okBeta && okTilde && lw.lambdaBetaTilde[t] >= lw.lambdaBeta[t] * (1 - 1e-12);
      }),
      { numRuns: 80 },
    );
  });
});

describe('prior matching L_T', () => {
  it('matches the 60-digit references for linear T = 1000 and a known x_0', () => {
    const aT = makeSchedule({ kind: 'linear', T: 1000 }).alphaBar[1000];
    // x_0 = 0 everywhere: only the variance mismatch is left.
    expectRel(priorMatching(aT, 0).bitsPerDim, 5.87478410083099605538e-10, 1e-8);
    // x_0 = ±1 everywhere (mean square 1).
    expectRel(priorMatching(aT, 1).natsPerDim, 2.01795560358820055139e-5, 1e-10);
    expectRel(priorMatching(aT, meanSquare([1, -1, 1, -1])).bitsPerDim, 2.91129454203079182729e-5, 1e-10);
    // Mean square 0.25: DDPM's "≈ 1e-5 bits/dim".
    const b = priorMatching(aT, meanSquare([0.5, -0.5])).bitsPerDim;
    expectRel(b, 7.27867696388454189292e-6, 1e-10);
    expect(b).toBeGreaterThan(1e-6);
    expect(b).toBeLessThan(1e-4);
  });

  it('is the KL of the per-coordinate Gaussians q(x_T | x_0) and N(0, 1)', () => {
    const x0 = [0.9, -0.2, 0.4, -1];
    for (const aT of [0.3, 1e-3, 0.8]) {
      const direct = x0.reduce((acc, x) => acc + gaussianKL(Math.sqrt(aT) * x, 1 - aT, 0, 1), 0) / x0.length;
      expectRel(priorMatching(aT, meanSquare(x0)).natsPerDim, direct, 1e-12);
    }
    expect(priorMatching(0, 0.7).natsPerDim).toBe(0);
    expect(() => priorMatching(1, 0)).toThrow(RangeError);
    expect(() => meanSquare([])).toThrow(RangeError);
  });

  it('finalAlphaBar agrees with the full schedule', () => {
    for (const kind of SCHEDULE_KINDS)
      for (const T of [1, 7, 1000, 4321]) expect(finalAlphaBar(kind, T)).toBe(makeSchedule({ kind, T }).alphaBar[T]);
  });

  it('is over 1 bit/dim for a single linear step and tiny from T = 10 on', () => {
    // The scaled linear ends keep Σβ_t (so ᾱ_T) roughly fixed from T = 10 up; one step cannot.
    const bits = priorMatchingBitsByT('linear', [1, 10, 100, 1000, T_MAX], 0.25);
    expect(bits[0]).toBeGreaterThan(1);
    for (const b of bits.slice(1)) expect(b).toBeLessThan(1e-4);
    // Cosine's ᾱ_T shrinks like 1/T², and so does its L_T.
    const cos = priorMatchingBitsByT('cosine', [100, 1000], 0.25);
    expectRel(cos[0] / cos[1], 100, 0.05);
  });
});

describe('helpers', () => {
  it('logSpacedIntegers spans min … max, sorted, unique, with the extras', () => {
    const v = logSpacedIntegers(1, 10000, 50, [1234, 20000]);
    expect(v[0]).toBe(1);
    expect(v.at(-1)).toBe(10000);
    expect(v).toContain(1234);
    expect(v).not.toContain(20000);
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThan(v[i - 1]);
  });

  it('gaussianEntropy is ½ log(2πe v)', () => {
    // Independent: 60-digit reference of ½ log(2πe · 0.02) (β_1000 of the linear schedule).
    expectRel(gaussianEntropy(0.02), -5.37072969509400287529e-1, 1e-14);
    expectRel(gaussianEntropy(1), 1.4189385332046727, 1e-15);
  });
});
