import type * as tf from '@tensorflow/tfjs';

/**
 * Draws x_t = a·x_0 + b·ε onto a canvas in one fused pass, on the active backend, without
 * reading the result back to JavaScript. `x0` and `epsilon` are [H, W, 4] float tensors
 * (RGB + a zero fourth channel, values of x_0 in [−1, 1]); they stay owned by the caller.
 */
export interface NoisingRenderer {
  /** Queue the frame for (a, b) = (√ᾱ_t, √(1 − ᾱ_t)). */
  render(a: number, b: number): void;
  /** Resolves when the last queued frame has been drawn. */
  finished(): Promise<void>;
  dispose(): void;
}

export interface RendererInputs {
  x0: tf.Tensor3D;
  epsilon: tf.Tensor3D;
  canvas: HTMLCanvasElement;
}
