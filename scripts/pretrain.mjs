/**
 * npm run pretrain — trains the 2-D lab's preset models with the project's own trainer (the
 * same src/engine code the lab's worker runs), in Node on tfjs' wasm backend, and writes each to
 * models/toy2d/<dataset>.json with its settings, training time and quality scores, plus a model
 * card, models/toy2d/README.md.
 *
 * Environment: PRETRAIN_DATASETS (comma-separated, default all built-ins), PRETRAIN_STEPS
 * (default 12000), PRETRAIN_BACKEND (wasm or cpu, default wasm).
 */
import { runnerImport } from 'vite';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';

const load = async (file) => (await runnerImport(file)).module;
const { TOY_DATASETS, TOY_DATASET_LABELS, sampleToyDataset, differentialEntropy } = await load('/src/data/toy2d.ts');
const { DEFAULT_TOY, TOY_DATA_SEED, toyModelSpec } = await load('/src/state/toyState.ts');
const { makeSchedule } = await load('/src/diffusion/schedules.ts');
const { makePlan } = await load('/src/diffusion/samplerPlans.ts');
const { bitsPerDim } = await load('/src/diffusion/bound.ts');
const { createModel } = await load('/src/engine/models/index.ts');
const { readWeights } = await load('/src/engine/models/weights.ts');
const { Trainer } = await load('/src/engine/trainer.ts');
const { sample } = await load('/src/engine/samplers/run.ts');
const { estimateBound } = await load('/src/engine/bound.ts');
const { qualityScores, referenceScores, nearestNeighbourRatio } = await load('/src/engine/metrics/pointClouds.ts');
const { serializeModel } = await load('/src/engine/modelFile.ts');

const DATASETS = process.env.PRETRAIN_DATASETS?.split(',') ?? [...TOY_DATASETS];
const STEPS = Number(process.env.PRETRAIN_STEPS ?? 12000);
const BACKEND = process.env.PRETRAIN_BACKEND ?? 'wasm';
/** The learning rate falls to a tenth over the last third of the run (fine detail). */
const lrAt = (step, base) => (step < (2 * STEPS) / 3 ? base : base * 0.1 ** ((step - (2 * STEPS) / 3) / (STEPS / 3)));
const EVAL_N = 1000;
const CHUNK = 100;
const OUT = 'models/toy2d';

