import { describe, expect, it } from 'vitest';
import { deviation, mean } from 'd3';
import { ForwardChain, closedFormSamples } from './forwardChain';
import { makeSchedule } from './schedules';

describe('forward Markov chain vs closed form', () => {
  const s = makeSchedule({ kind: 'linear', T: 1000 });
  const x0 = 0.8;
  const n = 4000;

  it.each([1, 37, 200, 500, 1000])('both match N(√ᾱ_t x_0, 1 − ᾱ_t) at t = %i', (t) => {
    const chain = new ForwardChain(s, x0, n, 7).at(t);
    const closed = closedFormSamples(s, x0, t, n, 7);
    const mu = s.sqrtAlphaBar[t] * x0;
    const sd = s.sqrtOneMinusAlphaBar[t];
    // Standard errors: mean sd/√n, standard deviation ≈ sd/√(2n); allow 4.5 of them.
    for (const xs of [chain, closed]) {
      expect(Math.abs(mean(xs)! - mu)).toBeLessThan((4.5 * sd) / Math.sqrt(n));
      expect(Math.abs(deviation(xs)! - sd)).toBeLessThan((4.5 * sd) / Math.sqrt(2 * n));
    }
  });

  it('is x_0 exactly at t = 0', () => {
    expect(Array.from(new ForwardChain(s, x0, 5, 1).at(0))).toEqual([x0, x0, x0, x0, x0]);
  });

  it('does not depend on the order of requests', () => {
    const a = new ForwardChain(s, x0, 50, 3);
    const b = new ForwardChain(s, x0, 50, 3);
    const late = a.at(700);
    a.at(10);
    expect(Array.from(b.at(10))).toEqual(Array.from(a.at(10)));
    expect(Array.from(b.at(700))).toEqual(Array.from(late));
  });

  it('gives the same states whether prepared ahead (in idle time) or on demand, and stops at T', () => {
    const ahead = new ForwardChain(s, x0, 20, 5);
    let prepared = 0;
    while (ahead.prepareNext()) prepared++;
    expect(prepared).toBe(Math.ceil(1000 / ahead.spacing));
    expect(Array.from(ahead.at(1000))).toEqual(Array.from(new ForwardChain(s, x0, 20, 5).at(1000)));
    expect(Array.from(ahead.at(333))).toEqual(Array.from(new ForwardChain(s, x0, 20, 5).at(333)));
  });

  it('keeps at most 128 states, 8 steps apart or more', () => {
    expect(new ForwardChain(s, x0, 4, 1).spacing).toBe(8);
    expect(new ForwardChain(makeSchedule({ kind: 'cosine', T: 10000 }), x0, 4, 1).spacing).toBe(79);
  });

  it('changes with the seed', () => {
    expect(new ForwardChain(s, x0, 4, 1).at(5)[0]).not.toBe(new ForwardChain(s, x0, 4, 2).at(5)[0]);
  });

  it('rejects timesteps outside 0 … T', () => {
    expect(() => new ForwardChain(s, x0, 4, 1).at(1001)).toThrow(RangeError);
    expect(() => new ForwardChain(s, x0, 4, 1).at(1.5)).toThrow(RangeError);
  });
});
