import { describe, expect, it } from 'vitest';
import { drawnIndices } from './LineChart';

describe('the points a line draws', () => {
  const ok = Number.isFinite;

  it('are all of them when there are at most two a pixel', () => {
    expect(drawnIndices([1, 2, 3, 4], (i) => i * 10, ok)).toEqual([0, 1, 2, 3]);
    expect(drawnIndices(new Float64Array(200), (i) => i / 2, ok)).toHaveLength(200);
  });

  it('are each column’s lowest and highest, in order, when there are many more', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 37) + (i === 4321 ? 5 : 0) - (i === 8765 ? 5 : 0));
    const kept = drawnIndices(values, (i) => i / 100, ok); // 100 columns
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(kept).toContain(4321);
    expect(kept).toContain(8765);
    // Every column's extremes survive: the drawn envelope is the data's.
    for (let c = 0; c < 100; c++) {
      const column = Array.from(values.subarray(c * 100, (c + 1) * 100));
      const drawn = kept.filter((i) => Math.floor(i / 100) === c).map((i) => values[i]);
      expect(Math.max(...drawn)).toBe(Math.max(...column));
      expect(Math.min(...drawn)).toBe(Math.min(...column));
    }
  });

  it('keep every gap', () => {
    const values = Float64Array.from({ length: 5000 }, (_, i) => (i % 1000 === 500 ? NaN : i));
    const kept = drawnIndices(values, (i) => i / 50, ok);
    for (const gap of [500, 1500, 2500, 3500, 4500]) expect(kept).toContain(gap);
  });
});
