/**
 * The terms of the variational bound, in float64: KL divergences of Gaussians, the prior-matching
 * term L_T, the weights λ_t of the ε-parameterised L_{t−1}, and the reverse-process entropy
 * bounds of Sohl-Dickstein et al. (2015). Notation of Ho et al. (2020); logs are natural.
 */
import { makeBetas, type Schedule, type ScheduleKind } from './schedules';

/** d − log(1 + d), without the cancellation that the direct form suffers for small |d|. */
export function xMinusLog1p(d: number): number {
  if (Math.abs(d) < 1e-4) {
    // d²/2 − d³/3 + d⁴/4 − d⁵/5: the next term is below 1e-20 · d², far under float64 precision.
    return d * d * (0.5 + d * (-1 / 3 + d * (0.25 - d / 5)));
  }
  return d - Math.log1p(d);
}

/**
 * D_KL(N(μ₁, v₁) ‖ N(μ₂, v₂)) for one coordinate, in nats:
 * ½[log(v₂/v₁) + v₁/v₂ − 1] + (μ₁ − μ₂)² / (2 v₂).
 * The variance part is computed as ½ g(v₁/v₂ − 1) with g(d) = d − log(1 + d), which stays
 * accurate when the two variances are close. v₁ = 0 (a point mass) gives ∞.
 */
export function gaussianKL(mu1: number, v1: number, mu2: number, v2: number): number {
  if (!(v1 >= 0 && v2 > 0)) throw new RangeError(`variances must be v₁ ≥ 0 and v₂ > 0, got ${v1}, ${v2}`);
  if (v1 === 0) return Infinity;
  const dm = mu1 - mu2;
  return 0.5 * xMinusLog1p((v1 - v2) / v2) + (dm * dm) / (2 * v2);
}

/**
 * D_KL(N(μ₁, s₁² I) ‖ N(μ₂, s₂² I)) in D dimensions:
 * (D/2)[log(s₂²/s₁²) + s₁²/s₂² − 1] + ‖μ₁ − μ₂‖² / (2 s₂²).
 */
export function isotropicGaussianKL(mu1: ArrayLike<number>, v1: number, mu2: ArrayLike<number>, v2: number): number {
  if (mu1.length !== mu2.length) throw new RangeError('the two means must have the same dimension');
  let sq = 0;
  for (let i = 0; i < mu1.length; i++) sq += (mu1[i] - mu2[i]) ** 2;
  return mu1.length * gaussianKL(0, v1, 0, v2) + sq / (2 * v2);
}

/** Mean of x² over the coordinates of x_0: all L_T needs to know about the data. */
export function meanSquare(x0: ArrayLike<number>): number {
  if (x0.length === 0) throw new RangeError('x_0 has no coordinates');
  let s = 0;
  for (let i = 0; i < x0.length; i++) s += x0[i] * x0[i];
  return s / x0.length;
}

export interface PriorMatching {
  /** L_T / D in nats: the mean over coordinates of KL(q(x_T^i | x_0^i) ‖ N(0, 1)). */
  natsPerDim: number;
  /** L_T / (D ln 2), the figure DDPM reports (≈ 1e-5 for linear T = 1000 on CIFAR-10). */
  bitsPerDim: number;
}

/**
 * The prior-matching term L_T = D_KL(q(x_T | x_0) ‖ N(0, I)) per coordinate, for data whose mean
 * square over coordinates is `x0MeanSquare`:
 * L_T / D = ½[(1 − ᾱ_T) + ᾱ_T · mean(x_0²) − 1 − log(1 − ᾱ_T)] = ½[g(−ᾱ_T) + ᾱ_T · mean(x_0²)].
 */
export function priorMatching(alphaBarT: number, x0MeanSquare: number): PriorMatching {
  if (!(alphaBarT >= 0 && alphaBarT < 1)) throw new RangeError(`ᾱ_T must be in [0, 1), got ${alphaBarT}`);
  const natsPerDim = 0.5 * (xMinusLog1p(-alphaBarT) + alphaBarT * x0MeanSquare);
  return { natsPerDim, bitsPerDim: natsPerDim / Math.LN2 };
}

