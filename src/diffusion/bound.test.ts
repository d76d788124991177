import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundTermCoefficients, boundTimesteps, reverseVariance, sumOverTimesteps } from './bound';
import { gaussianBoundTerms } from './gaussianData';
import { SCHEDULE_KINDS, makeSchedule } from './schedules';

describe('reverseVariance', () => {
  const s = makeSchedule({ kind: 'linear', T: 1000 });
  it('is β_t or β̃_t, with the decoder at t = 1 using β̃_2 in place of β̃_1 = 0', () => {
    expect(reverseVariance(s, 'beta', 500)).toBe(s.beta[500]);
    expect(reverseVariance(s, 'betaTilde', 500)).toBe(s.betaTilde[500]);
    expect(reverseVariance(s, 'beta', 1)).toBe(1e-4);
    expect(s.betaTilde[1]).toBe(0);
    expect(reverseVariance(s, 'betaTilde', 1)).toBe(s.betaTilde[2]);
  });
  it('rejects t outside 1…T and β̃ with T = 1', () => {
    expect(() => reverseVariance(s, 'beta', 0)).toThrow(RangeError);
    expect(() => reverseVariance(s, 'beta', 1001)).toThrow(RangeError);
    expect(() => reverseVariance(makeSchedule({ kind: 'linear', T: 1 }), 'betaTilde', 1)).toThrow(/T ≥ 2/);
  });
});

describe('boundTimesteps and sumOverTimesteps', () => {
  it('takes every t when there are few, else a log-spaced subset from 2 to T', () => {
    expect(boundTimesteps(6, 50)).toEqual([2, 3, 4, 5, 6]);
    expect(boundTimesteps(1, 50)).toEqual([]);
    const ts = boundTimesteps(1000, 40);
    expect(ts).toHaveLength(40);
    expect(ts[0]).toBe(2);
    expect(ts[39]).toBe(1000);
    // Denser at small t: more of them below 100 than above 500.
    expect(ts.filter((t) => t < 100).length).toBeGreaterThan(ts.filter((t) => t > 500).length);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10000 }), fc.integer({ min: 2, max: 200 }), (T, count) => {
        const u = boundTimesteps(T, count);
        expect(u[0]).toBe(2);
        expect(u[u.length - 1]).toBe(T);
        expect(u.length).toBe(Math.min(T - 1, count));
        for (let i = 1; i < u.length; i++) expect(u[i]).toBeGreaterThan(u[i - 1]);
      }),
    );
  });

  it('sums exactly with every t, and exactly for a linear f on any subset', () => {
    const all = [2, 3, 4, 5, 6];
    expect(sumOverTimesteps(all, [1, 10, 100, 1000, 10000], 6)).toBe(11111);
    // f(t) = 3t − 1 summed over t = 2…100 is 3·(5049) − 99 = 15048.
    const ts = boundTimesteps(100, 12);
    expect(sumOverTimesteps(ts, ts.map((t) => 3 * t - 1), 100)).toBeCloseTo(15048, 9);
    expect(() => sumOverTimesteps([3, 100], [1, 1], 100)).toThrow(RangeError);
  });
});

describe('boundTermCoefficients', () => {
  it.each(SCHEDULE_KINDS)('with the optimal model for Gaussian data gives the closed-form terms (%s)', (kind) => {
    const s = makeSchedule({ kind, T: 300 });
    const [m, s2, D] = [0.7, 0.3, 3];
    for (const choice of ['beta', 'betaTilde'] as const) {
      const exact = gaussianBoundTerms(s, m, s2, choice);
      // E‖ε − ε̂‖² = D · Var(ε | x_t) = D · (1 − (1 − ᾱ_t)/v_t).
      const error = (t: number) => {
        const v = s.alphaBar[t] * s2 + s.oneMinusAlphaBar[t];
        return D * (1 - s.oneMinusAlphaBar[t] / v);
      };
      for (const t of [2, 3, 10, 150, 300]) {
        const { constant, weight } = boundTermCoefficients(s, choice, t, D);
        expect(constant + weight * error(t)).toBeCloseTo(D * exact.Lt[t - 1], 9);
      }
      const decoder = boundTermCoefficients(s, choice, 1, D);
      expect(decoder.constant + decoder.weight * error(1)).toBeCloseTo(D * exact.L0, 9);
    }
  });
});
