/**
 * The derivations, as data: sections of steps, each one display equation, the one-sentence
 * reason for it, and optionally a companion line with the current numbers. The numbers come
 * from `stepValues` / `runValues` (src/diffusion); the builders here only format them into TeX.
 * Notation of Ho et al. (2020); section 9 uses Sohl-Dickstein et al.'s x^(t).
 */
import type { Live, RunValues, StepValues } from '../../diffusion/liveValues';
import { formatPrecise, texNumber } from '../common/format';

export interface LiveLine {
  /** The equation with the numbers plugged in; empty when none of them has a value at this t. */
  tex: string;
  /** Why a value in `tex` is undefined, or what is special about this t. */
  notes: string[];
}

export interface DerivationStep {
  id: string;
  /** One display equation (its number is added from the step's position). */
  tex: string;
  /** The one-sentence justification: which identity, which assumption. */
  reason: string;
  live?: (step: StepValues, run: RunValues) => LiveLine;
  /** An illustration shown under the step. */
  figure?: 'jensen' | 'kernels';
}

export interface DerivationSection {
  id: string;
  title: string;
  /** Where in the papers this comes from. */
  source: string;
  steps: DerivationStep[];
}

/**
 * Format live values into TeX, collecting the reasons of those that are undefined. A line whose
 * values are all undefined (e.g. every per-step number at t = 0) is left out, keeping the reason.
 */
function liveLine(build: (n: (l: Live) => string) => string, extraNotes: (string | false)[] = []): LiveLine {
  const notes = new Set<string>();
  let defined = 0;
  let undefinedCount = 0;
  const n = (l: Live) => {
    if (l.defined) {
      defined++;
      return texNumber(l.value, formatPrecise);
    }
    undefinedCount++;
    notes.add(l.reason);
    return String.raw`\text{undefined}`;
  };
  const built = build(n);
  for (const e of extraNotes) if (e) notes.add(e);
  return { tex: undefinedCount > 0 && defined === 0 ? '' : built, notes: [...notes] };
}

const num = (v: number) => texNumber(v, formatPrecise);

// Shorthands that keep the TeX below readable.
const x = (sub: string) => String.raw`\mathbf{x}_{${sub}}`;
const xs = (sup: string) => String.raw`\mathbf{x}^{(${sup})}`;
const eps = String.raw`\boldsymbol{\epsilon}`;
const I = String.raw`\mathbf{I}`;
const N = String.raw`\mathcal{N}`;
const KL = String.raw`D_{\mathrm{KL}}`;
const Eq = String.raw`\mathbb{E}_{q}`;
const q = (a: string, b: string) => String.raw`q(${a}\mid ${b})`;
const p = (a: string, b: string) => String.raw`p_\theta(${a}\mid ${b})`;

