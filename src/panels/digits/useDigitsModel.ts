/**
 * The digits lab's model, as React sees it: one trainer worker (the 2-D lab's, with the U-Net)
 * started from the user's checkpoint, the shipped model or fresh weights; training progress; a
 * grid of 16 samples from a fixed x_T with the first one's whole reverse trajectory; and the
 * requests of the reverse viewer and inpainting. Training is checkpointed to IndexedDB per preset.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReverseVariance } from '../../diffusion/bound';
import type { SamplerSettings } from '../../diffusion/samplerPlans';
import type { BoundEstimate } from '../../engine/bound';
import { toModelRange } from '../../data/mnist';
import { parseModelFile, serializeModel } from '../../engine/modelFile';
import { UNET_PRESETS, type UnetPreset } from '../../engine/models/unetSpec';
import type { WeightArray } from '../../engine/models/weights';
import type { Inpainting } from '../../engine/samplers/run';
import type { TrainBackend, TrainingFault } from '../../engine/trainBackend';
import type { EvaluationSettings, FromWorker } from '../../engine/worker/protocol';
import { DIGITS_SCHEDULE, type DigitsState } from '../../state/digitsState';
import { kept } from '../../state/storage';
import { TrainerClient } from '../../state/trainerClient';
import { cachedProbe, probeKey, useBackendProbe } from '../../state/useBackendProbe';
import { afterProgress, forcedBackend, type LossByT } from '../../state/trainingProgress';
import { useLiveModel, useTrainingActions } from '../../state/useLiveModel';
import { testHook, testMode } from '../../testMode';
import { fetchClassifier } from './classifier';
import { fetchPretrained, hasPretrained } from './pretrained';
import type { DigitsData } from './useDigitsData';

export type DigitsSource = 'pretrained' | 'checkpoint' | 'fresh' | 'file';

export const GRID_SIZE = 16;
export const DIGIT_SHAPE = [28, 28, 1];
/** While training, the grid is refreshed with this cheap sampler. */
const TRAINING_SAMPLER: SamplerSettings = { kind: 'ddim', steps: 10, eta: 0 };
const CHECKPOINT_EVERY_MS = 30_000;
/** The backend probe starts this long after the model is ready, so the first grid comes first. */
const PROBE_DELAY_MS = 3000;
/** Where the U-Net samples unless a probe found faster: wasm runs its forward pass ~15× faster than WebGL without a GPU. */
const DEFAULT_SAMPLE_ON: TrainBackend = 'wasm';
const FLUSH_MS = 500;

export interface Trajectory {
  /** The timesteps of the frames, T … 0. */
  t: number[];
  /** x_t at each t (steps + 1 frames of 784 values). */
  frames: Float32Array;
  /** x̂_0 predicted at each t but 0 (steps frames). */
  x0Hat: Float32Array;
  sampler: SamplerSettings;
}

export interface DigitsModel {
  status: 'starting' | 'ready' | 'training' | 'failed';
  error: string | null;
  message: string | null;
  backend: TrainBackend | null;
  /** Where the model samples (the grid, the reverse viewer, inpainting, the bound and the scores). */
  sampleOn: TrainBackend | null;
  /**
   * Why training last stopped when a step failed (out of memory, a lost device), until a step
   * trains again or the user acts on it.
   */
  fault: { kind: TrainingFault; backend: TrainBackend; step: number; message: string } | null;
  source: DigitsSource;
  step: number;
  trainingSeconds: number;
  stepsPerSecond: number | null;
  /** Pieces the last steps ran in (see BackendDetails). */
  pieces: number;
  target: number | null;
  /** The step training to the target started from, for the progress bar. */
  targetFrom: number;
  lossByT: LossByT | null;
  loss: { step: number; loss: number }[];
  /** 16 samples from the fixed x_T, and the step of the model that made them. */
  grid: Float32Array | null;
  gridStep: number;
  /** The first sample's reverse trajectory (with the user's sampler when not training). */
  trajectory: Trajectory | null;
  sampling: boolean;
  /** The step of this model's checkpoint in this browser (null: none yet). */
  savedStep: number | null;
}

