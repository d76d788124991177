import { describe, expect, it } from 'vitest';
import {
  GAUSSIAN_DATA,
  GAUSSIANS8_DATA,
  PLANE,
  TOY_DATASET_LABELS,
  TOY_DATASETS,
  type BuiltinToyDataset,
  differentialEntropy,
  logDensity,
  rawFrame,
  resampleDrawn,
  sampleToyDataset,
} from './toy2d';

const SHAPES = ['swissroll', 'moons', 'checkerboard', 'smiley', 'ring'] as const;

/** Mean and (population) variance of each coordinate. */
function moments(p: Float32Array) {
  const n = p.length / 2;
  let [mx, my] = [0, 0];
  for (let i = 0; i < n; i++) [mx, my] = [mx + p[2 * i] / n, my + p[2 * i + 1] / n];
  let [vx, vy] = [0, 0];
  for (let i = 0; i < n; i++) [vx, vy] = [vx + (p[2 * i] - mx) ** 2 / n, vy + (p[2 * i + 1] - my) ** 2 / n];
  return { mx, my, vx, vy };
}

/** The points as [x, y] pairs in the data set's raw coordinates (the inverse of its frame). */
function toRaw(id: BuiltinToyDataset, p: Float32Array): [number, number][] {
  const { centre, scale } = rawFrame(id);
  return Array.from({ length: p.length / 2 }, (_, i) => [
    p[2 * i] * scale + centre[0],
    p[2 * i + 1] * scale + centre[1],
  ]);
}

function fraction<T>(items: T[], test: (item: T) => boolean): number {
  return items.filter(test).length / items.length;
}

