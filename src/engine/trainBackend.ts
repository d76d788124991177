/**
 * The tfjs backend that trains a model. Which is fastest depends on the model and the device:
 * for the 2-D lab's small MLP on a laptop CPU, wasm (SIMD) beats everything; for a U-Net on a
 * real GPU, webgpu or webgl win. So the trainer measures: a short timed run on each candidate,
 * whose result the page caches per device and model (see `probeBackends`).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';

export const TRAIN_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type TrainBackend = (typeof TRAIN_BACKENDS)[number];

export function isTrainBackend(x: string): x is TrainBackend {
  return (TRAIN_BACKENDS as readonly string[]).includes(x);
}

/**
 * The backends that can train a model of this kind, the default first. wasm cannot train
 * convolutions (it has no Conv2DBackpropFilter kernel, and tfjs never falls back per kernel), so
 * the U-Net trains on webgl by default (webgpu only after a probe, as it is the slowest backend
 * on a software adapter); the MLP starts on wasm, which measured fastest for it on CPUs.
 */
export function trainBackendsFor(kind: 'mlp2d' | 'unet'): readonly TrainBackend[] {
  return kind === 'unet' ? ['webgl', 'webgpu', 'cpu'] : ['wasm', 'webgl', 'cpu', 'webgpu'];
}

/** Switches tfjs to `name`; null on success, else why it failed. */
export async function setTrainBackend(name: TrainBackend): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return `tfjs could not initialise ${name}`;
    await tf.ready();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Why WebGPU should not be probed here (none, or a software adapter, which is the slowest of all), or null. */
export async function webGpuUnsuitable(): Promise<string | null> {
  const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
  if (!gpu) return 'no WebGPU in this browser';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'no WebGPU adapter';
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const fallback = info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
    return fallback ? 'a software adapter (always the slowest)' : null;
  } catch (e) {
    return `requestAdapter failed: ${String(e)}`;
  }
}

export interface ProbeResult {
  backend: TrainBackend;
  /** Milliseconds per training step, or null when the backend was skipped or failed. */
  msPerStep: number | null;
  /** Why it was skipped or failed. */
  note?: string;
}

/**
 * Times `measure` (which runs training steps on the current backend and returns ms per step) on
 * each candidate backend, and leaves tfjs on the fastest. Returns every result, fastest first.
 */
export async function probeBackends(
  candidates: readonly TrainBackend[],
  measure: () => Promise<number>,
): Promise<{ best: TrainBackend; results: ProbeResult[] }> {
  const results: ProbeResult[] = [];
  for (const backend of candidates) {
    if (backend === 'webgpu') {
      const why = await webGpuUnsuitable();
      if (why) {
        results.push({ backend, msPerStep: null, note: `skipped: ${why}` });
        continue;
      }
    }
    const error = await setTrainBackend(backend);
    if (error) {
      results.push({ backend, msPerStep: null, note: `failed to start: ${error}` });
      continue;
    }
    try {
      results.push({ backend, msPerStep: await measure() });
    } catch (e) {
      results.push({ backend, msPerStep: null, note: `failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const timed = results.filter((r) => r.msPerStep !== null).sort((a, b) => a.msPerStep! - b.msPerStep!);
  if (timed.length === 0) throw new Error(`no backend could train: ${results.map((r) => `${r.backend} ${r.note}`).join('; ')}`);
  const best = timed[0].backend;
  const error = await setTrainBackend(best);
  if (error) throw new Error(`${best} was fastest but failed to restart: ${error}`);
  return { best, results: [...timed, ...results.filter((r) => r.msPerStep === null)] };
}
