import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { runValues, stepValues, type Live, type RunValues, type StepValues } from '../../diffusion/liveValues';
import { SCHEDULE_KINDS, makeSchedule } from '../../diffusion/schedules';
import { formatPrecise, texNumber } from '../common/format';
import { ALL_STEPS, SECTIONS, STEP_COUNT } from './steps';

const DATA = { dims: 196608, meanSquare: 0.31 };

const value = (l: Live) => {
  if (!l.defined) throw new Error(l.reason);
  return l.value;
};

/**
 * The numbers each step's "now" line must show, in order: the guard that every live line
 * plugs in the right quantity from src/diffusion (and not, say, β where β̃ belongs).
 */
const EXPECTED: Record<string, (v: StepValues, r: RunValues) => number[]> = {
  'forward-kernel': (v) => [value(v.beta), value(v.sqrtAlpha)],
  reparameterise: (v) => [value(v.alpha)],
  marginal: (v) => [value(v.alphaBar), value(v.oneMinusAlphaBar), value(v.sqrtAlphaBar)],
  intractable: (_, r) => [r.latentDims],
  'kl-terms': (_, r) => [r.priorMatching.bitsPerDim, r.alphaBarT],
  'posterior-bayes': (v) => [value(v.beta), value(v.alphaBarPrev), value(v.oneMinusAlphaBarPrev)],
  'beta-tilde': (v) => [value(v.betaTildeOverBeta), value(v.beta), value(v.betaTilde)],
  'mu-tilde': (v) => [value(v.posteriorCoefX0), value(v.posteriorCoefXt)],
  posterior: (v) => [value(v.posteriorCoefX0), value(v.posteriorCoefXt), value(v.betaTilde)],
  'L-t-minus-1': (v) => [value(v.klConstantBeta)],
  'mu-tilde-eps': (v) => [value(v.invSqrtAlpha), value(v.epsilonCoef)],
  lambda: (v) => [value(v.lambdaBeta), value(v.lambdaBetaTilde)],
  'L-simple': (v) => [value(v.lambdaBeta)],
  'sigma-choices': (v) => [value(v.sigmaBeta), value(v.sigmaBetaTilde), value(v.betaTildeOverBeta)],
  'entropy-bounds': (v) => [value(v.entropyLower), value(v.entropyUpper)],
  'bound-K': (_, r) => [r.entropyForwardT, r.entropyForward1, r.entropyPrior, r.entropyTermsK],
};

/** Renders the $…$ parts of a text the way Prose does, throwing on bad TeX. */
function inline(text: string) {
  const parts = text.split('$');
  expect(parts.length % 2, `balanced $ in ${text}`).toBe(1);
  parts.forEach((part, i) => i % 2 === 1 && katex.renderToString(part, { throwOnError: true }));
}

describe('derivation steps', () => {
  it('number 31 steps in 9 sections, with unique ids', () => {
    expect(SECTIONS).toHaveLength(9);
    expect(STEP_COUNT).toBe(31);
    expect(new Set(ALL_STEPS.map((s) => s.step.id)).size).toBe(STEP_COUNT);
    expect(ALL_STEPS.map((s) => s.number)).toEqual(Array.from({ length: STEP_COUNT }, (_, i) => i + 1));
  });

  it('are all valid KaTeX: equations, reasons and titles', () => {
    for (const { section, step, number } of ALL_STEPS) {
      katex.renderToString(`${step.tex} \\tag{${number}}`, { displayMode: true, throwOnError: true });
      inline(step.reason);
      inline(section.title);
    }
  });

  it('show exactly the numbers of src/diffusion in their "now" lines, in order', () => {
    const s = makeSchedule({ kind: 'cosine', T: 1000 });
    const v = stepValues(s, 321);
    const r = runValues(s, DATA);
    const withLive = ALL_STEPS.filter(({ step }) => step.live).map(({ step }) => step.id);
    // The telescoping line counts ratios rather than plotting a quantity.
    expect(withLive.filter((id) => id !== 'telescope').sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const { step } of ALL_STEPS) {
      if (!step.live || !EXPECTED[step.id]) continue;
      const line = step.live(v, r);
      // Only L_T carries a note at an ordinary t: DDPM's figure to compare with.
      expect(line.notes, step.id).toHaveLength(step.id === 'kl-terms' ? 1 : 0);
      let from = 0;
      for (const n of EXPECTED[step.id](v, r)) {
        const at = line.tex.indexOf(texNumber(n, formatPrecise), from);
        expect(at, `${step.id} shows ${n} (in order) in ${line.tex}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    }
    const telescope = ALL_STEPS.find(({ step }) => step.id === 'telescope')!.step.live!(v, r);
    expect(telescope.tex).toContain('999');
    expect(telescope.tex).toContain('998');
  });

  it('never print NaN or ∞, and give a reason for every undefined value, at the extremes', () => {
    for (const kind of SCHEDULE_KINDS)
      for (const T of [1, 2, 1000, 10000])
        for (const t of new Set([0, 1, 2, T].filter((t) => t <= T))) {
          const s = makeSchedule({ kind, T });
          const [v, r] = [stepValues(s, t), runValues(s, DATA)];
          for (const { step } of ALL_STEPS) {
            if (!step.live) continue;
            const line = step.live(v, r);
            expect(line.tex).not.toMatch(/NaN|Infinity|\\infty|-1\}/);
            if (line.tex) katex.renderToString(line.tex, { throwOnError: true });
            line.notes.forEach(inline);
            if (line.tex.includes('undefined') || !line.tex) expect(line.notes.length, `${step.id} at t = ${t}`).toBeGreaterThan(0);
          }
        }
  });
});
