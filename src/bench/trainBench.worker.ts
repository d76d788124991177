/**
 * Training speed per backend for the 2-D lab's default model and batch, in a Web Worker as the
 * lab trains: (1) a bare `optimizer.minimize` loop over the same loss, reading the loss every 10
 * steps; (2) the lab's own trainer worker session (TrainerSession, chunked, with its loss-by-t
 * bins, progress messages and divergence guard, evaluations off). Their ratio is the session's
 * overhead.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { sampleToyDataset } from '../data/toy2d';
import { makeSchedule } from '../diffusion/schedules';
import { createModel } from '../engine/models';
import { setTrainBackend, webGpuUnsuitable, type TrainBackend } from '../engine/trainBackend';
import type { FromWorker } from '../engine/worker/protocol';
import { TrainerSession } from '../engine/worker/session';
import { DEFAULT_TOY, TOY_DATA_SEED, toyModelSpec } from '../state/toyState';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasm,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

export interface TrainBenchRow {
  backend: TrainBackend;
  bareMsPerStep?: number;
  sessionMsPerStep?: number;
  note?: string;
}
export interface TrainBenchResult {
  rows: TrainBenchRow[];
  batch: number;
  spec: string;
  wasmSimd: boolean;
  wasmThreads: boolean;
}

const toy = DEFAULT_TOY;
const spec = toyModelSpec(toy);
const schedule = makeSchedule({ kind: toy.schedule, T: toy.T });
const data = sampleToyDataset(toy.dataset as 'swissroll', toy.points, TOY_DATA_SEED);
const READ_EVERY = 10;

/** ms per step of a plain minimize loop (Algorithm 1 written out), after a warm-up. */
async function bare(steps: number): Promise<number> {
  const model = createModel(spec, toy.T, toy.seed);
  const optimizer = tf.train.adam(toy.learningRate);
  const x = tf.tensor2d(data, [toy.points, 2]);
  const a = tf.tensor1d(Float32Array.from(schedule.sqrtAlphaBar));
  const b = tf.tensor1d(Float32Array.from(schedule.sqrtOneMinusAlphaBar));
  const variables = model.weights.map((w) => w.variable);
  const step = (s: number) =>
    optimizer.minimize(
      () => {
        const idx = tf.randomUniform([toy.batchSize], 0, toy.points, 'int32', 3 * s + 1);
        const t = tf.randomUniform([toy.batchSize], 1, toy.T + 1, 'int32', 3 * s + 2);
        const eps = tf.randomNormal([toy.batchSize, 2], 0, 1, 'float32', 3 * s + 3);
        const xt = tf.add(tf.mul(tf.expandDims(tf.gather(a, t), 1), tf.gather(x, idx)), tf.mul(tf.expandDims(tf.gather(b, t), 1), eps));
        return tf.mean(tf.square(tf.sub(eps, model.predict(xt, tf.cast(t, 'float32') as tf.Tensor1D)))) as tf.Scalar;
      },
      true,
      variables,
    )!;
  try {
    for (let i = 0; i < 5; i++) {
      const l = step(i);
      await l.data();
      l.dispose();
    }
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const l = step(100 + i);
      if ((i + 1) % READ_EVERY === 0 || i === steps - 1) await l.data();
      l.dispose();
    }
    return (performance.now() - start) / steps;
  } finally {
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, a, b]);
  }
}

/** ms per step of the lab's trainer session, from its first progress message to its stop. */
async function session(backend: TrainBackend, steps: number): Promise<number> {
  let first: { at: number; step: number } | null = null;
  let last = { at: 0, step: 0 };
  let resolveStop: () => void = () => {};
  const stopped = new Promise<void>((r) => (resolveStop = r));
  const s = new TrainerSession((m: FromWorker) => {
    if (m.type === 'progress') {
      first ??= { at: performance.now(), step: m.step };
      last = { at: performance.now(), step: m.step };
    }
    if (m.type === 'stopped') resolveStop();
  });
  await s.handle({
    type: 'init',
    model: spec,
    schedule: { kind: toy.schedule, T: toy.T },
    dataShape: [2],
    data,
    heldOut: data.subarray(0, 200),
    fresh: data.subarray(200, 400),
    training: { learningRate: toy.learningRate, batchSize: toy.batchSize, seed: toy.seed },
    scoring: 'pointClouds',
    backend,
    evaluation: { sampler: { kind: 'ddim', steps: 1, eta: 0 }, n: 2, seed: 1, everyMs: 1e12, trajectoryPoints: 0 },
  });
  await s.handle({ type: 'train', until: steps + 5 });
  await stopped;
  return (last.at - first!.at) / (last.step - first!.step);
}

self.onmessage = async (e: MessageEvent<{ backends: TrainBackend[]; steps: number }>) => {
  const rows: TrainBenchRow[] = [];
  for (const backend of e.data.backends) {
    if (backend === 'webgpu') {
      const why = await webGpuUnsuitable();
      if (why) {
        rows.push({ backend, note: `skipped: ${why}` });
        continue;
      }
    }
    const error = await setTrainBackend(backend);
    if (error) {
      rows.push({ backend, note: `failed to start: ${error}` });
      continue;
    }
    const steps = backend === 'wasm' ? e.data.steps : Math.max(30, Math.round(e.data.steps / 5));
    // Alternate the two, twice, and keep each one's best: the machine's noise hits both alike.
    const bareRuns = [await bare(steps)];
    const sessionRuns = [await session(backend, steps)];
    bareRuns.push(await bare(steps));
    sessionRuns.push(await session(backend, steps));
    rows.push({ backend, bareMsPerStep: Math.min(...bareRuns), sessionMsPerStep: Math.min(...sessionRuns) });
  }
  self.postMessage({
    rows,
    batch: toy.batchSize,
    spec: `MLP ${spec.width}×${spec.depth}, ${spec.octaves} octaves, T = ${toy.T}`,
    wasmSimd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    wasmThreads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  } satisfies TrainBenchResult);
};
