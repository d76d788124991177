/**
 * Sampler plans, in float64: the timesteps a reverse-process sampler visits and every coefficient
 * it applies at each of them, so that the engine only has to multiply tensors by numbers.
 *
 * Two samplers, both driven by an ε-predictor ε̂ = ε_θ(x_t, t), on a kept subsequence
 * τ_1 < … < τ_S = T of the schedule's timesteps, walked from t = T down to s = 0:
 *  - DDPM (Ho et al. 2020, eq. 11 and Algorithm 2) on the respaced schedule
 *    β'_k = 1 − ᾱ_t / ᾱ_s: x_s = (1/√α'_k)(x_t − β'_k/√(1 − ᾱ_t) · ε̂) + σ_k z;
 *  - DDIM (Song, Meng & Ermon 2021): x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s − σ_k²) · ε̂ + σ_k z with
 *    x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t and σ_k(η) = η √((1 − ᾱ_s)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_s).
 * Here t = t[k] is the timestep of step k and s = s[k] the one it lands on; ᾱ_0 = 1.
 */
import type { ReverseVariance } from './bound';
import type { Schedule } from './schedules';

function checkPositiveInteger(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
}

/**
 * The kept timesteps τ_1 < … < τ_S = T for S = min(steps, T) evenly spaced steps:
 * τ_i = round(i·T/S). They are distinct because consecutive i·T/S are at least 1 apart.
 * Throws RangeError for T or steps < 1 or non-integer.
 */
export function spacedTimesteps(T: number, steps: number): number[] {
  checkPositiveInteger('T', T);
  checkPositiveInteger('steps', steps);
  const S = Math.min(steps, T);
  return Array.from({ length: S }, (_, i) => Math.round(((i + 1) * T) / S));
}

interface PlanBase {
  /** The schedule's T. */
  T: number;
  /** S, the number of model evaluations. */
  steps: number;
  /** The timesteps visited, in order: t[0] = T > t[1] > … > t[S−1] (descending τ). */
  t: Int32Array;
  /** Where each step lands: s[k] = t[k+1], s[S−1] = 0. */
  s: Int32Array;
  /** √ᾱ_t at t[k], for x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t. */
  sqrtAlphaBar: Float64Array;
  /** √(1 − ᾱ_t) at t[k]. */
  sqrtOneMinusAlphaBar: Float64Array;
  /** √ᾱ_s and √(1 − ᾱ_s) where step k lands, s = s[k] (1 and 0 at s = 0): to noise known data to x_s, as inpainting does. */
  sqrtAlphaBarPrev: Float64Array;
  sqrtOneMinusAlphaBarPrev: Float64Array;
  /** σ_k, the standard deviation of the noise σ_k z added at step k (0 on the last step). */
  sigma: Float64Array;
}

export interface DdpmPlan extends PlanBase {
  kind: 'ddpm';
  variance: ReverseVariance;
  /** β'_k = 1 − ᾱ_{t_k}/ᾱ_{s_k}: the respaced β (equals β_t when every step is kept). */
  beta: Float64Array;
  /** 1/√α'_k with α'_k = 1 − β'_k. */
  invSqrtAlpha: Float64Array;
  /** β'_k / √(1 − ᾱ_{t_k}): the weight of ε̂ in DDPM eq. 11 / Algorithm 2. */
  epsCoef: Float64Array;
}

export interface DdimPlan extends PlanBase {
  kind: 'ddim';
  /** η ∈ [0, 1]: 0 is deterministic DDIM, 1 on every step is DDPM with σ_t² = β̃_t. */
  eta: number;
  /** √(1 − ᾱ_{s_k} − σ_k²): the weight of ε̂ ("direction pointing to x_t"). */
  dirCoef: Float64Array;
}

export type SamplerPlan = DdpmPlan | DdimPlan;

/** What both samplers share: the steps t_k → s_k, their ᾱ terms, and the respaced β'_k, β̃'_k. */
interface Respaced {
  base: Omit<PlanBase, 'sigma'>;
  /** log α'_k = log(ᾱ_t/ᾱ_s) = Σ_{s < u ≤ t} log(1 − β_u). */
  logAlpha: Float64Array;
  /** β'_k = 1 − α'_k. */
  beta: Float64Array;
  /** β̃'_k = (1 − ᾱ_s)/(1 − ᾱ_t) · β'_k, the respaced posterior variance (0 at s = 0). */
  betaTilde: Float64Array;
}

/**
 * The respaced schedule on the kept steps. log α'_k is summed from the β_u it spans, like the
 * schedule's own log ᾱ_t, and β'_k = −expm1(log α'_k), so a step over a single timestep gives
 * β'_k = β_t to within rounding instead of suffering the cancellation in 1 − ᾱ_t/ᾱ_s.
 */
