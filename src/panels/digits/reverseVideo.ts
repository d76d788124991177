/**
 * The reverse process of one digit as a video: x_t, the predicted noise ε̂ and the predicted
 * clean image x̂_0 side by side, from x_T to x_0, captioned with t.
 */
import { makeSchedule } from '../../diffusion/schedules';
import { DIGITS_SCHEDULE } from '../../state/digitsState';
import { caption, recordWebm } from '../common/recordWebm';
import { paintDigits } from './DigitImages';
import type { Trajectory } from './useDigitsModel';

const SIDE = 28;
const SIZE = SIDE * SIDE;
const SCALE = 8;
const GAP = 16;
const LABEL = 36;
const CAPTION = 44;
const FPS = 30;
/** About 4 s from x_T to x_0 whatever the number of steps, then x_0 held for 1.5 s. */
const FRAMES = 4 * FPS;
const HOLD = 1.5 * FPS;

/**
 * x_t, ε̂ and x̂_0 at step k of a trajectory (ε̂ from x_t and x̂_0, as the sampler had it:
 * x_t = √ᾱ_t x̂_0 + √(1 − ᾱ_t) ε̂); at x_0 there is no noise left, and x̂_0 is x_0.
 */
export function stepImages(trajectory: Trajectory, k: number): { xt: Float32Array; eps: Float32Array | null; x0: Float32Array } {
  const steps = trajectory.t.length - 1;
  const xt = trajectory.frames.subarray(k * SIZE, (k + 1) * SIZE);
  if (k === steps) return { xt, eps: null, x0: xt };
  const x0 = trajectory.x0Hat.subarray(k * SIZE, (k + 1) * SIZE);
  const schedule = makeSchedule(DIGITS_SCHEDULE);
  const t = trajectory.t[k];
  const [a, b] = [schedule.sqrtAlphaBar[t], schedule.sqrtOneMinusAlphaBar[t]];
  return { xt, eps: Float32Array.from(xt, (v, j) => (v - a * x0[j]) / b), x0 };
}

export function reverseVideo(trajectory: Trajectory, onProgress: (done: number) => void): Promise<Blob> {
  const steps = trajectory.t.length - 1;
  const picture = new ImageData(SIDE, SIDE);
  const tile = document.createElement('canvas');
  [tile.width, tile.height] = [SIDE, SIDE];
  const tileCtx = tile.getContext('2d')!;
  const box = SIDE * SCALE;
  const width = 3 * box + 4 * GAP;

  const paint = (ctx: CanvasRenderingContext2D, images: Float32Array | null, mode: 'image' | 'signed', column: number, label: string) => {
    const x = GAP + column * (box + GAP);
    if (images) {
      paintDigits(picture, images, SIDE, 1, mode);
      tileCtx.putImageData(picture, 0, 0);
      ctx.drawImage(tile, x, LABEL, box, box);
    }
    caption(ctx, label, 0, LABEL, x + box / 2);
  };

  return recordWebm({
    width,
    height: LABEL + box + CAPTION,
    frames: FRAMES + HOLD,
    fps: FPS,
    onProgress,
    draw(ctx, i) {
      const k = Math.round((Math.min(i, FRAMES - 1) * steps) / (FRAMES - 1));
      const t = trajectory.t[k];
      const { xt, eps, x0 } = stepImages(trajectory, k);
      paint(ctx, xt, 'image', 0, 'xₜ');
      paint(ctx, eps, 'signed', 1, 'predicted noise ε̂');
      paint(ctx, x0, 'image', 2, 'predicted x̂₀');
      caption(ctx, `Reverse process · t = ${t} (step ${k} of ${steps})`, LABEL + box, CAPTION);
    },
  });
}
