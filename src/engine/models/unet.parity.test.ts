/**
 * The tfjs U-Net computes the same function as its PyTorch twin in scripts/pretrain-digits.py,
 * which trains the shipped model: the fixture holds weights, inputs at three timesteps and
 * PyTorch's output (regenerate with `/usr/bin/python3 scripts/pretrain-digits.py parity`).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parseModelFile } from '../modelFile';
import { createModel } from '.';
import { assignWeights } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fromBase64 = (text: string) => new Float32Array(Uint8Array.from(Buffer.from(text, 'base64')).buffer);

it('gives PyTorch’s output for the same weights and input', async () => {
  const fixture = JSON.parse(readFileSync(join(__dirname, 'unet.parity.json'), 'utf8'));
  const snapshot = parseModelFile(JSON.stringify(fixture.file));
  expect(snapshot.model.kind).toBe('unet');
  const model = createModel(snapshot.model, snapshot.schedule.T, 1);
  assignWeights(model, snapshot.weights);
  const input = fromBase64(fixture.input);
  const expected = fromBase64(fixture.output);
  const t: number[] = fixture.t;
  const eps = tf.tidy(() => model.predict(tf.tensor(input, [t.length, 28, 28, 1]), tf.tensor1d(t)));
  const actual = await eps.data();
  eps.dispose();
  model.dispose();
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  // float32 through ~12 convolutions: agreement to ~1e-5 of the output's range; a layout or
  // padding mistake moves values by a sizeable fraction of it.
  expect(scale).toBeGreaterThan(0.5);
  expect(worst / scale).toBeLessThan(1e-4);
});
