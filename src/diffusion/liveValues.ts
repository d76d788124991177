/**
 * Every number the derivations panel plugs into its equations, for one schedule, T and t.
 * A quantity that has no value at this t (β_0, β̃ at t = 0, λ_1 with σ² = β̃, …) is returned as
 * undefined with the reason, so that the UI never shows NaN or ∞.
 */
import { gaussianEntropy, gaussianKL, lossWeights, priorMatching, type PriorMatching } from './elbo';
import type { Schedule } from './schedules';

export type Live = { defined: true; value: number } | { defined: false; reason: string };

const value = (v: number): Live => ({ defined: true, value: v });
const undef = (reason: string): Live => ({ defined: false, reason });

export const REASON_T0 = 't = 0 is the data x₀ itself: no noising step leads into it, so per-step quantities have no value there.';
export const REASON_T1_POINT_MASS =
  'At t = 1, β̃₁ = 0 because ᾱ₀ = 1: given x₁ and x₀ the posterior is a point mass at x₀. Its KL has no finite value; DDPM replaces that term by the decoder L₀ = −log p_θ(x₀ | x₁).';

export interface StepValues {
  t: number;
  T: number;
  beta: Live;
  alpha: Live;
  sqrtAlpha: Live;
  /** 1/√α_t, the factor in front of μ̃_t in the ε form. */
  invSqrtAlpha: Live;
  alphaBar: Live;
  alphaBarPrev: Live;
  oneMinusAlphaBar: Live;
  oneMinusAlphaBarPrev: Live;
  sqrtAlphaBar: Live;
  sqrtOneMinusAlphaBar: Live;
  betaTilde: Live;
  /** β̃_t / β_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t). */
  betaTildeOverBeta: Live;
  /** Coefficient of x_0 in μ̃_t. */
  posteriorCoefX0: Live;
  /** Coefficient of x_t in μ̃_t. */
  posteriorCoefXt: Live;
  /** β_t / √(1 − ᾱ_t), the coefficient of ε in μ̃_t (times 1/√α_t). */
  epsilonCoef: Live;
  /** σ_t with σ_t² = β_t. */
  sigmaBeta: Live;
  /** σ_t with σ_t² = β̃_t. */
  sigmaBetaTilde: Live;
  /** λ_t with σ_t² = β_t. */
  lambdaBeta: Live;
  /** λ_t with σ_t² = β̃_t. */
  lambdaBetaTilde: Live;
  /** The θ-free part C of L_{t−1} per coordinate with σ_t² = β_t: KL(N(0, β̃_t) ‖ N(0, β_t)). */
  klConstantBeta: Live;
  /** ½ log(2πe β_t): upper bound on the reverse-step entropy H_q(x_{t−1} | x_t) per coordinate. */
  entropyUpper: Live;
  /** ½ log(2πe β̃_t): lower bound on the reverse-step entropy per coordinate. */
  entropyLower: Live;
}