export const SECTIONS: DerivationSection[] = [
  {
    id: 'forward',
    title: String.raw`The forward process and $q(\mathbf{x}_t \mid \mathbf{x}_0)$`,
    source: 'Ho et al. 2020, eq. 2 and 4',
    steps: [
      {
        id: 'forward-kernel',
        tex: String.raw`${q(x('t'), x('t-1'))} = ${N}\!\left(${x('t')};\ \sqrt{1-\beta_t}\,${x('t-1')},\ \beta_t ${I}\right),\qquad q(${x('1:T')}\mid ${x('0')}) = \prod_{t=1}^{T} ${q(x('t'), x('t-1'))}`,
        reason: String.raw`Definition: a fixed Markov chain that shrinks the signal by $\sqrt{1-\beta_t}$ and adds Gaussian noise of variance $\beta_t$; nothing in it is learned.`,
        live: (v) => liveLine((n) => String.raw`\beta_{${v.t}} = ${n(v.beta)},\quad \sqrt{1-\beta_{${v.t}}} = ${n(v.sqrtAlpha)}`),
      },
      {
        id: 'reparameterise',
        tex: String.raw`${x('t')} = \sqrt{\alpha_t}\,${x('t-1')} + \sqrt{1-\alpha_t}\,${eps}_{t-1},\qquad \alpha_t := 1-\beta_t,\quad ${eps}_{t-1}\sim ${N}(\mathbf{0}, ${I})`,
        reason: String.raw`Reparameterisation: a draw from $\mathcal{N}(\boldsymbol\mu, \sigma^2\mathbf{I})$ is $\boldsymbol\mu + \sigma\boldsymbol\epsilon$ with $\boldsymbol\epsilon$ standard normal.`,
        live: (v) => liveLine((n) => String.raw`\alpha_{${v.t}} = ${n(v.alpha)}`),
      },
      {
        id: 'unroll',
        tex: String.raw`${x('t')} = \sqrt{\alpha_t\alpha_{t-1}}\,${x('t-2')} + \underbrace{\sqrt{\alpha_t(1-\alpha_{t-1})}\,${eps}_{t-2} + \sqrt{1-\alpha_t}\,${eps}_{t-1}}_{\text{two independent Gaussians}}`,
        reason: String.raw`Substitute the same step for $\mathbf{x}_{t-1}$ in terms of $\mathbf{x}_{t-2}$.`,
      },
      {
        id: 'merge',
        tex: String.raw`${x('t')} = \sqrt{\alpha_t\alpha_{t-1}}\,${x('t-2')} + \sqrt{1-\alpha_t\alpha_{t-1}}\;\bar{${eps}},\qquad \bar{${eps}}\sim ${N}(\mathbf{0}, ${I})`,
        reason: String.raw`A sum of independent zero-mean Gaussians is Gaussian with the summed variance: $\alpha_t(1-\alpha_{t-1}) + (1-\alpha_t) = 1-\alpha_t\alpha_{t-1}$.`,
      },
      {
        id: 'marginal',
        tex: String.raw`${q(x('t'), x('0'))} = ${N}\!\left(${x('t')};\ \sqrt{\bar\alpha_t}\,${x('0')},\ (1-\bar\alpha_t)${I}\right),\qquad \bar\alpha_t := \prod_{s=1}^{t}\alpha_s`,
        reason: String.raw`Unrolling all $t$ steps the same way multiplies the $\alpha$’s (induction on $t$): any $\mathbf{x}_t$ can be drawn from $\mathbf{x}_0$ in one shot, which is what makes training cheap.`,
        live: (v) =>
          liveLine(
            (n) =>
              String.raw`\bar\alpha_{${v.t}} = ${n(v.alphaBar)},\quad 1-\bar\alpha_{${v.t}} = ${n(v.oneMinusAlphaBar)},\quad \sqrt{\bar\alpha_{${v.t}}} = ${n(v.sqrtAlphaBar)}`,
            [v.t === 0 && 'At t = 0 the empty product gives ᾱ₀ = 1: q(x₀ | x₀) is a point mass at the data.'],
          ),
      },
    ],
  },
  {
    id: 'reverse',
    title: 'The reverse process, and why its likelihood is intractable',
    source: 'Ho et al. 2020, eq. 1; Sohl-Dickstein et al. 2015, §2.2',
    steps: [
      {
        id: 'reverse-chain',
        tex: String.raw`\begin{aligned} p_\theta(${x('0:T')}) &= p(${x('T')})\prod_{t=1}^{T} ${p(x('t-1'), x('t'))},\qquad p(${x('T')}) = ${N}(${x('T')}; \mathbf{0}, ${I}),\\ ${p(x('t-1'), x('t'))} &= ${N}\!\left(${x('t-1')};\ \boldsymbol{\mu}_\theta(${x('t')}, t),\ \boldsymbol{\Sigma}_\theta(${x('t')}, t)\right) \end{aligned}`,
        reason: String.raw`Generation runs a learned Markov chain backwards from pure noise; when every $\beta_t$ is small the true reverse step is close to Gaussian, so Gaussian steps can match it.`,
      },
      {
        id: 'intractable',
        tex: String.raw`p_\theta(${x('0')}) = \int p_\theta(${x('0:T')})\, d${x('1:T')}`,
        reason: String.raw`The likelihood integrates over every path $\mathbf{x}_1, \dots, \mathbf{x}_T$ that could have produced $\mathbf{x}_0$: there is no closed form, and paths sampled from $p_\theta$ almost never pass near a given $\mathbf{x}_0$, so $p_\theta(\mathbf{x}_0)$ can be neither computed nor maximised directly.`,
        live: (_, r) =>
          liveLine(() => String.raw`T \cdot D = ${r.T} \times ${r.dims} = ${num(r.latentDims)}\ \text{latent coordinates for this image}`),
      },
    ],
  },
  {
    id: 'elbo',
    title: 'A lower bound by Jensen’s inequality',
    source: 'Ho et al. 2020, eq. 3',
    steps: [
      {
        id: 'importance',
        tex: String.raw`\log p_\theta(${x('0')}) = \log \int q(${x('1:T')}\mid ${x('0')})\,\frac{p_\theta(${x('0:T')})}{q(${x('1:T')}\mid ${x('0')})}\,d${x('1:T')} = \log ${Eq}\!\left[\frac{p_\theta(${x('0:T')})}{q(${x('1:T')}\mid ${x('0')})}\right]`,
        reason: String.raw`Multiply and divide by the forward process: its paths do start at $\mathbf{x}_0$, so it serves as the proposal distribution (importance sampling).`,
      },
      {
        id: 'jensen',
        tex: String.raw`\log ${Eq}\!\left[\frac{p_\theta(${x('0:T')})}{q(${x('1:T')}\mid ${x('0')})}\right] \;\ge\; ${Eq}\!\left[\log\frac{p_\theta(${x('0:T')})}{q(${x('1:T')}\mid ${x('0')})}\right]`,
        reason: String.raw`Jensen’s inequality: $\log$ is concave, so the log of an average is at least the average of the logs (the chord lies below the curve).`,
        figure: 'jensen',
      },
      {
        id: 'bound-L',
        tex: String.raw`\mathbb{E}\left[-\log p_\theta(${x('0')})\right] \le ${Eq}\!\left[-\log p(${x('T')}) - \sum_{t\ge 1}\log\frac{${p(x('t-1'), x('t'))}}{${q(x('t'), x('t-1'))}}\right] =: L`,
        reason: String.raw`Negate, average over the data, and expand both joint densities into their products of single steps: $L$ is the bound DDPM minimises.`,
      },
    ],
  },
  {
    id: 'decomposition',
    title: 'Rewriting L as a sum of KL divergences',
    source: 'Ho et al. 2020, eq. 5 and appendix A',
    steps: [
      {
        id: 'split-first',
        tex: String.raw`L = ${Eq}\!\left[-\log p(${x('T')}) - \sum_{t>1}\log\frac{${p(x('t-1'), x('t'))}}{${q(x('t'), x('t-1'))}} - \log\frac{${p(x('0'), x('1'))}}{${q(x('1'), x('0'))}}\right]`,
        reason: String.raw`Split the $t = 1$ term off the sum; it will become the decoder.`,
      },
      {
        id: 'bayes',
        tex: String.raw`${q(x('t'), x('t-1'))} = q(${x('t')}\mid ${x('t-1')}, ${x('0')}) = \frac{q(${x('t-1')}\mid ${x('t')}, ${x('0')})\;${q(x('t'), x('0'))}}{${q(x('t-1'), x('0'))}}`,
        reason: String.raw`Markov property (given $\mathbf{x}_{t-1}$, the step to $\mathbf{x}_t$ ignores $\mathbf{x}_0$), then Bayes’ rule with $\mathbf{x}_0$ held fixed: forward steps become posteriors, which have closed forms.`,
      },
      {
        id: 'telescope',
        tex: String.raw`\begin{aligned} \sum_{t=2}^{T}\log\frac{${q(x('t'), x('0'))}}{${q(x('t-1'), x('0'))}} &= \log\!\left(\frac{\cancel{${q(x('2'), x('0'))}}}{${q(x('1'), x('0'))}}\cdot\frac{\cancel{${q(x('3'), x('0'))}}}{\cancel{${q(x('2'), x('0'))}}}\cdots\frac{${q(x('T'), x('0'))}}{\cancel{${q(x('T-1'), x('0'))}}}\right) \\ &= \log\frac{${q(x('T'), x('0'))}}{${q(x('1'), x('0'))}} \end{aligned}`,
        reason: String.raw`Telescoping: every intermediate marginal appears once above and once below the line, so only the last and the first survive.`,
        live: (_, r) =>
          liveLine(
            () =>
              r.T === 1
                ? String.raw`T = 1:\ \text{the sum over } t = 2 \dots T \text{ is empty}`
                : String.raw`T = ${r.T}:\ ${r.telescopedRatios}\ \text{ratios},\ ${r.cancelledMarginals}\ \text{marginals cancel}`,
          ),
      },
      {
        id: 'substitute',
        tex: String.raw`L = ${Eq}\!\left[-\log\frac{p(${x('T')})}{${q(x('T'), x('0'))}} - \sum_{t>1}\log\frac{${p(x('t-1'), x('t'))}}{q(${x('t-1')}\mid ${x('t')}, ${x('0')})} - \log ${p(x('0'), x('1'))}\right]`,
        reason: String.raw`Substitute the Bayes step into the sum and use the telescoped ratio: its $q(\mathbf{x}_1 \mid \mathbf{x}_0)$ cancels the one in the $t = 1$ term, and its $q(\mathbf{x}_T \mid \mathbf{x}_0)$ joins the prior.`,
      },
      {
        id: 'kl-terms',
        tex: String.raw`\begin{aligned} L = ${Eq}\Big[ &\underbrace{${KL}\!\left(${q(x('T'), x('0'))}\,\|\,p(${x('T')})\right)}_{L_T} + \sum_{t>1}\underbrace{${KL}\!\left(q(${x('t-1')}\mid ${x('t')}, ${x('0')})\,\|\,${p(x('t-1'), x('t'))}\right)}_{L_{t-1}} \\ &\underbrace{-\log ${p(x('0'), x('1'))}}_{L_0}\Big] \end{aligned}`,
        reason: String.raw`An expected log-ratio with $q$ on top is a KL divergence (take the expectation over the variable left of the bar first): $L_T$ has no parameters, each $L_{t-1}$ compares two Gaussians, and $L_0$ is a decoder.`,
        live: (_, r) =>
          liveLine(
            () =>
              String.raw`L_T = ${num(r.priorMatching.bitsPerDim)}\ \text{bits/dim for this image},\quad \bar\alpha_{${r.T}} = ${num(r.alphaBarT)}`,
            ['For comparison, DDPM reports $L_T \\approx 10^{-5}$ bits/dim for its linear schedule at $T = 1000$ on CIFAR-10.'],
          ),
      },
    ],
  },
  {
    id: 'posterior',
    title: String.raw`The forward posterior $q(\mathbf{x}_{t-1} \mid \mathbf{x}_t, \mathbf{x}_0)$`,
    source: 'Ho et al. 2020, eq. 6 and 7',
    steps: [
      {
        id: 'posterior-bayes',
        tex: String.raw`\begin{aligned} q(${x('t-1')}\mid ${x('t')}, ${x('0')}) &\propto ${q(x('t'), x('t-1'))}\,${q(x('t-1'), x('0'))} \\ &\propto \exp\!\left(-\frac12\left[\frac{(${x('t')} - \sqrt{\alpha_t}\,${x('t-1')})^2}{\beta_t} + \frac{(${x('t-1')} - \sqrt{\bar\alpha_{t-1}}\,${x('0')})^2}{1-\bar\alpha_{t-1}}\right]\right) \end{aligned}`,
        reason: String.raw`Bayes’ rule as above; $q(\mathbf{x}_t \mid \mathbf{x}_0)$ does not involve $\mathbf{x}_{t-1}$ and joins the constant, and the coordinates are independent, so the squares are per coordinate.`,
        live: (v) =>
          liveLine((n) => String.raw`\beta_{${v.t}} = ${n(v.beta)},\quad \bar\alpha_{${v.t - 1}} = ${n(v.alphaBarPrev)},\quad 1-\bar\alpha_{${v.t - 1}} = ${n(v.oneMinusAlphaBarPrev)}`),
      },
      {
        id: 'posterior-collect',
        tex: String.raw`\begin{aligned} &\propto \exp\Big(-\frac12\Big[\Big(\frac{\alpha_t}{\beta_t} + \frac{1}{1-\bar\alpha_{t-1}}\Big)${x('t-1')}^2 \\ &\qquad\qquad - 2\left(\frac{\sqrt{\alpha_t}}{\beta_t}\,${x('t')} + \frac{\sqrt{\bar\alpha_{t-1}}}{1-\bar\alpha_{t-1}}\,${x('0')}\right)${x('t-1')} + C(${x('t')}, ${x('0')})\Big]\Big) \end{aligned}`,
        reason: String.raw`Expand the squares and collect powers of $\mathbf{x}_{t-1}$: a quadratic in the exponent, so the posterior is Gaussian.`,
      },
      {
        id: 'beta-tilde',
        tex: String.raw`\tilde\beta_t = \left(\frac{\alpha_t}{\beta_t} + \frac{1}{1-\bar\alpha_{t-1}}\right)^{-1} = \frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\,\beta_t`,
        reason: String.raw`The variance is one over the coefficient of $\mathbf{x}_{t-1}^2$; the sum simplifies because $\alpha_t(1-\bar\alpha_{t-1}) + \beta_t = 1-\bar\alpha_t$.`,
        live: (v) =>
          liveLine(
            (n) =>
              String.raw`\tilde\beta_{${v.t}} = ${n(v.betaTildeOverBeta)} \times ${n(v.beta)} = ${n(v.betaTilde)}`,
            [v.t === 1 && 'β̃₁ = 0 because ᾱ₀ = 1: with x₀ given, x₀ is known exactly.'],
          ),
      },
      {
        id: 'mu-tilde',
        tex: String.raw`\tilde{\boldsymbol\mu}_t(${x('t')}, ${x('0')}) = \tilde\beta_t\left(\frac{\sqrt{\alpha_t}}{\beta_t}\,${x('t')} + \frac{\sqrt{\bar\alpha_{t-1}}}{1-\bar\alpha_{t-1}}\,${x('0')}\right) = \frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1-\bar\alpha_t}\,${x('0')} + \frac{\sqrt{\alpha_t}\,(1-\bar\alpha_{t-1})}{1-\bar\alpha_t}\,${x('t')}`,
        reason: String.raw`The mean is the variance times the coefficient of the linear term (completing the square).`,
        live: (v) =>
          liveLine((n) => String.raw`\tilde{\boldsymbol\mu}_{${v.t}} = ${n(v.posteriorCoefX0)}\,${x('0')} + ${n(v.posteriorCoefXt)}\,${x(String(v.t))}`),
      },
      {
        id: 'posterior',
        tex: String.raw`q(${x('t-1')}\mid ${x('t')}, ${x('0')}) = ${N}\!\left(${x('t-1')};\ \tilde{\boldsymbol\mu}_t(${x('t')}, ${x('0')}),\ \tilde\beta_t ${I}\right)`,
        reason: String.raw`So every posterior in $L$ is a Gaussian with a closed-form mean and variance, and every $L_{t-1}$ compares two Gaussians.`,
        live: (v) =>
          liveLine(
            (n) =>
              String.raw`q(${x(String(v.t - 1))}\mid ${x(String(v.t))}, ${x('0')}) = ${N}\!\left(${n(v.posteriorCoefX0)}\,${x('0')} + ${n(v.posteriorCoefXt)}\,${x(String(v.t))},\ ${n(v.betaTilde)}\,${I}\right)`,
          ),
      },
    ],
  },
  {
    id: 'kl',
    title: String.raw`The KL between two Gaussians, and $L_{t-1}$`,
    source: 'Ho et al. 2020, eq. 8',
    steps: [
      {
        id: 'kl-expand',
        tex: String.raw`\begin{aligned} ${KL}\!\left(${N}(\boldsymbol\mu_1, s_1^2 ${I})\,\|\,${N}(\boldsymbol\mu_2, s_2^2 ${I})\right) &= \mathbb{E}_{\mathbf{x}\sim ${N}(\boldsymbol\mu_1, s_1^2 ${I})}\!\left[\frac{\|\mathbf{x}-\boldsymbol\mu_2\|^2}{2 s_2^2} - \frac{\|\mathbf{x}-\boldsymbol\mu_1\|^2}{2 s_1^2}\right] \\ &\quad + \frac{D}{2}\log\frac{s_2^2}{s_1^2} \end{aligned}`,
        reason: String.raw`Write out the log-ratio of the two densities in $D$ dimensions; their normalising constants give the log term.`,
      },
      {
        id: 'kl-closed',
        tex: String.raw`= \frac{D}{2}\left[\log\frac{s_2^2}{s_1^2} + \frac{s_1^2}{s_2^2} - 1\right] + \frac{\|\boldsymbol\mu_1 - \boldsymbol\mu_2\|^2}{2 s_2^2}`,
        reason: String.raw`Under $\mathcal{N}(\boldsymbol\mu_1, s_1^2\mathbf{I})$, $\mathbb{E}\|\mathbf{x}-\boldsymbol\mu_1\|^2 = D s_1^2$ and $\mathbb{E}\|\mathbf{x}-\boldsymbol\mu_2\|^2 = D s_1^2 + \|\boldsymbol\mu_1-\boldsymbol\mu_2\|^2$.`,
      },
      {
        id: 'L-t-minus-1',
        tex: String.raw`L_{t-1} = ${Eq}\!\left[\frac{1}{2\sigma_t^2}\left\|\tilde{\boldsymbol\mu}_t(${x('t')}, ${x('0')}) - \boldsymbol\mu_\theta(${x('t')}, t)\right\|^2\right] + C`,
        reason: String.raw`Take $s_1^2 = \tilde\beta_t$ (the posterior) and $s_2^2 = \sigma_t^2$, with $\boldsymbol\Sigma_\theta = \sigma_t^2\mathbf{I}$ fixed rather than learned: the variance part is a constant $C$ that does not depend on $\theta$.`,
        live: (v) =>
          liveLine(
            (n) =>
              String.raw`\sigma_{${v.t}}^2 = \beta_{${v.t}}:\ \ \tfrac{C}{D} = \tfrac12\left[\log\tfrac{\beta_{${v.t}}}{\tilde\beta_{${v.t}}} + \tfrac{\tilde\beta_{${v.t}}}{\beta_{${v.t}}} - 1\right] = ${n(v.klConstantBeta)}\ \text{nats};\qquad \sigma_{${v.t}}^2 = \tilde\beta_{${v.t}}:\ \ C = 0`,
          ),
      },
    ],
  },
  {
    id: 'epsilon',
    title: String.raw`Predicting the noise: the $\boldsymbol\epsilon$-parameterisation and $L_\text{simple}$`,
    source: 'Ho et al. 2020, eq. 10–14',
    steps: [
      {
        id: 'mu-tilde-eps',
        tex: String.raw`${x('0')} = \frac{1}{\sqrt{\bar\alpha_t}}\left(${x('t')} - \sqrt{1-\bar\alpha_t}\,${eps}\right) \;\Longrightarrow\; \tilde{\boldsymbol\mu}_t = \frac{1}{\sqrt{\alpha_t}}\left(${x('t')} - \frac{\beta_t}{\sqrt{1-\bar\alpha_t}}\,${eps}\right)`,
        reason: String.raw`Solve $\mathbf{x}_t = \sqrt{\bar\alpha_t}\,\mathbf{x}_0 + \sqrt{1-\bar\alpha_t}\,\boldsymbol\epsilon$ for $\mathbf{x}_0$ and substitute into $\tilde{\boldsymbol\mu}_t$; the two $\mathbf{x}_t$ coefficients add up to $1/\sqrt{\alpha_t}$.`,
        live: (v) =>
          liveLine((n) => String.raw`\tilde{\boldsymbol\mu}_{${v.t}} = ${n(v.invSqrtAlpha)}\left(${x(String(v.t))} - ${n(v.epsilonCoef)}\,${eps}\right)`),
      },
      {
        id: 'mu-theta',
        tex: String.raw`\boldsymbol\mu_\theta(${x('t')}, t) = \frac{1}{\sqrt{\alpha_t}}\left(${x('t')} - \frac{\beta_t}{\sqrt{1-\bar\alpha_t}}\,${eps}_\theta(${x('t')}, t)\right)`,
        reason: String.raw`Give the model’s mean the same form, with a network $\boldsymbol\epsilon_\theta$ that predicts the noise in $\mathbf{x}_t$; sampling then subtracts the predicted noise (Algorithm 2).`,
      },
      {
        id: 'lambda',
        tex: String.raw`L_{t-1} - C = \mathbb{E}_{${x('0')}, ${eps}}\!\left[\underbrace{\frac{\beta_t^2}{2\sigma_t^2\,\alpha_t\,(1-\bar\alpha_t)}}_{\lambda_t}\left\|${eps} - ${eps}_\theta\!\left(\sqrt{\bar\alpha_t}\,${x('0')} + \sqrt{1-\bar\alpha_t}\,${eps},\ t\right)\right\|^2\right]`,
        reason: String.raw`In $\tilde{\boldsymbol\mu}_t - \boldsymbol\mu_\theta$ the $\mathbf{x}_t$ terms cancel, leaving $\frac{\beta_t}{\sqrt{\alpha_t}\sqrt{1-\bar\alpha_t}}(\boldsymbol\epsilon_\theta - \boldsymbol\epsilon)$; square it and divide by $2\sigma_t^2$.`,
        live: (v) =>
          liveLine((n) => String.raw`\lambda_{${v.t}} = ${n(v.lambdaBeta)}\ \ (\sigma_{${v.t}}^2 = \beta_{${v.t}}),\qquad \lambda_{${v.t}} = ${n(v.lambdaBetaTilde)}\ \ (\sigma_{${v.t}}^2 = \tilde\beta_{${v.t}})`),
      },
      {
        id: 'L-simple',
        tex: String.raw`L_{\text{simple}}(\theta) = \mathbb{E}_{t, ${x('0')}, ${eps}}\!\left[\left\|${eps} - ${eps}_\theta\!\left(\sqrt{\bar\alpha_t}\,${x('0')} + \sqrt{1-\bar\alpha_t}\,${eps},\ t\right)\right\|^2\right],\qquad t \sim \mathcal{U}\{1, \dots, T\}`,
        reason: String.raw`DDPM drops $\lambda_t$ and samples $t$ uniformly: compared with the bound this down-weights the small-$t$ terms, whose denoising is easy, and it gave better samples at a slightly worse log-likelihood.`,
        live: (v) =>
          liveLine(
            (n) =>
              String.raw`\text{weight kept at } t = ${v.t}:\ 1 \text{ instead of } \lambda_{${v.t}} = ${n(v.lambdaBeta)}\ (\sigma^2 = \beta)`,
          ),
      },
    ],
  },
  {
    id: 'variance',
    title: String.raw`The reverse variance: $\sigma_t^2 = \beta_t$ or $\tilde\beta_t$`,
    source: 'Ho et al. 2020, §3.2; Sohl-Dickstein et al. 2015, §2.4',
    steps: [
      {
        id: 'sigma-choices',
        tex: String.raw`\sigma_t^2 = \beta_t \qquad\text{or}\qquad \sigma_t^2 = \tilde\beta_t = \frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\,\beta_t`,
        reason: String.raw`DDPM fixes $\boldsymbol\Sigma_\theta = \sigma_t^2\mathbf{I}$ and gets similar samples with either: $\beta_t$ is optimal when $\mathbf{x}_0 \sim \mathcal{N}(\mathbf{0}, \mathbf{I})$, $\tilde\beta_t$ when $\mathbf{x}_0$ is one fixed point.`,
        live: (v) =>
          liveLine(
            (n) =>
              String.raw`\sqrt{\beta_{${v.t}}} = ${n(v.sigmaBeta)},\quad \sqrt{\tilde\beta_{${v.t}}} = ${n(v.sigmaBetaTilde)},\quad \tilde\beta_{${v.t}}/\beta_{${v.t}} = ${n(v.betaTildeOverBeta)}`,
          ),
      },
      {
        id: 'entropy-bounds',
        tex: String.raw`\tfrac12\log\!\left(2\pi e\,\tilde\beta_t\right) \;\le\; H_q(${x('t-1')}\mid ${x('t')}) \;\le\; \tfrac12\log\!\left(2\pi e\,\beta_t\right)\quad\text{per coordinate}`,
        reason: String.raw`These are the two ends of the reverse step’s entropy for data of unit variance per coordinate: the lower bound is $H_q(\mathbf{x}_t \mid \mathbf{x}_{t-1}) + H_q(\mathbf{x}_{t-1} \mid \mathbf{x}_0) - H_q(\mathbf{x}_t \mid \mathbf{x}_0)$, the upper one $H_q(\mathbf{x}_t \mid \mathbf{x}_{t-1})$.`,
        live: (v) =>
          liveLine((n) => String.raw`${n(v.entropyLower)} \;\le\; H_q(${x(String(v.t - 1))}\mid ${x(String(v.t))}) \;\le\; ${n(v.entropyUpper)}\ \text{nats}`),
      },
    ],
  },
  {
    id: 'sohl-dickstein',
    title: String.raw`The 2015 ancestor: the bound $K$ and other kernels`,
    source: 'Sohl-Dickstein et al. 2015, eq. 14 and table App.1',
    steps: [
      {
        id: 'bound-K',
        tex: String.raw`\begin{aligned} K = &-\sum_{t=2}^{T}\mathbb{E}_{q(${xs('0')}, ${xs('t')})}\!\left[${KL}\!\left(q(${xs('t-1')}\mid ${xs('t')}, ${xs('0')})\,\|\,p(${xs('t-1')}\mid ${xs('t')})\right)\right] \\ &+ H_q(\mathbf{X}^{(T)}\mid \mathbf{X}^{(0)}) - H_q(\mathbf{X}^{(1)}\mid \mathbf{X}^{(0)}) - H_p(\mathbf{X}^{(T)}) \end{aligned}`,
        reason: String.raw`The same Jensen bound, as a lower bound $K$ on the log-likelihood: Sohl-Dickstein et al. assume $q(\mathbf{x}^{(T)}) \approx \pi(\mathbf{x}^{(T)})$ and fix the first reverse step to the forward one, so what remains besides the KLs are entropies the forward process sets; DDPM instead keeps $L_T$ as a KL and learns the decoder $L_0$.`,
        live: (_, r) =>
          liveLine(
            () =>
              String.raw`H_q(\mathbf{X}^{(T)}\mid \mathbf{X}^{(0)}) - H_q(\mathbf{X}^{(1)}\mid \mathbf{X}^{(0)}) - H_p(\mathbf{X}^{(T)}) = ${num(r.entropyForwardT)} - (${num(r.entropyForward1)}) - ${num(r.entropyPrior)} = ${num(r.entropyTermsK)}\ \text{nats per coordinate}`,
          ),
      },
      {
        id: 'binomial',
        tex: String.raw`q(${xs('t')}\mid ${xs('t-1')}) = \mathcal{B}\!\left(${xs('t')};\ ${xs('t-1')}(1-\beta_t) + 0.5\,\beta_t\right),\qquad \pi(${xs('T')}) = \mathcal{B}(${xs('T')}; 0.5)`,
        reason: String.raw`Any kernel whose small steps are easy to reverse works: for binary data a binomial kernel mixes each bit towards a fair coin, and the table sets it beside the Gaussian one.`,
        figure: 'kernels',
      },
    ],
  },
];

/** Every step in reading order, with its equation number. */
export const ALL_STEPS: { section: DerivationSection; step: DerivationStep; number: number }[] = SECTIONS.flatMap((section) =>
  section.steps.map((step) => ({ section, step })),
).map((s, i) => ({ ...s, number: i + 1 }));

export const STEP_COUNT = ALL_STEPS.length;
