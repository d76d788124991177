/**
 * The one typed app state. Everything a user sets lives here and round-trips through the URL,
 * so a link reproduces the view (a lecturer can share "cosine, T = 1000, t = 250").
 */
import { SCHEDULE_KINDS, T_MAX, T_MIN, type ScheduleKind } from '../diffusion/schedules';
import { DEFAULT_EMBED, embedFromParams, embedToParams, panelView, type EmbedState } from './embed';
import { DEFAULT_DIGITS, digitsFromParams, digitsToParams, patchDigits, type DigitsState } from './digitsState';
import { DEFAULT_TOY, TOY_LIMITS, toyFromParams, toyToParams, type ToyState } from './toyState';
import { numberIn } from './urlParams';

/** The app's views, each reachable from the header and named in the URL by `?view=`. */
export const VIEWS = [
  { id: 'forward', label: 'Forward process' },
  { id: 'toy2d', label: '2-D lab' },
  { id: 'digits', label: 'Digits lab' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export const BUILTIN_IMAGES = [
  { id: 'landscape', label: 'Landscape', src: 'images/landscape.png' },
  { id: 'digit', label: 'Digit (MNIST)', src: 'images/digit.png' },
  { id: 'pattern', label: 'Pattern', src: 'images/pattern.png' },
] as const;
export type BuiltinImageId = (typeof BUILTIN_IMAGES)[number]['id'];

/** The image being noised: a built-in one, or one the user supplied (not representable in a URL). */
export type ImageChoice = BuiltinImageId | 'upload';

export interface AppState {
  view: ViewId;
  /** Schedule used for the main image and the equations. */
  schedule: ScheduleKind;
  /** Number of diffusion steps. */
  T: number;
  /** Current timestep, 0 … T. */
  t: number;
  image: ImageChoice;
  /** Seed of ε (≥ 1; tfjs treats seed 0 as "unseeded"). */
  seed: number;
  greyscale: boolean;
  /** Pixel followed by the Markov-chain histogram, in working-resolution coordinates. */
  pixel: { x: number; y: number };
  /** Colour channel of that pixel (0 = R, 1 = G, 2 = B). */
  channel: 0 | 1 | 2;
  /**
   * How many steps of the derivations are revealed (a lecturer stepping through them), or null
   * when all are shown. The panel clamps it to the number of steps it has.
   */
  revealed: number | null;
  /** The 2-D lab. */
  toy: ToyState;
  /** The digits lab. */
  digits: DigitsState;
  /** One panel embedded alone, what it hides, and presentation type. */
  embed: EmbedState;
}

/** Largest `revealed` a URL may ask for; more than the derivations have just shows them all. */
export const MAX_REVEALED = 999;

export const WORKING_SIZE = 256;

export const DEFAULT_STATE: AppState = {
  view: 'forward',
  schedule: 'linear',
  T: 1000,
  t: 250,
  image: 'landscape',
  seed: 1,
  greyscale: false,
  pixel: { x: 128, y: 100 },
  channel: 0,
  revealed: null,
  toy: DEFAULT_TOY,
  digits: DEFAULT_DIGITS,
  embed: DEFAULT_EMBED,
};

/** A whole number from min to max, null when absent, NaN when invalid. */
function intIn(raw: string | null, min: number, max: number): number | null {
  if (raw === null) return null;
  return numberIn(raw, [min, max], true) ?? NaN;
}

/** Parse URL parameters; anything invalid falls back to the default and is reported. */
/** A URL value as a notice quotes it: at most 40 characters (a hostile URL can carry megabytes). */
const shorten = (value: string) => (value.length > 40 ? `${value.slice(0, 39)}…` : value);

export function stateFromParams(params: URLSearchParams): { state: AppState; problems: string[] } {
  const state: AppState = { ...DEFAULT_STATE, pixel: { ...DEFAULT_STATE.pixel } };
  const problems: string[] = [];
  const bad = (name: string, why: string) => problems.push(`Ignored ${name}=“${shorten(params.get(name) ?? '')}”: ${why}.`);

  const view = params.get('view');
  if (view !== null) {
    if (VIEWS.some((v) => v.id === view)) state.view = view as ViewId;
    else bad('view', `expected one of ${VIEWS.map((v) => v.id).join(', ')}`);
  }
  state.embed = embedFromParams(params, bad);
  if (state.embed.panel !== null) {
    // The embedded panel decides the view.
    const own = panelView(state.embed.panel);
    if (view !== null && view !== own && state.view === view) bad('view', `embed=${state.embed.panel} is a panel of view=${own}`);
    state.view = own;
  }
  state.toy = toyFromParams(params, bad);
  state.digits = digitsFromParams(params, bad);

  const schedule = params.get('schedule');
  if (schedule !== null) {
    if ((SCHEDULE_KINDS as readonly string[]).includes(schedule)) state.schedule = schedule as ScheduleKind;
    else bad('schedule', `expected one of ${SCHEDULE_KINDS.join(', ')}`);
  }
  const T = intIn(params.get('T'), T_MIN, T_MAX);
  if (T !== null) {
    if (Number.isNaN(T)) bad('T', `expected a whole number from ${T_MIN} to ${T_MAX}`);
    else state.T = T;
  }
  state.t = Math.min(state.t, state.T);
  const t = intIn(params.get('t'), 0, state.T);
  if (t !== null) {
    if (Number.isNaN(t)) bad('t', `expected a whole number from 0 to T = ${state.T}`);
    else state.t = t;
  }
  const image = params.get('image');
  if (image !== null) {
    if (BUILTIN_IMAGES.some((i) => i.id === image)) state.image = image as BuiltinImageId;
    else bad('image', `expected one of ${BUILTIN_IMAGES.map((i) => i.id).join(', ')}`);
  }
  const seed = intIn(params.get('seed'), 1, 2 ** 31 - 1);
  if (seed !== null) {
    if (Number.isNaN(seed)) bad('seed', 'expected a positive whole number');
    else state.seed = seed;
  }
  const grey = params.get('grey');
  if (grey !== null) {
    if (grey === '1' || grey === '0') state.greyscale = grey === '1';
    else bad('grey', 'expected 0 or 1');
  }
  const px = params.get('px');
  if (px !== null) {
    const m = /^(\d+),(\d+)$/.exec(px);
    const [x, y] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (x < WORKING_SIZE && y < WORKING_SIZE) state.pixel = { x, y };
    else bad('px', `expected “x,y” with 0 ≤ x, y < ${WORKING_SIZE}`);
  }
  const ch = params.get('ch');
  if (ch !== null) {
    if (ch === '0' || ch === '1' || ch === '2') state.channel = Number(ch) as 0 | 1 | 2;
    else bad('ch', 'expected 0, 1 or 2');
  }
  const steps = intIn(params.get('steps'), 1, MAX_REVEALED);
  if (steps !== null) {
    if (Number.isNaN(steps)) bad('steps', `expected a whole number of derivation steps from 1 to ${MAX_REVEALED}`);
    else state.revealed = steps;
  }
  return { state, problems };
}

/** The URL parameters for a state: only what differs from the defaults, plus `keep` (e.g. backend). */
export function paramsFromState(state: AppState, keep: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of ['backend', 'trainBackend', 'e2e']) {
    const v = keep.get(name);
    if (v !== null) out.set(name, v);
  }
  const d = DEFAULT_STATE;
  if (state.view !== d.view && state.embed.panel === null) out.set('view', state.view); // an embedded panel implies its view
  if (state.schedule !== d.schedule) out.set('schedule', state.schedule);
  if (state.T !== d.T) out.set('T', String(state.T));
  if (state.t !== d.t) out.set('t', String(state.t));
  if (state.image !== d.image && state.image !== 'upload') out.set('image', state.image);
  if (state.seed !== d.seed) out.set('seed', String(state.seed));
  if (state.greyscale !== d.greyscale) out.set('grey', state.greyscale ? '1' : '0');
  if (state.pixel.x !== d.pixel.x || state.pixel.y !== d.pixel.y) out.set('px', `${state.pixel.x},${state.pixel.y}`);
  if (state.channel !== d.channel) out.set('ch', String(state.channel));
  if (state.revealed !== null) out.set('steps', String(state.revealed));
  toyToParams(state.toy, out);
  digitsToParams(state.digits, out);
  embedToParams(state.embed, out);
  return out;
}

export type Action =
  | { type: 'setT'; t: number }
  | { type: 'stepT'; delta: number }
  | { type: 'setSchedule'; schedule: ScheduleKind }
  | { type: 'setTotalSteps'; T: number }
  | { type: 'setImage'; image: ImageChoice }
  | { type: 'newNoise' }
  | { type: 'setGreyscale'; greyscale: boolean }
  | { type: 'setPixel'; x: number; y: number }
  | { type: 'setChannel'; channel: 0 | 1 | 2 }
  | { type: 'setRevealed'; revealed: number | null }
  | { type: 'setView'; view: ViewId }
  | { type: 'setDigits'; patch: Partial<DigitsState> }
  /** Changes some of the 2-D lab's settings (clamped to their limits). */
  | { type: 'setToy'; patch: Partial<ToyState> };

const clampInt = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'setT':
      return { ...state, t: clampInt(action.t, 0, state.T) };
    case 'stepT':
      return { ...state, t: clampInt(state.t + action.delta, 0, state.T) };
    case 'setSchedule':
      return { ...state, schedule: action.schedule };
    case 'setTotalSteps': {
      // Keep the same fraction of the trajectory when T changes.
      const T = clampInt(action.T, T_MIN, T_MAX);
      return { ...state, T, t: clampInt((state.t / state.T) * T, 0, T) };
    }
    case 'setImage':
      return { ...state, image: action.image };
    case 'newNoise':
      return { ...state, seed: (state.seed % (2 ** 31 - 2)) + 1 };
    case 'setGreyscale':
      return { ...state, greyscale: action.greyscale };
    case 'setPixel':
      return {
        ...state,
        pixel: { x: clampInt(action.x, 0, WORKING_SIZE - 1), y: clampInt(action.y, 0, WORKING_SIZE - 1) },
      };
    case 'setChannel':
      return { ...state, channel: action.channel };
    case 'setRevealed':
      return { ...state, revealed: action.revealed === null ? null : clampInt(action.revealed, 1, MAX_REVEALED) };
    case 'setView':
      return { ...state, view: action.view };
    case 'setToy': {
      const toy = { ...state.toy, ...action.patch };
      toy.T = clampInt(toy.T, ...TOY_LIMITS.T);
      toy.t = clampInt(toy.t, 0, toy.T);
      // A new sampler only when its steps change: the panels beside the planes compare settings by identity.
      const steps = clampInt(toy.sampler.steps, 1, toy.T);
      if (steps !== toy.sampler.steps) toy.sampler = { ...toy.sampler, steps };
      return { ...state, toy };
    }
    case 'setDigits':
      return { ...state, digits: patchDigits(state.digits, action.patch) };
  }
}
