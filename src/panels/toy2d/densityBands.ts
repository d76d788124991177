import { contours, geoPath } from 'd3';
import { forwardMarginalGrid } from '../../diffusion/marginal2d';

/** Filled contours of a density on a grid: what the forward plane shades under its points. */
export interface DensityBands {
  /** The grid the paths are in: x ∈ [0, nx] left to right, y ∈ [0, ny] top down (cell units). */
  nx: number;
  ny: number;
  /** The density's largest value on the grid, for the shading's scale. */
  max: number;
  /** Each band, lowest level first: an SVG path (in cell units) of where the density is ≥ value. */
  bands: { d: string; value: number }[];
}

/** What the forward plane asks for: q(x_t) of these points, on an n × n grid over [−extent, extent]². */
export interface DensityRequest {
  points: Float32Array;
  alphaBar: number;
  bandwidth: number;
  n: number;
  extent: number;
}

/** Bands at the middles of `levels` equal slices of (0, max]. */
const LEVELS = 8;

/**
 * q_h(x_t) on the grid (src/diffusion/marginal2d.ts) as filled contours (d3.contours), in cell
 * units so that any plane size can scale them. A few milliseconds: the lab runs it in a worker.
 */
export function densityBands({ points, alphaBar, bandwidth, n, extent }: DensityRequest): DensityBands {
  const grid = forwardMarginalGrid(points, alphaBar, bandwidth, n, extent);
  const max = grid.values.reduce((m, v) => Math.max(m, v), 0);
  if (!(max > 0)) return { nx: n, ny: n, max: 0, bands: [] };
  const thresholds = Array.from({ length: LEVELS }, (_, i) => (max * (i + 0.5)) / LEVELS);
  const path = geoPath();
  const bands = contours()
    .size([grid.nx, grid.ny])
    .thresholds(thresholds)(Array.from(grid.values))
    .map((c) => ({ d: path(c) ?? '', value: c.value }));
  return { nx: grid.nx, ny: grid.ny, max, bands };
}
