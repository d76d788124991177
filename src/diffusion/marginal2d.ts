/**
 * The forward marginal q(x_t) of 2-D data on a grid, for the lab's filled contours. The data
 * are smoothed into a kernel density estimate (each point a Gaussian of variance h²), and the
 * forward process maps N(x_0, h² I) to N(√ᾱ_t x_0, (ᾱ_t h² + 1 − ᾱ_t) I) exactly, so
 *   q_h(x_t) = (1/N) Σ_i N(x_t; √ᾱ_t x_0^i, (ᾱ_t h² + 1 − ᾱ_t) I)
 * is the true marginal of the smoothed data at every t, and N(0, I) at ᾱ_t = 0.
 */

export interface DensityGrid {
  /** Density at the centres of cells, row by row from the top (y = extent) down; nx × ny values. */
  values: Float64Array;
  nx: number;
  ny: number;
  /** The grid covers [−extent, extent]². */
  extent: number;
}

/**
 * q_h(x_t) at the centres of an n × n grid over [−extent, extent]², for points (interleaved x, y).
 * Cost: n² × N exponentials, so pass a few hundred points.
 */
export function forwardMarginalGrid(points: ArrayLike<number>, alphaBar: number, bandwidth: number, n: number, extent: number): DensityGrid {
  const N = points.length / 2;
  if (!(N >= 1 && Number.isInteger(N))) throw new RangeError('forwardMarginalGrid needs at least one point');
  const a = Math.sqrt(alphaBar);
  const variance = alphaBar * bandwidth * bandwidth + (1 - alphaBar);
  const norm = 1 / (2 * Math.PI * variance * N);
  const k = -1 / (2 * variance);
  const cx = new Float64Array(N);
  const cy = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    cx[i] = a * points[2 * i];
    cy[i] = a * points[2 * i + 1];
  }
  const step = (2 * extent) / n;
  const values = new Float64Array(n * n);
  // exp(k(dx² + dy²)) = exp(k dx²) · exp(k dy²): one row of y factors per row, one of x per column.
  const fx = new Float64Array(N * n);
  for (let j = 0; j < n; j++) {
    const x = -extent + (j + 0.5) * step;
    for (let i = 0; i < N; i++) fx[j * N + i] = Math.exp(k * (x - cx[i]) ** 2);
  }
  const fy = new Float64Array(N);
  for (let r = 0; r < n; r++) {
    const y = extent - (r + 0.5) * step;
    for (let i = 0; i < N; i++) fy[i] = Math.exp(k * (y - cy[i]) ** 2);
    for (let j = 0; j < n; j++) {
      let s = 0;
      const off = j * N;
      for (let i = 0; i < N; i++) s += fx[off + i] * fy[i];
      values[r * n + j] = s * norm;
    }
  }
  return { values, nx: n, ny: n, extent };
}
