import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomLcg, randomNormal } from 'd3';
import { gaussianEntropy, gaussianKL, priorMatching } from './elbo';
import { normalPdf } from './gaussian';
import { gaussianBoundTerms, optimalDenoiser, productOfGaussians, samplerOutputMoments } from './gaussianData';
import { ddimPlan, ddpmPlan, type SamplerPlan } from './samplerPlans';
import { SCHEDULE_KINDS, makeSchedule, scheduleFromBetas, type Schedule } from './schedules';

const expectRel = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

/** ∫ f over [a, b] by composite Simpson with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** A seeded standard-normal stream. */
const normals = (seed: number) => randomNormal.source(randomLcg(seed))(0, 1);

/**
 * E[x_0 | x_t] for data N(m, s²), written independently of the module: Gaussian conditioning in
 * precision form, 1/Var = 1/s² + ᾱ/(1 − ᾱ) and mean = Var · (m/s² + √ᾱ x_t/(1 − ᾱ)).
 */
function posteriorX0(alphaBar: number, xt: number, m: number, s2: number): { mean: number; variance: number } {
  const variance = 1 / (1 / s2 + alphaBar / (1 - alphaBar));
  return { mean: variance * (m / s2 + (Math.sqrt(alphaBar) * xt) / (1 - alphaBar)), variance };
}

const LINEAR_1000 = makeSchedule({ kind: 'linear', T: 1000 });
const [M, S2] = [0.3, 0.25];

// Independent references: 60-digit Python `decimal` for linear T = 1000 and data N(0.3, 0.25),
// from the definitions in ../shared/notes/equations.md: ᾱ_t = ∏(1 − β_u); E[ε | x_t] from
// Cov(ε, x_t)/Var(x_t); Var(x_0 | x_t) in precision form; each L_{t−1} as the KL of eq. 5.
const DENOISER_REF = {
  500: { gain: 1.02002307347706699936, offset: 8.57841943287073471769e-2, posteriorVarX0: 2.44780667613430841234e-1 },
  3: { gain: 7.57830474791929137313e-2, offset: 2.27308248082109011501e-2, posteriorVarX0: 3.59329245346784909194e-4 },
};
const BOUND_REF = {
  beta: {
    LT: 6.86131781014225058333e-6,
    L0: -3.18638160779691448354,
    total: 7.26885424078102415635e-1,
    Lt: { 2: 3.93839638362171506891e-1, 10: 7.91726610628659677182e-2, 500: 1.15084125738782299124e-4, 1000: 1.0296228234394234356e-7 },
  },
  betaTilde: {
    LT: 6.86131781014225058333e-6,
    L0: -3.07280411223948490829,
    total: 1.29571910028525927316,
    Lt: { 2: 5.99144369848930158362e-1, 10: 8.57851443316672290784e-2, 500: 1.14996433756392370945e-4, 1000: 1.0296219754204686855e-7 },
  },
} as const;

