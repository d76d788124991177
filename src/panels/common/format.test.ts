import { describe, expect, it } from 'vitest';
import { formatExact, formatPrecise, formatValue, texNumber } from './format';

describe('number formatting', () => {
  it('uses fixed or scientific notation by magnitude', () => {
    expect(formatValue(0.28123)).toBe('0.281');
    expect(formatValue(-2.4567)).toBe('−2.457');
    expect(formatValue(4.0358e-5)).toBe('4.036e−5');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(NaN)).toBe('undefined');
    expect(formatValue(Infinity)).toBe('∞');
  });
  it('gives four significant digits where values are compared', () => {
    expect(formatPrecise(0.0234567)).toBe('0.02346');
    expect(formatPrecise(0.5)).toBe('0.5000');
    expect(formatPrecise(123.456)).toBe('123.5');
    expect(formatPrecise(5.0321e-3)).toBe('5.032e−3');
    expect(formatPrecise(5.06e-3)).toBe('5.060e−3');
    expect(formatPrecise(NaN)).toBe('undefined');
    expect(texNumber(5.0321e-3, formatPrecise)).toBe('5.032 \\times 10^{-3}');
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
