/**
 * The digits lab's speed per backend and U-Net preset, in a Web Worker as the lab runs it:
 * training ms/step for a bare `optimizer.minimize` loop and for the lab's trainer session (their
 * ratio is the session's overhead), and ms per sampler step for 16 digits (a sampler step is one
 * forward pass of the batch, so DDIM-50 and DDPM-1000 take 50× and 1000× that).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { makePlan } from '../diffusion/samplerPlans';
import { makeSchedule } from '../diffusion/schedules';
import { createModel } from '../engine/models';
import { UNET_PRESETS, unetParameters, type UnetPreset } from '../engine/models/unetSpec';
import { sample } from '../engine/samplers/run';
import { setTrainBackend, trainBackendsFor, webGpuUnsuitable, type TrainBackend } from '../engine/trainBackend';
import type { FromWorker } from '../engine/worker/protocol';
import { TrainerSession } from '../engine/worker/session';
import { DIGITS_SCHEDULE } from '../state/digitsState';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasm,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

export interface DigitsBenchRow {
  backend: TrainBackend;
  preset: UnetPreset;
  parameters: number;
  bareMsPerStep?: number;
  sessionMsPerStep?: number;
  /** ms per sampler step for 16 digits. */
  sampleMsPerStep?: number;
  note?: string;
}

const schedule = makeSchedule(DIGITS_SCHEDULE);
const SIZE = 28 * 28;
/** Random "images" are as costly as digits, and the worker need not fetch the data. */
const data = Float32Array.from({ length: 256 * SIZE }, (_, i) => Math.sin(i * 12.9898) * 0.9);

async function bare(preset: UnetPreset, batch: number, steps: number): Promise<number> {
  const model = createModel(UNET_PRESETS[preset], schedule.T, 1);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.tensor4d(data, [256, 28, 28, 1]);
  const a = tf.tensor1d(Float32Array.from(schedule.sqrtAlphaBar));
  const b = tf.tensor1d(Float32Array.from(schedule.sqrtOneMinusAlphaBar));
  const variables = model.weights.map((w) => w.variable);
  const step = (s: number) =>
    optimizer.minimize(
      () => {
        const idx = tf.randomUniform([batch], 0, 256, 'int32', 3 * s + 1);
        const t = tf.randomUniform([batch], 1, schedule.T + 1, 'int32', 3 * s + 2);
        const eps = tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', 3 * s + 3);
        const shape = [batch, 1, 1, 1];
        const xt = tf.add(tf.mul(tf.reshape(tf.gather(a, t), shape), tf.gather(x, idx)), tf.mul(tf.reshape(tf.gather(b, t), shape), eps));
        return tf.mean(tf.square(tf.sub(eps, model.predict(xt, tf.cast(t, 'float32') as tf.Tensor1D)))) as tf.Scalar;
      },
      true,
      variables,
    )!;
  try {
    const warm = step(0);
    await warm.data();
    warm.dispose();
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const l = step(100 + i);
      if (i === steps - 1) await l.data();
      l.dispose();
    }
    return (performance.now() - start) / steps;
  } finally {
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, a, b]);
  }
}

async function session(backend: TrainBackend, preset: UnetPreset, batch: number, steps: number): Promise<number> {
  let last = { at: 0, step: 0 };
  let stop: () => void = () => {};
  const s = new TrainerSession((m: FromWorker) => {
    if (m.type === 'progress') last = { at: performance.now(), step: m.step };
    if (m.type === 'stopped' || (m.type === 'progress' && m.step === 1)) stop();
  });
  const until = () => new Promise<void>((r) => (stop = r));
  await s.handle({
    type: 'init',
    model: UNET_PRESETS[preset],
    schedule: DIGITS_SCHEDULE,
    dataShape: [28, 28, 1],
    data,
    heldOut: data.subarray(0, 4 * SIZE),
    fresh: data.subarray(0, 4 * SIZE),
    training: { learningRate: 1e-3, batchSize: batch, seed: 1 },
    scoring: 'none',
    backend,
    evaluation: { sampler: { kind: 'ddim', steps: 1, eta: 0 }, n: 1, seed: 1, everyMs: 1e12, trajectoryPoints: 0 },
  });
  // A single warm-up step, then `steps` more timed from its progress message to the last one.
  let warmed = until();
  await s.handle({ type: 'step' });
  await warmed;
  const start = last;
  warmed = until();
  await s.handle({ type: 'train', until: 1 + steps });
  await warmed;
  return (last.at - start.at) / (last.step - start.step);
}

async function sampling(preset: UnetPreset): Promise<number> {
  const model = createModel(UNET_PRESETS[preset], schedule.T, 1);
  try {
    const plan = makePlan(schedule, { kind: 'ddim', steps: 6, eta: 0 });
    await sample(model.predict, makePlan(schedule, { kind: 'ddim', steps: 1, eta: 0 }), { n: 16, seed: 1, dataShape: [28, 28, 1] });
    const start = performance.now();
    await sample(model.predict, plan, { n: 16, seed: 2, dataShape: [28, 28, 1] });
    return (performance.now() - start) / plan.steps;
  } finally {
    model.dispose();
  }
}

self.onmessage = async (e: MessageEvent<{ backends: TrainBackend[]; presets: UnetPreset[]; batch: number; steps: number }>) => {
  const rows: DigitsBenchRow[] = [];
  const { batch, steps } = e.data;
  for (const backend of e.data.backends) {
    for (const preset of e.data.presets) {
      const row: DigitsBenchRow = { backend, preset, parameters: unetParameters(UNET_PRESETS[preset]) };
      rows.push(row);
      if (backend === 'webgpu') {
        const why = await webGpuUnsuitable();
        if (why) {
          row.note = `skipped: ${why}`;
          continue;
        }
      }
      const error = await setTrainBackend(backend);
      if (error) {
        row.note = `failed to start: ${error}`;
        continue;
      }
      row.sampleMsPerStep = await sampling(preset);
      if (!trainBackendsFor('unet').includes(backend)) {
        row.note = 'cannot train convolutions (sampling only)';
        continue;
      }
      row.bareMsPerStep = await bare(preset, batch, steps);
      row.sessionMsPerStep = await session(backend, preset, batch, steps);
    }
  }
  (self as unknown as Worker).postMessage({ rows, batch });
};
