/**
 * What a model's variational bound needs beyond the schedule (Ho et al. 2020, eq. 5):
 * L = L_T + Σ_{t=2}^T L_{t−1} + L_0. The engine estimates each L_{t−1} by Monte Carlo on some t
 * only; the numbers that turn those estimates into the bound are computed here, in float64.
 */
import { gaussianKL } from './elbo';
import type { Schedule } from './schedules';

/** The fixed reverse variance σ_t²: β_t (the upper entropy bound) or β̃_t (the lower). */
export type ReverseVariance = 'beta' | 'betaTilde';

/**
 * σ_t² of p_θ(x_{t−1} | x_t) = N(μ_θ, σ_t² I). At t = 1 (the decoder p_θ(x_0 | x_1)) β̃_1 = 0 would
 * make the decoder a point mass, so there σ² = β̃_2 is used instead, as improved-diffusion's
 * clipped log-variance does.
 */
export function reverseVariance(schedule: Schedule, choice: ReverseVariance, t: number): number {
  if (!(Number.isInteger(t) && t >= 1 && t <= schedule.T)) throw new RangeError(`t must be 1…${schedule.T}, got ${t}`);
  if (choice === 'beta') return schedule.beta[t];
  if (t > 1) return schedule.betaTilde[t];
  if (schedule.T < 2) throw new RangeError('σ_1² = β̃_2 needs T ≥ 2');
  return schedule.betaTilde[2];
}

/**
 * About `count` timesteps from 2 to T at which to estimate L_{t−1}: every t when T − 1 ≤ count,
 * else evenly spaced in log t (L_{t−1} changes fastest at small t), always with 2 and T.
 */
export function boundTimesteps(T: number, count: number): number[] {
  if (T < 2) return [];
  if (T - 1 <= count) return Array.from({ length: T - 1 }, (_, i) => i + 2);
  const set = new Set<number>([2, T]);
  const [lo, hi] = [Math.log(2), Math.log(T)];
  for (let i = 0; set.size < count && i < 4 * count; i++) {
    const n = Math.max(count, set.size + 1) + i;
    for (let j = 0; j < n && set.size < count; j++) set.add(Math.round(Math.exp(lo + ((hi - lo) * j) / (n - 1))));
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * Σ_{t=2}^T f(t) from f at the increasing timesteps `ts` (which must start at 2 and end at T):
 * f is taken as linear between neighbouring samples, so each gap's t are summed exactly under
 * that interpolation. With every t sampled this is the plain sum.
 */
export function sumOverTimesteps(ts: readonly number[], values: ArrayLike<number>, T: number): number {
  if (ts.length === 0) return 0;
  if (ts[0] !== 2 || ts[ts.length - 1] !== T) throw new RangeError('the timesteps must run from 2 to T');
  let sum = values[0];
  for (let i = 1; i < ts.length; i++) {
    const gap = ts[i] - ts[i - 1];
    // t = ts[i−1]+1 … ts[i]: the linear interpolation's sum over those gap points.
    sum += gap * values[i] - ((gap - 1) * (values[i] - values[i - 1])) / 2;
  }
  return sum;
}

/** Nats for the whole D-dimensional point → bits per dimension. */
export function bitsPerDim(nats: number, dims: number): number {
  return nats / (dims * Math.LN2);
}

/**
 * Each term of the bound for one data point, as an affine function of the model's squared error
 * e = ‖ε − ε_θ(x_t, t)‖² (summed over the D coordinates): term = constant + weight · e.
 * - t ≥ 2, L_{t−1} = D_KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t)): the variance part
 *   D·KL(N(0, β̃_t) ‖ N(0, σ_t²)) is the constant, and since μ̃_t − μ_θ = β_t/(√α_t √(1 − ᾱ_t))·(ε̂ − ε)
 *   (eqs. 10–11) the mean part is λ_t e with λ_t = β_t² / (2σ_t² α_t (1 − ᾱ_t)) (eq. 12).
 * - t = 1, L_0 = −log p_θ(x_0 | x_1) for a Gaussian decoder N(μ_θ(x_1, 1), σ_1²) on continuous
 *   data: μ_θ(x_1, 1) = x̂_0 and x_0 − x̂_0 = √((1 − ᾱ_1)/ᾱ_1)·(ε̂ − ε), so the constant is
 *   (D/2) log(2π σ_1²) and the weight (1 − ᾱ_1) / (2 ᾱ_1 σ_1²).
 * Written in e rather than as a difference of two means, it keeps its precision in float32.
 */
export function boundTermCoefficients(
  schedule: Schedule,
  choice: ReverseVariance,
  t: number,
  dims: number,
): { constant: number; weight: number } {
  const sigma2 = reverseVariance(schedule, choice, t);
  if (t === 1) {
    return {
      constant: (dims / 2) * Math.log(2 * Math.PI * sigma2),
      weight: schedule.oneMinusAlphaBar[1] / (2 * schedule.alphaBar[1] * sigma2),
    };
  }
  const beta = schedule.beta[t];
  return {
    constant: dims * gaussianKL(0, schedule.betaTilde[t], 0, sigma2),
    weight: (beta * beta) / (2 * sigma2 * schedule.alpha[t] * schedule.oneMinusAlphaBar[t]),
  };
}

/**
 * The decoder p_θ(x_0 | x_1) for images with 256 grey levels scaled to [−1, 1] (Ho et al. 2020,
 * eq. 13): each pixel's probability is the mass of N(μ_θ(x_1, 1), σ_1²) on its bin
 * [x − 1/255, x + 1/255], the outer bins reaching to ±∞. μ_θ(x_1, 1) = xCoef · x_1 − epsCoef · ε̂
 * (eq. 11 at t = 1), and σ_1 is the reverse standard deviation at t = 1 (see reverseVariance).
 */
export function discreteDecoder(schedule: Schedule, choice: ReverseVariance): { xCoef: number; epsCoef: number; sigma: number; halfBin: number } {
  return {
    xCoef: 1 / Math.sqrt(schedule.alpha[1]),
    epsCoef: schedule.beta[1] / (Math.sqrt(schedule.alpha[1]) * schedule.sqrtOneMinusAlphaBar[1]),
    sigma: Math.sqrt(reverseVariance(schedule, choice, 1)),
    halfBin: 1 / 255,
  };
}
