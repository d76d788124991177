/**
 * Closed forms for Gaussian data, in float64: x_0 ~ N(m, s²) independently in every coordinate.
 *
 * For such data everything about the diffusion is Gaussian and known exactly: q(x_t) =
 * N(√ᾱ_t m, ᾱ_t s² + 1 − ᾱ_t), the optimal ε-predictor is affine in x_t, a sampler driven by it
 * maps N(0, 1) to a Gaussian whose moments follow from composing affine maps, and each term of
 * DDPM's bound (Ho et al. 2020, eq. 5) is a closed form. These are the truths the engine's
 * samplers and bound estimator are tested against. One coordinate throughout; logs are natural.
 */
import { reverseVariance, type ReverseVariance } from './bound';
import { gaussianKL } from './elbo';
import type { SamplerPlan } from './samplerPlans';
import type { Schedule } from './schedules';

function checkGaussian(what: string, mean: number, variance: number): void {
  if (!Number.isFinite(mean)) throw new RangeError(`the ${what} mean must be finite, got ${mean}`);
  if (!(variance > 0 && variance < Infinity)) throw new RangeError(`the ${what} variance must be positive and finite, got ${variance}`);
}

export interface OptimalDenoiser {
  /** ε̂(x_t) = gain · x_t − offset. */
  gain: number;
  offset: number;
  /** x̂_0(x_t) = E[x_0 | x_t] = x0Gain · x_t + x0Offset. */
  x0Gain: number;
  x0Offset: number;
  /** Var(x_0 | x_t), the error left in x̂_0. */
  posteriorVarX0: number;
}

/**
 * The optimal ε-predictor at t for data N(m, s²): with x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε,
 * Var(x_t) = v_t = ᾱ_t s² + 1 − ᾱ_t and Cov(ε, x_t) = √(1 − ᾱ_t), so
 *   ε̂(x_t) = E[ε | x_t] = gain · (x_t − √ᾱ_t m),  gain = √(1 − ᾱ_t) / v_t.
 * The matching x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t = E[x_0 | x_t] is formed directly,
 *   x̂_0 = (√ᾱ_t s²/v_t) x_t + ((1 − ᾱ_t)/v_t) m,
 * rather than through that division, which cancels badly when ᾱ_t is small; its error variance is
 *   Var(x_0 | x_t) = s² − ᾱ_t s⁴/v_t = s² (1 − ᾱ_t)/v_t.
 */
export function optimalDenoiser(schedule: Schedule, t: number, m: number, s2: number): OptimalDenoiser {
  checkGaussian('data', m, s2);
  if (!Number.isInteger(t) || t < 0 || t > schedule.T) throw new RangeError(`t must be an integer in 0 … ${schedule.T}, got ${t}`);
  const oneMinus = schedule.oneMinusAlphaBar[t];
  const v = schedule.alphaBar[t] * s2 + oneMinus;
  const gain = schedule.sqrtOneMinusAlphaBar[t] / v;
  return {
    gain,
    offset: gain * schedule.sqrtAlphaBar[t] * m,
    x0Gain: (schedule.sqrtAlphaBar[t] * s2) / v,
    x0Offset: (oneMinus * m) / v,
    posteriorVarX0: (s2 * oneMinus) / v,
  };
}

/** p(x) r(x) normalised, for p = N(m, s²) and r = N(c, ρ²): precisions add, means are precision-weighted. */
export function productOfGaussians(m: number, s2: number, c: number, rho2: number): { mean: number; variance: number } {
  checkGaussian('data', m, s2);
  checkGaussian('constraint', c, rho2);
  const sum = s2 + rho2;
  return { mean: (m * rho2 + c * s2) / sum, variance: (s2 * rho2) / sum };
}

/**
 * Step k of a plan written as x_s = C_0 x̂_0 + C_ε ε̂ + σ_k z, with x_t = √ᾱ_t x̂_0 + √(1 − ᾱ_t) ε̂:
 *  - DDIM: C_0 = √ᾱ_s, C_ε = dirCoef, as the plan has them;
 *  - DDPM: (1/√α')(x_t − β'/√(1 − ᾱ_t) ε̂) gives C_0 = √ᾱ_t/√α' (= √ᾱ_s) and
 *    C_ε = (√(1 − ᾱ_t) − β'/√(1 − ᾱ_t))/√α' = √α' (1 − ᾱ_s)/√(1 − ᾱ_t), using 1 − ᾱ_t − β' = α'(1 − ᾱ_s).
 * Both weights are ≥ 0, so the step's slope C_0 · x0Gain + C_ε · gain involves no cancellation,
 * unlike A + B · gain for x_s = A x_t + B ε̂, whose two terms nearly cancel when ᾱ_t is small.
 */
function stepWeights(schedule: Schedule, plan: SamplerPlan, k: number): [C0: number, Ceps: number] {
  if (plan.kind === 'ddim') return [plan.sqrtAlphaBarPrev[k], plan.dirCoef[k]];
  const oneMinusPrev = schedule.oneMinusAlphaBar[plan.s[k]];
  return [plan.invSqrtAlpha[k] * plan.sqrtAlphaBar[k], oneMinusPrev / (plan.invSqrtAlpha[k] * plan.sqrtOneMinusAlphaBar[k])];
}

