import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { linear } from './layers';
import { createMlp2d, MLP2D_DEFAULT, mlp2dSpecProblem } from './mlp2d';
import { assignWeights, readWeights } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('linear', () => {
  it('has the gradient autodiff gives x·W + b', async () => {
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
    const target = tf.randomNormal([5, 4], 0, 1, 'float32', 4);
    const loss = (f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.square(tf.sub(f(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), target)));
    const mine = tf.grads(loss(linear))([x, w, b]);
    const auto = tf.grads(loss((x, w, b) => tf.add(tf.matMul(x, w), b)))([x, w, b]);
    for (let i = 0; i < 3; i++) expect(await mine[i].data()).toEqual(await auto[i].data());
  });
});

describe('the 2-D MLP', () => {
  it('maps [B, 2] and t to ε̂ of shape [B, 2]; an untrained model predicts small ε̂', async () => {
    const model = createMlp2d(MLP2D_DEFAULT, 100, 1);
    const eps = model.predict(tf.randomNormal([7, 2], 0, 1, 'float32', 1), tf.tensor1d([1, 2, 3, 50, 98, 99, 100]));
    expect(eps.shape).toEqual([7, 2]);
    expect((await tf.max(tf.abs(eps)).data())[0]).toBeLessThan(1);
    eps.dispose();
    model.dispose();
  });

  it('has the weights its spec implies, under stable names', () => {
    const model = createMlp2d({ kind: 'mlp2d', width: 8, depth: 2, timeEmbedding: 4, octaves: 3 }, 10, 1);
    expect(model.weights.map((w) => `${w.name} ${w.variable.shape.join('×')}`)).toEqual([
      // input: x, y (2) + sin/cos of 3 octaves of each (12) + the embedding (4) = 18
      'input.w 18×8',
      'input.b 8',
      'block0.w 8×8',
      'block0.b 8',
      'block1.w 8×8',
      'block1.b 8',
      'output.w 8×2',
      'output.b 2',
    ]);
    model.dispose();
  });

  it('rejects specs out of range', () => {
    expect(mlp2dSpecProblem({ ...MLP2D_DEFAULT, width: 0 })).toMatch(/width/);
    expect(mlp2dSpecProblem({ ...MLP2D_DEFAULT, depth: 2.5 })).toMatch(/depth/);
    expect(mlp2dSpecProblem({ ...MLP2D_DEFAULT, timeEmbedding: 15 })).toMatch(/even/);
    expect(mlp2dSpecProblem(MLP2D_DEFAULT)).toBeNull();
    expect(() => createMlp2d({ ...MLP2D_DEFAULT, octaves: 99 }, 10, 1)).toThrow(/octaves/);
  });

  it('reads its weights out and takes them back: the same predictions; mismatches are refused', async () => {
    const a = createMlp2d(MLP2D_DEFAULT, 100, 1);
    const b = createMlp2d(MLP2D_DEFAULT, 100, 2);
    const x = tf.randomNormal([4, 2], 0, 1, 'float32', 9);
    const t = tf.tensor1d([5, 20, 60, 100]);
    const before = await b.predict(x, t).data();
    assignWeights(b, await readWeights(a));
    expect(await b.predict(x, t).data()).toEqual(await a.predict(x, t).data());
    expect(await b.predict(x, t).data()).not.toEqual(before);

    const weights = await readWeights(a);
    expect(() => assignWeights(b, weights.slice(1))).toThrow(/no weight “input.w”/);
    expect(() => assignWeights(b, [...weights, { name: 'extra', shape: [1], data: new Float32Array(1) }])).toThrow(/extra/);
    const narrow = createMlp2d({ ...MLP2D_DEFAULT, width: 32 }, 100, 3);
    expect(() => assignWeights(narrow, weights)).toThrow(/input.w” is 34×48 in the file, but the model needs 34×32/);
    tf.dispose([x, t]);
    [a, b, narrow].forEach((m) => m.dispose());
  });
});