interface Checkpoint {
  weights: WeightArray[];
  step: number;
  trainingSeconds: number;
  loss: { step: number; loss: number }[];
  source: DigitsSource;
}

const checkpointKey = (preset: UnetPreset) => `digits:${preset}`;
const backendCacheKey = (d: DigitsState) => probeKey(['digits', UNET_PRESETS[d.preset], d.batchSize]);

const initial: DigitsModel = {
  status: 'starting',
  error: null,
  message: null,
  backend: null,
  sampleOn: null,
  fault: null,
  source: 'fresh',
  step: 0,
  trainingSeconds: 0,
  stepsPerSecond: null,
  pieces: 1,
  target: null,
  targetFrom: 0,
  lossByT: null,
  loss: [],
  grid: null,
  gridStep: 0,
  trajectory: null,
  sampling: false,
  savedStep: null,
};

function evaluationSettings(seed: number): EvaluationSettings {
  return { sampler: TRAINING_SAMPLER, n: GRID_SIZE, seed, everyMs: testMode ? 0 : 8000, trajectoryPoints: 1 };
}

export function useDigitsModel(digits: DigitsState, data: DigitsData | null) {
  const { model, live, update, flush } = useLiveModel(initial, FLUSH_MS);
  const client = useRef<TrainerClient | null>(null);
  const digitsRef = useRef(digits);
  digitsRef.current = digits;
  const [forced] = useState(forcedBackend);
  const lastCheckpoint = useRef(0);
  const refreshing = useRef<'idle' | 'busy' | 'again'>('idle');
  /** A backend the user picked after a failure: it beats the probe and ?trainBackend=. */
  const chosen = useRef<TrainBackend | null>(null);
  /** Where a finished probe found training and sampling fastest, for the worker to move to when idle. */
  const moveTo = useRef<{ training: TrainBackend; sampling: TrainBackend } | null>(null);
  /** Whether the probe's winners differ from where the model runs (a backend the user chose after a failure stays). */
  const probeWantsMove = () => {
    const to = moveTo.current;
    const cur = live.current;
    return to !== null && chosen.current === null && (to.training !== cur.backend || to.sampling !== cur.sampleOn);
  };
  /** The workers that have the classifier already. */
  const classifierSent = useRef(new WeakSet<TrainerClient>());

  useEffect(() => {
    if (!testMode) return;
    testHook().digitsModel = () => live.current;
    testHook().simulateFault = (fault) => client.current?.send({ type: 'simulateFault', fault });
  }, []);

  const saveCheckpoint = useCallback(
    async (c: TrainerClient | null = client.current, preset = digitsRef.current.preset) => {
      const cur = live.current;
      // After a lost device the worker's weights are gone: the checkpoint already saved is the model.
      if (!c || cur.status === 'failed' || cur.status === 'starting' || cur.fault?.kind === 'device') return;
      lastCheckpoint.current = performance.now();
      try {
        const { weights, step, trainingSeconds } = await c.request({ type: 'weights' });
        const checkpoint: Checkpoint = { weights, step, trainingSeconds, loss: cur.loss, source: cur.source };
        await kept.put(checkpointKey(preset), checkpoint);
        if (client.current === c && preset === digitsRef.current.preset) {
          update({ savedStep: step });
          flush();
        }
      } catch (e) {
        if (client.current === c) update({ message: `Could not save a checkpoint in this browser (${(e as Error).message}); your model is still here.` });
      }
    },
    [update, flush],
  );

  /** Samples the grid and the first digit's trajectory with the user's sampler. */
  const refresh = useCallback(async () => {
    const c = client.current;
    if (!c || live.current.status !== 'ready') return;
    if (refreshing.current !== 'idle') {
      refreshing.current = 'again';
      return;
    }
    refreshing.current = 'busy';
    update({ sampling: true });
    flush();
    try {
      const { sampler, seed } = digitsRef.current;
      const reply = await c.request({ type: 'sample', sampler, n: GRID_SIZE, seed, record: true, recordFirst: 1 });
      if (client.current !== c) return;
      update({ grid: reply.final, gridStep: live.current.step, trajectory: { t: reply.t, frames: reply.frames!, x0Hat: reply.x0Hat!, sampler } });
    } catch (e) {
      if (client.current === c) update({ message: `Sampling failed: ${(e as Error).message}` });
    } finally {
      const again = (refreshing.current as string) === 'again';
      refreshing.current = 'idle';
      if (client.current === c) {
        update({ sampling: false });
        flush();
        if (again) void refresh();
      }
    }
  }, [update, flush]);

  const onMessage = useCallback(
    (c: TrainerClient, m: FromWorker) => {
      if (client.current !== c) return;
      switch (m.type) {
        case 'ready':
          update({ status: 'ready', backend: m.backend, step: m.step, ...(m.notice ? { message: m.notice } : {}) });
          flush();
          void refresh();
          return;
        case 'progress':
          // A step trained: whatever failed before is over.
          update((cur) => ({ ...afterProgress(cur, cur.loss, m), fault: null }));
          return;
        case 'evaluation':
          update({
            grid: m.samples,
            gridStep: m.step,
            ...(m.trajectory ? { trajectory: { ...m.trajectory, sampler: TRAINING_SAMPLER } } : {}),
          });
          if (performance.now() - lastCheckpoint.current > CHECKPOINT_EVERY_MS) void saveCheckpoint(c);
          return;
        case 'stopped':
          if (m.reason === 'failed') {
            // A step failed (out of memory, a lost device): the lab offers a way on (see recover).
            const backend = live.current.backend!;
            const message = m.message ?? `Training stopped: a step failed on ${backend}.`;
            update({ status: 'ready', step: m.step, target: null, fault: { kind: m.fault ?? 'other', backend, step: m.step, message } });
            flush();
            return;
          }
          update({ status: 'ready', step: m.step, target: null, ...(m.message ? { message: m.message } : {}) });
          flush();
          // The checkpoint first: its weights are read at once, before the grid's sampling queues up.
          void saveCheckpoint(c);
          void refresh();
          if (probeWantsMove()) void respawnRef.current();
          return;
        case 'error':
          update(m.fatal ? { status: 'failed', error: m.message } : { message: m.message });
          flush();
          return;
      }
    },
    [update, flush, refresh, saveCheckpoint],
  );

  const spawn = useCallback(
    (start: { weights: WeightArray[]; step: number; trainingSeconds: number } | null, keep: Partial<DigitsModel>) => {
      if (!data) return;
      const d = digitsRef.current;
      client.current?.terminate();
      const c = new TrainerClient((m) => onMessage(c, m));
      client.current = c;
      refreshing.current = 'idle';
      const cached = forced.backend ? null : cachedProbe(backendCacheKey(d));
      const backend = chosen.current ?? forced.backend ?? moveTo.current?.training ?? cached?.training.best ?? 'auto';
      const sampleOn = (forced.backend ? null : (moveTo.current?.sampling ?? cached?.sampling?.best)) ?? DEFAULT_SAMPLE_ON;
      live.current = { ...initial, step: start?.step ?? 0, trainingSeconds: start?.trainingSeconds ?? 0, ...keep, sampleOn, status: 'starting' };
      flush();
      // All 999 held-out digits: the quality scores' reference (held-out digits are grouped by class, so a prefix is not a sample).
      const heldOut = toModelRange(data.mnist.heldOut);
      c.send({
        type: 'init',
        model: UNET_PRESETS[d.preset],
        schedule: DIGITS_SCHEDULE,
        dataShape: DIGIT_SHAPE,
        data: data.train.slice(),
        heldOut,
        fresh: heldOut.subarray(0, 784),
        training: { learningRate: d.learningRate, batchSize: d.batchSize, seed: d.seed },
        scoring: 'none',
        backend,
        sampleOn,
        ...(start ? { start } : {}),
        evaluation: evaluationSettings(d.seed),
      });
    },
    [data, onMessage, flush, forced.backend],
  );

  /** Where a model for this preset starts: the user's checkpoint, the shipped model, or fresh weights. */
  const startFor = useCallback(async (preset: UnetPreset, useCheckpoint = true) => {
    if (useCheckpoint) {
      try {
        const saved = await kept.get<Checkpoint>(checkpointKey(preset));
        if (saved) return { start: saved, keep: { source: saved.source === 'fresh' ? ('checkpoint' as const) : saved.source, loss: saved.loss, savedStep: saved.step } };
      } catch {
        // No IndexedDB: no checkpoints, but the lab works.
      }
    }
    if (hasPretrained(preset)) {
      const snapshot = await fetchPretrained(preset);
      return { start: { weights: snapshot.weights, step: snapshot.training.steps, trainingSeconds: snapshot.training.seconds ?? 0 }, keep: { source: 'pretrained' as const } };
    }
    return { start: null, keep: { source: 'fresh' as const } };
  }, []);

  // A model per preset: switching saves the old one under its key and starts the new one.
  const presetRef = useRef<UnetPreset | null>(null);
  useEffect(() => {
    if (!data) return;
    const previous = presetRef.current;
    presetRef.current = digits.preset;
    const c = client.current;
    if (c && previous && live.current.status !== 'failed' && live.current.status !== 'starting') void saveCheckpoint(c, previous).finally(() => c.terminate());
    else c?.terminate();
    client.current = null;
    let cancelled = false;
    startFor(digits.preset)
      .then(({ start, keep }) => !cancelled && spawn(start, keep))
      .catch((e: unknown) => !cancelled && spawn(null, { source: 'fresh', message: `The pretrained model did not load (${(e as Error).message}); starting untrained.` }));
    return () => {
      cancelled = true;
    };
  }, [data, digits.preset, spawn, startFor, saveCheckpoint]);

  useEffect(() => () => client.current?.terminate(), []);

  /**
   * The same model in a new worker (a new batch size, another backend): its weights carry over.
   * When they cannot be read (a lost device) it starts from the checkpoint kept in this browser.
   */
  const respawn = useCallback(async () => {
    const c = client.current;
    if (!c) return;
    const { source, loss, grid, gridStep, trajectory, savedStep } = live.current;
    try {
      if (live.current.fault?.kind === 'device') throw new Error('the device was lost');
      const { weights, step, trainingSeconds } = await c.request({ type: 'weights' });
      if (client.current === c) spawn({ weights, step, trainingSeconds }, { source, loss, grid, gridStep, trajectory, savedStep });
    } catch {
      if (client.current !== c) return;
      const { start, keep } = await startFor(digitsRef.current.preset);
      if (client.current === c) spawn(start, { ...keep, grid, gridStep, trajectory });
    }
  }, [spawn, startFor]);
  const respawnRef = useRef(respawn);
  respawnRef.current = respawn;

  // A new batch size: the same weights in a new worker (the trainer's batch is fixed per worker).
  const batchRef = useRef(digits.batchSize);
  useEffect(() => {
    if (batchRef.current === digits.batchSize) return;
    batchRef.current = digits.batchSize;
    if (live.current.status === 'ready') void respawn();
  }, [digits.batchSize, respawn]);

  // Measure the backends once per device, preset and batch size (cached) while the lab is idle;
  // the model moves to the winners when it is not training.
  const { probe, probing } = useBackendProbe(backendCacheKey(digits), {
    idle: model.status === 'ready' && !forced.backend && model.fault === null,
    delayMs: PROBE_DELAY_MS,
    samplingBatch: GRID_SIZE,
    init: () => {
      if (!data) return null;
      const d = digitsRef.current;
      const few = toModelRange(data.mnist.heldOut, 0, 1);
      return {
        type: 'init',
        model: UNET_PRESETS[d.preset],
        schedule: DIGITS_SCHEDULE,
        dataShape: DIGIT_SHAPE,
        data: data.train.slice(0, 64 * 784),
        heldOut: few,
        fresh: few,
        training: { learningRate: d.learningRate, batchSize: d.batchSize, seed: d.seed },
        scoring: 'none',
        backend: 'auto',
        evaluation: { ...evaluationSettings(d.seed), trajectoryPoints: 0 },
      };
    },
    onVerdict: ({ training, sampling }) => {
      moveTo.current = { training: training.best, sampling: sampling?.best ?? DEFAULT_SAMPLE_ON };
      if (live.current.status === 'ready' && probeWantsMove()) void respawn();
    },
  });

  /**
   * After a failed step: go on with another backend (the weights carry over, or come from the
   * checkpoint when the device was lost). A smaller preset is picked through the state instead.
   */
  const trainOn = useCallback(
    async (backend: TrainBackend) => {
      chosen.current = backend;
      await respawn();
    },
    [respawn],
  );

  useEffect(() => {
    client.current?.send({ type: 'setLearningRate', learningRate: digits.learningRate });
  }, [digits.learningRate]);

  // A new sampler or seed: a new grid and trajectory (and the evaluations follow the seed).
  const samplerKey = JSON.stringify([digits.sampler, digits.seed]);
  useEffect(() => {
    client.current?.send({ type: 'setEvaluation', evaluation: evaluationSettings(digitsRef.current.seed) });
    void refresh();
  }, [samplerKey, refresh]);

  // After a lost device the worker cannot train: the lab offers a restart (see trainOn).
  const { train, pause, step, giveWay } = useTrainingActions(client, live, update, flush, (m) => m.fault?.kind !== 'device');

  /** A fresh, untrained model of the current preset (its checkpoint is deleted). */
  const reset = useCallback(async () => {
    await kept.delete(checkpointKey(digitsRef.current.preset)).catch(() => undefined);
    spawn(null, { source: 'fresh' });
  }, [spawn]);

  /** Back to the shipped model (the checkpoint is deleted). */
  const loadPretrained = useCallback(async () => {
    const preset = digitsRef.current.preset;
    await kept.delete(checkpointKey(preset)).catch(() => undefined);
    const { start, keep } = await startFor(preset, false);
    spawn(start, keep);
  }, [spawn, startFor]);

  /** Decodes the grid's first x_T with other samplers (e.g. DDIM at 10, 50 and 1000 steps). */
  const decode = useCallback(async (samplers: SamplerSettings[]): Promise<Float32Array[]> => {
    const c = client.current;
    if (!c) throw new Error('the model is not ready');
    const seed = digitsRef.current.seed;
    const out: Float32Array[] = [];
    for (const sampler of samplers) out.push((await c.request({ type: 'sample', sampler, n: 1, seed, record: false })).final);
    return out;
  }, []);

  /** Samples n digits with the user's sampler and scores them (see DigitScores), with the floor and ceiling. */
  const score = useCallback(async (n: number) => {
    const c = client.current;
    if (!c) throw new Error('the model is not ready');
    const file = await fetchClassifier();
    const { sampler, seed } = digitsRef.current;
    const reply = await c.request({ type: 'score', sampler, n, seed: seed + 1000, ...(classifierSent.current.has(c) ? {} : { classifier: file }) });
    classifierSent.current.add(c);
    return { ...reply, step: live.current.step, sampler, accuracy: file.heldOutAccuracy };
  }, []);

  /** The bound on −log p_θ(x_0) for one image, Monte Carlo over `draws` copies of it, with DDPM's discrete decoder. */
  const bound = useCallback(
    async (image: Float32Array, variance: ReverseVariance, draws: number, onProgress: (done: number, total: number) => void): Promise<BoundEstimate> => {
      const c = client.current;
      if (!c) throw new Error('the model is not ready');
      const data = new Float32Array(draws * image.length);
      for (let i = 0; i < draws; i++) data.set(image, i * image.length);
      return (await c.request({ type: 'bound', variance, timesteps: 40, seed: 1, data, decoder: 'discrete' }, onProgress, [data.buffer])).estimate;
    },
    [],
  );

  const inpaint = useCallback(async (inpainting: Inpainting, n: number, seed: number): Promise<Float32Array> => {
    const c = client.current;
    if (!c) throw new Error('the model is not ready');
    return (await c.request({ type: 'sample', sampler: digitsRef.current.sampler, n, seed, record: false, inpainting })).final;
  }, []);

  const save = useCallback(async (): Promise<Blob> => {
    const c = client.current;
    if (!c) throw new Error('the model is not ready');
    const d = digitsRef.current;
    const { weights, step, trainingSeconds } = await c.request({ type: 'weights' });
    const text = serializeModel({
      model: UNET_PRESETS[d.preset],
      schedule: DIGITS_SCHEDULE,
      dataShape: DIGIT_SHAPE,
      training: { steps: step, dataset: 'mnist', learningRate: d.learningRate, batchSize: d.batchSize, seed: d.seed, seconds: +trainingSeconds.toFixed(1), backend: live.current.backend ?? undefined },
      weights,
    });
    return new Blob([text], { type: 'application/json' });
  }, []);

  /**
   * Loads a model file of the current preset's architecture (the preset to pick is returned when
   * it is another's). Throws with a message for the user on a bad file; nothing changes then.
   */
  const load = useCallback(
    async (text: string): Promise<UnetPreset | null> => {
      const snapshot = parseModelFile(text);
      if (snapshot.model.kind !== 'unet' || snapshot.dataShape.join('×') !== DIGIT_SHAPE.join('×'))
        throw new Error('This model file is not a digits lab model (it needs a U-Net for 28×28 images).');
      if (snapshot.schedule.kind !== DIGITS_SCHEDULE.kind || snapshot.schedule.T !== DIGITS_SCHEDULE.T)
        throw new Error(`This model was trained for the ${snapshot.schedule.kind} schedule with T = ${snapshot.schedule.T}; the digits lab uses linear, T = 1000.`);
      const spec = snapshot.model;
      const preset = (Object.keys(UNET_PRESETS) as UnetPreset[]).find((p) => JSON.stringify(UNET_PRESETS[p]) === JSON.stringify(spec));
      if (!preset) throw new Error(`This U-Net (${spec.channels} channels, ${spec.groups} groups) is none of the lab's sizes.`);
      const start = { weights: snapshot.weights, step: snapshot.training.steps, trainingSeconds: snapshot.training.seconds ?? 0 };
      if (preset !== digitsRef.current.preset) {
        // Keep it for the preset it belongs to; the caller switches there and it starts from it.
        await kept.put(checkpointKey(preset), { ...start, loss: [], source: 'file' } satisfies Checkpoint);
        return preset;
      }
      spawn(start, { source: 'file' });
      return null;
    },
    [spawn],
  );

  const dismissMessage = useCallback(() => {
    update({ message: null });
    flush();
  }, [update, flush]);

  /** Hides a fault's message (not after a lost device, which needs a restart). */
  const dismissFault = useCallback(() => {
    if (live.current.fault?.kind === 'device') return;
    update({ fault: null });
    flush();
  }, [live, update, flush]);

  return { model, probe: forced.backend ? null : probe, probing, forced: forced.backend !== null, trainOn, train, pause, step, giveWay, reset, loadPretrained, refresh, decode, score, bound, inpaint, save, load, dismissMessage, dismissFault, notice: forced.notice };
}
