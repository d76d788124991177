import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BETA_MAX,
  SCHEDULE_KINDS,
  T_MAX,
  T_MIN,
  linearBetaRange,
  makeSchedule,
  stripTimesteps,
} from './schedules';

// Reference values computed independently with 50-digit decimal arithmetic (Python `decimal`),
// straight from the definitions in ../shared/notes/equations.md.
const LINEAR_1000 = {
  // t: [ᾱ_t, β̃_t, coef of x_0 in μ̃_t, coef of x_t in μ̃_t, SNR]
  2: [9.99780092072e-1, 5.453187661303e-5, 5.452914995103e-1, 4.547084989906e-1, 4.546357657464e3],
  10: [9.981052047858e-1, 2.381820278234e-4, 1.472737174309e-1, 8.527262261024e-1, 5.267615187774e2],
  250: [5.240853738254e-1, 5.031720867917e-3, 7.716657182272e-3, 9.918803845053e-1, 1.101217203678],
  500: [7.858724288178e-2, 1.003135541461e-2, 3.070071114265e-3, 9.941066702102e-1, 8.528994446264e-2],
  1000: [4.035829765376e-5, 1.999998352656e-2, 1.283514871722e-4, 9.899486782675e-1, 4.035992651168e-5],
} as const;

function expectRel(actual: number, expected: number, rel = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('linear schedule, T = 1000 (DDPM)', () => {
  const s = makeSchedule({ kind: 'linear', T: 1000 });

  it('runs β from 1e-4 to 0.02', () => {
    expect(s.beta[1]).toBe(1e-4);
    expectRel(s.beta[1000], 0.02, 1e-12);
    expectRel(s.beta[500], 1e-4 + (0.02 - 1e-4) * (499 / 999), 1e-12);
  });

  it.each(Object.entries(LINEAR_1000))('matches reference values at t = %s', (tStr, ref) => {
    const t = Number(tStr);
    const [alphaBar, betaTilde, coefX0, coefXt, snr] = ref;
    expectRel(s.alphaBar[t], alphaBar);
    expectRel(s.betaTilde[t], betaTilde);
    expectRel(s.posteriorCoefX0[t], coefX0);
    expectRel(s.posteriorCoefXt[t], coefXt);
    expectRel(s.snr[t], snr);
    expectRel(s.logSnr[t], Math.log(snr));
    expectRel(s.sqrtAlphaBar[t], Math.sqrt(alphaBar));
    expectRel(s.sqrtOneMinusAlphaBar[t], Math.sqrt(1 - alphaBar));
    expectRel(s.oneMinusAlphaBar[t], 1 - alphaBar);
  });

  it('matches the design notes (ᾱ_500 ≈ 0.078587, ᾱ_1000 ≈ 4.0358e-5)', () => {
    expect(s.alphaBar[500]).toBeCloseTo(0.078587, 6);
    expectRel(s.alphaBar[1000], 4.0358e-5, 1e-4);
  });

  it('has the t = 0 and t = 1 ends right', () => {
    expect(s.alphaBar[0]).toBe(1);
    expect(s.sqrtOneMinusAlphaBar[0]).toBe(0);
    expect(s.oneMinusAlphaBar[0]).toBe(0);
    // At t = 1, 1 − ᾱ_1 is β_1 exactly (no cancellation error).
    expectRel(s.oneMinusAlphaBar[1], 1e-4, 1e-12);
    expect(s.snr[0]).toBe(Infinity);
    expect(Number.isNaN(s.betaTilde[0])).toBe(true);
    // ᾱ_0 = 1, so β̃_1 = 0 and μ̃_1 = x_0 exactly.
    expect(s.betaTilde[1]).toBe(0);
    expectRel(s.posteriorCoefX0[1], 1, 1e-12);
    expect(s.posteriorCoefXt[1]).toBe(0);
  });
});

describe('cosine schedule, T = 1000 (Nichol & Dhariwal)', () => {
  const s = makeSchedule({ kind: 'cosine', T: 1000 });
  it('matches reference values', () => {
    expectRel(s.alphaBar[500], 4.938435904406e-1);
    expectRel(s.beta[1], 4.128422482197e-5, 1e-8);
    expectRel(s.beta[999], 7.499993929011e-1, 1e-8);
    expectRel(s.alphaBar[999], 2.428766907035e-6, 1e-8);
    expect(s.beta[1000]).toBe(BETA_MAX);
  });
  it('keeps more signal than linear at mid-trajectory', () => {
    const lin = makeSchedule({ kind: 'linear', T: 1000 });
    expect(s.alphaBar[500]).toBeGreaterThan(6 * lin.alphaBar[500]);
  });
});

describe('quadratic and sigmoid schedules', () => {
  it('share the linear ends', () => {
    for (const kind of ['quadratic', 'sigmoid'] as const) {
      const s = makeSchedule({ kind, T: 1000 });
      expect(s.beta[1]).toBeGreaterThanOrEqual(1e-4 * (1 - 1e-12));
      expect(s.beta[1000]).toBeLessThanOrEqual(0.02 * (1 + 1e-12));
    }
    const q = makeSchedule({ kind: 'quadratic', T: 1000 });
    expectRel(q.beta[1], 1e-4, 1e-12);
    expectRel(q.beta[1000], 0.02, 1e-12);
    // Evenly spaced in √β: the midpoint of √β_1 and √β_T at u = 1/2 (t = 500.5) lies between t = 500 and 501.
    const mid = ((Math.sqrt(1e-4) + Math.sqrt(0.02)) / 2) ** 2;
    expect(q.beta[500]).toBeLessThan(mid);
    expect(q.beta[501]).toBeGreaterThan(mid);
  });
  it('sigmoid is symmetric about the middle step', () => {
    const s = makeSchedule({ kind: 'sigmoid', T: 1001 });
    const [b1, bT] = linearBetaRange(1001);
    expectRel(s.beta[501], (b1 + bT) / 2, 1e-12);
    expectRel(s.beta[1] + s.beta[1001], s.beta[100] + s.beta[902], 1e-9);
  });
});

describe('scaling with T', () => {
  it('scales the linear ends by 1000/T and caps them', () => {
    expect(linearBetaRange(1000)).toEqual([1e-4, 0.02]);
    const [a, b] = linearBetaRange(4000);
    expectRel(a, 2.5e-5, 1e-12);
    expectRel(b, 0.005, 1e-12);
    expect(linearBetaRange(10)).toEqual([0.01, BETA_MAX]);
  });
  it('keeps ᾱ_T small from T = 10 up to T_MAX', () => {
    for (const kind of SCHEDULE_KINDS) {
      for (const T of [10, 50, 1000, T_MAX]) {
        const s = makeSchedule({ kind, T });
        expect(s.alphaBar[T]).toBeLessThan(0.01);
      }
    }
  });
});

describe('a single step (T = T_MIN = 1)', () => {
  it('is one valid step whose ᾱ_1 = 1 − β_1', () => {
    expect(T_MIN).toBe(1);
    for (const kind of SCHEDULE_KINDS) {
      const s = makeSchedule({ kind, T: 1 });
      expect(s.beta[1]).toBeGreaterThan(0);
      expect(s.beta[1]).toBeLessThanOrEqual(BETA_MAX);
      expectRel(s.alphaBar[1], 1 - s.beta[1], 1e-15);
      expect(s.betaTilde[1]).toBe(0);
    }
  });
});

describe('every schedule, any T (property)', () => {
  const kinds = fc.constantFrom(...SCHEDULE_KINDS);
  const Ts = fc.integer({ min: T_MIN, max: T_MAX });

  it('is finite, monotone and consistent', () => {
    fc.assert(
      fc.property(kinds, Ts, (kind, T) => {
        const s = makeSchedule({ kind, T });
        for (let t = 1; t <= T; t++) {
          const ok =
            s.beta[t] > 0 &&
            s.beta[t] <= BETA_MAX &&
            s.alphaBar[t] < s.alphaBar[t - 1] &&
            s.alphaBar[t] > 0 &&
            // β̃_t ≤ β_t: the posterior is never noisier than the forward step
            s.betaTilde[t] <= s.beta[t] * (1 + 1e-12) &&
            s.betaTilde[t] >= 0 &&
            Number.isFinite(s.logSnr[t]) &&
            Math.abs(s.sqrtAlphaBar[t] ** 2 + s.sqrtOneMinusAlphaBar[t] ** 2 - 1) < 1e-12 &&
            Math.abs(s.alphaBar[t] - s.alphaBar[t - 1] * s.alpha[t]) <= 1e-12 * s.alphaBar[t - 1];
          if (!ok) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it('posterior coefficients reproduce x_{t−1}’s mean: μ̃ of (x_0, x_t = √ᾱ_t x_0) is √ᾱ_{t−1} x_0', () => {
    // With ε = 0, x_t = √ᾱ_t x_0 and the posterior mean must equal √ᾱ_{t−1} x_0 (Ho et al. eq. 7
    // evaluated directly): c_0 + c_t √ᾱ_t = √ᾱ_{t−1}.
    fc.assert(
      fc.property(kinds, Ts, fc.double({ min: 0, max: 1, noNaN: true }), (kind, T, u) => {
        const s = makeSchedule({ kind, T });
        const t = 1 + Math.floor(u * (T - 1));
        const lhs = s.posteriorCoefX0[t] + s.posteriorCoefXt[t] * s.sqrtAlphaBar[t];
        return Math.abs(lhs - Math.sqrt(s.alphaBar[t - 1])) < 1e-9;
      }),
    );
  });
});

describe('stripTimesteps', () => {
  it('spans 0 … T evenly', () => {
    expect(stripTimesteps(1000, 11)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(stripTimesteps(15, 4)).toEqual([0, 5, 10, 15]);
    expect(stripTimesteps(1, 11)).toEqual([0, 1]);
    expect(stripTimesteps(5, 11)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