describe('optimalDenoiser', () => {
  it('matches the 60-digit references', () => {
    for (const [t, ref] of Object.entries(DENOISER_REF)) {
      const d = optimalDenoiser(LINEAR_1000, +t, M, S2);
      expectRel(d.gain, ref.gain, 1e-12);
      expectRel(d.offset, ref.offset, 1e-12);
      expectRel(d.posteriorVarX0, ref.posteriorVarX0, 1e-12);
    }
  });

  it('is E[ε | x_t] by numeric Bayes over x_0 (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCHEDULE_KINDS),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (kind, T, u, m, s, z) => {
          const sc = makeSchedule({ kind, T });
          const t = 1 + Math.floor(u * (T - 1));
          const s2 = s * s;
          const [a, b] = [Math.sqrt(sc.alphaBar[t]), Math.sqrt(1 - sc.alphaBar[t])];
          // An x_t the forward process can produce, z standard deviations out.
          const xt = a * m + Math.sqrt(sc.alphaBar[t] * s2 + 1 - sc.alphaBar[t]) * z;
          // Unnormalised p(x_0 | x_t) ∝ q(x_t | x_0) p(x_0), integrated over the narrower of the two.
          const f = (x0: number) => normalPdf(xt, a * x0, b * b) * normalPdf(x0, m, s2);
          const mean0 = posteriorX0(sc.alphaBar[t], xt, m, s2).mean;
          const w = 12 * Math.sqrt(Math.min(s2, (b * b) / (a * a)));
          const mass = simpson(f, mean0 - w, mean0 + w, 2000);
          const mean = simpson((x) => x * f(x), mean0 - w, mean0 + w, 2000) / mass;
          const variance = simpson((x) => (x - mean) ** 2 * f(x), mean0 - w, mean0 + w, 2000) / mass;
          const epsBayes = (xt - a * mean) / b;
          const d = optimalDenoiser(sc, t, m, s2);
          const eps = d.gain * xt - d.offset;
          const x0 = d.x0Gain * xt + d.x0Offset;
          // ε̂ = (x_t − √ᾱ x̂_0)/√(1 − ᾱ) magnifies the x̂_0 error by √(SNR); scale the tolerance to match.
          const tolEps = 1e-8 * (1 + Math.abs(xt) / b + (a / b) * Math.abs(mean));
          return (
            Math.abs(eps - epsBayes) <= tolEps &&
            Math.abs(x0 - mean) <= 1e-8 * (1 + Math.abs(mean)) &&
            Math.abs(d.posteriorVarX0 - variance) <= 1e-8 * variance
          );
        },
      ),
      { numRuns: 80 },
    );
  });

  it('knows x_0 exactly at t = 0, and rejects bad input', () => {
    const d = optimalDenoiser(LINEAR_1000, 0, M, S2);
    expect(d.gain).toBe(0);
    expect([d.x0Gain, d.x0Offset]).toEqual([1, 0]);
    expect(d.posteriorVarX0).toBe(0);
    expect(() => optimalDenoiser(LINEAR_1000, 1001, M, S2)).toThrow(RangeError);
    expect(() => optimalDenoiser(LINEAR_1000, 2.5, M, S2)).toThrow(RangeError);
    expect(() => optimalDenoiser(LINEAR_1000, 5, M, 0)).toThrow(RangeError);
    expect(() => optimalDenoiser(LINEAR_1000, 5, NaN, 1)).toThrow(RangeError);
  });
});

describe('productOfGaussians', () => {
  it('matches hand values and numeric normalisation of p·r', () => {
    // Precisions 1 + 1/3 = 4/3; mean (1·3 + 3·1)/4.
    const p = productOfGaussians(1, 1, 3, 3);
    expectRel(p.variance, 0.75, 1e-15);
    expectRel(p.mean, 1.5, 1e-15);
    const [m, s2, c, rho2] = [-0.4, 0.7, 1.1, 0.2];
    const f = (x: number) => normalPdf(x, m, s2) * normalPdf(x, c, rho2);
    const mass = simpson(f, -10, 10, 20000);
    const mean = simpson((x) => x * f(x), -10, 10, 20000) / mass;
    const variance = simpson((x) => (x - mean) ** 2 * f(x), -10, 10, 20000) / mass;
    const q = productOfGaussians(m, s2, c, rho2);
    expectRel(q.mean, mean, 1e-10);
    expectRel(q.variance, variance, 1e-10);
  });
});

/** v_t = Var(x_t) = ᾱ_t s² + 1 − ᾱ_t. (q(x_T) = N(√ᾱ_T m, v_T), while every sampler starts from N(0, 1).) */
const vAt = (sc: Schedule, t: number, s2: number) => sc.alphaBar[t] * s2 + sc.oneMinusAlphaBar[t];