setWasmPaths(path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
if (!(await tf.setBackend(BACKEND))) throw new Error(`backend ${BACKEND} did not start`);
await tf.ready();
mkdirSync(OUT, { recursive: true });

const toy = DEFAULT_TOY;
const spec = toyModelSpec(toy);
const schedule = makeSchedule({ kind: toy.schedule, T: toy.T });
const plan = makePlan(schedule, toy.sampler);
const rows = [];

for (const id of DATASETS) {
  const data = sampleToyDataset(id, toy.points, TOY_DATA_SEED);
  const heldOut = sampleToyDataset(id, EVAL_N, TOY_DATA_SEED + 1);
  const fresh = sampleToyDataset(id, EVAL_N, TOY_DATA_SEED + 2);
  const noise = sampleToyDataset('gaussian', EVAL_N, 99).map((v, i) => (v - [1, 0.5][i % 2]) * 2);
  const { floor, ceiling } = referenceScores(heldOut, fresh, noise);
  const model = createModel(spec, toy.T, toy.seed);
  const trainer = new Trainer(model, schedule, tf.tensor2d(data, [toy.points, 2]), {
    learningRate: toy.learningRate,
    batchSize: toy.batchSize,
    seed: toy.seed,
  });
  const curve = [];
  let ms = 0;
  let nextEval = 0.25;
  while (trainer.step < STEPS) {
    trainer.setLearningRate(lrAt(trainer.step, toy.learningRate));
    const t0 = performance.now();
    trainer.run(Math.min(CHUNK, STEPS - trainer.step));
    const { loss } = await trainer.readChunk();
    ms += performance.now() - t0;
    if (!Number.isFinite(loss)) throw new Error(`${id}: the loss diverged at step ${trainer.step}`);
    if (ms / 1000 >= nextEval || trainer.step >= STEPS) {
      const { final } = await sample(model.predict, plan, { n: EVAL_N, seed: toy.seed, dataShape: [2] });
      const ratio = nearestNeighbourRatio(qualityScores(final, heldOut), floor);
      curve.push({ seconds: +(ms / 1000).toFixed(2), step: trainer.step, loss: +loss.toFixed(4), nnRatio: +ratio.toFixed(3) });
      nextEval *= 1.5;
    }
  }
  const { final } = await sample(model.predict, plan, { n: EVAL_N, seed: toy.seed, dataShape: [2] });
  const scores = qualityScores(final, heldOut);
  const bound = await estimateBound(model.predict, schedule, heldOut, [2], { variance: 'beta', timesteps: toy.T, seed: 1 });
  const entropy = differentialEntropy(id);
  const quality = {
    nnRatio: +nearestNeighbourRatio(scores, floor).toFixed(3),
    scores,
    floor,
    ceiling,
    boundBitsPerDim: +bound.bitsPerDim.toFixed(4),
    ...(entropy !== null ? { entropyBitsPerDim: +bitsPerDim(entropy, 2).toFixed(4) } : {}),
  };
  const file = serializeModel({
    model: spec,
    schedule: { kind: toy.schedule, T: toy.T },
    dataShape: [2],
    training: {
      steps: trainer.step,
      dataset: id,
      learningRate: toy.learningRate,
      batchSize: toy.batchSize,
      seed: toy.seed,
      seconds: +(ms / 1000).toFixed(1),
      backend: `tfjs ${BACKEND} in Node ${process.version}, ${cpus().length} × ${cpus()[0].model.trim()}`,
    },
    notes: { points: toy.points, quality, curve },
    weights: await readWeights(model),
  });
  writeFileSync(`${OUT}/${id}.json`, file);
  rows.push({ id, label: TOY_DATASET_LABELS[id], seconds: ms / 1000, steps: trainer.step, quality, curve, bytes: file.length });
  console.log(`${id}: ${trainer.step} steps in ${(ms / 1000).toFixed(1)} s; samples/data nearest-neighbour ratio ${quality.nnRatio} (1 = as good as fresh data, N(0, I) = ${nearestNeighbourRatio(ceiling, floor).toFixed(2)}); bound ${quality.boundBitsPerDim} bits/dim`);
  console.log('   ', curve.map((c) => `${c.seconds}s:${c.nnRatio}`).join(' '));
  trainer.dispose();
  model.dispose();
}

if (!process.env.PRETRAIN_DATASETS) {
  const fmt = (v, d = 2) => Number(v).toFixed(d);
  const lines = [
    '# 2-D lab presets',
    '',
    'Made by `npm run pretrain` (scripts/pretrain.mjs) with the lab\'s own trainer (src/engine), in Node on',
    `tfjs' ${BACKEND} backend. Every preset uses the lab's defaults, so a fresh model trained in the tab with`,
    'default settings is the same model, only trained for longer:',
    '',
    `- **Model**: MLP, ${spec.width} wide, ${spec.depth} residual blocks, ${spec.octaves} octaves of Fourier features of x and y,`,
    `  a ${spec.timeEmbedding}-dimensional sinusoidal embedding of t; predicts ε (src/engine/models/mlp2d.ts).`,
    `- **Diffusion**: ${toy.schedule} schedule, T = ${toy.T}.`,
    `- **Training**: ${toy.points} points (seed ${TOY_DATA_SEED}), Adam, learning rate ${toy.learningRate} falling to a tenth over the last`,
    `  third, batch ${toy.batchSize}, ${STEPS} steps, seed ${toy.seed}.`,
    `- **Scores**: ${EVAL_N} samples (DDPM, σ² = β̃, all ${toy.T} steps) against ${EVAL_N} held-out points (seed ${TOY_DATA_SEED + 1}).`,
    '  *NN ratio*: the mean nearest-neighbour distances samples→data plus data→samples, divided by the same',
    `  for ${EVAL_N} fresh data points (1 = as good as the data; N(0, I) scores the "ceiling" column). *MMD²*: RBF,`,
    '  bandwidths 1, ½, ¼, ⅛. *Bound*: the model\'s variational bound on −log p(x_0) with σ² = β, estimated on',
    '  the held-out points (every t); for the two data sets with a known density, their true entropy is beside it.',
    '',
    '| data set | steps | training time | NN ratio | NN ratio of N(0, I) | MMD² (floor) | bound, bits/dim | entropy, bits/dim | file |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      `| ${r.label} | ${r.steps} | ${fmt(r.seconds, 1)} s | ${fmt(r.quality.nnRatio)} | ${fmt(nearestNeighbourRatio(r.quality.ceiling, r.quality.floor))} | ${r.quality.scores.mmd.toExponential(1)} (${r.quality.floor.mmd.toExponential(1)}) | ${fmt(r.quality.boundBitsPerDim, 3)} | ${r.quality.entropyBitsPerDim ?? '—'} | \`${r.id}.json\` (${Math.round(r.bytes / 1024)} KB) |`,
    ),
    '',
    `Hardware: ${cpus().length} × ${cpus()[0].model.trim()}, Node ${process.version}. The NN ratio against training time`,
    '(seconds: ratio), as the run went:',
    '',
    ...rows.map((r) => `- ${r.label}: ${r.curve.map((c) => `${c.seconds} s: ${fmt(c.nnRatio)}`).join(', ')}`),
    '',
  ];
  writeFileSync(`${OUT}/README.md`, lines.join('\n'));
}
