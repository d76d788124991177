/**
 * The x_t draw path alone, on a bare page, for each backend: the fused renderer the app uses,
 * the naive tfjs path it replaced (elementwise ops + tf.browser.toPixels), and the plain
 * JavaScript floor, all measured in one run on the same 256×256 RGB image. Each frame starts
 * at an animation frame, like a drag's pointer event, and ends when the GPU has finished it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { BACKENDS, type BackendName } from '../engine/backend';
import { pixelsFromUrl } from '../state/imageInput';
import { createRenderer, sampleEpsilon, x0FromPixels } from '../engine/noising';
import { makeSchedule } from '../diffusion/schedules';

const params = new URLSearchParams(location.search);
const FRAMES = Number(params.get('frames') ?? 200);
const WARMUP = 20;
const schedule = makeSchedule({ kind: 'linear', T: 1000 });

interface Stats {
  median: number;
  p95: number;
  max: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

async function timeFrames(frame: (a: number, b: number) => Promise<void>): Promise<Stats> {
  const times: number[] = [];
  for (let i = 0; i < FRAMES + WARMUP; i++) {
    await nextFrame();
    const t = Math.round(500 * (1 + Math.sin(i / 15)));
    const start = performance.now();
    await frame(schedule.sqrtAlphaBar[t], schedule.sqrtOneMinusAlphaBar[t]);
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return stats(times);
}

function newCanvas(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = 256;
  document.getElementById('canvases')!.append(c);
  return c;
}

async function run() {
  const pixels = await pixelsFromUrl('../../images/landscape.png', 256, 'landscape');
  const rows: Record<string, unknown>[] = [];
  for (const backend of BACKENDS as readonly BackendName[]) {
    if (!(await tf.setBackend(backend))) {
      rows.push({ backend, error: 'backend unavailable' });
      continue;
    }
    await tf.ready();
    const x0 = x0FromPixels(pixels, false);
    const epsilon = sampleEpsilon(256, 256, 1, false);
    const before = tf.memory().numTensors;

    const renderer = await createRenderer(backend, x0, epsilon, newCanvas());
    const fused = await timeFrames(async (a, b) => {
      renderer.render(a, b);
      await renderer.finished();
    });
    renderer.dispose();

    const naiveCanvas = newCanvas();
    const rgb = tf.tidy(() => x0.slice([0, 0, 0], [256, 256, 3]));
    const eps = tf.tidy(() => epsilon.slice([0, 0, 0], [256, 256, 3]));
    const naive = await timeFrames(async (a, b) => {
      const img = tf.tidy(() => rgb.mul(a).add(eps.mul(b)).add(1).div(2).clipByValue(0, 1)) as tf.Tensor3D;
      await tf.browser.toPixels(img, naiveCanvas);
      img.dispose();
    });
    tf.dispose([rgb, eps]);
    rows.push({ backend, fused, naive, tensorDelta: tf.memory().numTensors - before });
    tf.dispose([x0, epsilon]);
  }

  // The plain-JavaScript floor: the same operation as one typed-array loop into an ImageData.
  const x0js = Float32Array.from(pixels.data, (v) => v / 127.5 - 1);
  const epsjs = Float32Array.from({ length: x0js.length }, () => Math.random() * 2 - 1);
  const ctx = newCanvas().getContext('2d')!;
  const image = ctx.createImageData(256, 256);
  const px = image.data;
  const floor = await timeFrames(async (a, b) => {
    for (let i = 0; i < px.length; i += 4) {
      px[i] = 127.5 + 127.5 * (a * x0js[i] + b * epsjs[i]);
      px[i + 1] = 127.5 + 127.5 * (a * x0js[i + 1] + b * epsjs[i + 1]);
      px[i + 2] = 127.5 + 127.5 * (a * x0js[i + 2] + b * epsjs[i + 2]);
      px[i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  });
  const result = { frames: FRAMES, rows, floor };
  (window as unknown as { __benchResult: unknown }).__benchResult = result;
  document.getElementById('out')!.textContent = JSON.stringify(result, null, 2);
}

run().catch((e: unknown) => {
  (window as unknown as { __benchResult: unknown }).__benchResult = { error: String(e) };
});
