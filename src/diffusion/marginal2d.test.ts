import { describe, expect, it } from 'vitest';
import { forwardMarginalGrid } from './marginal2d';

describe('forwardMarginalGrid', () => {
  it('is the standard normal density once ᾱ = 0, whatever the data', () => {
    const g = forwardMarginalGrid([5, 5, -2, 1], 0, 0.1, 8, 4);
    // Cell (row 3, column 4) has its centre at (0.5, 0.5).
    expect(g.values[3 * 8 + 4]).toBeCloseTo(Math.exp(-0.25) / (2 * Math.PI), 12);
  });

  it('is the smoothed data at ᾱ = 1 and integrates to 1 on a wide grid', () => {
    const h = 0.3;
    const g = forwardMarginalGrid([1, -1], 1, h, 200, 4);
    const cell = (8 / 200) ** 2;
    expect(g.values.reduce((a, b) => a + b, 0) * cell).toBeCloseTo(1, 6);
    // Peak at the cell nearest (1, −1): (1/2πh²)·exp(−d²/2h²) with d the centre's offset.
    const [r, c] = [124, 124]; // centre (0.98, −0.98)
    const d2 = 2 * 0.02 ** 2;
    expect(g.values[r * 200 + c]).toBeCloseTo(Math.exp(-d2 / (2 * h * h)) / (2 * Math.PI * h * h), 9);
  });

  it('mixes the points with equal weight and shrinks them by √ᾱ', () => {
    const ab = 0.25;
    const v = ab * 0.04 + 0.75;
    const g = forwardMarginalGrid([2, 0, -2, 0], ab, 0.2, 4, 2);
    // Cell (row 1, column 2) is centred at (0.5, 0.5); the points map to (±1, 0).
    const want = 0.5 * (Math.exp(-(0.25 + 0.25) / (2 * v)) + Math.exp(-(2.25 + 0.25) / (2 * v))) / (2 * Math.PI * v);
    expect(g.values[1 * 4 + 2]).toBeCloseTo(want, 12);
  });
});
