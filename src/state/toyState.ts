/**
 * The 2-D lab's part of the app state: everything that defines the lab's view, with its
 * defaults, its URL form (parameters prefixed `toy.`) and its limits. The URL is checked against
 * the same limits as the controls, so a link can never set what the UI would refuse.
 */
import type { ReverseVariance } from '../diffusion/bound';
import type { SamplerSettings } from '../diffusion/samplerPlans';
import { SCHEDULE_KINDS, type ScheduleKind } from '../diffusion/schedules';
import { PLANE, TOY_DATASETS, type ToyDatasetId } from '../data/toy2dNames';
import { MLP2D_DEFAULT, MLP2D_LIMITS, type Mlp2dSpec } from '../engine/models/mlp2dSpec';
import { paramReader } from './urlParams';

export const TOY_OVERLAYS = ['contours', 'trails', 'field', 'x0'] as const;
export type ToyOverlay = (typeof TOY_OVERLAYS)[number];

export interface ToyConstraint {
  /** Centre of r(x) = N(x; centre, std² I) on the plane. */
  x: number;
  y: number;
  std: number;
}

export interface ToyState {
  dataset: ToyDatasetId;
  /** Training points drawn from a built-in data set. */
  points: number;
  schedule: ScheduleKind;
  T: number;
  /** The timestep both planes show: x_t of the data (forward) and of the samples (reverse). */
  t: number;
  model: Pick<Mlp2dSpec, 'width' | 'depth' | 'octaves'>;
  learningRate: number;
  batchSize: number;
  sampler: SamplerSettings;
  /** Seeds the model's initial weights, its training and its samples. */
  seed: number;
  overlays: ToyOverlay[];
  /** The Gaussian r(x) samples are multiplied by (Sohl-Dickstein et al. §2.5), or null. */
  constraint: ToyConstraint | null;
}

export const TOY_LIMITS = {
  points: [100, 10000],
  T: [2, 1000],
  learningRate: [1e-5, 1],
  batchSize: [8, 4096],
  steps: [1, 1000],
  seed: [1, 2 ** 31 - 1],
  std: [0.05, 3],
} as const;

/** The seed of the training data drawn from a built-in set; held-out and fresh data use the next two. */
export const TOY_DATA_SEED = 1;

export const DEFAULT_TOY: ToyState = {
  dataset: 'swissroll',
  points: 2000,
  schedule: 'linear',
  T: 100,
  t: 0,
  model: { width: MLP2D_DEFAULT.width, depth: MLP2D_DEFAULT.depth, octaves: MLP2D_DEFAULT.octaves },
  learningRate: 1e-2,
  batchSize: 256,
  sampler: { kind: 'ddpm', steps: 100, variance: 'betaTilde' },
  seed: 1,
  overlays: ['contours', 'trails'],
  constraint: null,
};

/** The full model spec the lab trains for its settings. */
export function toyModelSpec(toy: ToyState): Mlp2dSpec {
  return { ...MLP2D_DEFAULT, ...toy.model };
}

const VARIANCES: ReverseVariance[] = ['beta', 'betaTilde'];