describe('samplerOutputMoments: DDPM', () => {
  it('has mean m (1 − ᾱ_T s²/v_T) exactly, for any steps and either σ² (property)', () => {
    // Respaced DDPM's mean step is E[x_s | x_t] of the forward process on the kept steps, which is
    // Markov, so by the tower property the chain's mean map is x_T ↦ E[x_0 | x_T], and
    // E[x_0 | x_T = 0] = m − (√ᾱ_T s²/v_T) √ᾱ_T m. The σ's do not enter the mean at all.
    fc.assert(
      fc.property(
        fc.constantFrom(...SCHEDULE_KINDS),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom('beta' as const, 'betaTilde' as const),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        (kind, T, steps, variance, m, s) => {
          const sc = makeSchedule({ kind, T });
          const out = samplerOutputMoments(sc, ddpmPlan(sc, { steps, variance }), m, s * s);
          const expected = m * (1 - (sc.alphaBar[T] * s * s) / vAt(sc, T, s * s));
          return Math.abs(out.mean - expected) <= 1e-12 * (1 + Math.abs(m));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('in one step from T outputs x̂_0(x_T), accurately even when ᾱ_T is tiny (cosine: ≈ 2e-9)', () => {
    // Var(E[x_0 | x_T]) over x_T ~ N(0, 1) is (√ᾱ_T s²/v_T)². Composing x_s = A x_t + B ε̂ instead
    // would subtract two terms of size 1/√ᾱ_T ≈ 2e4 to get a slope of ≈ 1e-5, losing ~9 digits.
    for (const kind of SCHEDULE_KINDS) {
      const sc = makeSchedule({ kind, T: 1000 });
      const slope = (Math.sqrt(sc.alphaBar[1000]) * S2) / vAt(sc, 1000, S2);
      for (const plan of [ddpmPlan(sc, { steps: 1, variance: 'beta' }), ddimPlan(sc, { steps: 1, eta: 0.5 })])
        expectRel(samplerOutputMoments(sc, plan, M, S2).variance, slope * slope, 1e-13);
    }
  });

  it('with the true reverse variances β̃_t + c0_t² Var(x_0 | x_t) gives N(m, s²) but for the prior', () => {
    // For Gaussian data q(x_{t−1} | x_t) is exactly N(μ̃_t(E[x_0|x_t], x_t), β̃_t + c0_t² Var(x_0|x_t)),
    // so the chain reproduces q(x_0) = N(m, s²) from q(x_T); from N(0, 1) instead, only the
    // start differs, carried by the overall slope √ᾱ_T s²/v_T of x_T ↦ E[x_0 | x_T].
    const sc = LINEAR_1000;
    const base = ddpmPlan(sc, { steps: 1000, variance: 'beta' });
    const trueSigma = Float64Array.from(base.t, (t) =>
      Math.sqrt(sc.betaTilde[t] + sc.posteriorCoefX0[t] ** 2 * posteriorX0(sc.alphaBar[t], 0, M, S2).variance),
    );
    const out = samplerOutputMoments(sc, { ...base, sigma: trueSigma }, M, S2);
    const vT = vAt(sc, 1000, S2);
    const slope = (Math.sqrt(sc.alphaBar[1000]) * S2) / vT;
    expectRel(out.variance, S2 + slope * slope * (1 - vT), 1e-11);
    expectRel(out.mean, M - slope * Math.sqrt(sc.alphaBar[1000]) * M, 1e-12);
  });

  it('with σ² = β̃ and all T steps is close to N(m, s²), short of variance by O(1/T)', () => {
    // Not exact: σ² = β̃_t leaves out c0_t² Var(x_0 | x_t) at every step (see the test above),
    // and the last step adds no noise though Var(x_0 | x_1) > 0. The gap shrinks like 1/T.
    // Measured (linear, N(0.3, 0.25)): variance −1.550% at T = 1000, −0.169% at T = 10000;
    // the mean is off only by ᾱ_T s² m/v_T ≈ 3.0e-6 (the prior mismatch).
    const out = samplerOutputMoments(LINEAR_1000, ddpmPlan(LINEAR_1000, { steps: 1000, variance: 'betaTilde' }), M, S2);
    expect(Math.abs(out.mean - M)).toBeLessThan(1e-5);
    expect(out.variance / S2 - 1).toBeCloseTo(-0.0155, 4);
    const big = makeSchedule({ kind: 'linear', T: 10000 });
    const outBig = samplerOutputMoments(big, ddpmPlan(big, { steps: 10000, variance: 'betaTilde' }), M, S2);
    expect(outBig.variance / S2 - 1).toBeCloseTo(-0.00169, 5);
    // σ² = β_t overshoots instead, by about a fifth as much.
    const outBeta = samplerOutputMoments(LINEAR_1000, ddpmPlan(LINEAR_1000, { steps: 1000, variance: 'beta' }), M, S2);
    expect(outBeta.variance / S2 - 1).toBeCloseTo(0.00301, 5);
  });
});

describe('samplerOutputMoments: DDIM with η = 0', () => {
  // One deterministic step: x_s − √ᾱ_s m = r_k (x_t − √ᾱ_t m) with
  // r_k = (√ᾱ_s √ᾱ_t s² + √(1 − ᾱ_s) √(1 − ᾱ_t)) / v_t, from x̂_0 − m = (√ᾱ_t s²/v_t)(x_t − √ᾱ_t m)
  // and ε̂ = (√(1 − ᾱ_t)/v_t)(x_t − √ᾱ_t m). By Cauchy–Schwarz r_k² ≤ v_s/v_t, so the variance
  // ratio Var/v_t never grows along the chain, and the output variance is ≤ s² · (1/v_T).
  const ratios = (sc: Schedule, plan: SamplerPlan, s2: number) =>
    Array.from(plan.t, (t, k) => {
      const s = plan.s[k];
      const cross = Math.sqrt(sc.alphaBar[s] * sc.alphaBar[t]) * s2 + Math.sqrt(sc.oneMinusAlphaBar[s] * sc.oneMinusAlphaBar[t]);
      return cross / vAt(sc, t, s2);
    });

  it('equals the product of the one-step ratios r_k written from ᾱ alone', () => {
    for (const kind of SCHEDULE_KINDS)
      for (const steps of [1, 10, 50, 1000]) {
        const sc = makeSchedule({ kind, T: 1000 });
        const plan = ddimPlan(sc, { steps, eta: 0 });
        const slope = ratios(sc, plan, S2).reduce((p, r) => p * r, 1);
        const out = samplerOutputMoments(sc, plan, M, S2);
        expectRel(out.variance, slope * slope, 1e-12);
        expect(Math.abs(out.mean - (M - slope * Math.sqrt(sc.alphaBar[1000]) * M))).toBeLessThanOrEqual(1e-14);
      }
  });

  it('is at most s²/v_T, and approaches s² as steps grow (10, 50, T)', () => {
    const vT = vAt(LINEAR_1000, 1000, S2);
    const gaps = [10, 50, 1000].map((steps) => {
      const out = samplerOutputMoments(LINEAR_1000, ddimPlan(LINEAR_1000, { steps, eta: 0 }), M, S2);
      expect(out.variance).toBeLessThanOrEqual(S2 / vT);
      return out.variance / S2 - 1;
    });
    // Measured for linear T = 1000 and N(0.3, 0.25): −45.25%, −11.11%, −0.601%.
    expect(gaps[0]).toBeCloseTo(-0.4525, 4);
    expect(gaps[1]).toBeCloseTo(-0.1111, 4);
    expect(gaps[2]).toBeCloseTo(-0.00601, 5);
    for (const kind of SCHEDULE_KINDS) {
      const sc = makeSchedule({ kind, T: 1000 });
      let last = -Infinity;
      for (const steps of [10, 50, 1000]) {
        const v = samplerOutputMoments(sc, ddimPlan(sc, { steps, eta: 0 }), -1, 2).variance;
        // For s² ≥ 1, v_T ≤ 1 and the Cauchy–Schwarz bound is s² itself.
        expect(v).toBeLessThanOrEqual(2);
        expect(v).toBeGreaterThan(last);
        last = v;
      }
      expect(last).toBeGreaterThan(2 * (1 - 0.005));
    }
  });
});

describe('samplerOutputMoments against direct simulation', () => {
  // A short hand-made schedule, so that every step is large and its effect visible.
  const sc = scheduleFromBetas('linear', Float64Array.from([0, 0.2, 0.5, 0.3]));
  const [m, s2] = [0.8, 0.3];

  it('one step T → 0 (x̂_0 of x_T) by numeric integration over x_T and Bayes over x_0', () => {
    const plan = ddimPlan(sc, { steps: 1, eta: 0 });
    const [a, b2] = [Math.sqrt(sc.alphaBar[3]), 1 - sc.alphaBar[3]];
    const x0Mean = (xT: number) => {
      const f = (x0: number) => normalPdf(xT, a * x0, b2) * normalPdf(x0, m, s2);
      return simpson((x) => x * f(x), m - 12, m + 12, 1200) / simpson(f, m - 12, m + 12, 1200);
    };
    const mean = simpson((x) => x0Mean(x) * normalPdf(x, 0, 1), -10, 10, 400);
    const second = simpson((x) => x0Mean(x) ** 2 * normalPdf(x, 0, 1), -10, 10, 400);
    const out = samplerOutputMoments(sc, plan, m, s2);
    expectRel(out.mean, mean, 1e-9);
    expectRel(out.variance, second - mean * mean, 1e-8);
  });

  it('three noisy DDPM steps with a constraint, by Monte Carlo (within 4 standard errors)', () => {
    const plan = ddpmPlan(sc, { steps: 3, variance: 'beta' });
    const constraint = { center: -0.5, variance: 0.6 };
    const z = normals(0.1234);
    const N = 200000;
    let [sum, sumSq] = [0, 0];
    for (let i = 0; i < N; i++) {
      let x = z();
      for (let k = 0; k < 3; k++) {
        const t = plan.t[k];
        const x0 = posteriorX0(sc.alphaBar[t], x, m, s2).mean;
        const eps = (x - Math.sqrt(sc.alphaBar[t]) * x0) / Math.sqrt(1 - sc.alphaBar[t]);
        const mu = plan.invSqrtAlpha[k] * (x - plan.epsCoef[k] * eps);
        const v = plan.sigma[k] ** 2;
        // Sohl-Dickstein et al. §2.5: shift the kernel's mean by σ² ∂log r/∂x at μ.
        x = mu + (v * (constraint.center - mu)) / constraint.variance + plan.sigma[k] * z();
      }
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / N;
    const variance = sumSq / N - mean * mean;
    const out = samplerOutputMoments(sc, plan, m, s2, constraint);
    expect(plan.sigma[0]).toBeGreaterThan(0.5);
    expect(Math.abs(out.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / N));
    expect(Math.abs(out.variance - variance)).toBeLessThan(4 * variance * Math.sqrt(2 / N));
  });

  it('rejects a plan made for another T', () => {
    expect(() => samplerOutputMoments(LINEAR_1000, ddpmPlan(sc, { steps: 3, variance: 'beta' }), m, s2)).toThrow(RangeError);
  });
});

describe('samplerOutputMoments with Sohl-Dickstein’s constraint r = N(c, ρ²)', () => {
  // For unit-variance data q(x_t) = N(√ᾱ_t m, 1) at every t, and as T → ∞ the constrained chain
  // with σ_t² ≈ β_t becomes, in τ = log(ᾱ/ᾱ_T) (dτ = β_t per step), the linear SDE
  //   dx = [(½ − 1 − 1/ρ²) x + √ᾱ m + c/ρ²] dτ + dW,  √ᾱ = √ᾱ_T e^{τ/2},
  // whose moments at ᾱ = 1 (transients e^{−(½ + 1/ρ²)τ} gone) are solved by hand:
  //   mean = m ρ²/(ρ² + 1) + 2c/(ρ² + 2),  variance = ρ²/(ρ² + 2).
  // This is not p·r normalised, whose mean is (m ρ² + c)/(ρ² + 1) and variance ρ²/(ρ² + 1): with the
  // same r at every noise level the recipe counts the constraint about twice, and the gap does
  // not close as T grows (it would need r_t(x_t) = E[r(x_0) | x_t] instead of r itself).
  const [m, c, rho2] = [0.5, -0.5, 0.5];
  const limit = { mean: (m * rho2) / (rho2 + 1) + (2 * c) / (rho2 + 2), variance: rho2 / (rho2 + 2) };
  const run = (T: number, variance: 'beta' | 'betaTilde') => {
    const sc = makeSchedule({ kind: 'linear', T });
    return samplerOutputMoments(sc, ddpmPlan(sc, { steps: T, variance }), m, 1, { center: c, variance: rho2 });
  };

  it('approaches the continuous-time limit like 1/T', () => {
    // Measured gaps (mean, variance) for σ² = β: T = 1000 (1.16e-3, 7.8e-4), T = 10000 (1.2e-4, 7.8e-5);
    // for σ² = β̃: T = 1000 (2.0e-3, 1.5e-4), T = 10000 (2.2e-4, 2.1e-5).
    for (const variance of ['beta', 'betaTilde'] as const) {
      const [a, b] = [run(1000, variance), run(10000, variance)];
      expect(Math.abs(a.mean - limit.mean)).toBeLessThan(2.5e-3);
      expect(Math.abs(a.variance - limit.variance)).toBeLessThan(1e-3);
      expect(Math.abs(b.mean - limit.mean)).toBeLessThan(2.5e-4);
      expect(Math.abs(b.variance - limit.variance)).toBeLessThan(1e-4);
      expect(Math.abs(b.mean - limit.mean)).toBeLessThan(Math.abs(a.mean - limit.mean) / 5);
    }
  });

  it('stays far from productOfGaussians however large T is', () => {
    const product = productOfGaussians(m, 1, c, rho2);
    expectRel(product.mean, -1 / 6, 1e-15);
    expectRel(product.variance, 1 / 3, 1e-15);
    for (const T of [1000, 10000]) {
      const out = run(T, 'beta');
      // Measured at T = 1000: mean −0.2345 vs −0.1667, variance 0.2008 vs 0.3333.
      expect(product.mean - out.mean).toBeGreaterThan(0.06);
      expect(product.variance - out.variance).toBeGreaterThan(0.13);
    }
  });

  it('leaves deterministic DDIM untouched (σ = 0 on every step)', () => {
    const plan = ddimPlan(LINEAR_1000, { steps: 50, eta: 0 });
    const free = samplerOutputMoments(LINEAR_1000, plan, m, 1);
    const constrained = samplerOutputMoments(LINEAR_1000, plan, m, 1, { center: c, variance: rho2 });
    expect(constrained).toEqual(free);
  });
});

describe('gaussianBoundTerms', () => {
  it('matches the 60-digit references for linear T = 1000, N(0.3, 0.25)', () => {
    for (const variance of ['beta', 'betaTilde'] as const) {
      const ref = BOUND_REF[variance];
      const b = gaussianBoundTerms(LINEAR_1000, M, S2, variance);
      expectRel(b.LT, ref.LT, 1e-10);
      expectRel(b.L0, ref.L0, 1e-12);
      expectRel(b.total, ref.total, 1e-11);
      for (const [t, L] of Object.entries(ref.Lt)) expectRel(b.Lt[+t - 1], L, 1e-10);
      expect(b.Lt.length).toBe(1000);
      expect(b.Lt[0]).toBeNaN();
    }
  });

  it('has L_T equal to priorMatching with mean square m² + s²', () => {
    for (const kind of SCHEDULE_KINDS)
      for (const T of [1, 10, 1000]) {
        const sc = makeSchedule({ kind, T });
        const b = gaussianBoundTerms(sc, -0.7, 1.3, 'beta');
        expectRel(b.LT, priorMatching(sc.alphaBar[T], 0.49 + 1.3).natsPerDim, 1e-12);
      }
  });

  it('is an upper bound on the data entropy ½ log(2πe s²), with every L_{t−1} ≥ 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCHEDULE_KINDS),
        fc.integer({ min: 2, max: 3000 }),
        fc.constantFrom('beta' as const, 'betaTilde' as const),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        (kind, T, variance, m, s) => {
          const b = gaussianBoundTerms(makeSchedule({ kind, T }), m, s * s, variance);
          for (let i = 1; i < T; i++) if (!(b.Lt[i] >= 0)) return false;
          return b.LT >= 0 && b.total >= gaussianEntropy(s * s);
        },
      ),
      { numRuns: 120 },
    );
    // With σ² = β the bound is tight to about 1e-3 nats at T = 1000 (β̃ leaves ≈ 0.57 nats, mostly in L_1 … L_10).
    expect(gaussianBoundTerms(LINEAR_1000, M, S2, 'beta').total - gaussianEntropy(S2)).toBeLessThan(2e-3);
  });

  it('agrees with a Monte-Carlo estimate of L_{t−1} within 3 standard errors', () => {
    const sc = LINEAR_1000;
    for (const [t, variance, seed] of [
      [10, 'beta', 0.31],
      [10, 'betaTilde', 0.47],
      [300, 'beta', 0.59],
    ] as const) {
      const z = normals(seed);
      const [aT, aPrev, beta] = [sc.alphaBar[t], sc.alphaBar[t - 1], sc.beta[t]];
      const betaTilde = ((1 - aPrev) / (1 - aT)) * beta;
      const sigma2 = variance === 'beta' ? beta : betaTilde;
      // μ̃_t(x_t, x_0) from eq. 7, written out from ᾱ.
      const muTilde = (xt: number, x0: number) => ((Math.sqrt(aPrev) * beta) / (1 - aT)) * x0 + ((Math.sqrt(1 - beta) * (1 - aPrev)) / (1 - aT)) * xt;
      const N = 20000;
      let [sum, sumSq] = [0, 0];
      for (let i = 0; i < N; i++) {
        const x0 = M + Math.sqrt(S2) * z();
        const xt = Math.sqrt(aT) * x0 + Math.sqrt(1 - aT) * z();
        const x0Hat = posteriorX0(aT, xt, M, S2).mean;
        const kl = gaussianKL(muTilde(xt, x0), betaTilde, muTilde(xt, x0Hat), sigma2);
        sum += kl;
        sumSq += kl * kl;
      }
      const mean = sum / N;
      const se = Math.sqrt((sumSq / N - mean * mean) / N);
      const closed = gaussianBoundTerms(sc, M, S2, variance).Lt[t - 1];
      expect(Math.abs(closed - mean)).toBeLessThan(3 * se);
    }
  });

  it('needs T ≥ 2 for the β̃ decoder; T = 1 with β has L_0 and L_T only', () => {
    const one = makeSchedule({ kind: 'linear', T: 1 });
    expect(() => gaussianBoundTerms(one, M, S2, 'betaTilde')).toThrow(RangeError);
    const b = gaussianBoundTerms(one, M, S2, 'beta');
    expect(b.Lt.length).toBe(1);
    expect(b.Lt[0]).toBeNaN();
    expectRel(b.total, b.LT + b.L0, 1e-15);
  });
});
