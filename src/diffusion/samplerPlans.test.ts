import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ddimPlan, ddpmPlan, spacedTimesteps, type SamplerPlan } from './samplerPlans';
import { SCHEDULE_KINDS, makeSchedule } from './schedules';

const expectRel = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

// Independent references: 50-digit Python `decimal`, straight from the definitions in
// ../shared/notes/equations.md (β_t linear from 1e-4 to 0.02, ᾱ_t = ∏(1 − β_u),
// β' = 1 − ᾱ_t/ᾱ_s, β̃' = (1 − ᾱ_s)/(1 − ᾱ_t) · β'), for linear T = 1000 with 10 steps.
const LINEAR_1000_10_STEPS: { t: number; beta: number; betaTilde: number }[] = [
  { t: 1000, beta: 8.53352359421976514042e-1, betaTilde: 8.53151943567809212254e-1 },
  { t: 900, beta: 8.20372176047649004360e-1, betaTilde: 8.19340779836378874101e-1 },
  { t: 800, beta: 7.80065283601872994090e-1, betaTilde: 7.75819888138018387558e-1 },
  { t: 700, beta: 7.30823998875079650084e-1, betaTilde: 7.16904757809675663438e-1 },
  { t: 600, beta: 6.70692233569432527673e-1, betaTilde: 6.34402324928893146527e-1 },
  { t: 500, beta: 5.97290932414445863152e-1, betaTilde: 5.21733312946861538251e-1 },
  { t: 400, beta: 5.07727755043997808215e-1, betaTilde: 3.80758013169031017675e-1 },
  { t: 300, beta: 3.98487714288729311107e-1, betaTilde: 2.25105058762754828283e-1 },
  { t: 200, beta: 2.65300806444777881321e-1, betaTilde: 8.01297790548888833051e-2 },
  { t: 100, beta: 1.02981854325039631770e-1, betaTilde: 0 },
];

const arbKind = fc.constantFrom(...SCHEDULE_KINDS);

/** Every coefficient array of a plan (the per-step numbers the engine multiplies by). */
function coefficientArrays(p: SamplerPlan): Float64Array[] {
  const common = [p.sqrtAlphaBar, p.sqrtOneMinusAlphaBar, p.sqrtAlphaBarPrev, p.sqrtOneMinusAlphaBarPrev, p.sigma];
  return p.kind === 'ddpm' ? [...common, p.beta, p.invSqrtAlpha, p.epsCoef] : [...common, p.dirCoef];
}

