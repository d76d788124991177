import { describe, expect, it } from 'vitest';
import { DEFAULT_DIGITS, digitsFromParams, patchDigits } from './digitsState';

const read = (query: string) => {
  const problems: string[] = [];
  const digits = digitsFromParams(new URLSearchParams(query), (name, why) => problems.push(`${name}: ${why}`));
  return { digits, problems };
};

describe('the digits lab state', () => {
  it('reads a full URL', () => {
    const { digits, problems } = read('digits.model=tiny&digits.sampler=ddpm&digits.steps=1000&digits.var=beta&digits.frame=10&digits.digit=7&digits.lr=0.001');
    expect(problems).toEqual([]);
    expect(digits).toMatchObject({ preset: 'tiny', sampler: { kind: 'ddpm', steps: 1000, variance: 'beta' }, frame: 10, digit: 7, learningRate: 0.001 });
  });

  it('ignores and reports what the controls would refuse', () => {
    const { digits, problems } = read('digits.model=huge&digits.steps=5000&digits.batch=1e9&digits.lr=-1&digits.frame=30&digits.digit=1.5');
    expect(digits).toEqual(DEFAULT_DIGITS);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/digits.model: expected one of tiny, small, base/);
  });

  it('clamps patches, and a new sampler starts the viewer at x_0', () => {
    const d = patchDigits(DEFAULT_DIGITS, { batchSize: 1e6, frame: -3 });
    expect(d.batchSize).toBe(256);
    expect(d.frame).toBe(0);
    expect(patchDigits(d, { sampler: { kind: 'ddim', steps: 50, eta: 0 } }).frame).toBe(50);
    expect(patchDigits(d, { sampler: { kind: 'ddim', steps: 5000, eta: 0 } }).sampler.steps).toBe(1000);
  });

  it('keeps every other setting the same object when the viewer moves', () => {
    const moved = patchDigits(DEFAULT_DIGITS, { frame: 3 });
    expect(moved.frame).toBe(3);
    for (const k of Object.keys(moved) as (keyof typeof moved)[]) if (k !== 'frame') expect(moved[k]).toBe(DEFAULT_DIGITS[k]);
  });
});
