/**
 * Fréchet distance between two Gaussians fitted to feature vectors, as in the FID (Heusel et al.
 * 2017, "GANs trained by a two time-scale update rule converge to a local Nash equilibrium"),
 * here on LeNet features of generated and held-out digits. The squared 2-Wasserstein distance
 * between N(μa, Σa) and N(μb, Σb) has the closed form (Dowson & Landau 1982)
 *
 *   d² = ‖μa − μb‖² + tr(Σa + Σb − 2 (Σa^{1/2} Σb Σa^{1/2})^{1/2}).
 *
 * (like the FID, this squared distance is what is returned). Σa^{1/2} Σb Σa^{1/2} has the
 * eigenvalues of Σa Σb (XY and YX share their spectrum), so its square root has the trace
 * tr((Σa Σb)^{1/2}) that FID code usually gets from a general matrix square root; this form needs
 * only symmetric eigendecompositions, done here by cyclic Jacobi in float64. A distance takes
 * about 0.2 s for d = 128 and 20 ms for d = 64 (Node 20 on a 2-vCPU cloud VM). With fewer rows
 * than features the covariances are singular, and the square roots of their near-zero
 * eigenvalues leave an absolute error of about √ε·‖Σ‖ (~1e-8 relative) instead of ε·‖Σ‖.
 */

/** Mean and covariance (unbiased, divided by n − 1) of n rows of d features, row-major. */
export interface GaussianFit {
  mean: Float64Array;
  /** d×d, row-major. */
  covariance: Float64Array;
  d: number;
  n: number;
}

function checkFinite(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${name} must be finite, got ${values[i]} at index ${i}`);
  }
}

function checkSquare(matrix: ArrayLike<number>, d: number, name: string): void {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`${name}: dimension must be a positive integer, got ${d}`);
  if (matrix.length !== d * d) throw new RangeError(`${name} must hold d×d = ${d * d} values, got ${matrix.length}`);
  checkFinite(matrix, name);
}

/** Fits a Gaussian to n rows of d features (row-major, at least 2 rows, all finite). */
export function fitGaussian(features: ArrayLike<number>, n: number, d: number): GaussianFit {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`fitGaussian needs at least 2 rows, got n = ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`fitGaussian: d must be a positive integer, got ${d}`);
  if (features.length !== n * d) throw new RangeError(`fitGaussian: expected n·d = ${n * d} values, got ${features.length}`);
  checkFinite(features, 'features');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += features[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  // Two passes (centre, then sum products) to avoid the cancellation of E[xxᵀ] − μμᵀ.
  const covariance = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = features[i * d + j] - mean[j];
    for (let j = 0; j < d; j++) {
      const rj = row[j];
      for (let k = j; k < d; k++) covariance[j * d + k] += rj * row[k];
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) covariance[j * d + k] = covariance[k * d + j] = covariance[j * d + k] / (n - 1);
  }
  return { mean, covariance, d, n };
}

/**
 * Eigenvalues (descending) and eigenvectors (the columns of a row-major d×d matrix) of a
 * symmetric d×d matrix, by cyclic Jacobi rotations. Only the symmetric part (M + Mᵀ)/2 is used.
 */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  checkSquare(matrix, d, 'symmetricEigen matrix');
  const a = new Float64Array(d * d);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    v[i * d + i] = 1;
    for (let j = 0; j < d; j++) a[i * d + j] = (matrix[i * d + j] + matrix[j * d + i]) / 2;
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        // An element too small to change either diagonal entry is set to 0 (Numerical Recipes §11.1).
        const g = 100 * Math.abs(apq);
        if (Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          a[p * d + q] = a[q * d + p] = 0;
          continue;
        }
        // The rotation by φ with cot 2φ = θ that zeroes a_pq: t = tan φ, the smaller root.
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(theta, 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // Columns of A and V: A ← A J, V ← V J.
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
        for (let k = 0; k < d; k++) {
          // Rows of A: A ← Jᵀ A.
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        a[p * d + q] = a[q * d + p] = 0;
        rotated = true;
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j] - a[i * d + i]);
  const values = Float64Array.from(order, (i) => a[i * d + i]);
  const vectors = new Float64Array(d * d);
  for (let k = 0; k < d; k++) order.forEach((i, col) => (vectors[k * d + col] = v[k * d + i]));
  return { values, vectors };
}

