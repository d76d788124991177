import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REASON_T0, REASON_T1_POINT_MASS, runValues, stepValues, type Live, type StepValues } from './liveValues';
import { BETA_MAX, SCHEDULE_KINDS, T_MAX, T_MIN, makeSchedule } from './schedules';

const expectRel = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

const num = (l: Live): number => {
  if (!l.defined) throw new Error(`expected a value, got undefined: ${l.reason}`);
  return l.value;
};

/** Every quantity is either a finite number or undefined with a reason: never NaN or ∞. */
function wellFormed(v: StepValues): boolean {
  return Object.values(v).every((q) =>
    typeof q === 'number' ? Number.isFinite(q) : q.defined ? Number.isFinite(q.value) : q.reason.length > 20,
  );
}

// 60-digit Python `decimal` references for linear T = 1000 (see elbo.test.ts).
const C_REF = { 2: 1.21387264546302440770e-1, 10: 6.01120172806465429305e-3, 500: 1.87163792119540661326e-7, 1000: 1.69608971521756749056e-13 };
const H_UPPER_REF = { 1: -3.18623165278341862626, 2: -3.09540465276999805642, 500: -8.81648555132681936082e-1 };
const H_LOWER_REF = { 2: -3.48942403444312425390, 10: -2.75229914371188251369, 1000: -5.37073381345554709605e-1 };

describe('stepValues', () => {
  const s = makeSchedule({ kind: 'linear', T: 1000 });

  it('reads the schedule for the per-step quantities', () => {
    const v = stepValues(s, 250);
    expect(num(v.beta)).toBe(s.beta[250]);
    expect(num(v.alphaBar)).toBe(s.alphaBar[250]);
    expect(num(v.alphaBarPrev)).toBe(s.alphaBar[249]);
    expect(num(v.oneMinusAlphaBarPrev)).toBe(s.oneMinusAlphaBar[249]);
    expect(num(v.betaTilde)).toBe(s.betaTilde[250]);
    expect(num(v.posteriorCoefX0)).toBe(s.posteriorCoefX0[250]);
    expect(num(v.posteriorCoefXt)).toBe(s.posteriorCoefXt[250]);
    expectRel(num(v.sigmaBeta) ** 2, s.beta[250], 1e-15);
    expectRel(num(v.sigmaBetaTilde) ** 2, s.betaTilde[250], 1e-15);
    expectRel(num(v.invSqrtAlpha) * num(v.sqrtAlpha), 1, 1e-15);
    // ε form of μ̃_t: (1/√α_t)(x_t − β_t/√(1−ᾱ_t) ε) — the x_0 and x_t coefficients recombine to it.
    expectRel(num(v.epsilonCoef) * num(v.invSqrtAlpha), s.posteriorCoefX0[250] * s.sqrtOneMinusAlphaBar[250] / s.sqrtAlphaBar[250], 1e-12);
  });

  it('gives the constant C of L_{t−1} and the entropy bounds of the references', () => {
    for (const [t, ref] of Object.entries(C_REF)) expectRel(num(stepValues(s, +t).klConstantBeta), ref, 1e-8);
    for (const [t, ref] of Object.entries(H_UPPER_REF)) expectRel(num(stepValues(s, +t).entropyUpper), ref, 1e-13);
    for (const [t, ref] of Object.entries(H_LOWER_REF)) expectRel(num(stepValues(s, +t).entropyLower), ref, 1e-12);
  });

  it('at t = 0 leaves every per-step quantity undefined, with the reason', () => {
    const v = stepValues(s, 0);
    expect(num(v.alphaBar)).toBe(1);
    expect(num(v.oneMinusAlphaBar)).toBe(0);
    for (const key of ['beta', 'betaTilde', 'lambdaBeta', 'lambdaBetaTilde', 'posteriorCoefX0', 'sigmaBeta'] as const)
      expect(v[key]).toEqual({ defined: false, reason: REASON_T0 });
    expect(wellFormed(v)).toBe(true);
  });

  it('at t = 1 gives β̃_1 = 0 and explains the quantities a point mass leaves undefined', () => {
    const v = stepValues(s, 1);
    expect(num(v.betaTilde)).toBe(0);
    expect(num(v.sigmaBetaTilde)).toBe(0);
    expect(num(v.betaTildeOverBeta)).toBe(0);
    expect(num(v.posteriorCoefX0)).toBe(1);
    expect(num(v.posteriorCoefXt)).toBe(0);
    expectRel(num(v.lambdaBeta), 5.00050005000500050005e-1, 1e-12);
    for (const key of ['lambdaBetaTilde', 'klConstantBeta', 'entropyLower'] as const)
      expect(v[key]).toEqual({ defined: false, reason: REASON_T1_POINT_MASS });
  });

  it('rejects a t outside 0 … T', () => {
    expect(() => stepValues(s, 1001)).toThrow(RangeError);
    expect(() => stepValues(s, 2.5)).toThrow(RangeError);
  });

  it('never yields NaN or ∞ at the extremes: T = 1, T = T_MAX, t = 0, t = T, β at its cap', () => {
    expect([T_MIN, T_MAX]).toEqual([1, 10000]);
    for (const kind of SCHEDULE_KINDS)
      for (const T of [1, 2, 10, T_MAX]) {
        const sc = makeSchedule({ kind, T });
        for (const t of new Set([0, 1, 2, T - 1, T].filter((t) => t >= 0 && t <= T))) expect(wellFormed(stepValues(sc, t))).toBe(true);
      }
    // Cosine clips its last β at 0.999: α_T = 0.001, and everything stays finite.
    const cos = makeSchedule({ kind: 'cosine', T: 1000 });
    const v = stepValues(cos, 1000);
    expect(num(v.beta)).toBe(BETA_MAX);
    expectRel(num(v.invSqrtAlpha), 1 / Math.sqrt(1 - BETA_MAX), 1e-12);
    expect(wellFormed(v)).toBe(true);
  });

  it('is well formed for every kind, T and t (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEDULE_KINDS), fc.integer({ min: T_MIN, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), (kind, T, u) =>
        wellFormed(stepValues(makeSchedule({ kind, T }), Math.round(u * T))),
      ),
      { numRuns: 100 },
    );
  });
});

