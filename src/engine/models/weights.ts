/** Reading a model's weights out as plain arrays, and putting saved ones back. */
import * as tf from '@tensorflow/tfjs';
import type { Denoiser } from './types';

export interface WeightArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Every weight of the model, read back from the device in one transfer each. */
export async function readWeights(model: Denoiser): Promise<WeightArray[]> {
  return Promise.all(
    model.weights.map(async ({ name, variable }) => ({
      name,
      shape: [...variable.shape],
      data: (await variable.data()) as Float32Array,
    })),
  );
}

/**
 * Assigns saved weights to a model, after checking that they match it name for name and shape
 * for shape; on a mismatch nothing is assigned and the error says what differs.
 */
export function assignWeights(model: Denoiser, weights: readonly WeightArray[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const { name, variable } of model.weights) {
    const w = byName.get(name);
    if (!w) throw new RangeError(`the file has no weight “${name}” for this model`);
    if (w.shape.join('×') !== variable.shape.join('×'))
      throw new RangeError(`weight “${name}” is ${w.shape.join('×')} in the file, but the model needs ${variable.shape.join('×')}`);
    if (w.data.length !== variable.size) throw new RangeError(`weight “${name}” has ${w.data.length} values, not ${variable.size}`);
  }
  const extra = weights.find((w) => !model.weights.some((m) => m.name === w.name));
  if (extra) throw new RangeError(`the file has a weight “${extra.name}” this model does not have`);
  for (const { name, variable } of model.weights) {
    const w = byName.get(name)!;
    tf.tidy(() => variable.assign(tf.tensor(w.data, variable.shape)));
  }
}
