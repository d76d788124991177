import { describe, expect, it } from 'vitest';
import { formatExact, formatValue, texNumber } from './format';

describe('number formatting', () => {
  it('uses fixed or scientific notation by magnitude', () => {
    expect(formatValue(0.28123)).toBe('0.281');
    expect(formatValue(-2.4567)).toBe('−2.457');
    expect(formatValue(4.0358e-5)).toBe('4.036e−5');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(NaN)).toBe('undefined');
    expect(formatValue(Infinity)).toBe('∞');
  });
  it('gives six significant digits for exact values', () => {
    expect(formatExact(0.0785872428)).toBe('0.0785872');
  });
  it('writes LaTeX powers of ten', () => {
    expect(texNumber(4.0358e-5)).toBe('4.036 \\times 10^{-5}');
    expect(texNumber(0.96)).toBe('0.960');
    expect(texNumber(Infinity)).toBe('\\infty');
  });
});