describe('spacedTimesteps', () => {
  it('matches hand values', () => {
    expect(spacedTimesteps(1000, 10)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(spacedTimesteps(1000, 3)).toEqual([333, 667, 1000]);
    expect(spacedTimesteps(1000, 7)).toEqual([143, 286, 429, 571, 714, 857, 1000]);
    expect(spacedTimesteps(1000, 1)).toEqual([1000]);
    // Math.round takes 3.5 up.
    expect(spacedTimesteps(7, 2)).toEqual([4, 7]);
  });

  it('keeps every timestep when steps ≥ T', () => {
    expect(spacedTimesteps(5, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(spacedTimesteps(5, 50)).toEqual([1, 2, 3, 4, 5]);
    expect(spacedTimesteps(1, 1)).toEqual([1]);
    expect(spacedTimesteps(1, 1000)).toEqual([1]);
  });

  it('rejects steps or T that are not positive integers', () => {
    for (const bad of [0, -3, 2.5, NaN, Infinity]) {
      expect(() => spacedTimesteps(1000, bad)).toThrow(RangeError);
      expect(() => spacedTimesteps(bad, 10)).toThrow(RangeError);
    }
  });

  it('is strictly increasing, ends at T, has min(steps, T) entries (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 1, max: 12000 }), (T, steps) => {
        const tau = spacedTimesteps(T, steps);
        if (tau.length !== Math.min(steps, T) || tau.at(-1) !== T || tau[0] < 1) return false;
        return tau.every((v, i) => Number.isInteger(v) && (i === 0 || v > tau[i - 1]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('DDPM plan with every step kept', () => {
  const sc = makeSchedule({ kind: 'linear', T: 1000 });
  const beta = ddpmPlan(sc, { steps: 1000, variance: 'beta' });
  const tilde = ddpmPlan(sc, { steps: 5000, variance: 'betaTilde' });

  it('visits t = T … 1 and lands on t − 1', () => {
    expect(beta.steps).toBe(1000);
    expect(tilde.steps).toBe(1000);
    for (let k = 0; k < 1000; k++) {
      expect(beta.t[k]).toBe(1000 - k);
      expect(beta.s[k]).toBe(999 - k);
    }
  });

  it('reproduces the schedule’s β_t, β̃_t and the coefficients of eq. 11', () => {
    for (let k = 0; k < 1000; k++) {
      const t = beta.t[k];
      expectRel(beta.beta[k], sc.beta[t], 1e-12);
      expectRel(beta.invSqrtAlpha[k], 1 / Math.sqrt(1 - sc.beta[t]), 1e-14);
      expectRel(beta.epsCoef[k], sc.beta[t] / Math.sqrt(1 - sc.alphaBar[t]), 1e-12);
      expect(beta.sqrtAlphaBar[k]).toBe(sc.sqrtAlphaBar[t]);
      expect(beta.sqrtOneMinusAlphaBar[k]).toBe(sc.sqrtOneMinusAlphaBar[t]);
      // σ² = β_t, except the last step of Algorithm 2 (z = 0).
      if (t > 1) expectRel(beta.sigma[k] ** 2, sc.beta[t], 1e-12);
      expectRel(tilde.sigma[k] ** 2, sc.betaTilde[t], 1e-12);
    }
    expect(beta.sigma[999]).toBe(0);
    expect(tilde.sigma[999]).toBe(0);
    // At t = 1 no cancellation: β' = β_1 = 1e-4 to the last bits.
    expectRel(beta.beta[999], 1e-4, 1e-15);
  });
});

describe('respaced DDPM plan, linear T = 1000, 10 steps', () => {
  const sc = makeSchedule({ kind: 'linear', T: 1000 });
  const beta = ddpmPlan(sc, { steps: 10, variance: 'beta' });
  const tilde = ddpmPlan(sc, { steps: 10, variance: 'betaTilde' });

  it("matches the 50-digit references for β' and β̃'", () => {
    LINEAR_1000_10_STEPS.forEach((ref, k) => {
      expect(beta.t[k]).toBe(ref.t);
      expect(beta.s[k]).toBe(ref.t - 100);
      expectRel(beta.beta[k], ref.beta, 1e-12);
      expectRel(beta.invSqrtAlpha[k], 1 / Math.sqrt(1 - ref.beta), 1e-12);
      expectRel(tilde.sigma[k] ** 2, ref.betaTilde, 1e-12);
      if (k < 9) expectRel(beta.sigma[k] ** 2, ref.beta, 1e-12);
    });
    expect(beta.sigma[9]).toBe(0);
    expect(tilde.sigma[9]).toBe(0);
  });
});

describe('DDIM plan', () => {
  const sc = makeSchedule({ kind: 'linear', T: 1000 });

  it('with η = 1 and every step kept has σ_t² = β̃_t (equations.md)', () => {
    const p = ddimPlan(sc, { steps: 1000, eta: 1 });
    for (let k = 0; k < 1000; k++) {
      const t = p.t[k];
      if (t > 1) expectRel(p.sigma[k] ** 2, sc.betaTilde[t], 1e-12);
      expectRel(p.dirCoef[k] ** 2, 1 - sc.alphaBar[t - 1] - sc.betaTilde[t], 1e-9);
    }
    expect(p.sigma[999]).toBe(0);
  });

  it('every plan knows √ᾱ_s and √(1 − ᾱ_s) where each step lands (for inpainting)', () => {
    for (const p of [ddpmPlan(sc, { steps: 7, variance: 'beta' }), ddimPlan(sc, { steps: 1000, eta: 0.3 })]) {
      for (let k = 0; k < p.steps; k++) {
        expect(p.sqrtAlphaBarPrev[k]).toBe(sc.sqrtAlphaBar[p.s[k]]);
        expect(p.sqrtOneMinusAlphaBarPrev[k]).toBe(sc.sqrtOneMinusAlphaBar[p.s[k]]);
      }
      expect([p.sqrtAlphaBarPrev[p.steps - 1], p.sqrtOneMinusAlphaBarPrev[p.steps - 1]]).toEqual([1, 0]);
    }
  });

  it('with η = 0 adds no noise and moves along ε̂ by √(1 − ᾱ_s)', () => {
    for (const steps of [1, 10, 1000]) {
      const p = ddimPlan(sc, { steps, eta: 0 });
      for (let k = 0; k < p.steps; k++) {
        const s = p.s[k];
        expect(p.sigma[k]).toBe(0);
        expectRel(p.sqrtAlphaBarPrev[k] ** 2, sc.alphaBar[s], 1e-15);
        expect(Math.abs(p.dirCoef[k] ** 2 - sc.oneMinusAlphaBar[s])).toBeLessThanOrEqual(1e-15 * sc.oneMinusAlphaBar[s]);
      }
      expect(p.sqrtAlphaBarPrev[p.steps - 1]).toBe(1);
      expect(p.sqrtOneMinusAlphaBarPrev[p.steps - 1]).toBe(0);
      expect(p.dirCoef[p.steps - 1]).toBe(0);
    }
  });

  it('matches a 50-digit reference for η = 0.5, step 500 → 400 of 10', () => {
    const p = ddimPlan(sc, { steps: 10, eta: 0.5 });
    expect([p.t[5], p.s[5]]).toEqual([500, 400]);
    expectRel(p.sigma[5], 3.61155545764862084823e-1, 1e-12);
    expectRel(p.dirCoef[5], 8.21230921744823372244e-1, 1e-12);
  });

  it('keeps √(1 − ᾱ_s − σ²) accurate where the direct form cancels (cosine, 2 steps, η = 1)', () => {
    // Step 1000 → 500: α' = ᾱ_1000/ᾱ_500 ≈ 5e-9, so σ² agrees with 1 − ᾱ_s to 8 digits; the
    // direct 1 − ᾱ_s − σ² is off by 5e-8 (relative) in float64, the plan by 2e-15.
    const cos = makeSchedule({ kind: 'cosine', T: 1000 });
    const p = ddimPlan(cos, { steps: 2, eta: 1 });
    expect([p.t[0], p.s[0]]).toEqual([1000, 500]);
    const [aT, aS] = [cos.alphaBar[1000], cos.alphaBar[500]];
    // With η = 1: 1 − ᾱ_s − σ² = ᾱ_t (1 − ᾱ_s)² / (ᾱ_s (1 − ᾱ_t)), free of cancellation.
    expectRel(p.dirCoef[0] ** 2, (aT * (1 - aS) ** 2) / (aS * (1 - aT)), 1e-13);
  });

  it('rejects η outside [0, 1] and bad steps', () => {
    for (const eta of [-0.1, 1.01, NaN]) expect(() => ddimPlan(sc, { steps: 10, eta })).toThrow(RangeError);
    expect(() => ddimPlan(sc, { steps: 0, eta: 0 })).toThrow(RangeError);
    expect(() => ddpmPlan(sc, { steps: 2.5, variance: 'beta' })).toThrow(RangeError);
  });
});

describe('plans for every schedule kind, T and step count (property)', () => {
  const arbPlan = fc
    .record({
      kind: arbKind,
      T: fc.integer({ min: 1, max: 3000 }),
      steps: fc.integer({ min: 1, max: 3500 }),
      which: fc.constantFrom('beta', 'betaTilde', 'ddim'),
      eta: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ kind, T, steps, which, eta }) => {
      const sc = makeSchedule({ kind, T });
      const plan = which === 'ddim' ? ddimPlan(sc, { steps, eta }) : ddpmPlan(sc, { steps, variance: which });
      return { sc, plan, steps };
    });

  it('have finite coefficients, σ ≥ 0, and t strictly decreasing from T to s = 0', () => {
    fc.assert(
      fc.property(arbPlan, ({ sc, plan, steps }) => {
        const S = Math.min(steps, sc.T);
        if (plan.steps !== S || plan.T !== sc.T || plan.t.length !== S || plan.s.length !== S) return false;
        if (plan.t[0] !== sc.T || plan.s[S - 1] !== 0 || plan.sigma[S - 1] !== 0) return false;
        for (let k = 0; k < S; k++) {
          if (!(plan.s[k] < plan.t[k]) || (k < S - 1 && plan.s[k] !== plan.t[k + 1])) return false;
          if (!(plan.sigma[k] >= 0)) return false;
        }
        return coefficientArrays(plan).every((a) => a.length === S && a.every(Number.isFinite));
      }),
      { numRuns: 200 },
    );
  });

  it("DDPM: the mean (1/√α')(x − β'/√(1 − ᾱ_t) ε̂) is the respaced posterior mean μ̃(x̂_0, x_t)", () => {
    fc.assert(
      fc.property(
        arbKind,
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        (kind, T, steps, u, x, e) => {
          const sc = makeSchedule({ kind, T });
          const p = ddpmPlan(sc, { steps, variance: 'beta' });
          const k = Math.min(p.steps - 1, Math.floor(u * p.steps));
          const [t, s] = [p.t[k], p.s[k]];
          // The posterior q(x_s | x_t, x_0) of the forward process restricted to the kept steps,
          // written from ᾱ alone: β' = 1 − ᾱ_t/ᾱ_s, α' = ᾱ_t/ᾱ_s.
          const [aT, aS] = [sc.alphaBar[t], sc.alphaBar[s]];
          const alphaP = aT / aS;
          const betaP = 1 - alphaP;
          const x0 = (x - Math.sqrt(1 - aT) * e) / Math.sqrt(aT);
          const posterior = ((Math.sqrt(aS) * betaP) / (1 - aT)) * x0 + ((Math.sqrt(alphaP) * (1 - aS)) / (1 - aT)) * x;
          const mean = p.invSqrtAlpha[k] * (x - p.epsCoef[k] * e);
          // Both sides are sums of terms up to ~|x0|; the reference's own 1 − ᾱ_t/ᾱ_s cancels.
          // (The 1e-300 floor only matters for subnormal x and ε̂.)
          const scale = Math.abs(x) / Math.sqrt(alphaP) + Math.abs(p.epsCoef[k] * e) / Math.sqrt(alphaP) + Math.abs(x0);
          return Math.abs(mean - posterior) <= 1e-11 * scale + 1e-300;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("DDIM with η = 1 is respaced DDPM with σ² = β̃' on any step subsequence", () => {
    fc.assert(
      fc.property(arbKind, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 }), (kind, T, steps) => {
        const sc = makeSchedule({ kind, T });
        const ddim = ddimPlan(sc, { steps, eta: 1 });
        const ddpm = ddpmPlan(sc, { steps, variance: 'betaTilde' });
        for (let k = 0; k < ddim.steps; k++) {
          // DDIM: x_s = (√ᾱ_s/√ᾱ_t) x_t + (dirCoef − √ᾱ_s √(1 − ᾱ_t)/√ᾱ_t) ε̂ + σ z.
          const xCoef = ddim.sqrtAlphaBarPrev[k] / ddim.sqrtAlphaBar[k];
          const epsCoef = ddim.dirCoef[k] - xCoef * ddim.sqrtOneMinusAlphaBar[k];
          const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-12 * scale;
          if (!close(xCoef, ddpm.invSqrtAlpha[k], ddpm.invSqrtAlpha[k])) return false;
          // Each side of the DDIM ε̂ weight is at most xCoef·√(1 − ᾱ_t) in size.
          if (!close(epsCoef, -ddpm.invSqrtAlpha[k] * ddpm.epsCoef[k], xCoef * ddim.sqrtOneMinusAlphaBar[k])) return false;
          if (!close(ddim.sigma[k], ddpm.sigma[k], ddpm.sigma[k])) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('DDIM: σ² ≤ 1 − ᾱ_s and dirCoef² = 1 − ᾱ_s − σ² for any η', () => {
    fc.assert(
      fc.property(
        arbKind,
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (kind, T, steps, eta) => {
          const sc = makeSchedule({ kind, T });
          const p = ddimPlan(sc, { steps, eta });
          for (let k = 0; k < p.steps; k++) {
            const oneMinusS = sc.oneMinusAlphaBar[p.s[k]];
            if (p.sigma[k] ** 2 > oneMinusS * (1 + 1e-12)) return false;
            // Direct form from equations.md: 1 − ᾱ_s − η²(1 − ᾱ_s)/(1 − ᾱ_t)(1 − ᾱ_t/ᾱ_s).
            const [aT, aS] = [sc.alphaBar[p.t[k]], sc.alphaBar[p.s[k]]];
            const direct = 1 - aS - ((eta * eta * (1 - aS)) / (1 - aT)) * (1 - aT / aS);
            if (Math.abs(p.dirCoef[k] ** 2 - direct) > 1e-12) return false;
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });
});