/**
 * ᾱ_T of the schedule `{ kind, T }` alone, without building the whole schedule (for plotting
 * L_T against T). Accumulated as Σ log α_t, like the full schedule, so the two agree exactly.
 */
export function finalAlphaBar(kind: ScheduleKind, T: number): number {
  const beta = makeBetas(kind, T);
  let logAlphaBar = 0;
  for (let t = 1; t <= T; t++) logAlphaBar += Math.log1p(-beta[t]);
  return Math.exp(logAlphaBar);
}

export interface LossWeights {
  /** λ_t = β_t² / (2σ_t² α_t (1 − ᾱ_t)) with σ_t² = β_t, i.e. β_t / (2 α_t (1 − ᾱ_t)); NaN at t = 0. */
  lambdaBeta: Float64Array;
  /**
   * λ_t with σ_t² = β̃_t, i.e. β_t / (2 α_t (1 − ᾱ_{t−1})); NaN at t = 0 and at t = 1, where
   * β̃_1 = 0 and the weight is infinite (that term is the decoder L_0, not a KL).
   */
  lambdaBetaTilde: Float64Array;
  /** β̃_t / β_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t): 0 at t = 1, NaN at t = 0. */
  betaTildeOverBeta: Float64Array;
}

const weightCache = new WeakMap<Schedule, LossWeights>();

/**
 * The weight λ_t that L_simple drops from L_{t−1} − C = E[λ_t ‖ε − ε_θ‖²] (Ho et al. eq. 12),
 * for both choices of σ_t², and the ratio β̃_t / β_t, per timestep (computed once per schedule).
 * With σ_t² = β̃_t the factor (1 − ᾱ_t) cancels against β̃_t's denominator, so it is computed in
 * that simplified form rather than by dividing by a tiny β̃_t.
 */
export function lossWeights(s: Schedule): LossWeights {
  let w = weightCache.get(s);
  if (w) return w;
  const n = s.T + 1;
  const lambdaBeta = new Float64Array(n).fill(NaN);
  const lambdaBetaTilde = new Float64Array(n).fill(NaN);
  const betaTildeOverBeta = new Float64Array(n).fill(NaN);
  for (let t = 1; t <= s.T; t++) {
    const b = s.beta[t];
    const a = s.alpha[t];
    const prev = s.oneMinusAlphaBar[t - 1];
    lambdaBeta[t] = b / (2 * a * s.oneMinusAlphaBar[t]);
    if (t > 1) lambdaBetaTilde[t] = b / (2 * a * prev);
    betaTildeOverBeta[t] = prev / s.oneMinusAlphaBar[t];
  }
  w = { lambdaBeta, lambdaBetaTilde, betaTildeOverBeta };
  weightCache.set(s, w);
  return w;
}

/** ½ log(2πe v): the differential entropy of N(·, v) in one coordinate, in nats. */
export function gaussianEntropy(variance: number): number {
  return 0.5 * Math.log(2 * Math.PI * Math.E * variance);
}

/** About `n` integers from `min` to `max`, evenly spaced on a log scale, plus any `extra` in range. */
export function logSpacedIntegers(min: number, max: number, n: number, extra: number[] = []): number[] {
  const set = new Set<number>(extra.filter((v) => v >= min && v <= max));
  const [lo, hi] = [Math.log(min), Math.log(max)];
  for (let i = 0; i < n; i++) set.add(Math.round(Math.exp(lo + ((hi - lo) * i) / (n - 1))));
  return [...set].sort((a, b) => a - b);
}

/** L_T in bits per dimension for each T in `Ts`, for a schedule kind and data with mean square `x0MeanSquare`. */
export function priorMatchingBitsByT(kind: ScheduleKind, Ts: readonly number[], x0MeanSquare: number): Float64Array {
  return Float64Array.from(Ts, (T) => priorMatching(finalAlphaBar(kind, T), x0MeanSquare).bitsPerDim);
}
