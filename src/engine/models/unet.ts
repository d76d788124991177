/**
 * The digits lab's denoiser: a small U-Net (Ronneberger et al. 2015) predicting the noise ε in
 * x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, shaped like DDPM's (Ho et al. 2020, appendix B) at toy size.
 *
 *   t ─ sinusoidal (C) ─ Linear → SiLU → Linear ──────────────── temb (4C), added in every block
 *
 *   x_t 28×28×1 ─ conv3 → C ─ Res(C→C) ──────────────────────────────┐ skip 28×28×C
 *                              └ avgpool → 14 ─ Res(C→2C) ────────────┐│ skip 14×14×2C
 *                                                └ avgpool → 7 ─ Res(2C→2C)
 *                                  ┌ concat ─ Res(4C→2C) ─ upsample ──┘│
 *   ε̂ ← conv3 ← SiLU ← GroupNorm ─ Res(3C→C) ─ concat ─ upsample ──────┘
 *
 *   Res(i→o):  h = conv3(SiLU(GN(x))) + Linear(SiLU(temb));  h = conv3(SiLU(GN(h)));  return h + (i = o ? x : conv1(x))
 *
 * Pooling and nearest-neighbour upsampling (rather than strided and transposed convolutions) keep
 * the 28 → 14 → 7 path exact, with no padding that tfjs and PyTorch would place differently: the
 * same weights give the same output in scripts/pretrain-digits.py, which mirrors this file (the
 * parity fixture checks it). GroupNorm is built from tf.moments (tfjs has none). Weight names
 * and shapes are listed, in this order, by unetWeightShapes in unetSpec.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { embeddingFrequencies, linear, sinusoidal, type NamedWeight } from './layers';
import { unetBlocks, unetSpecProblem, unetWeightShapes, type ResBlockShape, type UnetSpec } from './unetSpec';
import type { Denoiser } from './types';

export { UNET_PRESETS, unetParameters, unetSpecProblem, type UnetPreset, type UnetSpec } from './unetSpec';

const NORM_EPSILON = 1e-5;

/** SiLU (swish), x·σ(x): tfjs has it only as a layer activation. */
const silu = <R extends tf.Tensor>(x: R): R => tf.mul(x, tf.sigmoid(x)) as R;

/**
 * Nearest-neighbour 2× upsampling, [B, H, W, C] → [B, 2H, 2W, C], from concatenations and reshapes
 * (whose gradients every backend has): each pixel is repeated along the width, then each row.
 */
export function upsample(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const wide = tf.reshape(tf.concat([x, x], 3), [b, h, 2 * w, c]);
  return tf.reshape(tf.concat([wide, wide], 2), [b, 2 * h, 2 * w, c]);
}

/**
 * The initial value of a weight: He-normal for kernels (the last conv of each block and the output
 * conv start at a tenth of that, so the untrained net is near the identity and predicts ε̂ ≈ 0),
 * ones for GroupNorm's gamma, zeros for biases and beta.
 */
function initialValue(name: string, shape: number[], seed: number): tf.Tensor {
  if (name.endsWith('.gamma')) return tf.ones(shape);
  if (name.endsWith('.b') || name.endsWith('.beta')) return tf.zeros(shape);
  const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const gain = name.endsWith('conv2.w') || name === 'out.conv.w' ? 0.1 : 1;
  return tf.randomNormal(shape, 0, gain * Math.sqrt(2 / fanIn), 'float32', seed);
}

export function createUnet(spec: UnetSpec, T: number, seed: number): Denoiser {
  const problem = unetSpecProblem(spec);
  if (problem) throw new RangeError(`Invalid U-Net: ${problem}`);
  const weights: NamedWeight[] = unetWeightShapes(spec).map(({ name, shape }, i) => ({
    name,
    variable: tf.variable(initialValue(name, shape, seed * 1000 + i + 1)),
  }));
  const w = Object.fromEntries(weights.map((x) => [x.name, x.variable])) as Record<string, tf.Variable>;
  const timeFrequencies = tf.tensor1d(embeddingFrequencies(spec.channels));
  const groups = spec.groups;

  const dense = (name: string, x: tf.Tensor2D) => linear(x, w[`${name}.w`] as tf.Tensor2D, w[`${name}.b`] as tf.Tensor1D);
  const conv = (name: string, x: tf.Tensor4D) => tf.add(tf.conv2d(x, w[`${name}.w`] as tf.Tensor4D, 1, 'same'), w[`${name}.b`]) as tf.Tensor4D;

  /** GroupNorm: normalise each example over (height, width, the channels of a group), then scale and shift per channel. */
  function groupNorm(name: string, x: tf.Tensor4D): tf.Tensor4D {
    const [b, h, wd, c] = x.shape;
    const grouped = tf.reshape(x, [b, h, wd, groups, c / groups]);
    const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
    const normalised = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, NORM_EPSILON))), x.shape);
    return tf.add(tf.mul(normalised, w[`${name}.gamma`]), w[`${name}.beta`]) as tf.Tensor4D;
  }

  function resBlock({ name, inputs, outputs }: ResBlockShape, x: tf.Tensor4D, temb: tf.Tensor2D): tf.Tensor4D {
    let h = conv(`${name}.conv1`, silu(groupNorm(`${name}.norm1`, x)));
    h = tf.add(h, tf.reshape(dense(`${name}.time`, silu(temb)), [-1, 1, 1, outputs])) as tf.Tensor4D;
    h = conv(`${name}.conv2`, silu(groupNorm(`${name}.norm2`, h)));
    return tf.add(h, inputs === outputs ? x : conv(`${name}.skip`, x)) as tf.Tensor4D;
  }

  const [down0, down1, mid, up1, up0] = unetBlocks(spec);

  function predict(xt: tf.Tensor, t: tf.Tensor1D): tf.Tensor {
    return tf.tidy(() => {
      // t is scaled to 0…1000 first, so the embedding means the same for any T.
      let temb = sinusoidal(tf.mul(t, 1000 / T), timeFrequencies);
      temb = dense('time.dense2', silu(dense('time.dense1', temb)));
      const x = xt as tf.Tensor4D;
      const skip0 = resBlock(down0, conv('inConv', x), temb);
      const skip1 = resBlock(down1, tf.avgPool(skip0, 2, 2, 'valid'), temb);
      let h = resBlock(mid, tf.avgPool(skip1, 2, 2, 'valid'), temb);
      h = resBlock(up1, tf.concat([upsample(h), skip1], 3), temb);
      h = resBlock(up0, tf.concat([upsample(h), skip0], 3), temb);
      return conv('out.conv', silu(groupNorm('out.norm', h)));
    });
  }

  return {
    spec,
    dataShape: [spec.side, spec.side, 1],
    T,
    weights,
    predict,
    dispose() {
      tf.dispose([...weights.map((x) => x.variable), timeFrequencies]);
    },
  };
}
