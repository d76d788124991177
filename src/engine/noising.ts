/**
 * The forward process on the active tfjs backend: x_0 and ε as tensors, the live renderer for
 * the main canvas, and the noising strip x_0 … x_T.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backend';
import type { NoisingRenderer } from './render/types';
import { LUMA } from './pixels';
import { createWebGpuRenderer } from './render/webgpu';
import { createWebGlRenderer } from './render/webgl';
import { createCpuRenderer } from './render/cpu';

/** The explorer's image and noise on the active backend. */
export interface ForwardTensors {
  /** x_0, [H, W, 4] in [−1, 1] */
  x0: tf.Tensor3D;
  /** ε, [H, W, 4] standard normal */
  epsilon: tf.Tensor3D;
}

/**
 * x_0 as an [H, W, 4] tensor in [−1, 1] (data scaled as in DDPM), from RGBA pixels. The fourth
 * channel is 0 so that one texel / vec4 holds one pixel. Greyscale uses the luma of the pixel
 * in all three channels.
 */
export function x0FromPixels(pixels: ImageData | tf.PixelData, greyscale: boolean): tf.Tensor3D {
  return tf.tidy(() => {
    const rgb = tf.browser.fromPixels(pixels, 3).toFloat().div(127.5).sub(1) as tf.Tensor3D;
    const colour = greyscale
      ? tf.tile(rgb.mul(tf.tensor1d([...LUMA])).sum(2, true), [1, 1, 3])
      : rgb;
    return tf.concat([colour, tf.zeros([pixels.height, pixels.width, 1])], 2) as tf.Tensor3D;
  });
}

/**
 * ε ~ N(0, I) as an [H, W, 4] tensor, the same for the same seed. Greyscale noise is one draw
 * per pixel shared by the three channels, so it stays grey.
 */
export function sampleEpsilon(height: number, width: number, seed: number, greyscale: boolean): tf.Tensor3D {
  if (!(Number.isInteger(seed) && seed >= 1)) throw new RangeError(`seed must be a positive integer, got ${seed}`);
  return tf.tidy(() => {
    const z = tf.randomNormal([height, width, greyscale ? 1 : 3], 0, 1, 'float32', seed);
    const rgb = greyscale ? tf.tile(z, [1, 1, 3]) : z;
    return tf.concat([rgb, tf.zeros([height, width, 1])], 2) as tf.Tensor3D;
  });
}

/** The fused, read-back-free renderer for a backend. */
export async function createRenderer(
  backend: BackendName,
  x0: tf.Tensor3D,
  epsilon: tf.Tensor3D,
  canvas: HTMLCanvasElement,
): Promise<NoisingRenderer> {
  const inputs = { x0, epsilon, canvas };
  switch (backend) {
    case 'webgpu':
      return createWebGpuRenderer(inputs);
    case 'webgl':
      return createWebGlRenderer(inputs);
    case 'cpu':
      return createCpuRenderer(inputs);
  }
}

/** One noised frame: x_t = a·x_0 + b·ε, with (a, b) = (√ᾱ_t, √(1 − ᾱ_t)). */
export interface FrameCoefficients {
  a: number;
  b: number;
}

/**
 * Frames of the noising strip, computed at a reduced resolution: x_0 is area-averaged by
 * `factor` and fresh full-variance noise of that size is added, so each frame is the forward
 * process on the small image (averaging full-size noise would understate it). Returns RGBA
 * bytes for each frame, in order, from a single read-back.
 */
export async function noisingStrip(
  x0: tf.Tensor3D,
  seed: number,
  greyscale: boolean,
  frames: FrameCoefficients[],
  factor: number,
): Promise<{ size: [number, number]; rgba: Uint8ClampedArray[] }> {
  const [H, W] = x0.shape;
  const h = Math.floor(H / factor);
  const w = Math.floor(W / factor);
  const out = tf.tidy(() => {
    const small = tf.avgPool(x0.slice([0, 0, 0], [h * factor, w * factor, 3]), factor, factor, 'valid') as tf.Tensor3D;
    const eps = sampleEpsilon(h, w, seed, greyscale).slice([0, 0, 0], [h, w, 3]);
    const a = tf.tensor(frames.map((f) => f.a), [frames.length, 1, 1, 1]);
    const b = tf.tensor(frames.map((f) => f.b), [frames.length, 1, 1, 1]);
    const xt = a.mul(small.expandDims(0)).add(b.mul(eps.expandDims(0)));
    const bytes = xt.add(1).mul(127.5).clipByValue(0, 255);
    const alpha = tf.fill([frames.length, h, w, 1], 255);
    return tf.concat([bytes, alpha], 3);
  });
  const values = await out.data();
  out.dispose();
  const frameSize = h * w * 4;
  const rgba = frames.map((_, i) => Uint8ClampedArray.from(values.subarray(i * frameSize, (i + 1) * frameSize)));
  return { size: [h, w], rgba };
}
