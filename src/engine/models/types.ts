/**
 * What every denoiser offers the trainer, the samplers and the bound: ε_θ(x_t, t), its weights
 * by name, and a spec that rebuilds it. The 2-D lab's MLP and the digits lab's U-Net both
 * implement it, so one trainer and one set of samplers serve both.
 */
import type * as tf from '@tensorflow/tfjs';
import type { NamedWeight } from './layers';
import type { Mlp2dSpec } from './mlp2dSpec';
import type { UnetSpec } from './unetSpec';

/** Everything needed to rebuild a model's architecture (not its weights). */
export type ModelSpec = Mlp2dSpec | UnetSpec;

/** ε_θ(x_t, t): x_t [B, …dataShape], t [B] timesteps 1…T as floats → ε̂ [B, …dataShape]. */
export type EpsilonModel = (xt: tf.Tensor, t: tf.Tensor1D) => tf.Tensor;

export interface Denoiser {
  readonly spec: ModelSpec;
  /** Shape of one data point, e.g. [2] for the 2-D lab. */
  readonly dataShape: readonly number[];
  /** Number of diffusion steps the timestep embedding is scaled for. */
  readonly T: number;
  /** The trainable weights in a fixed order, under names that are stable across builds. */
  readonly weights: readonly NamedWeight[];
  readonly predict: EpsilonModel;
  dispose(): void;
}
