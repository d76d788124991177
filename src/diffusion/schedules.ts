/**
 * Noise schedules for the forward process, in float64.
 *
 * Everything the UI and the engine show about a schedule is computed here, once, by
 * `makeSchedule`. Arrays are indexed by the timestep t = 0 … T, where index 0 means
 * "no noise yet" (β_0 = 0, ᾱ_0 = 1), so `alphaBar[t]` reads like the paper's ᾱ_t.
 */

export const SCHEDULE_KINDS = ['linear', 'cosine', 'quadratic', 'sigmoid'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export const SCHEDULE_LABELS: Record<ScheduleKind, string> = {
  linear: 'Linear',
  cosine: 'Cosine',
  quadratic: 'Quadratic',
  sigmoid: 'Sigmoid',
};

/** Smallest and largest number of diffusion steps the playground allows. */
export const T_MIN = 1;
export const T_MAX = 10000;

/** Upper clip on any β_t: β = 1 would destroy all signal in one step and make √α_t = 0. */
export const BETA_MAX = 0.999;

/** DDPM's linear schedule at T = 1000 (Ho et al. 2020, section 4). */
export const LINEAR_BETA_1 = 1e-4;
export const LINEAR_BETA_T = 0.02;

/** Cosine schedule offset (Nichol & Dhariwal 2021). */
export const COSINE_S = 0.008;

export interface ScheduleSpec {
  kind: ScheduleKind;
  T: number;
}

export interface Schedule {
  kind: ScheduleKind;
  T: number;
  /** β_t */
  beta: Float64Array;
  /** α_t = 1 − β_t */
  alpha: Float64Array;
  /** ᾱ_t = ∏_{s ≤ t} α_s */
  alphaBar: Float64Array;
  /** 1 − ᾱ_t, the variance of q(x_t | x_0) (accurate even when ᾱ_t is close to 1) */
  oneMinusAlphaBar: Float64Array;
  /** √ᾱ_t, the weight of x_0 in x_t */
  sqrtAlphaBar: Float64Array;
  /** √(1 − ᾱ_t), the weight of ε in x_t */
  sqrtOneMinusAlphaBar: Float64Array;
  /** β̃_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t) · β_t, the posterior variance (0 at t = 1, NaN at t = 0) */
  betaTilde: Float64Array;
  /** coefficient of x_0 in μ̃_t: √ᾱ_{t−1} β_t / (1 − ᾱ_t) */
  posteriorCoefX0: Float64Array;
  /** coefficient of x_t in μ̃_t: √α_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t) */
  posteriorCoefXt: Float64Array;
  /** SNR(t) = ᾱ_t / (1 − ᾱ_t) (∞ at t = 0) */
  snr: Float64Array;
  /** log SNR(t), natural log (∞ at t = 0) */
  logSnr: Float64Array;
}

/**
 * The ends of the linear family for a given T. DDPM's 1e-4 … 0.02 is for T = 1000; for other
 * T both ends are scaled by 1000 / T (as in Nichol & Dhariwal), which keeps Σβ_t — and so
 * roughly ᾱ_T — the same, and each end is capped at BETA_MAX so that small T stays valid.
 */
export function linearBetaRange(T: number): [number, number] {
  const scale = 1000 / T;
  return [Math.min(LINEAR_BETA_1 * scale, BETA_MAX), Math.min(LINEAR_BETA_T * scale, BETA_MAX)];
}

function checkT(T: number): void {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`T must be a positive integer, got ${T}`);
}

/** β_1 … β_T (index 0 unused, set to 0) for a schedule kind. */
export function makeBetas(kind: ScheduleKind, T: number): Float64Array {
  checkT(T);
  const beta = new Float64Array(T + 1);
  const [b1, bT] = linearBetaRange(T);
  // u runs evenly from 0 at t = 1 to 1 at t = T (0 when T = 1).
  const u = (t: number) => (T === 1 ? 0 : (t - 1) / (T - 1));
  switch (kind) {
    case 'linear':
      for (let t = 1; t <= T; t++) beta[t] = b1 + (bT - b1) * u(t);
      break;
    case 'quadratic': {
      // β_t = (√β_1 + u (√β_T − √β_1))²: evenly spaced in √β, as in diffusers' "scaled_linear".
      const [r1, rT] = [Math.sqrt(b1), Math.sqrt(bT)];
      for (let t = 1; t <= T; t++) beta[t] = (r1 + (rT - r1) * u(t)) ** 2;
      break;
    }
    case 'sigmoid': {
      // β_t = β_1 + (β_T − β_1) σ(−6 + 12 u): slow start, steep middle, slow end.
      const sig = (x: number) => 1 / (1 + Math.exp(-x));
      for (let t = 1; t <= T; t++) beta[t] = b1 + (bT - b1) * sig(-6 + 12 * u(t));
      break;
    }
    case 'cosine': {
      // ᾱ_t = f(t) / f(0), f(t) = cos²(((t/T) + s)/(1 + s) · π/2); β_t = min(1 − ᾱ_t/ᾱ_{t−1}, 0.999).
      const f = (t: number) => Math.cos(((t / T + COSINE_S) / (1 + COSINE_S)) * (Math.PI / 2)) ** 2;
      for (let t = 1; t <= T; t++) beta[t] = 1 - f(t) / f(t - 1);
      break;
    }
  }
  // Rounding can push the top end a hair past the cap (e.g. (√0.999)² > 0.999).
  for (let t = 1; t <= T; t++) beta[t] = Math.min(beta[t], BETA_MAX);
  return beta;
}

