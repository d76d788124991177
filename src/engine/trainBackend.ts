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

/**
 * The backends that can run a model of this kind's forward pass for sampling, the default first.
 * The digits lab samples apart from training: wasm runs a U-Net's forward pass ~15× faster than
 * WebGL on a software GPU, though it cannot train it. The 2-D lab samples where it trains.
 */
export function sampleBackendsFor(kind: 'mlp2d' | 'unet'): readonly TrainBackend[] {
  return kind === 'unet' ? ['wasm', 'webgl', 'webgpu', 'cpu'] : trainBackendsFor(kind);
}

/** The order a probe tries candidates in: the likely fastest first, so that a hopeless one can be dropped early. */
export function probeOrder(candidates: readonly TrainBackend[]): TrainBackend[] {
  return TRAIN_BACKENDS.filter((b) => candidates.includes(b));
}

export interface ProbeResult {
  backend: TrainBackend;
  /** Milliseconds per step (a training step, or one forward pass of the batch when probing sampling), or null when skipped or failed. */
  msPerStep: number | null;
  /** Why it was skipped or failed. */
  note?: string;
}

export interface ProbeVerdict {
  best: TrainBackend;
  /** Every result, fastest first. */
  results: ProbeResult[];
}

/** A warm-up (which compiles shaders) is never held against a backend below this. */
export const PROBE_PATIENCE_MS = 10_000;
/** A backend whose warm-up step took this many times the fastest step so far cannot win. */
export const PROBE_SLOWER = 2;

/**
 * Whether a backend whose warm-up step took `warmupMs` is not worth timing, when the fastest so
 * far takes `fastestMs` a step: on a software GPU a U-Net's step takes tens of seconds on the
 * slower backends, and timing them all would keep a probe busy for minutes.
 */
export function hopeless(warmupMs: number, fastestMs: number | null): boolean {
  return fastestMs !== null && warmupMs > Math.max(PROBE_PATIENCE_MS, PROBE_SLOWER * fastestMs);
}

/** Thrown by a probe's measurement when the warm-up shows the backend cannot win (see `hopeless`). */
export class HopelessBackend extends Error {
  constructor(readonly warmupMs: number) {
    super(`its first step took ${(warmupMs / 1000).toFixed(1)} s, too slow to win`);
  }
}

/**
 * Times `measure` (which runs steps on the current backend and returns ms per step; it is given
 * the fastest time so far, and may throw HopelessBackend) on each candidate in order, and leaves
 * tfjs on the fastest.
 */
export async function probeBackends(
  candidates: readonly TrainBackend[],
  measure: (fastestMs: number | null) => Promise<number>,
): Promise<ProbeVerdict> {
  const results: ProbeResult[] = [];
  let fastest: number | null = null;
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
      const ms = await measure(fastest);
      results.push({ backend, msPerStep: ms });
      fastest = fastest === null ? ms : Math.min(fastest, ms);
    } catch (e) {
      const skipped = e instanceof HopelessBackend;
      results.push({ backend, msPerStep: null, note: `${skipped ? 'not timed' : 'failed'}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const timed = results.filter((r) => r.msPerStep !== null).sort((a, b) => a.msPerStep! - b.msPerStep!);
  if (timed.length === 0) throw new Error(`no backend could run: ${results.map((r) => `${r.backend} ${r.note}`).join('; ')}`);
  const best = timed[0].backend;
  const error = await setTrainBackend(best);
  if (error) throw new Error(`${best} was fastest but failed to restart: ${error}`);
  return { best, results: [...timed, ...results.filter((r) => r.msPerStep === null)] };
}

/** What went wrong when a training step failed: the device ran out of memory, the GPU device was lost, or something else. */
export type TrainingFault = 'memory' | 'device' | 'other';

/** Classifies a failed step's error message (tfjs, WebGL, WebGPU and wasm word these differently). */
export function classifyFault(message: string): TrainingFault {
  if (/device (was )?(lost|destroyed)|context (was )?lost|lost context|instance dropped|CONTEXT_LOST/i.test(message)) return 'device';
  if (/out of memory|OOM\b|allocat|memory (size|limit)|maximum memory|texture size|Memory\.grow/i.test(message)) return 'memory';
  return 'other';
}
