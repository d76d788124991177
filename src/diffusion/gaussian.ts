/** Gaussian helpers in float64. */

/** Density of N(mean, variance) at x. */
export function normalPdf(x: number, mean: number, variance: number): number {
  const d = x - mean;
  return Math.exp((-d * d) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
}