/** Build every per-timestep quantity of a schedule from its β_t. */
export function scheduleFromBetas(kind: ScheduleKind, beta: Float64Array): Schedule {
  const T = beta.length - 1;
  checkT(T);
  const n = T + 1;
  const alpha = new Float64Array(n);
  const alphaBar = new Float64Array(n);
  const oneMinusAlphaBar = new Float64Array(n);
  const sqrtAlphaBar = new Float64Array(n);
  const sqrtOneMinusAlphaBar = new Float64Array(n);
  const betaTilde = new Float64Array(n);
  const posteriorCoefX0 = new Float64Array(n);
  const posteriorCoefXt = new Float64Array(n);
  const snr = new Float64Array(n);
  const logSnr = new Float64Array(n);

  alpha[0] = 1;
  alphaBar[0] = 1;
  oneMinusAlphaBar[0] = 0;
  sqrtAlphaBar[0] = 1;
  sqrtOneMinusAlphaBar[0] = 0;
  // The posterior q(x_{t−1} | x_t, x_0) only exists for t ≥ 1.
  betaTilde[0] = NaN;
  posteriorCoefX0[0] = NaN;
  posteriorCoefXt[0] = NaN;
  snr[0] = Infinity;
  logSnr[0] = Infinity;

  // log ᾱ_t is accumulated as a sum of log α_s so that tiny ᾱ_t keep their relative precision;
  // 1 − ᾱ_t is computed as −expm1(log ᾱ_t) so that it stays accurate when ᾱ_t is close to 1.
  let logAlphaBar = 0;
  for (let t = 1; t <= T; t++) {
    const b = beta[t];
    if (!(b > 0 && b < 1)) throw new RangeError(`β_${t} = ${b} is outside (0, 1)`);
    alpha[t] = 1 - b;
    logAlphaBar += Math.log1p(-b);
    alphaBar[t] = Math.exp(logAlphaBar);
    const oneMinus = -Math.expm1(logAlphaBar);
    const oneMinusPrev = oneMinusAlphaBar[t - 1];
    oneMinusAlphaBar[t] = oneMinus;
    sqrtAlphaBar[t] = Math.sqrt(alphaBar[t]);
    sqrtOneMinusAlphaBar[t] = Math.sqrt(oneMinus);
    betaTilde[t] = (oneMinusPrev / oneMinus) * b;
    posteriorCoefX0[t] = (Math.sqrt(alphaBar[t - 1]) * b) / oneMinus;
    posteriorCoefXt[t] = (Math.sqrt(alpha[t]) * oneMinusPrev) / oneMinus;
    snr[t] = alphaBar[t] / oneMinus;
    logSnr[t] = logAlphaBar - Math.log(oneMinus);
  }
  return {
    kind,
    T,
    beta,
    alpha,
    alphaBar,
    oneMinusAlphaBar,
    sqrtAlphaBar,
    sqrtOneMinusAlphaBar,
    betaTilde,
    posteriorCoefX0,
    posteriorCoefXt,
    snr,
    logSnr,
  };
}

const cache = new Map<string, Schedule>();

/**
 * The schedule for `{ kind, T }`, computed once and shared: callers must treat the arrays as
 * read-only.
 */
export function makeSchedule({ kind, T }: ScheduleSpec): Schedule {
  const key = `${kind}:${T}`;
  let s = cache.get(key);
  if (!s) {
    s = scheduleFromBetas(kind, makeBetas(kind, T));
    if (cache.size > 64) cache.clear();
    cache.set(key, s);
  }
  return s;
}

/**
 * The timesteps of an evenly spaced strip x_0 … x_T with `frames` frames (rounded to integers),
 * or every timestep 0 … T when T is too small to fill them without repeats.
 */
export function stripTimesteps(T: number, frames: number): number[] {
  const n = Math.min(frames, T + 1);
  return Array.from({ length: n }, (_, i) => Math.round((i * T) / (n - 1)));
}
