import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleToyDataset } from '../../data/toy2d';
import type { FromWorker, ToWorker } from './protocol';
import { MAX_GIVE_WAY_MS, TrainerSession } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Init = Extract<ToWorker, { type: 'init' }>;

function initMessage(overrides: Partial<Init> = {}): Init {
  return {
    type: 'init',
    model: { kind: 'mlp2d', width: 16, depth: 1, timeEmbedding: 8, octaves: 2 },
    schedule: { kind: 'linear', T: 20 },
    dataShape: [2],
    data: sampleToyDataset('moons', 200, 1),
    heldOut: sampleToyDataset('moons', 100, 2),
    fresh: sampleToyDataset('moons', 100, 3),
    training: { learningRate: 1e-2, batchSize: 32, seed: 1 },
    scoring: 'pointClouds',
    backend: 'cpu',
    evaluation: { sampler: { kind: 'ddim', steps: 5, eta: 0 }, n: 100, seed: 4, everyMs: 0, trajectoryPoints: 10 },
    ...overrides,
  };
}

/** A small U-Net's session (4 channels, T = 50) on side×side images. */
function unetInit(side: number, images: Float32Array, overrides: Partial<Init> = {}): Init {
  return initMessage({
    model: { kind: 'unet', side, channels: 4, groups: 2 },
    schedule: { kind: 'linear', T: 50 },
    dataShape: [side, side, 1],
    data: images,
    heldOut: images,
    fresh: images,
    training: { learningRate: 3e-3, batchSize: 2, seed: 1 },
    scoring: 'none',
    ...overrides,
  });
}