/** The per-timestep numbers of the derivations (see `StepValues`). */
export function stepValues(s: Schedule, t: number): StepValues {
  if (!(Number.isInteger(t) && t >= 0 && t <= s.T)) throw new RangeError(`t must be an integer in 0 … ${s.T}, got ${t}`);
  const w = lossWeights(s);
  const common = {
    t,
    T: s.T,
    alphaBar: value(s.alphaBar[t]),
    oneMinusAlphaBar: value(s.oneMinusAlphaBar[t]),
    sqrtAlphaBar: value(s.sqrtAlphaBar[t]),
    sqrtOneMinusAlphaBar: value(s.sqrtOneMinusAlphaBar[t]),
  };
  if (t === 0) {
    const u = undef(REASON_T0);
    return {
      ...common,
      beta: u,
      alpha: u,
      sqrtAlpha: u,
      invSqrtAlpha: u,
      alphaBarPrev: u,
      oneMinusAlphaBarPrev: u,
      betaTilde: u,
      betaTildeOverBeta: u,
      posteriorCoefX0: u,
      posteriorCoefXt: u,
      epsilonCoef: u,
      sigmaBeta: u,
      sigmaBetaTilde: u,
      lambdaBeta: u,
      lambdaBetaTilde: u,
      klConstantBeta: u,
      entropyUpper: u,
      entropyLower: u,
    };
  }
  const beta = s.beta[t];
  const betaTilde = s.betaTilde[t];
  const pointMass = undef(REASON_T1_POINT_MASS);
  return {
    ...common,
    beta: value(beta),
    alpha: value(s.alpha[t]),
    sqrtAlpha: value(Math.sqrt(s.alpha[t])),
    invSqrtAlpha: value(1 / Math.sqrt(s.alpha[t])),
    alphaBarPrev: value(s.alphaBar[t - 1]),
    oneMinusAlphaBarPrev: value(s.oneMinusAlphaBar[t - 1]),
    betaTilde: value(betaTilde),
    betaTildeOverBeta: value(w.betaTildeOverBeta[t]),
    posteriorCoefX0: value(s.posteriorCoefX0[t]),
    posteriorCoefXt: value(s.posteriorCoefXt[t]),
    epsilonCoef: value(beta / s.sqrtOneMinusAlphaBar[t]),
    sigmaBeta: value(Math.sqrt(beta)),
    sigmaBetaTilde: value(Math.sqrt(betaTilde)),
    lambdaBeta: value(w.lambdaBeta[t]),
    lambdaBetaTilde: t === 1 ? pointMass : value(w.lambdaBetaTilde[t]),
    klConstantBeta: t === 1 ? pointMass : value(gaussianKL(0, betaTilde, 0, beta)),
    entropyUpper: value(gaussianEntropy(beta)),
    entropyLower: t === 1 ? pointMass : value(gaussianEntropy(betaTilde)),
  };
}

/** What the derivations need to know about the data x_0. */
export interface DataStats {
  /** D, the number of coordinates of x_0. */
  dims: number;
  /** The mean of (x_0^i)² over the coordinates. */
  meanSquare: number;
}

export interface RunValues {
  T: number;
  /** D, the number of coordinates of x_0. */
  dims: number;
  /** T · D: the latent coordinates p_θ(x_0) integrates over. */
  latentDims: number;
  /** T − 1 log-ratios in the telescoping sum over t = 2 … T… */
  telescopedRatios: number;
  /** …of which T − 2 intermediate marginals q(x_2 | x_0) … q(x_{T−1} | x_0) cancel. */
  cancelledMarginals: number;
  alphaBarT: number;
  /** L_T for the current data. */
  priorMatching: PriorMatching;
  /** H_q(X^(T) | X^(0)) = ½ log(2πe (1 − ᾱ_T)) per coordinate (Sohl-Dickstein et al.). */
  entropyForwardT: number;
  /** H_q(X^(1) | X^(0)) = ½ log(2πe β_1) per coordinate. */
  entropyForward1: number;
  /** H_p(X^(T)) = ½ log(2πe) per coordinate, the entropy of π = N(0, I). */
  entropyPrior: number;
  /** H_q(X^(T)|X^(0)) − H_q(X^(1)|X^(0)) − H_p(X^(T)): the entropy terms of K, per coordinate. */
  entropyTermsK: number;
}

/** The numbers of the derivations that depend on the schedule and T but not on t. */
export function runValues(s: Schedule, data: DataStats): RunValues {
  const entropyForwardT = gaussianEntropy(s.oneMinusAlphaBar[s.T]);
  const entropyForward1 = gaussianEntropy(s.beta[1]);
  const entropyPrior = gaussianEntropy(1);
  return {
    T: s.T,
    dims: data.dims,
    latentDims: s.T * data.dims,
    telescopedRatios: s.T - 1,
    cancelledMarginals: Math.max(0, s.T - 2),
    alphaBarT: s.alphaBar[s.T],
    priorMatching: priorMatching(s.alphaBar[s.T], data.meanSquare),
    entropyForwardT,
    entropyForward1,
    entropyPrior,
    // ½log(1 − ᾱ_T) − ½log β_1 − ½log(2πe), written so the 2πe of the first two cancel exactly.
    entropyTermsK: 0.5 * (Math.log(s.oneMinusAlphaBar[s.T]) - Math.log(s.beta[1])) - entropyPrior,
  };
}
