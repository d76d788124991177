import { describe, expect, it } from 'vitest';
import { densityBands } from './densityBands';

/** The points of an SVG path's M/L commands. */
const vertices = (d: string) => [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('densityBands', () => {
  it('bands N(0, I) into circles of the radius where the density equals each level', () => {
    // At ᾱ = 0 the marginal is N(0, I) whatever the data: level v is the circle |x| = √(−2 ln 2πv).
    const n = 96;
    const extent = 3;
    const { bands, max, nx } = densityBands({ points: Float32Array.of(2, -1), alphaBar: 0, bandwidth: 0.1, n, extent });
    expect(nx).toBe(n);
    expect(max).toBeCloseTo(Math.exp(-((extent / n) ** 2)) / (2 * Math.PI), 9);
    expect(bands.map((b) => b.value)).toEqual(Array.from({ length: 8 }, (_, i) => (max * (i + 0.5)) / 8));
    const cell = (2 * extent) / n;
    for (const { d, value } of bands) {
      const radius = Math.sqrt(-2 * Math.log(2 * Math.PI * value));
      // Grid cells to data: x = −extent + (column) · cell, y = extent − (row) · cell; the grid's
      // samples sit at cell centres, which d3.contours puts at half-integers.
      const r = vertices(d).map(([cx, cy]) => Math.hypot(-extent + cx * cell, extent - cy * cell));
      expect(r.length).toBeGreaterThan(8);
      for (const ri of r) expect(Math.abs(ri - radius)).toBeLessThan(cell);
    }
  });

  it('puts the mass where the data are pushed: √ᾱ x_0', () => {
    const { bands, nx } = densityBands({ points: Float32Array.of(1.2, 0.8), alphaBar: 0.81, bandwidth: 0.1, n: 60, extent: 3 });
    const top = vertices(bands.at(-1)!.d);
    const cell = 6 / nx;
    const [mx, my] = [0, 1].map((k) => top.reduce((s, v) => s + v[k], 0) / top.length);
    expect(-3 + mx * cell).toBeCloseTo(0.9 * 1.2, 1);
    expect(3 - my * cell).toBeCloseTo(0.9 * 0.8, 1);
  });

  it('has no bands for a density that is zero everywhere on the grid', () => {
    // One point far off the plane with a tiny kernel, at ᾱ = 1: every grid value underflows to 0.
    expect(densityBands({ points: Float32Array.of(500, 500), alphaBar: 1, bandwidth: 0.01, n: 16, extent: 3 }).bands).toEqual([]);
  });
});
