/**
 * The digits lab's quality scores: a small LeNet trained by the project on the training digits
 * (scripts/pretrain-digits.py classifier; models/digits/classifier.json, with its held-out
 * accuracy) reads generated digits and gives
 *  - the share it classifies as a digit with confidence above CONFIDENT, and how those spread over
 *    0–9 (an eleventh class, "not a digit", trained on noise, keeps noise from counting);
 *  - the Fréchet LeNet distance (FLD): the Fréchet distance between Gaussians fitted to its 64
 *    penultimate features of the generated digits and of the held-out digits, as the FID does
 *    with Inception features (Heusel et al. 2017), extrapolated to infinitely many digits (FID∞),
 *    since at the few hundred digits a tab can afford the plain distance's bias ranks wrongly.
 * The network mirrors the PyTorch one line for line (weights in tfjs' layout, NHWC flattening);
 * its parity test checks the outputs against PyTorch's.
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightArray } from '../models/weights';
import { extrapolatedFrechet, type GaussianFit } from './frechet';

export const CLASSIFIER_FORMAT = 'diffusion-playground/classifier';
/** A digit counts as recognisable when the classifier gives one class more than this probability. */
export const CONFIDENT = 0.9;

const SHAPES: [string, number[]][] = [
  ['conv1.w', [3, 3, 1, 32]],
  ['conv1.b', [32]],
  ['conv2.w', [3, 3, 32, 64]],
  ['conv2.b', [64]],
  ['features.w', [7 * 7 * 64, 64]],
  ['features.b', [64]],
  ['logits.w', [64, 11]],
  ['logits.b', [11]],
];

/** The classifier's eleventh class: "not a digit" (trained on noise; a plain LeNet calls noise an 8 with confidence). */
export const NOT_A_DIGIT = 10;
const CLASSES = 11;

export interface ClassifierFile {
  heldOutAccuracy: number;
  weights: WeightArray[];
}

/** Parses models/digits/classifier.json; throws saying what is wrong. */
export function parseClassifier(text: string): ClassifierFile {
  const doc = JSON.parse(text) as { format?: string; heldOutAccuracy?: number; weights?: { name: string; shape: number[]; data: string }[] };
  if (doc.format !== CLASSIFIER_FORMAT || !Array.isArray(doc.weights) || typeof doc.heldOutAccuracy !== 'number')
    throw new Error('this is not the digit classifier file');
  const weights = SHAPES.map(([name, shape]) => {
    const w = doc.weights!.find((v) => v.name === name);
    if (!w || w.shape.join('×') !== shape.join('×')) throw new Error(`the classifier file lacks weight “${name}” of shape ${shape.join('×')}`);
    const bytes = Uint8Array.from(atob(w.data), (c) => c.charCodeAt(0));
    const data = new Float32Array(bytes.buffer);
    if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`the classifier's weight “${name}” is truncated`);
    return { name, shape, data };
  });
  return { heldOutAccuracy: doc.heldOutAccuracy, weights };
}

export interface DigitClassifier {
  /** The 64 penultimate features and the 11 logits of images [B, 28, 28, 1] in [−1, 1] (clipped). */
  apply(images: tf.Tensor4D): { features: tf.Tensor2D; logits: tf.Tensor2D };
  dispose(): void;
}

export function createDigitClassifier(file: ClassifierFile): DigitClassifier {
  const w = Object.fromEntries(file.weights.map((x) => [x.name, tf.tensor(x.data, x.shape)]));
  const conv = (name: string, x: tf.Tensor4D) => tf.relu(tf.add(tf.conv2d(x, w[`${name}.w`] as tf.Tensor4D, 1, 'same'), w[`${name}.b`])) as tf.Tensor4D;
  const dense = (name: string, x: tf.Tensor2D) => tf.add(tf.matMul(x, w[`${name}.w`] as tf.Tensor2D), w[`${name}.b`]) as tf.Tensor2D;
  return {
    apply(images) {
      return tf.tidy(() => {
        let h = tf.maxPool(conv('conv1', tf.clipByValue(images, -1, 1)), 2, 2, 'valid');
        h = tf.maxPool(conv('conv2', h), 2, 2, 'valid');
        const features = tf.relu(dense('features', tf.reshape(h, [images.shape[0], -1]) as tf.Tensor2D));
        return { features, logits: dense('logits', features) };
      });
    },
    dispose: () => tf.dispose(Object.values(w)),
  };
}

export interface DigitScores {
  /** Share of images classified as a digit with probability > CONFIDENT. */
  confident: number;
  /** How the confident ones spread over the classes 0–9. */
  classCounts: number[];
  /** Fréchet LeNet distance to the reference features. */
  fld: number;
}

/** Features and class probabilities of n images ([n, 28, 28, 1] flattened), read in one transfer each. */
export async function classify(classifier: DigitClassifier, images: Float32Array, n: number): Promise<{ features: Float32Array; probabilities: Float32Array }> {
  const x = tf.tensor4d(images, [n, 28, 28, 1]);
  const { features, logits } = classifier.apply(x);
  const probabilities = tf.softmax(logits);
  const [f, p] = (await Promise.all([features.data(), probabilities.data()])) as Float32Array[];
  tf.dispose([x, features, logits, probabilities]);
  return { features: f, probabilities: p };
}

/** The scores of n images against a reference fit (the held-out digits' features). */
export async function digitScores(classifier: DigitClassifier, images: Float32Array, n: number, reference: GaussianFit): Promise<DigitScores> {
  const { features, probabilities } = await classify(classifier, images, n);
  const classCounts = new Array<number>(10).fill(0);
  let confident = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities.subarray(CLASSES * i, CLASSES * (i + 1));
    const best = p.indexOf(Math.max(...p));
    if (best !== NOT_A_DIGIT && p[best] > CONFIDENT) {
      confident++;
      classCounts[best]++;
    }
  }
  return { confident: confident / n, classCounts, fld: extrapolatedFrechet(features, n, 64, reference) };
}
