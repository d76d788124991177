import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gunzip, parseMnist, toModelRange } from '../../data/mnist';
import { classify, createDigitClassifier, digitScores, parseClassifier } from './digitClassifier';
import { fitGaussian } from './frechet';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const root = join(__dirname, '../../..');
const file = parseClassifier(readFileSync(join(root, 'models/digits/classifier.json'), 'utf8'));
const fromBase64 = (text: string) => new Float32Array(Uint8Array.from(Buffer.from(text, 'base64')).buffer);

describe('the digit classifier', () => {
  it('is the one documented: at least 98 % on the held-out digits', () => {
    expect(file.heldOutAccuracy).toBeGreaterThanOrEqual(0.98);
  });

  it('gives PyTorch’s features and logits for the same input', async () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, 'digitClassifier.parity.json'), 'utf8'));
    const input = fromBase64(fixture.input);
    const n = input.length / 784;
    const classifier = createDigitClassifier(file);
    const x = tf.tensor4d(input, [n, 28, 28, 1]);
    const { features, logits } = classifier.apply(x);
    for (const [actual, expected] of [
      [await features.data(), fromBase64(fixture.features)],
      [await logits.data(), fromBase64(fixture.logits)],
    ]) {
      const scale = Math.max(...expected.map(Math.abs));
      const worst = Math.max(...expected.map((v, i) => Math.abs(v - actual[i])));
      expect(worst / scale).toBeLessThan(1e-4);
    }
    tf.dispose([x, features, logits]);
    classifier.dispose();
  });

  it('scores real digits near the floor and noise far from it, leaking no tensors', { timeout: 60_000 }, async () => {
    const mnist = parseMnist(await gunzip(new Uint8Array(readFileSync(join(root, 'public/data/mnist.bin')))));
    const classifier = createDigitClassifier(file);
    const n = 200;
    const held = await classify(classifier, toModelRange(mnist.heldOut, 0, n), n);
    const reference = fitGaussian(held.features, n, 64);
    const before = tf.memory().numTensors;
    const real = await digitScores(classifier, toModelRange(mnist.train, 0, n), n, reference);
    const noise = await digitScores(classifier, Float32Array.from({ length: n * 784 }, (_, i) => Math.sin(i * 91.7) * 1.5), n, reference);
    expect(tf.memory().numTensors).toBe(before);
    expect(real.confident).toBeGreaterThan(0.9);
    expect(Math.min(...real.classCounts)).toBeGreaterThan(5); // the train prefix is balanced
    expect(noise.fld).toBeGreaterThan(3 * real.fld);
    // Noise is "not a digit", not a confident 8.
    expect(noise.confident).toBeLessThan(0.05);
    classifier.dispose();
  });
});
