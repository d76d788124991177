/** The forward process as a video: x_t from t = 0 to T, captioned with the schedule and t. */
import type { ForwardTensors } from '../../engine/noising';
import { createCpuRenderer } from '../../engine/render/cpu';
import { SCHEDULE_LABELS, type Schedule } from '../../diffusion/schedules';
import { caption, recordWebm } from '../common/recordWebm';

const SIDE = 512;
const CAPTION = 48;
const FPS = 30;
/** 4 s from x_0 to x_T, then x_T held for 1 s. */
const FRAMES = 4 * FPS;
const HOLD = FPS;

export async function forwardVideo(tensors: ForwardTensors, schedule: Schedule, onProgress: (done: number) => void): Promise<Blob> {
  // x_t drawn in JavaScript on a canvas of its own, whatever backend draws the page's image.
  const picture = document.createElement('canvas');
  const renderer = await createCpuRenderer({ x0: tensors.x0, epsilon: tensors.epsilon, canvas: picture });
  return recordWebm({
    width: SIDE,
    height: SIDE + CAPTION,
    frames: FRAMES + HOLD,
    fps: FPS,
    onProgress,
    draw(ctx, i) {
      const t = Math.round((Math.min(i, FRAMES - 1) * schedule.T) / (FRAMES - 1));
      renderer.render(schedule.sqrtAlphaBar[t], schedule.sqrtOneMinusAlphaBar[t]);
      ctx.drawImage(picture, 0, 0, SIDE, SIDE);
      caption(ctx, `${SCHEDULE_LABELS[schedule.kind]} schedule · t = ${t} / ${schedule.T}`, SIDE, CAPTION);
    },
  });
}
