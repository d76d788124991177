import { describe, expect, it } from 'vitest';
import { MODEL_FILE_FORMAT, parseModelFile, serializeModel, type ModelSnapshot } from './modelFile';
import { MLP2D_DEFAULT, mlp2dWeightShapes } from './models/mlp2dSpec';

const spec = { ...MLP2D_DEFAULT, width: 8, depth: 0 };
const snapshot: ModelSnapshot = {
  model: spec,
  schedule: { kind: 'cosine', T: 100 },
  dataShape: [2],
  training: { steps: 1234, dataset: 'moons', learningRate: 0.01, batchSize: 256, seed: 1, seconds: 4.5, backend: 'wasm' },
  notes: { score: 1.5 },
  // Every weight of the spec, filled with awkward values (tiny, huge, −0) that must survive.
  weights: mlp2dWeightShapes(spec).map(({ name, shape }) => ({
    name,
    shape,
    data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => [1.5, -2, 3e-8, 1e30, -0][i % 5]),
  })),
};

describe('model files', () => {
  it('round-trip exactly', () => {
    const text = serializeModel(snapshot);
    expect(JSON.parse(text).format).toBe(MODEL_FILE_FORMAT);
    expect(parseModelFile(text)).toEqual(snapshot);
  });

  const mutate = (f: (doc: Record<string, any>) => void) => {
    const doc = JSON.parse(serializeModel(snapshot));
    f(doc);
    return JSON.stringify(doc);
  };

  it.each([
    ['a truncated file', serializeModel(snapshot).slice(0, 150), /does not parse, so it may be truncated/],
    ['an empty file', '', /does not parse/],
    ['another JSON file', '{"name": "package.json"}', /not a Diffusion Playground model file/],
    ['a newer version', mutate((d) => (d.version = 2)), /version 2/],
    ['an unknown kind of model', mutate((d) => (d.model.kind = 'transformer')), /kind “transformer”/],
    ['an MLP out of range', mutate((d) => (d.model.width = 100000)), /width must be/],
    ['a bad schedule', mutate((d) => (d.schedule.kind = 'exponential')), /schedule must be/],
    ['a schedule with T = 0', mutate((d) => (d.schedule.T = 0)), /schedule must be/],
    ['no weights', mutate((d) => (d.weights = [])), /no weights/],
    ['a weight with too few values', mutate((d) => (d.weights[1].shape = [8, 3])), /has 8 values but its shape 8×3 needs 24/],
    ['a weight that is not base64', mutate((d) => (d.weights[1].data = '@@@')), /not valid base64/],
    ['a weight of odd length', mutate((d) => (d.weights[1].data = 'AAAAAAA=')), /not a whole number of float32s/],
    ['NaN weights', mutate((d) => (d.weights[3].data = btoa(String.fromCharCode(0, 0, 0xc0, 0x7f, 0, 0, 0, 0)))), /NaN/],
    ['weights of another width', mutate((d) => (d.model.width = 16)), /weight “input.w” is 34×8, but its architecture needs 34×16/],
    ['a missing weight', mutate((d) => d.weights.pop()), /no weight “output.b”/],
    ['an extra weight', mutate((d) => d.weights.push({ ...d.weights[1], name: 'block9.b' })), /“block9.b” its architecture does not use/],
    ['a malformed weight entry', mutate((d) => (d.weights[0] = { name: 3 })), /weight 1 is not/],
    ['no step count', mutate((d) => delete d.training.steps), /step count/],
  ])('reject %s with a message saying why', (_, text, message) => {
    expect(() => parseModelFile(text as string)).toThrow(message as RegExp);
  });
});
