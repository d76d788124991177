/**
 * Discs stamped straight into an RGBA bitmap: the 2-D lab's thousands of points a frame.
 *
 * A canvas fill of one path of 2000 small arcs took ~6 ms of the page's main thread a frame here
 * (Skia's path raster, on a CPU canvas), over a third of a frame; stamping the same discs costs a
 * few hundred microseconds. The look is the canvas's: each layer is the union of its discs
 * (overlaps do not darken, as with one filled path), antialiased by the pixel's distance to the
 * disc's edge, and laid over the pixels below with the layer's opacity (source-over).
 */

/** Where a layer's discs are drawn: device-pixel centres are kx·x + bx, ky·y + by. */
export interface DiscMap {
  kx: number;
  bx: number;
  ky: number;
  by: number;
}

export class DiscRaster {
  /** Coverage of the layer being drawn, per pixel, in [0, 1]. */
  private readonly coverage: Float32Array;
  /** Pixels with coverage > 0, in the order first touched. */
  private readonly touched: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.coverage = new Float32Array(width * height);
    this.touched = new Int32Array(width * height);
  }

  /**
   * Lays one layer's discs over `rgba` (width × height, non-premultiplied, as ImageData holds it):
   * `points` interleaved x, y mapped by `map`, `radius` in device pixels, `rgb` 0–255.
   */
  draw(rgba: Uint8ClampedArray, points: ArrayLike<number>, map: DiscMap, radius: number, rgb: readonly [number, number, number], opacity: number): void {
    const { width, height, coverage, touched } = this;
    const { kx, bx, ky, by } = map;
    const reach = radius + 0.5;
    let count = 0;
    for (let i = 0; i + 1 < points.length; i += 2) {
      const cx = kx * points[i] + bx;
      const cy = ky * points[i + 1] + by;
      // Pixel (px, py) covers [px, px + 1) × [py, py + 1); its centre is at + 0.5.
      const x0 = Math.max(0, Math.floor(cx - reach));
      const x1 = Math.min(width - 1, Math.floor(cx + reach));
      const y0 = Math.max(0, Math.floor(cy - reach));
      const y1 = Math.min(height - 1, Math.floor(cy + reach));
      for (let py = y0; py <= y1; py++) {
        const dy = py + 0.5 - cy;
        for (let px = x0; px <= x1; px++) {
          const dx = px + 0.5 - cx;
          const c = reach - Math.sqrt(dx * dx + dy * dy);
          if (c <= 0) continue;
          const k = py * width + px;
          const before = coverage[k];
          if (before === 0) touched[count++] = k;
          if (c > before) coverage[k] = c < 1 ? c : 1;
        }
      }
    }
    const [r, g, b] = rgb;
    for (let j = 0; j < count; j++) {
      const k = touched[j];
      const a = opacity * coverage[k];
      coverage[k] = 0;
      const o = 4 * k;
      const da = rgba[o + 3] / 255;
      const keep = da * (1 - a);
      const outA = a + keep;
      rgba[o] = (r * a + rgba[o] * keep) / outA;
      rgba[o + 1] = (g * a + rgba[o + 1] * keep) / outA;
      rgba[o + 2] = (b * a + rgba[o + 2] * keep) / outA;
      rgba[o + 3] = outA * 255;
    }
  }
}
