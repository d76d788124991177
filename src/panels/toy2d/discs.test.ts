import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscRaster, type DiscMap } from './discs';

const W = 40;
const H = 30;
const IDENTITY: DiscMap = { kx: 1, bx: 0, ky: 1, by: 0 };
const ORANGE = [255, 127, 14] as const;

const alphaSum = (rgba: Uint8ClampedArray) => rgba.reduce((s, v, i) => (i % 4 === 3 ? s + v : s), 0) / 255;
const pixel = (rgba: Uint8ClampedArray, x: number, y: number) => Array.from(rgba.subarray(4 * (y * W + x), 4 * (y * W + x) + 4));

describe('DiscRaster', () => {
  it('covers π r² of opacity-weighted area, the centre in the layer colour at its opacity', () => {
    for (const radius of [1.4, 1.8, 3, 6.5]) {
      const rgba = new Uint8ClampedArray(W * H * 4);
      new DiscRaster(W, H).draw(rgba, [20.3, 14.7], IDENTITY, radius, ORANGE, 0.5);
      // Coverage falls off over one pixel at the edge, so the sum is the disc's area to within
      // a few per cent (and the 8-bit rounding of each pixel).
      expect(alphaSum(rgba) / 0.5).toBeCloseTo(Math.PI * radius * radius, -0.3);
      expect(Math.abs(alphaSum(rgba) / 0.5 / (Math.PI * radius * radius) - 1)).toBeLessThan(0.06);
      expect(pixel(rgba, 20, 14)).toEqual([255, 127, 14, 128]);
    }
  });

  it('draws a layer as the union of its discs: overlaps do not darken', () => {
    const once = new Uint8ClampedArray(W * H * 4);
    const twice = new Uint8ClampedArray(W * H * 4);
    const raster = new DiscRaster(W, H);
    raster.draw(once, [10, 10], IDENTITY, 3, ORANGE, 0.7);
    raster.draw(twice, [10, 10, 10, 10, 10.2, 10], IDENTITY, 3, ORANGE, 0.7);
    expect(Math.max(...twice.filter((_, i) => i % 4 === 3))).toBe(Math.max(...once.filter((_, i) => i % 4 === 3)));
    // Each draw starts from no coverage: a second layer over the first does darken.
    raster.draw(once, [10, 10], IDENTITY, 3, ORANGE, 0.7);
    expect(pixel(once, 10, 10)[3]).toBe(Math.round(255 * (0.7 + 0.3 * 0.7)));
  });

  it('lays the layer over opaque pixels with source-over', () => {
    const rgba = new Uint8ClampedArray(W * H * 4).map((_, i) => (i % 4 === 3 ? 255 : 200));
    new DiscRaster(W, H).draw(rgba, [5.5, 5.5], IDENTITY, 2, [0, 0, 100], 0.25);
    expect(pixel(rgba, 5, 5)).toEqual([150, 150, 175, 255]);
    expect(pixel(rgba, 20, 20)).toEqual([200, 200, 200, 255]);
  });

  it('maps data coordinates through the slope and offset', () => {
    const rgba = new Uint8ClampedArray(W * H * 4);
    // x ∈ [−1, 1] → [0, 40), y ∈ [−1, 1] → (30, 0]: (0.5, 0.5) lands at pixel (30, 7).
    new DiscRaster(W, H).draw(rgba, [0.5, 0.5], { kx: 20, bx: 20, ky: -15, by: 15 }, 1, ORANGE, 1);
    expect(pixel(rgba, 30, 7)[3]).toBe(255);
    expect(pixel(rgba, 10, 22)[3]).toBe(0);
  });

  it('ignores discs that fall off the bitmap, however far', () => {
    const off = fc.oneof(fc.double({ min: -1e9, max: -9, noNaN: true }), fc.double({ min: W + 9, max: 1e9, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(off, fc.double({ min: -1e9, max: 1e9, noNaN: true })), { maxLength: 20 }), fc.boolean(), (pts, swap) => {
        const rgba = new Uint8ClampedArray(W * H * 4);
        new DiscRaster(W, H).draw(rgba, pts.flatMap(([a, b]) => (swap ? [b, a + (H - W)] : [a, b])), IDENTITY, 8, ORANGE, 1);
        expect(alphaSum(rgba)).toBe(0);
      }),
    );
  });
});