function respace(schedule: Schedule, steps: number): Respaced {
  const { T } = schedule;
  const tau = spacedTimesteps(T, steps);
  const S = tau.length;
  const t = Int32Array.from(tau).reverse();
  const s = new Int32Array(S);
  for (let k = 0; k < S - 1; k++) s[k] = t[k + 1];
  const sqrtAlphaBar = new Float64Array(S);
  const sqrtOneMinusAlphaBar = new Float64Array(S);
  const sqrtAlphaBarPrev = new Float64Array(S);
  const sqrtOneMinusAlphaBarPrev = new Float64Array(S);
  const logAlpha = new Float64Array(S);
  const beta = new Float64Array(S);
  const betaTilde = new Float64Array(S);
  for (let k = 0; k < S; k++) {
    const [tk, sk] = [t[k], s[k]];
    sqrtAlphaBar[k] = schedule.sqrtAlphaBar[tk];
    sqrtOneMinusAlphaBar[k] = schedule.sqrtOneMinusAlphaBar[tk];
    sqrtAlphaBarPrev[k] = schedule.sqrtAlphaBar[sk];
    sqrtOneMinusAlphaBarPrev[k] = schedule.sqrtOneMinusAlphaBar[sk];
    let logA = 0;
    for (let u = sk + 1; u <= tk; u++) logA += Math.log1p(-schedule.beta[u]);
    logAlpha[k] = logA;
    beta[k] = -Math.expm1(logA);
    betaTilde[k] = (schedule.oneMinusAlphaBar[sk] / schedule.oneMinusAlphaBar[tk]) * beta[k];
  }
  return { base: { T, steps: S, t, s, sqrtAlphaBar, sqrtOneMinusAlphaBar, sqrtAlphaBarPrev, sqrtOneMinusAlphaBarPrev }, logAlpha, beta, betaTilde };
}

/**
 * DDPM ancestral sampling (Algorithm 2) on `steps` evenly spaced timesteps (all T when steps ≥ T).
 * σ_k² = β'_k for 'beta', except on the last step, where Algorithm 2 adds no noise (z = 0);
 * σ_k² = β̃'_k for 'betaTilde', which is 0 on the last step by itself (ᾱ_0 = 1).
 */
export function ddpmPlan(schedule: Schedule, opts: { steps: number; variance: ReverseVariance }): DdpmPlan {
  const { variance } = opts;
  if (variance !== 'beta' && variance !== 'betaTilde') throw new RangeError(`unknown variance ${String(variance)}`);
  const { base, logAlpha, beta, betaTilde } = respace(schedule, opts.steps);
  const S = base.steps;
  const invSqrtAlpha = new Float64Array(S);
  const epsCoef = new Float64Array(S);
  const sigma = new Float64Array(S);
  for (let k = 0; k < S; k++) {
    invSqrtAlpha[k] = Math.exp(-0.5 * logAlpha[k]);
    epsCoef[k] = beta[k] / base.sqrtOneMinusAlphaBar[k];
    sigma[k] = variance === 'beta' ? (k === S - 1 ? 0 : Math.sqrt(beta[k])) : Math.sqrt(betaTilde[k]);
  }
  return { kind: 'ddpm', variance, ...base, sigma, beta, invSqrtAlpha, epsCoef };
}

/**
 * DDIM sampling on `steps` evenly spaced timesteps with noise level η ∈ [0, 1]:
 * σ_k² = η² β̃'_k = η² (1 − ᾱ_s)/(1 − ᾱ_t) · (1 − ᾱ_t/ᾱ_s). The weight of ε̂ is computed from
 *   1 − ᾱ_s − σ_k² = (1 − ᾱ_s) [(1 − η²) + η² α'_k (1 − ᾱ_s)/(1 − ᾱ_t)],
 * (using 1 − β'_k/(1 − ᾱ_t) = α'_k (1 − ᾱ_s)/(1 − ᾱ_t)), a sum of non-negative terms: nothing
 * cancels, and it cannot round below 0.
 */
export function ddimPlan(schedule: Schedule, opts: { steps: number; eta: number }): DdimPlan {
  const { eta } = opts;
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`η must be in [0, 1], got ${eta}`);
  const { base, logAlpha, betaTilde } = respace(schedule, opts.steps);
  const S = base.steps;
  const dirCoef = new Float64Array(S);
  const sigma = new Float64Array(S);
  const eta2 = eta * eta;
  for (let k = 0; k < S; k++) {
    const [tk, sk] = [base.t[k], base.s[k]];
    const oneMinusPrev = schedule.oneMinusAlphaBar[sk];
    sigma[k] = eta * Math.sqrt(betaTilde[k]);
    const keep = (1 - eta) * (1 + eta) + eta2 * Math.exp(logAlpha[k]) * (oneMinusPrev / schedule.oneMinusAlphaBar[tk]);
    dirCoef[k] = Math.sqrt(oneMinusPrev * keep);
  }
  return { kind: 'ddim', eta, ...base, sigma, dirCoef };
}

/** A sampler and its settings, as the UI and the URL hold them. */
export type SamplerSettings =
  | { kind: 'ddpm'; steps: number; variance: ReverseVariance }
  | { kind: 'ddim'; steps: number; eta: number };

export function makePlan(schedule: Schedule, settings: SamplerSettings): SamplerPlan {
  return settings.kind === 'ddpm'
    ? ddpmPlan(schedule, { steps: settings.steps, variance: settings.variance })
    : ddimPlan(schedule, { steps: settings.steps, eta: settings.eta });
}