/** V diag(f(λ)) Vᵀ for the eigendecomposition of a symmetric matrix. */
function applyToEigenvalues(matrix: Float64Array, d: number, f: (lambda: number) => number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, d);
  const fl = values.map(f);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += vectors[i * d + k] * fl[k] * vectors[j * d + k];
      out[i * d + j] = out[j * d + i] = sum;
    }
  }
  return out;
}

/** Square root of a symmetric positive semi-definite matrix (negative eigenvalues from rounding clamped to 0). */
export function sqrtPsd(matrix: Float64Array, d: number): Float64Array {
  return applyToEigenvalues(matrix, d, (lambda) => Math.sqrt(Math.max(lambda, 0)));
}

/** Symmetric product S M S of d×d matrices (S, M symmetric), symmetrized against rounding. */
function sandwich(s: Float64Array, m: Float64Array, d: number): Float64Array {
  const sm = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const sik = s[i * d + k];
      for (let j = 0; j < d; j++) sm[i * d + j] += sik * m[k * d + j];
    }
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += sm[i * d + k] * s[k * d + j];
      out[i * d + j] = out[j * d + i] = sum;
    }
  }
  return out;
}

function checkFit(fit: GaussianFit, name: string): void {
  if (fit.mean.length !== fit.d) throw new RangeError(`${name}: mean has length ${fit.mean.length}, expected d = ${fit.d}`);
  checkSquare(fit.covariance, fit.d, `${name} covariance`);
  checkFinite(fit.mean, `${name} mean`);
}

/**
 * Fréchet distance between N(μa, Σa) and N(μb, Σb):
 * ‖μa − μb‖² + tr(Σa + Σb − 2 (Σa^{1/2} Σb Σa^{1/2})^{1/2}), clamped at 0 against rounding.
 */
export function frechetDistance(a: GaussianFit, b: GaussianFit): number {
  if (a.d !== b.d) throw new RangeError(`frechetDistance: dimensions differ (${a.d} vs ${b.d})`);
  checkFit(a, 'frechetDistance a');
  checkFit(b, 'frechetDistance b');
  const d = a.d;
  let meanTerm = 0;
  let traceTerm = 0;
  for (let i = 0; i < d; i++) {
    meanTerm += (a.mean[i] - b.mean[i]) ** 2;
    traceTerm += a.covariance[i * d + i] + b.covariance[i * d + i];
  }
  const { values } = symmetricEigen(sandwich(sqrtPsd(a.covariance, d), b.covariance, d), d);
  let traceSqrt = 0;
  for (const lambda of values) traceSqrt += Math.sqrt(Math.max(lambda, 0));
  return Math.max(meanTerm + traceTerm - 2 * traceSqrt, 0);
}

/**
 * The Fréchet distance of n feature rows to a reference fit, extrapolated to infinitely many rows
 * ("FID∞", Chong & Forsyth 2020): the distance measured on the first n/2, 2n/3 and n rows is
 * nearly linear in 1/rows, as the bias of fitting a covariance to few rows is; the intercept of
 * a least-squares line in 1/rows removes it. At a few hundred rows that bias dominates a plain
 * distance, and it grows with the rows' own spread, so plain distances of differently spread sets
 * do not rank them.
 */
export function extrapolatedFrechet(features: ArrayLike<number>, n: number, d: number, reference: GaussianFit): number {
  if (!(n >= 6)) throw new RangeError(`extrapolating needs at least 6 rows, got ${n}`);
  const sizes = [Math.floor(n / 2), Math.floor((2 * n) / 3), n];
  const xs = sizes.map((k) => 1 / k);
  const ys = sizes.map((k) => frechetDistance(fitGaussian(Array.prototype.slice.call(features, 0, k * d) as number[], k, d), reference));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return my - slope * mx;
}