/** Reads the lab's parameters; anything invalid keeps its default and is reported through `bad`. */
export function toyFromParams(params: URLSearchParams, bad: (name: string, why: string) => void): ToyState {
  const toy: ToyState = structuredClone(DEFAULT_TOY);
  const { get, number, oneOf } = paramReader(params, 'toy.', bad);
  const int = (name: string, limits: readonly [number, number], set: (v: number) => void) => number(name, limits, true, set);
  const real = (name: string, limits: readonly [number, number], set: (v: number) => void) => number(name, limits, false, set);

  oneOf('data', [...TOY_DATASETS, 'drawn'], (v) => (toy.dataset = v));
  int('n', TOY_LIMITS.points, (v) => (toy.points = v));
  oneOf('schedule', SCHEDULE_KINDS, (v) => (toy.schedule = v));
  int('T', TOY_LIMITS.T, (v) => (toy.T = v));
  int('width', MLP2D_LIMITS.width, (v) => (toy.model.width = v));
  int('depth', MLP2D_LIMITS.depth, (v) => (toy.model.depth = v));
  int('octaves', MLP2D_LIMITS.octaves, (v) => (toy.model.octaves = v));
  real('lr', TOY_LIMITS.learningRate, (v) => (toy.learningRate = v));
  int('batch', TOY_LIMITS.batchSize, (v) => (toy.batchSize = v));
  int('seed', TOY_LIMITS.seed, (v) => (toy.seed = v));

  let steps = toy.T;
  int('steps', TOY_LIMITS.steps, (v) => (steps = v));
  let kind: SamplerSettings['kind'] = 'ddpm';
  oneOf('sampler', ['ddpm', 'ddim'] as const, (v) => (kind = v));
  if (kind === 'ddpm') {
    let variance: ReverseVariance = 'betaTilde';
    oneOf('var', VARIANCES, (v) => (variance = v));
    toy.sampler = { kind, steps: Math.min(steps, toy.T), variance };
  } else {
    let eta = 0;
    real('eta', [0, 1], (v) => (eta = v));
    toy.sampler = { kind, steps: Math.min(steps, toy.T), eta };
  }
  // t last: it is clamped to the T just read.
  int('t', [0, toy.T], (v) => (toy.t = v));

  const show = get('show');
  if (show !== null) {
    const names = show === '' ? [] : show.split(',');
    if (names.every((n) => (TOY_OVERLAYS as readonly string[]).includes(n))) toy.overlays = names as ToyOverlay[];
    else bad('toy.show', `expected a comma-separated list of ${TOY_OVERLAYS.join(', ')}`);
  }
  const r = get('r');
  if (r !== null) {
    // As the constraint panel keeps them: to 3 decimals.
    const parts = r.split(',').map((v) => (v.trim() === '' ? NaN : Math.round(Number(v) * 1000) / 1000 + 0));
    const [x, y, std] = parts;
    const [lo, hi] = TOY_LIMITS.std;
    if (parts.length === 3 && parts.every(Number.isFinite) && Math.abs(x) <= PLANE && Math.abs(y) <= PLANE && std >= lo && std <= hi)
      toy.constraint = { x, y, std };
    else bad('toy.r', `expected “x,y,std” with |x|, |y| ≤ ${PLANE} and std from ${lo} to ${hi}`);
  }
  return toy;
}

const round = (v: number) => String(Math.round(v * 1000) / 1000);

/** The lab's URL parameters: only what differs from the defaults. */
export function toyToParams(toy: ToyState, out: URLSearchParams): void {
  const d = DEFAULT_TOY;
  const set = (name: string, value: string, dflt: string) => {
    if (value !== dflt) out.set(`toy.${name}`, value);
  };
  set('data', toy.dataset, d.dataset);
  set('n', String(toy.points), String(d.points));
  set('schedule', toy.schedule, d.schedule);
  set('T', String(toy.T), String(d.T));
  set('t', String(toy.t), String(d.t));
  set('width', String(toy.model.width), String(d.model.width));
  set('depth', String(toy.model.depth), String(d.model.depth));
  set('octaves', String(toy.model.octaves), String(d.model.octaves));
  set('lr', String(toy.learningRate), String(d.learningRate));
  set('batch', String(toy.batchSize), String(d.batchSize));
  set('seed', String(toy.seed), String(d.seed));
  set('sampler', toy.sampler.kind, d.sampler.kind);
  set('steps', String(toy.sampler.steps), String(toy.T));
  if (toy.sampler.kind === 'ddpm') set('var', toy.sampler.variance, 'betaTilde');
  else set('eta', String(toy.sampler.eta), '0');
  set('show', toy.overlays.join(','), d.overlays.join(','));
  if (toy.constraint) out.set('toy.r', [toy.constraint.x, toy.constraint.y, toy.constraint.std].map(round).join(','));
}