/** Angle difference wrapped to (−π, π]. */
function wrap(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

describe('sampling', () => {
  it('labels every data set, the drawing included', () => {
    for (const id of [...TOY_DATASETS, 'drawn'] as const) expect(TOY_DATASET_LABELS[id]).toMatch(/\w/);
    expect(new Set(Object.values(TOY_DATASET_LABELS)).size).toBe(TOY_DATASETS.length + 1);
  });

  it.each(TOY_DATASETS)('%s: same (n, seed) gives the same points, another seed others', (id) => {
    const a = sampleToyDataset(id, 500, 3);
    expect(a).toHaveLength(1000);
    expect(sampleToyDataset(id, 500, 3)).toEqual(a);
    expect(a.every(Number.isFinite)).toBe(true);
    const b = sampleToyDataset(id, 500, 4);
    expect(b).not.toEqual(a);
  });

  it('gives neighbouring seeds unrelated streams', () => {
    // A ring point's first draw is its angle. Seeds s and s + 1 fed straight to the LCG would
    // start it in neighbouring states and put their first points ~0.004 apart.
    const gaps = Array.from({ length: 50 }, (_, s) => {
      const [a, b] = [sampleToyDataset('ring', 1, s), sampleToyDataset('ring', 1, s + 1)];
      return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }).sort((u, v) => u - v);
    expect(gaps[25]).toBeGreaterThan(0.5);
  });

  it.each(TOY_DATASETS)('%s: a smaller sample is a prefix of a larger one (one shared frame)', (id) => {
    expect(sampleToyDataset(id, 200, 9)).toEqual(sampleToyDataset(id, 1000, 9).subarray(0, 400));
  });

  it('checks n and the seed', () => {
    expect(sampleToyDataset('ring', 0, 1)).toHaveLength(0);
    expect(() => sampleToyDataset('ring', -1, 1)).toThrow(RangeError);
    expect(() => sampleToyDataset('ring', 2.5, 1)).toThrow(RangeError);
    expect(() => sampleToyDataset('ring', 10, 0.5)).toThrow(RangeError);
  });
});

describe('the common scale', () => {
  const N = 20000;

  it.each(SHAPES)('%s: mean ≈ 0, mean per-coordinate variance ≈ 1, neither axis degenerate', (id) => {
    const { mx, my, vx, vy } = moments(sampleToyDataset(id, N, 11));
    expect(Math.abs(mx)).toBeLessThan(0.03);
    expect(Math.abs(my)).toBeLessThan(0.03);
    expect(Math.abs((vx + vy) / 2 - 1)).toBeLessThan(0.03);
    // The scale is shared by both axes, so an elongated shape (the moons) keeps its proportions.
    for (const v of [vx, vy]) expect(v).toBeGreaterThan(0.4);
  });

  it('gaussians8: mean 0 and variance 1 on each axis, as radius²/2 + std² = 1', () => {
    expect(GAUSSIANS8_DATA.std).toBe(0.1);
    expect(GAUSSIANS8_DATA.radius).toBeCloseTo(Math.sqrt(1.98), 14);
    const { mx, my, vx, vy } = moments(sampleToyDataset('gaussians8', N, 11));
    expect(Math.abs(mx)).toBeLessThan(0.03);
    expect(Math.abs(my)).toBeLessThan(0.03);
    expect(Math.abs(vx - 1)).toBeLessThan(0.03);
    expect(Math.abs(vy - 1)).toBeLessThan(0.03);
  });

  it('gaussian: N((1, 0.5), 0.5² I)', () => {
    expect(GAUSSIAN_DATA).toEqual({ mean: [1, 0.5], std: 0.5 });
    const { mx, my, vx, vy } = moments(sampleToyDataset('gaussian', N, 11));
    expect(Math.abs(mx - 1)).toBeLessThan(0.015);
    expect(Math.abs(my - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(vx - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(vy - 0.25)).toBeLessThan(0.01);
  });

  it.each(TOY_DATASETS)('%s: fewer than 0.1 %% of points leave the plane', (id) => {
    const p = sampleToyDataset(id, N, 12);
    let outside = 0;
    for (let i = 0; i < p.length; i += 2) if (Math.max(Math.abs(p[i]), Math.abs(p[i + 1])) > PLANE) outside++;
    expect(outside / N).toBeLessThan(0.001);
  });

  it.each(SHAPES)('%s: lies well inside the plane (|x|, |y| < 0.9 PLANE)', (id) => {
    const p = sampleToyDataset(id, N, 12);
    expect(Math.max(...Array.from(p, Math.abs))).toBeLessThan(0.9 * PLANE);
  });

  it('maps the frame sample affinely: raw coordinates come back through rawFrame', () => {
    // The ring is built on the unit circle, so its raw radii must average 1.
    const radii = toRaw('ring', sampleToyDataset('ring', 5000, 2)).map(([x, y]) => Math.hypot(x, y));
    expect(radii.reduce((s, r) => s + r, 0) / radii.length).toBeCloseTo(1, 2);
    expect(rawFrame('gaussian')).toEqual({ centre: [0, 0], scale: 1 });
  });
});

describe('shapes', () => {
  it('ring: radii concentrate around √2 (a thin circle with per-coordinate variance 1), angles uniform', () => {
    const p = sampleToyDataset('ring', 20000, 5);
    const pts = Array.from({ length: 20000 }, (_, i) => [p[2 * i], p[2 * i + 1]]);
    const r = pts.map(([x, y]) => Math.hypot(x, y));
    const mean = r.reduce((s, v) => s + v, 0) / r.length;
    const sd = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length);
    expect(Math.abs(mean - Math.SQRT2)).toBeLessThan(0.02);
    expect(sd / mean).toBeGreaterThan(0.03);
    expect(sd / mean).toBeLessThan(0.07);
    for (let k = 0; k < 8; k++) {
      const share = fraction(pts, ([x, y]) => Math.floor(((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * 8) === k);
      expect(Math.abs(share - 1 / 8)).toBeLessThan(0.015);
    }
  });

  it('gaussians8: eight blobs of std 0.1, equally weighted, centred at radius √1.98 and angles kπ/4', () => {
    const p = sampleToyDataset('gaussians8', 16000, 5);
    const R = Math.sqrt(1.98);
    const clusters: [number, number][][] = Array.from({ length: 8 }, () => []);
    for (let i = 0; i < p.length; i += 2) {
      const k = (Math.round(Math.atan2(p[i + 1], p[i]) / (Math.PI / 4)) + 8) % 8;
      clusters[k].push([p[i], p[i + 1]]);
    }
    clusters.forEach((c, k) => {
      expect(Math.abs(c.length / 16000 - 1 / 8)).toBeLessThan(0.015);
      const { mx, my, vx, vy } = moments(Float32Array.from(c.flat()));
      const angle = (k * Math.PI) / 4;
      expect(Math.hypot(mx - R * Math.cos(angle), my - R * Math.sin(angle))).toBeLessThan(0.02);
      expect(Math.abs(Math.sqrt((vx + vy) / 2) - 0.1)).toBeLessThan(0.01);
      // Nothing strays towards a neighbouring blob (6 std).
      for (const [x, y] of c) expect(Math.hypot(x - mx, y - my)).toBeLessThan(0.6);
    });
  });

  it('checkerboard: uniform on the 8 squares of [−2, 2]² with ⌊x⌋ + ⌊y⌋ even (raw frame)', () => {
    const pts = toRaw('checkerboard', sampleToyDataset('checkerboard', 16000, 5));
    // float32 storage moves a raw coordinate by ~1e-7; allow that much across a square's edge.
    const eps = 1e-5;
    const onDarkSquare = ([x, y]: [number, number]) =>
      [x - eps, x + eps].some((u) => [y - eps, y + eps].some((v) => (Math.floor(u) + Math.floor(v)) % 2 === 0));
    expect(fraction(pts, onDarkSquare)).toBe(1);
    expect(fraction(pts, ([x, y]) => Math.max(Math.abs(x), Math.abs(y)) <= 2 + eps)).toBe(1);
    const counts = new Map<string, number>();
    for (const [x, y] of pts) {
      const square = `${Math.floor(x)},${Math.floor(y)}`;
      counts.set(square, (counts.get(square) ?? 0) + 1);
    }
    const squares = [...counts.entries()].filter(([, c]) => c > 10);
    expect(squares).toHaveLength(8);
    for (const [, c] of squares) expect(Math.abs(c / 16000 - 1 / 8)).toBeLessThan(0.015);
  });

  it('moons: two interleaved half circles of radius 1, half the points each (raw frame)', () => {
    const pts = toRaw('moons', sampleToyDataset('moons', 10000, 5));
    // Distance to the upper half of the unit circle, and to the lower half of the unit circle
    // centred at (1, 0.5) (scikit-learn's make_moons).
    const toUpperArc = ([x, y]: [number, number]) =>
      y >= 0 ? Math.abs(Math.hypot(x, y) - 1) : Math.min(Math.hypot(x - 1, y), Math.hypot(x + 1, y));
    const toLowerArc = ([x, y]: [number, number]) => toUpperArc([1 - x, 0.5 - y]);
    expect(fraction(pts, (p) => Math.min(toUpperArc(p), toLowerArc(p)) < 0.25)).toBe(1);
    const upper = fraction(pts, (p) => toUpperArc(p) < toLowerArc(p));
    expect(Math.abs(upper - 0.5)).toBeLessThan(0.03);
    // The moons interleave: in x the upper one spans [−1, 1] and the lower one [0, 2]; in y
    // they span [0, 1] and [−0.5, 0.5] (1 % and 99 % quantiles, which the noise hardly moves).
    const span = (q: [number, number][], axis: 0 | 1) => {
      const v = q.map((p) => p[axis]).sort((a, b) => a - b);
      return [v[Math.floor(0.01 * v.length)], v[Math.floor(0.99 * v.length)]];
    };
    const upperPts = pts.filter((p) => toUpperArc(p) < toLowerArc(p));
    const lowerPts = pts.filter((p) => toUpperArc(p) >= toLowerArc(p));
    const spans = [span(upperPts, 0), span(lowerPts, 0), span(upperPts, 1), span(lowerPts, 1)].flat();
    const expected = [-1, 1, 0, 2, 0, 1, -0.5, 0.5];
    spans.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(0.1));
  });

  it('swiss roll: points follow the spiral r = u, angle = u (mod 2π), u from 1.5π to 4.5π (raw frame)', () => {
    const pts = toRaw('swissroll', sampleToyDataset('swissroll', 10000, 5));
    const mismatch = pts.map(([x, y]) => wrap(Math.atan2(y, x) - Math.hypot(x, y)));
    // Noise of std 0.3 moves r by about 0.3, so the mismatch has std ≈ 0.3.
    expect(fraction(mismatch, (d) => Math.abs(d) < 1.5)).toBe(1);
    const mean = mismatch.reduce((s, d) => s + d, 0) / mismatch.length;
    const sd = Math.sqrt(mismatch.reduce((s, d) => s + (d - mean) ** 2, 0) / mismatch.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeGreaterThan(0.25);
    expect(sd).toBeLessThan(0.35);
    const radii = pts.map(([x, y]) => Math.hypot(x, y));
    expect(Math.abs(radii.reduce((s, r) => s + r, 0) / radii.length - 3 * Math.PI)).toBeLessThan(0.1);
    expect(fraction(radii, (r) => r > 1.5 * Math.PI - 1.5 && r < 4.5 * Math.PI + 1.5)).toBe(1);
  });

  describe('smiley (raw frame: unit-circle face, eyes at (±0.35, 0.3), mouth below the centre)', () => {
    const pts = toRaw('smiley', sampleToyDataset('smiley', 20000, 5));
    const inside = pts.filter(([x, y]) => Math.hypot(x, y) < 0.8);
    const nearEye = ([x, y]: [number, number], side: number) => Math.hypot(x - side * 0.35, y - 0.3) < 0.2;

    it('has a face outline: half the points on the unit circle', () => {
      expect(Math.abs(fraction(pts, ([x, y]) => Math.abs(Math.hypot(x, y) - 1) < 0.1) - 0.5)).toBeLessThan(0.02);
    });

    it('has two eyes: far denser than a uniform face would be, one on each side', () => {
      // A uniform disc of radius 1 puts 2 × 0.2² = 8 % of its points in the two eye regions.
      const left = fraction(pts, (p) => nearEye(p, -1));
      const right = fraction(pts, (p) => nearEye(p, 1));
      expect(left + right).toBeGreaterThan(2 * 0.08);
      expect(Math.abs(left - right)).toBeLessThan(0.02);
    });

    it('has a mouth in the lower half that smiles (its middle is lower than its corners), y up', () => {
      const upperRest = inside.filter(([x, y]) => y > 0 && !nearEye([x, y], -1) && !nearEye([x, y], 1));
      const lower = inside.filter(([, y]) => y < 0);
      expect(lower.length / pts.length).toBeGreaterThan(0.15);
      expect(upperRest.length / pts.length).toBeLessThan(0.01);
      const meanY = (q: [number, number][]) => q.reduce((s, [, y]) => s + y, 0) / q.length;
      const middle = meanY(lower.filter(([x]) => Math.abs(x) < 0.1));
      const corners = meanY(lower.filter(([x]) => Math.abs(x) > 0.35));
      expect(middle).toBeLessThan(corners - 0.15);
    });
  });
});

describe('resampleDrawn', () => {
  const drawn = Float32Array.of(-1, 0, 1, 0, 0, 1.5);
  const sources = [
    [-1, 0],
    [1, 0],
    [0, 1.5],
  ];

  it('picks drawn points uniformly and jitters them with the given std', () => {
    const out = resampleDrawn(drawn, 6000, 1, 0.05);
    expect(out).toHaveLength(12000);
    expect(resampleDrawn(drawn, 6000, 1, 0.05)).toEqual(out);
    const picks = [0, 0, 0];
    let ss = 0;
    for (let i = 0; i < out.length; i += 2) {
      const d = sources.map(([x, y]) => Math.hypot(out[i] - x, out[i + 1] - y));
      const k = d.indexOf(Math.min(...d));
      expect(d[k]).toBeLessThan(0.3);
      picks[k]++;
      ss += d[k] ** 2;
    }
    for (const c of picks) expect(Math.abs(c / 6000 - 1 / 3)).toBeLessThan(0.03);
    // E‖jitter‖² = 2 std².
    expect(Math.sqrt(ss / 6000 / 2)).toBeCloseTo(0.05, 2);
  });

  it('returns exact copies of drawn points without jitter', () => {
    const out = resampleDrawn(drawn, 50, 2, 0);
    for (let i = 0; i < out.length; i += 2) {
      expect(sources.some(([x, y]) => out[i] === Math.fround(x) && out[i + 1] === Math.fround(y))).toBe(true);
    }
  });

  it('throws on an empty drawing and on bad arguments', () => {
    expect(() => resampleDrawn(new Float32Array(0), 10, 1, 0.1)).toThrow(/no points/);
    expect(() => resampleDrawn(new Float32Array(0), 10, 1, 0.1)).toThrow(RangeError);
    expect(() => resampleDrawn(Float32Array.of(1, 2, 3), 10, 1, 0.1)).toThrow(RangeError);
    expect(() => resampleDrawn(drawn, 10, 1, -0.1)).toThrow(RangeError);
  });
});

describe('densities and entropies', () => {
  it('are known only for the two exact data sets', () => {
    for (const id of [...SHAPES, 'drawn'] as const) {
      expect(logDensity(id)).toBeNull();
      expect(differentialEntropy(id)).toBeNull();
    }
  });

  it.each(['gaussian', 'gaussians8'] as const)('%s: the density integrates to 1 over the plane', (id) => {
    const logp = logDensity(id)!;
    const h = 0.01;
    let mass = 0;
    for (let x = -PLANE + h / 2; x < PLANE; x += h) {
      for (let y = -PLANE + h / 2; y < PLANE; y += h) mass += Math.exp(logp(x, y));
    }
    // The Gaussian leaves 3.2e-5 of its mass beyond x = 3 (4 std from its mean).
    expect(Math.abs(mass * h * h - 1)).toBeLessThan(1e-4);
  });

  it('gaussian: matches the formula log N(p; (1, 0.5), 0.25 I)', () => {
    const logp = logDensity('gaussian')!;
    for (const [x, y] of [
      [1, 0.5],
      [0, 0],
      [-2, 2.5],
    ]) {
      const expected = Math.log(Math.exp(-((x - 1) ** 2 + (y - 0.5) ** 2) / 0.5) / (2 * Math.PI * 0.25));
      expect(logp(x, y)).toBeCloseTo(expected, 12);
    }
    expect(logp(1, 0.5)).toBeCloseTo(-Math.log(Math.PI / 2), 14);
  });

  it('gaussians8: matches the mixture formula, also far from every centre', () => {
    const logp = logDensity('gaussians8')!;
    const R = Math.sqrt(1.98);
    const direct = (x: number, y: number) => {
      let p = 0;
      for (let k = 0; k < 8; k++) {
        const [cx, cy] = [R * Math.cos((k * Math.PI) / 4), R * Math.sin((k * Math.PI) / 4)];
        p += Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 0.02) / (8 * 2 * Math.PI * 0.01);
      }
      return Math.log(p);
    };
    for (const [x, y] of [
      [R, 0],
      [1, 1],
      [0.3, -1.2],
      [-0.9, 0.4],
    ]) {
      expect(logp(x, y)).toBeCloseTo(direct(x, y), 10);
    }
    // At the origin every centre is at distance R: log p = −R²/(2 std²) − log(2π std²).
    expect(logp(0, 0)).toBeCloseTo(-99 - Math.log(0.02 * Math.PI), 10);
    // Far away, where each exp underflows, only the nearest centre matters.
    const c = R / Math.SQRT2;
    const far = -((10 - c) ** 2 * 2) / 0.02 - Math.log(8) - Math.log(0.02 * Math.PI);
    expect(logp(10, 10)).toBeCloseTo(far, 8);
  });

  it('gaussian: H = log(2πe · 0.25)', () => {
    expect(differentialEntropy('gaussian')).toBeCloseTo(Math.log(2 * Math.PI * Math.E * 0.25), 14);
    expect(differentialEntropy('gaussian')).toBeCloseTo(1.4515827, 6);
  });

  it('gaussians8: H is the separated-blob limit log 8 + log(2πe · 0.01) (the blobs barely overlap)', () => {
    const H = differentialEntropy('gaussians8')!;
    expect(Math.abs(H - (Math.log(8) + Math.log(2 * Math.PI * Math.E * 0.01)))).toBeLessThan(1e-4);
  });

  it.each(['gaussian', 'gaussians8'] as const)('%s: Monte-Carlo −mean log p agrees within 3 standard errors', (id) => {
    const logp = logDensity(id)!;
    const p = sampleToyDataset(id, 20000, 21);
    const values = Array.from({ length: 20000 }, (_, i) => -logp(p[2 * i], p[2 * i + 1]));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(mean - differentialEntropy(id)!)).toBeLessThan((3 * sd) / Math.sqrt(values.length));
  });
});