/**
 * Exact mean and variance of a sampler's output, for one coordinate, when it starts from
 * x_T ~ N(0, 1) and is driven by the optimal ε-predictor. Each step is affine in x_t,
 * x_s = C_0 x̂_0(x_t) + C_ε ε̂(x_t) + σ z (see stepWeights), so a Gaussian stays Gaussian:
 * mean ↦ slope · mean + intercept, variance ↦ slope² · variance + σ², with
 * slope = C_0 · x0Gain + C_ε · gain and intercept = C_0 · x0Offset − C_ε · offset.
 *
 * With `constraint` r(x) = N(x; c, ρ²), every reverse kernel N(μ, σ²) is replaced by
 * N(μ + σ² ∂log r/∂x|_μ, σ²) = N(μ + (σ²/ρ²)(c − μ), σ²), as in Sohl-Dickstein et al. (2015)
 * §2.5 "multiplying distributions", with each step's own σ (so steps with σ = 0 are untouched).
 * The recipe is meant to sample p(x_0) r(x_0) normalised (productOfGaussians), but with the same
 * r at every noise level it does not, even as T → ∞ (see the tests for the limit it reaches).
 */
export function samplerOutputMoments(
  schedule: Schedule,
  plan: SamplerPlan,
  m: number,
  s2: number,
  constraint?: { center: number; variance: number },
): { mean: number; variance: number } {
  if (plan.T !== schedule.T) throw new RangeError(`the plan is for T = ${plan.T}, the schedule has T = ${schedule.T}`);
  if (constraint) checkGaussian('constraint', constraint.center, constraint.variance);
  let mean = 0;
  let variance = 1;
  for (let k = 0; k < plan.steps; k++) {
    const d = optimalDenoiser(schedule, plan.t[k], m, s2);
    const [C0, Ceps] = stepWeights(schedule, plan, k);
    const slope = C0 * d.x0Gain + Ceps * d.gain;
    mean = slope * mean + (C0 * d.x0Offset - Ceps * d.offset);
    variance = slope * slope * variance;
    const sigma2 = plan.sigma[k] ** 2;
    if (constraint) {
      // μ ↦ (1 − w) μ + w c with w = σ²/ρ²: the mean's own spread shrinks by (1 − w)².
      const w = sigma2 / constraint.variance;
      mean = (1 - w) * mean + w * constraint.center;
      variance *= (1 - w) ** 2;
    }
    variance += sigma2;
  }
  return { mean, variance };
}

export interface GaussianBoundTerms {
  /** L_T = E_{x_0} KL(q(x_T | x_0) ‖ N(0, 1)). */
  LT: number;
  /** L_{t−1} = E KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t)) at index t − 1, for t = 2 … T; index 0 is NaN (L_0 is separate). */
  Lt: Float64Array;
  /** L_0 = −E log p_θ(x_0 | x_1), a Gaussian decoder of variance σ_1². */
  L0: number;
  /** LT + Σ Lt + L0: an upper bound on −E log p_θ(x_0), so at least the data entropy ½ log(2πe s²). */
  total: number;
}

/**
 * The terms of DDPM's bound (eq. 5), per coordinate, in nats, for data N(m, s²) and the optimal
 * ε-model with σ_t² = β_t or β̃_t. For the optimal model μ_θ(x_t, t) = μ̃_t(E[x_0 | x_t], x_t),
 * so μ̃_t − μ_θ = c0_t (x_0 − E[x_0 | x_t]) with c0_t = √ᾱ_{t−1} β_t/(1 − ᾱ_t) (eq. 7), and
 *  - L_T = KL(N(0, 1 − ᾱ_T) ‖ N(0, 1)) + ᾱ_T (m² + s²)/2
 *        = ½[(1 − ᾱ_T) + ᾱ_T (m² + s²) − 1 − log(1 − ᾱ_T)];
 *  - L_{t−1} = ½[log(σ_t²/β̃_t) + β̃_t/σ_t² − 1] + c0_t² Var(x_0 | x_t)/(2σ_t²), whose variance part
 *    is 0 for σ_t² = β̃_t;
 *  - L_0 = ½ log(2π σ_1²) + Var(x_0 | x_1)/(2σ_1²), since μ_θ(x_1, 1) = E[x_0 | x_1] (ᾱ_0 = 1).
 * The decoder variance σ_1² is β_1 for 'beta'. For 'betaTilde', β̃_1 = 0 would make the decoder a
 * point mass (L_0 = ∞), so σ_1² = β̃_2 is used instead, as improved-diffusion's clipped posterior
 * log-variance does; that needs T ≥ 2, and T = 1 with 'betaTilde' throws.
 */
export function gaussianBoundTerms(schedule: Schedule, m: number, s2: number, variance: ReverseVariance): GaussianBoundTerms {
  checkGaussian('data', m, s2);
  if (variance !== 'beta' && variance !== 'betaTilde') throw new RangeError(`unknown variance ${String(variance)}`);
  const { T } = schedule;
  const sigma2At = (t: number) => reverseVariance(schedule, variance, t);

  const LT = gaussianKL(0, schedule.oneMinusAlphaBar[T], 0, 1) + (schedule.alphaBar[T] * (m * m + s2)) / 2;

  const Lt = new Float64Array(T).fill(NaN);
  let sum = 0;
  for (let t = 2; t <= T; t++) {
    const sigma2 = sigma2At(t);
    const c0 = schedule.posteriorCoefX0[t];
    const { posteriorVarX0 } = optimalDenoiser(schedule, t, m, s2);
    Lt[t - 1] = gaussianKL(0, schedule.betaTilde[t], 0, sigma2) + (c0 * c0 * posteriorVarX0) / (2 * sigma2);
    sum += Lt[t - 1];
  }

  const decoder2 = sigma2At(1);
  const L0 = 0.5 * Math.log(2 * Math.PI * decoder2) + optimalDenoiser(schedule, 1, m, s2).posteriorVarX0 / (2 * decoder2);

  return { LT, Lt, L0, total: LT + sum + L0 };
}