/** Lets Node's tfjs load the wasm backend's binaries from node_modules. */
async function wasmInNode(): Promise<void> {
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const { join } = await import('node:path');
  setWasmPaths(join(__dirname, '../../../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
}

/** A session with its messages collected, and a way to wait for one. */
function harness(pieceMs?: number) {
  const messages: FromWorker[] = [];
  const waiters: { test: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const session = new TrainerSession((m) => {
    messages.push(m);
    for (const w of [...waiters])
      if (w.test(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  }, pieceMs);
  const next = <T extends FromWorker['type']>(type: T, test: (m: Extract<FromWorker, { type: T }>) => boolean = () => true) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve) => {
      const found = messages.find((m) => m.type === type && test(m as Extract<FromWorker, { type: T }>));
      if (found) resolve(found as Extract<FromWorker, { type: T }>);
      else waiters.push({ test: (m) => m.type === type && test(m as Extract<FromWorker, { type: T }>), resolve: resolve as (m: FromWorker) => void });
    });
  return { session, messages, next };
}

describe('TrainerSession', () => {
  it('starts, trains to a target with progress, evaluations and a stop, and leaks no tensors', { timeout: 30_000 }, async () => {
    const { session, messages, next } = harness();
    await session.handle(initMessage());
    const ready = await next('ready');
    expect(ready.backend).toBe('cpu');
    expect(ready.reference!.floor.nnSamplesToData).toBeLessThan(ready.reference!.ceiling.nnSamplesToData);
    // Adam makes its moment estimates on the first step: count from after it.
    await session.handle({ type: 'train', until: 10 });
    await next('stopped');
    const tensors = tf.memory().numTensors;
    messages.length = 0;
    await session.handle({ type: 'train', until: 60 });
    const stopped = await next('stopped');
    expect(stopped).toMatchObject({ reason: 'target', step: 60 });
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ step: 60 });
    const evaluation = await next('evaluation');
    expect(evaluation.samples).toHaveLength(200);
    expect(evaluation.trajectory!.t).toEqual([20, 16, 12, 8, 4, 0]);
    expect(evaluation.trajectory!.frames).toHaveLength(6 * 10 * 2);
    expect(evaluation.trajectory!.frames.subarray(5 * 20)).toEqual(evaluation.samples.subarray(0, 20));
    expect(Number.isFinite(evaluation.scores!.mmd)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('pauses on request, takes single steps, answers samples, the field, the bound and the weights', { timeout: 30_000 }, async () => {
    const { session, next } = harness();
    await session.handle(initMessage());
    await session.handle({ type: 'train', until: null });
    await next('progress');
    await session.handle({ type: 'pause' });
    const paused = await next('stopped');
    expect(paused.reason).toBe('paused');
    await session.handle({ type: 'step' });
    await next('progress', (m) => m.step === paused.step + 1);

    await session.handle({ type: 'sample', id: 1, sampler: { kind: 'ddpm', steps: 20, variance: 'beta' }, n: 30, seed: 2, record: true });
    const samples = await next('samples');
    expect(samples.t).toEqual([...Array.from({ length: 20 }, (_, i) => 20 - i), 0]);
    expect(samples.frames).toHaveLength(21 * 60);

    await session.handle({ type: 'field', id: 2, t: 10, points: new Float32Array([0, 0, 1, 1, -1, 2]) });
    expect((await next('field')).epsilon).toHaveLength(6);

    await session.handle({ type: 'bound', id: 3, variance: 'betaTilde', timesteps: 8, seed: 1 });
    const bound = await next('bound');
    expect(bound.estimate.t).toHaveLength(8);
    expect(Number.isFinite(bound.estimate.bitsPerDim)).toBe(true);

    await session.handle({ type: 'weights', id: 4 });
    const weights = await next('weights');
    expect(weights.step).toBe(paused.step + 1);
    expect(weights.weights.map((w) => w.name)).toContain('output.b');
  });

  it('gives way while the page moves t: no chunk or evaluation starts until it may go on, or until the page has been silent too long; a pause ends the wait', { timeout: 30_000 }, async () => {
    const { session, messages, next } = harness();
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const count = () => messages.filter((m) => m.type === 'progress' || m.type === 'evaluation').length;
    const lastStep = () => (messages.filter((m) => m.type === 'progress').at(-1) as Extract<FromWorker, { type: 'progress' }>).step;
    await session.handle(initMessage());
    await session.handle({ type: 'train', until: null });
    await next('evaluation');
    await session.handle({ type: 'giveWay' });
    const atAsk = count();
    // A chunk already running finishes and reports (at most a progress, and then nothing new).
    await sleep(250);
    const settled = count();
    expect(settled - atAsk).toBeLessThanOrEqual(1);
    await sleep(600);
    expect(count()).toBe(settled);
    // Going on: training, evaluations included.
    const held = lastStep();
    await session.handle({ type: 'goOn' });
    const resumed = await next('progress', (m) => m.step > held);
    await next('evaluation', (m) => m.step >= resumed.step);

    // A page that says nothing more is not waited for past MAX_GIVE_WAY_MS.
    const asked = performance.now();
    await session.handle({ type: 'giveWay' });
    await sleep(250);
    const quiet = lastStep();
    await next('progress', (m) => m.step > quiet);
    const waited = performance.now() - asked;
    expect(waited).toBeGreaterThanOrEqual(MAX_GIVE_WAY_MS - 10);
    expect(waited).toBeLessThan(MAX_GIVE_WAY_MS + 1000);

    // A pause while giving way stops training at once, not when the wait would have ended.
    await session.handle({ type: 'giveWay' });
    const pausedAt = performance.now();
    await session.handle({ type: 'pause' });
    expect((await next('stopped')).reason).toBe('paused');
    expect(performance.now() - pausedAt).toBeLessThan(500);
  });

  it('splits steps that take too long into pieces, up to one example each, and gives way between them', { timeout: 30_000 }, async () => {
    // Every step is too long for a limit of a microsecond: the pieces double, each time after a
    // chunk that compiles no kernels (on a GPU the first chunk does, and one with new shapes), to
    // the batch of 32.
    const { session, messages, next } = harness(0.001);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const progress = () => messages.filter((m) => m.type === 'progress') as Extract<FromWorker, { type: 'progress' }>[];
    await session.handle(initMessage());
    await session.handle({ type: 'train', until: null });
    await next('progress', (m) => m.pieces === 32);
    const pieces = progress().map((m) => m.pieces);
    expect([...new Set(pieces)]).toEqual([1, 2, 4, 8, 16, 32]);
    for (const n of [1, 2, 4, 8, 16]) expect(pieces.filter((p) => p === n)).toHaveLength(2);
    await session.handle({ type: 'pause' });
    await next('stopped');
    const before = tf.memory().numTensors;
    const paused = progress().at(-1)!.step;
    await session.handle({ type: 'train', until: null });
    await next('progress', (m) => m.step > paused);
    // A step in pieces holds as the loop does: the chunk in flight stops at its next piece.
    await session.handle({ type: 'giveWay' });
    const asked = performance.now();
    const atAsk = progress().length;
    await sleep(800);
    expect(progress().length - atAsk).toBeLessThanOrEqual(1);
    const held = progress().at(-1)!;
    await session.handle({ type: 'goOn' });
    const resumed = await next('progress', (m) => m.step > held.step);
    // The wait is not training time.
    expect(resumed.trainingSeconds - held.trainingSeconds).toBeLessThan((performance.now() - asked) / 1000 - 0.6);
    expect(resumed.pieces).toBe(32);
    await session.handle({ type: 'pause' });
    await next('stopped', (m) => m.step >= resumed.step);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on a diverging loss with a message and keeps finite weights', { timeout: 30_000 }, async () => {
    const { session, next } = harness();
    await session.handle(initMessage({ training: { learningRate: 1e9, batchSize: 32, seed: 1 } }));
    await session.handle({ type: 'train', until: 500 });
    const stopped = await next('stopped');
    expect(stopped.reason).toBe('diverged');
    expect(stopped.message).toMatch(/learning rate 1000000000 is too high/);
    // The weights and the step go back to the last chunk whose loss was finite.
    expect(stopped.message).toContain(`last good weights (step ${stopped.step}) are back`);
    expect(stopped.step).toBeLessThan(500);
    await session.handle({ type: 'weights', id: 1 });
    const { weights } = await next('weights');
    expect(weights.every((w) => w.data.every(Number.isFinite))).toBe(true);
  });

  it('starts from saved weights, and refuses ones that do not fit with an error', async () => {
    const a = harness();
    await a.session.handle(initMessage());
    await a.session.handle({ type: 'weights', id: 1 });
    const saved = await a.next('weights');
    const b = harness();
    await b.session.handle(initMessage({ start: { weights: saved.weights, step: 1234, trainingSeconds: 5 } }));
    expect((await b.next('ready')).step).toBe(1234);
    const c = harness();
    await c.session.handle(initMessage({ model: { kind: 'mlp2d', width: 32, depth: 1, timeEmbedding: 8, octaves: 2 }, start: { weights: saved.weights, step: 1, trainingSeconds: 0 } }));
    expect(await c.next('error')).toMatchObject({ fatal: true, message: expect.stringMatching(/input.w/) });
  });
});

describe('TrainerSession with a U-Net (the digits lab)', () => {
  const side = 12;
  const size = side * side;
  /** Sixteen 12×12 "images": a bright bar at one of four rows. */
  const images = Float32Array.from({ length: 16 * size }, (_, i) => (Math.floor((i % size) / side) === 2 + 2 * (Math.floor(i / size) % 4) ? 1 : -1));
  const bars = (overrides: Partial<Init> = {}) =>
    unetInit(side, images, {
      heldOut: images.subarray(0, 4 * size),
      fresh: images.subarray(4 * size, 8 * size),
      training: { learningRate: 3e-3, batchSize: 4, seed: 1 },
      evaluation: { sampler: { kind: 'ddim', steps: 3, eta: 0 }, n: 4, seed: 4, everyMs: 0, trajectoryPoints: 2 },
      ...overrides,
    });

  it('trains, evaluates without scores, and inpaints with the known pixels kept exactly; no tensors leak', { timeout: 60_000 }, async () => {
    const { session, next, messages } = harness();
    await session.handle(bars());
    const ready = await next('ready');
    expect(ready.reference).toBeNull();
    await session.handle({ type: 'train', until: 2 });
    await next('stopped');
    const tensors = tf.memory().numTensors;
    messages.length = 0;
    await session.handle({ type: 'train', until: 4 });
    expect(await next('stopped')).toMatchObject({ reason: 'target', step: 4 });
    const evaluation = await next('evaluation');
    expect(evaluation.scores).toBeNull();
    expect(evaluation.samples).toHaveLength(4 * size);
    expect(evaluation.trajectory!.frames).toHaveLength(4 * 2 * size);

    // Keep the top half of image 0, fill the bottom half.
    const mask = Float32Array.from({ length: size }, (_, i) => (i < size / 2 ? 1 : 0));
    const known = images.slice(0, size);
    await session.handle({ type: 'sample', id: 1, sampler: { kind: 'ddpm', steps: 10, variance: 'betaTilde' }, n: 3, seed: 2, record: true, recordFirst: 1, inpainting: { known, mask } });
    const filled = await next('samples');
    expect(filled.frames).toHaveLength(11 * size);
    for (let n = 0; n < 3; n++) for (let i = 0; i < size / 2; i++) expect(filled.final[n * size + i]).toBe(known[i]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses to train a U-Net on wasm, which cannot (no Conv2DBackpropFilter)', async () => {
    const { session, next } = harness();
    await session.handle(bars({ backend: 'wasm' }));
    expect(await next('error')).toMatchObject({ fatal: true, message: expect.stringMatching(/wasm backend cannot train this model/) });
  });
});

describe('TrainerSession scoring digits', () => {
  it('samples and scores digits with the classifier, beside held-out digits (floor) and noise (ceiling)', { timeout: 120_000 }, async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { gunzip, parseMnist, toModelRange } = await import('../../data/mnist');
    const { parseClassifier } = await import('../metrics/digitClassifier');
    const root = join(__dirname, '../../..');
    const mnist = parseMnist(await gunzip(new Uint8Array(readFileSync(join(root, 'public/data/mnist.bin')))));
    const { session, next } = harness();
    await session.handle(
      initMessage({
        model: { kind: 'unet', side: 28, channels: 8, groups: 4 },
        schedule: { kind: 'linear', T: 1000 },
        dataShape: [28, 28, 1],
        data: toModelRange(mnist.train, 0, 64),
        // A balanced reference (the held-out set is grouped by class): later training digits.
        heldOut: toModelRange(mnist.train, 1000, 100),
        fresh: toModelRange(mnist.heldOut, 0, 4),
        scoring: 'none',
      }),
    );
    await next('ready');
    await session.handle({ type: 'score', id: 0, sampler: { kind: 'ddim', steps: 1, eta: 0 }, n: 32, seed: 3 });
    expect(await next('error')).toMatchObject({ id: 0, message: expect.stringMatching(/classifier/) });
    const classifier = parseClassifier(readFileSync(join(root, 'models/digits/classifier.json'), 'utf8'));
    await session.handle({ type: 'score', id: 1, sampler: { kind: 'ddim', steps: 1, eta: 0 }, n: 32, seed: 3, classifier });
    const first = await next('score');
    expect(first.n).toBe(32);
    expect(first.floor.confident).toBeGreaterThan(0.8);
    expect(first.ceiling.fld).toBeGreaterThan(1.5 * first.floor.fld);
    // An untrained model makes no digits (the classifier may still be sure of some noise: the FLD tells).
    expect(first.samples.fld).toBeGreaterThan(1.5 * first.floor.fld);
    const tensors = tf.memory().numTensors;
    await session.handle({ type: 'score', id: 2, sampler: { kind: 'ddim', steps: 1, eta: 0 }, n: 32, seed: 3 });
    const second = await next('score', (m) => m.id === 2);
    expect(second.samples).toEqual(first.samples);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('TrainerSession sampling on another backend than it trains on', () => {
  it('trains on cpu and samples on wasm in turns, the weights following, with the same samples as cpu gives', { timeout: 60_000 }, async () => {
    await wasmInNode();
    const side = 12;
    const images = Float32Array.from({ length: 8 * side * side }, (_, i) => Math.sin(i * 1.7));
    const init = (sampleOn?: 'wasm') => unetInit(side, images, sampleOn ? { sampleOn } : {});
    const results: Float32Array[] = [];
    for (const sampleOn of [undefined, 'wasm'] as const) {
      const { session, next } = harness();
      await session.handle(init(sampleOn));
      await next('ready');
      await session.handle({ type: 'train', until: 2 });
      await next('stopped', (m) => m.step === 2);
      await session.handle({ type: 'sample', id: 1, sampler: { kind: 'ddim', steps: 4, eta: 0 }, n: 2, seed: 5, record: false });
      const first = await next('samples', (m) => m.id === 1);
      // Training goes on after sampling moved the weights to wasm (the chunks run on cpu again).
      await session.handle({ type: 'train', until: 4 });
      expect(await next('stopped', (m) => m.step === 4)).toMatchObject({ reason: 'target' });
      results.push(first.final);
    }
    // (Had a chunk run on wasm it would have failed: wasm cannot train a conv net.)
    for (let i = 0; i < results[0].length; i++) expect(Math.abs(results[1][i] - results[0][i])).toBeLessThan(1e-3);
  });
});

describe('TrainerSession when things go wrong or get measured', () => {
  const side = 12;
  const images = Float32Array.from({ length: 8 * side * side }, (_, i) => Math.cos(i * 0.9));
  const unet = () => unetInit(side, images, { evaluation: { sampler: { kind: 'ddim', steps: 2, eta: 0 }, n: 2, seed: 4, everyMs: 0, trajectoryPoints: 0 } });

  it('stops cleanly when a step runs out of memory or loses the device, keeps the weights, and trains on', { timeout: 60_000 }, async () => {
    const { session, next, messages } = harness();
    await session.handle(unet());
    await next('ready');
    await session.handle({ type: 'train', until: 2 });
    await next('stopped', (m) => m.step === 2);
    await session.handle({ type: 'weights', id: 1 });
    const before = await next('weights', (m) => m.id === 1);
    const tensors = tf.memory().numTensors;

    await session.handle({ type: 'simulateFault', fault: 'memory' });
    await session.handle({ type: 'train', until: null });
    const memory = await next('stopped', (m) => m.reason === 'failed');
    expect(memory).toMatchObject({ step: 2, fault: 'memory', message: expect.stringMatching(/cpu backend ran out of memory/) });
    await session.handle({ type: 'weights', id: 2 });
    const after = await next('weights', (m) => m.id === 2);
    expect(after.weights.map((w) => Array.from(w.data))).toEqual(before.weights.map((w) => Array.from(w.data)));
    expect(tf.memory().numTensors).toBe(tensors);

    // A single step fails alike, and says the device was lost.
    await session.handle({ type: 'simulateFault', fault: 'device' });
    await session.handle({ type: 'step' });
    expect(await next('stopped', (m) => m.fault === 'device')).toMatchObject({ reason: 'failed', message: expect.stringMatching(/device was lost/) });

    // Nothing else is left broken: training goes on.
    messages.length = 0;
    await session.handle({ type: 'train', until: 4 });
    expect(await next('stopped', (m) => m.reason === 'target')).toMatchObject({ step: 4 });
  });

  it('probes: times training where a U-Net can train and sampling where it can sample, then samples on the fastest with the same weights', { timeout: 120_000 }, async () => {
    await wasmInNode();
    const { session, next } = harness();
    await session.handle(unet());
    await next('ready');
    await session.handle({ type: 'train', until: 2 });
    await next('stopped', (m) => m.step === 2);
    const sampler = { kind: 'ddim', steps: 3, eta: 0 } as const;
    await session.handle({ type: 'sample', id: 1, sampler, n: 2, seed: 5, record: false });
    const before = await next('samples', (m) => m.id === 1);

    await session.handle({ type: 'probe', samplingBatch: 4 });
    const probe = await next('probe');
    // Node has no WebGL or WebGPU: they are reported, not timed; wasm cannot train a conv net.
    expect(probe.training.best).toBe('cpu');
    expect(probe.training.results.map((r) => r.backend)).toEqual(['cpu', 'webgpu', 'webgl']);
    expect(probe.training.results[0].msPerStep).toBeGreaterThan(0);
    expect(probe.training.results.find((r) => r.backend === 'webgpu')!.note).toMatch(/skipped: no WebGPU/);
    expect(probe.training.results.find((r) => r.backend === 'webgl')!.note).toMatch(/failed to start/);
    const sampling = probe.sampling!;
    const timed = sampling.results.filter((r) => r.msPerStep !== null);
    expect(timed.map((r) => r.backend).sort()).toEqual(['cpu', 'wasm']);
    expect(timed[0].msPerStep).toBeLessThanOrEqual(timed[1].msPerStep!);
    expect(sampling.best).toBe(timed[0].backend);

    await session.handle({ type: 'sample', id: 2, sampler, n: 2, seed: 5, record: false });
    const after = await next('samples', (m) => m.id === 2);
    for (let i = 0; i < before.final.length; i++) expect(Math.abs(after.final[i] - before.final[i])).toBeLessThan(1e-3);
    await session.handle({ type: 'train', until: 3 });
    expect(await next('stopped', (m) => m.step === 3)).toMatchObject({ reason: 'target' });
  });
});
