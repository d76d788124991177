/**
 * The digits lab's part of the app state: which U-Net, how it trains and samples, and where the
 * reverse-process viewer stands, with defaults, limits and its URL form (parameters prefixed
 * `digits.`). The URL is checked against the same limits as the controls.
 */
import type { ReverseVariance } from '../diffusion/bound';
import type { SamplerSettings } from '../diffusion/samplerPlans';
import { UNET_PRESETS, type UnetPreset } from '../engine/models/unetSpec';
import { paramReader } from './urlParams';

/** The digits lab trains and samples DDPM's own diffusion: the linear schedule at T = 1000. */
export const DIGITS_SCHEDULE = { kind: 'linear', T: 1000 } as const;

export interface DigitsState {
  /** The U-Net size: 'base' is the shipped pretrained model; tiny and small train faster. */
  preset: UnetPreset;
  learningRate: number;
  batchSize: number;
  /** The sampler of the sample grid and the reverse-process viewer. */
  sampler: SamplerSettings;
  /** Seeds the initial weights, training, and the samples' noise. */
  seed: number;
  /** The reverse-process viewer's step: an index into the sampler's steps, 0 (x_T) … steps (x_0). */
  frame: number;
  /** The held-out digit for inpainting and the bound (an index into the held-out set). */
  digit: number;
}

export const DIGITS_LIMITS = {
  learningRate: [1e-5, 0.1],
  batchSize: [1, 256],
  steps: [1, 1000],
  seed: [1, 2 ** 31 - 1],
  digit: [0, 998],
} as const;

export const DEFAULT_DIGITS: DigitsState = {
  preset: 'base',
  learningRate: 2e-3,
  batchSize: 32,
  sampler: { kind: 'ddim', steps: 20, eta: 0 },
  seed: 1,
  frame: 20,
  digit: 0,
};

const PRESETS = Object.keys(UNET_PRESETS) as UnetPreset[];
const VARIANCES: ReverseVariance[] = ['beta', 'betaTilde'];

/** Reads the lab's parameters; anything invalid keeps its default and is reported through `bad`. */
export function digitsFromParams(params: URLSearchParams, bad: (name: string, why: string) => void): DigitsState {
  const digits: DigitsState = structuredClone(DEFAULT_DIGITS);
  const { number, oneOf } = paramReader(params, 'digits.', bad);
  oneOf('model', PRESETS, (v) => (digits.preset = v));
  number('lr', DIGITS_LIMITS.learningRate, false, (v) => (digits.learningRate = v));
  number('batch', DIGITS_LIMITS.batchSize, true, (v) => (digits.batchSize = v));
  number('seed', DIGITS_LIMITS.seed, true, (v) => (digits.seed = v));
  number('digit', DIGITS_LIMITS.digit, true, (v) => (digits.digit = v));
  let kind: SamplerSettings['kind'] = DEFAULT_DIGITS.sampler.kind;
  oneOf('sampler', ['ddpm', 'ddim'] as const, (v) => (kind = v));
  let steps = DEFAULT_DIGITS.sampler.steps;
  number('steps', DIGITS_LIMITS.steps, true, (v) => (steps = v));
  if (kind === 'ddpm') {
    let variance: ReverseVariance = 'betaTilde';
    oneOf('var', VARIANCES, (v) => (variance = v));
    digits.sampler = { kind, steps, variance };
  } else {
    let eta = 0;
    number('eta', [0, 1], false, (v) => (eta = v));
    digits.sampler = { kind, steps, eta };
  }
  digits.frame = steps;
  // The frame last: it is clamped to the steps just read.
  number('frame', [0, steps], true, (v) => (digits.frame = v));
  return digits;
}

/** The lab's URL parameters: only what differs from the defaults. */
export function digitsToParams(digits: DigitsState, out: URLSearchParams): void {
  const d = DEFAULT_DIGITS;
  const set = (name: string, value: string, dflt: string) => {
    if (value !== dflt) out.set(`digits.${name}`, value);
  };
  set('model', digits.preset, d.preset);
  set('lr', String(digits.learningRate), String(d.learningRate));
  set('batch', String(digits.batchSize), String(d.batchSize));
  set('seed', String(digits.seed), String(d.seed));
  set('digit', String(digits.digit), String(d.digit));
  set('sampler', digits.sampler.kind, d.sampler.kind);
  set('steps', String(digits.sampler.steps), String(d.sampler.steps));
  if (digits.sampler.kind === 'ddpm') set('var', digits.sampler.variance, 'betaTilde');
  else set('eta', String(digits.sampler.eta), '0');
  set('frame', String(digits.frame), String(digits.sampler.steps));
}

/** A patch applied within the limits (the reducer's rule, so no action can pass what the UI refuses). */
export function patchDigits(digits: DigitsState, patch: Partial<DigitsState>): DigitsState {
  const next = { ...digits, ...patch };
  const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));
  next.learningRate = clamp(next.learningRate, DIGITS_LIMITS.learningRate);
  next.batchSize = Math.round(clamp(next.batchSize, DIGITS_LIMITS.batchSize));
  next.seed = Math.round(clamp(next.seed, DIGITS_LIMITS.seed));
  next.digit = Math.round(clamp(next.digit, DIGITS_LIMITS.digit));
  // A new sampler only when its steps change: the panels beside the viewer compare settings by identity.
  const steps = Math.round(clamp(next.sampler.steps, DIGITS_LIMITS.steps));
  if (steps !== next.sampler.steps) next.sampler = { ...next.sampler, steps };
  if (patch.sampler && patch.frame === undefined) next.frame = next.sampler.steps;
  next.frame = Math.round(clamp(next.frame, [0, next.sampler.steps]));
  return next;
}