describe('runValues', () => {
  it('gives L_T and the entropy terms of K for linear T = 1000', () => {
    const s = makeSchedule({ kind: 'linear', T: 1000 });
    const r = runValues(s, { dims: 12288, meanSquare: 0.25 });
    expect([r.dims, r.latentDims, r.telescopedRatios, r.cancelledMarginals]).toEqual([12288, 12288000, 999, 998]);
    expectRel(r.priorMatching.bitsPerDim, 7.27867696388454189292e-6, 1e-10);
    expect(r.alphaBarT).toBe(s.alphaBar[1000]);
    // ½ log(2πe (1 − ᾱ_T)) − ½ log(2πe β_1) − ½ log(2πe), each term from its definition.
    const h = (v: number) => 0.5 * Math.log(2 * Math.PI * Math.E * v);
    expectRel(r.entropyForwardT, h(1 - s.alphaBar[1000]), 1e-14);
    expectRel(r.entropyForward1, h(1e-4), 1e-14);
    expectRel(r.entropyTermsK, h(1 - s.alphaBar[1000]) - h(1e-4) - h(1), 1e-12);
  });

  it('is finite at T = 1 and T = T_MAX for every kind', () => {
    for (const kind of SCHEDULE_KINDS)
      for (const T of [1, T_MAX]) {
        const r = runValues(makeSchedule({ kind, T }), { dims: 3, meanSquare: 0.3 });
        expect(r.cancelledMarginals).toBe(Math.max(0, T - 2));
        for (const v of [r.priorMatching.bitsPerDim, r.priorMatching.natsPerDim, r.entropyTermsK, r.entropyForwardT])
          expect(Number.isFinite(v)).toBe(true);
      }
  });
});
