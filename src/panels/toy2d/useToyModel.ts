/**
 * The 2-D lab's model, as React sees it: one trainer worker per model, started from the user's
 * checkpoint, a pretrained preset, a file or fresh weights; its progress, scores and samples as
 * state; and the actions of the training controls. What the user trains is checkpointed to
 * IndexedDB (per data set and architecture), so a reload or a trip to another data set loses
 * nothing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReverseVariance } from '../../diffusion/bound';
import type { SamplerSettings } from '../../diffusion/samplerPlans';
import type { BoundEstimate } from '../../engine/bound';
import { nearestNeighbourRatio, type QualityScores } from '../../engine/metrics/pointClouds';
import { parseModelFile, serializeModel, type ModelSnapshot } from '../../engine/modelFile';
import type { WeightArray } from '../../engine/models/weights';
import type { Constraint } from '../../engine/samplers/run';
import type { TrainBackend } from '../../engine/trainBackend';
import { afterProgress, forcedBackend, thin, type LossByT } from '../../state/trainingProgress';
import { useLiveModel, useTrainingActions } from '../../state/useLiveModel';
import type { EvaluationSettings, FromWorker } from '../../engine/worker/protocol';
import { kept } from '../../state/storage';
import { TrainerClient } from '../../state/trainerClient';
import { cachedProbe, probeKey, useBackendProbe } from '../../state/useBackendProbe';
import { toyModelSpec, type ToyState } from '../../state/toyState';
import { testHook, testMode } from '../../testMode';
import { fetchPreset, hasPreset } from './presets';
import type { ToyData } from './useToyData';

export type ModelSource = 'preset' | 'checkpoint' | 'fresh' | 'file';

export interface QualityPoint extends QualityScores {
  seconds: number;
  step: number;
  /** Both nearest-neighbour distances as a multiple of the floor's (1 = as good as fresh data). */
  nnRatio: number;
}

export interface History {
  loss: { step: number; loss: number }[];
  quality: QualityPoint[];
}

export interface Trajectory {
  /** The timesteps of the frames: T … 0. */
  t: number[];
  n: number;
  frames: Float32Array;
  x0Hat: Float32Array;
}

export interface ToyModel {
  status: 'starting' | 'ready' | 'training' | 'failed';
  /** Why the model could not start (status 'failed'). */
  error: string | null;
  /** Something to tell the user (a divergence, a file that did not load), dismissible. */
  message: string | null;
  backend: TrainBackend | null;
  source: ModelSource;
  step: number;
  trainingSeconds: number;
  stepsPerSecond: number | null;
  /** Pieces the last steps ran in (see BackendDetails). */
  pieces: number;
  /** The step training is heading for, for the progress bar (null: open-ended). */
  target: number | null;
  /** The step training to the target started from, for the progress bar. */
  targetFrom: number;
  lossByT: LossByT | null;
  reference: { floor: QualityScores; ceiling: QualityScores } | null;
  history: History;
  trajectory: Trajectory | null;
  /** The latest evaluation's samples (from the evaluation's fixed x_T). */
  samples: Float32Array | null;
}

interface Checkpoint {
  weights: WeightArray[];
  step: number;
  trainingSeconds: number;
  history: History;
  source: ModelSource;
}

/** Points in a trajectory: enough to see the flow, few enough to animate. */
export const TRAJECTORY_POINTS = 400;
/** Samples scored at each evaluation (the floor is measured with as many fresh points). */
export const EVALUATION_POINTS = 400;
const CHECKPOINT_EVERY_MS = 5000;
/** The backend probe starts this long after the model is ready, so the first samples come first. */
const PROBE_DELAY_MS = 1500;
const FLUSH_MS = 1000;

/** What makes a model another model: its architecture and the diffusion it was trained for. */
const archKey = (toy: ToyState) => JSON.stringify([toyModelSpec(toy), toy.schedule, toy.T]);
const checkpointKey = (toy: ToyState) => `toy2d:${toy.dataset}:${archKey(toy)}`;
const backendCacheKey = (toy: ToyState) => probeKey([toyModelSpec(toy), toy.batchSize]);

function evaluationSettings(toy: ToyState): EvaluationSettings {
  return { sampler: toy.sampler, n: EVALUATION_POINTS, seed: toy.seed, everyMs: testMode ? 250 : 1000, trajectoryPoints: TRAJECTORY_POINTS };
}

const emptyHistory = (): History => ({ loss: [], quality: [] });

const initialModel: ToyModel = {
  status: 'starting',
  error: null,
  message: null,
  backend: null,
  source: 'fresh',
  step: 0,
  trainingSeconds: 0,
  stepsPerSecond: null,
  pieces: 1,
  target: null,
  targetFrom: 0,
  lossByT: null,
  reference: null,
  history: emptyHistory(),
  trajectory: null,
  samples: null,
};

export function useToyModel(toy: ToyState, data: ToyData | null) {
  const { model, live, update, flush } = useLiveModel(initialModel, FLUSH_MS);
  const client = useRef<TrainerClient | null>(null);
  const toyRef = useRef(toy);
  toyRef.current = toy;
  /** What the current worker was started for: a new arch means a new model, new data a respawn. */
  const identity = useRef<{ arch: string; dataset: string; data: string; batch: number; seed: number; checkpoint: string } | null>(null);
  /** A start handed over by "load file" for the architecture it will switch to. */
  const pendingStart = useRef<{ arch: string; snapshot: ModelSnapshot } | null>(null);
  const lastCheckpoint = useRef(0);
  const trajectoryBusy = useRef<'idle' | 'busy' | 'again'>('idle');
  const [forced] = useState(forcedBackend);
  /** The backend a finished probe found fastest, for the worker to move to when it is idle. */
  const moveTo = useRef<TrainBackend | null>(null);
  /** The latest `respawn` (it closes over the current data), for the message handler. */
  const respawnRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    if (testMode) testHook().toyModel = () => live.current;
  }, []);

  /** Keeps the model of client `c` under `key` (by default the current one, under the current settings). */
  const saveCheckpoint = useCallback(
    async (c: TrainerClient | null = client.current, key = checkpointKey(toyRef.current)) => {
      const current = live.current;
      if (!c || current.status === 'failed' || current.status === 'starting') return;
      lastCheckpoint.current = performance.now();
      const { history, source } = current;
      try {
        const { weights, step, trainingSeconds } = await c.request({ type: 'weights' });
        const checkpoint: Checkpoint = { weights, step, trainingSeconds, history, source };
        await kept.put(key, checkpoint);
      } catch (e) {
        if (client.current === c) update({ message: `Could not save a checkpoint in this browser (${(e as Error).message}); your model is still here.` });
      }
    },
    [update],
  );

  const refreshTrajectory = useCallback(async () => {
    const c = client.current;
    if (!c || live.current.status === 'starting' || live.current.status === 'failed') return;
    if (trajectoryBusy.current !== 'idle') {
      trajectoryBusy.current = 'again';
      return;
    }
    trajectoryBusy.current = 'busy';
    try {
      const t = toyRef.current;
      const reply = await c.request({ type: 'sample', sampler: t.sampler, n: TRAJECTORY_POINTS, seed: t.seed, record: true });
      if (client.current !== c) return;
      update({ trajectory: { t: reply.t, n: TRAJECTORY_POINTS, frames: reply.frames!, x0Hat: reply.x0Hat! } });
      flush();
    } catch {
      // The model was reset while sampling: the new one samples for itself.
    } finally {
      const again = (trajectoryBusy.current as string) === 'again';
      trajectoryBusy.current = 'idle';
      if (again && client.current === c) void refreshTrajectory();
    }
  }, [update, flush]);

  const onMessage = useCallback(
    (c: TrainerClient, m: FromWorker) => {
      if (client.current !== c) return;
      switch (m.type) {
        case 'ready':
          update({ status: 'ready', backend: m.backend, step: m.step, reference: m.reference, ...(m.notice ? { message: m.notice } : {}) });
          flush();
          void refreshTrajectory();
          return;
        case 'progress': {
          update((cur) => {
            const { loss, ...rest } = afterProgress(cur, cur.history.loss, m);
            return { ...rest, history: { ...cur.history, loss } };
          });
          return;
        }
        case 'evaluation': {
          update((cur) => ({
            samples: m.samples,
            ...(m.trajectory ? { trajectory: { ...m.trajectory, n: TRAJECTORY_POINTS } } : {}),
            history: {
              ...cur.history,
              quality:
                cur.reference && m.scores
                  ? [...thin(cur.history.quality), { ...m.scores, seconds: m.trainingSeconds, step: m.step, nnRatio: nearestNeighbourRatio(m.scores, cur.reference.floor) }]
                : cur.history.quality,
            },
          }));
          if (performance.now() - lastCheckpoint.current > CHECKPOINT_EVERY_MS) void saveCheckpoint(c);
          return;
        }
        case 'stopped':
          update({ status: 'ready', step: m.step, target: null, ...(m.message ? { message: m.message } : {}) });
          flush();
          // The checkpoint first: its weights are read at once, before the trajectory's sampling queues up.
          void saveCheckpoint(c);
          void refreshTrajectory();
          if (moveTo.current && moveTo.current !== live.current.backend) void respawnRef.current();
          return;
        case 'error':
          if (m.fatal) update({ status: 'failed', error: m.message });
          else update({ message: m.message, status: live.current.status === 'training' ? 'ready' : live.current.status });
          flush();
          return;
      }
    },
    [update, flush, refreshTrajectory, saveCheckpoint],
  );

  /** Starts a worker for the current settings and data, from `start` weights or fresh. */
  const spawn = useCallback(
    (start: { weights: WeightArray[]; step: number; trainingSeconds: number } | null, keep: Partial<ToyModel>) => {
      const t = toyRef.current;
      if (!data) return;
      client.current?.terminate();
      const c = new TrainerClient((m) => onMessage(c, m));
      client.current = c;
      trajectoryBusy.current = 'idle';
      live.current = {
        ...initialModel,
        step: start?.step ?? 0,
        trainingSeconds: start?.trainingSeconds ?? 0,
        ...keep,
        status: 'starting',
      };
      flush();
      const cached = forced.backend ? null : cachedProbe(backendCacheKey(t));
      const backend: TrainBackend | 'auto' = forced.backend ?? moveTo.current ?? cached?.training.best ?? 'auto';
      c.send({
        type: 'init',
        model: toyModelSpec(t),
        schedule: { kind: t.schedule, T: t.T },
        dataShape: [2],
        data: data.train,
        heldOut: data.heldOut,
        fresh: data.fresh,
        training: { learningRate: t.learningRate, batchSize: t.batchSize, seed: t.seed },
        scoring: 'pointClouds',
        backend,
        ...(start ? { start } : {}),
        evaluation: evaluationSettings(t),
      });
    },
    [data, onMessage, flush, forced.backend],
  );

  /** Where a new model for the current settings starts: a checkpoint, the preset, or fresh weights. */
  const startFor = useCallback(async (t: ToyState): Promise<{ start: Checkpoint | null; source: ModelSource; history: History }> => {
    try {
      const saved = await kept.get<Checkpoint>(checkpointKey(t));
      if (saved) return { start: saved, source: saved.source === 'fresh' ? 'checkpoint' : saved.source, history: saved.history };
    } catch {
      // No IndexedDB: no checkpoints, but the lab still works.
    }
    if (t.dataset !== 'drawn' && hasPreset(t.dataset)) {
      const preset = await fetchPreset(t.dataset);
      const matches = JSON.stringify([preset.model, preset.schedule.kind, preset.schedule.T]) === archKey(t);
      if (matches)
        return {
          start: { weights: preset.weights, step: preset.training.steps, trainingSeconds: preset.training.seconds ?? 0, history: emptyHistory(), source: 'preset' },
          source: 'preset',
          history: emptyHistory(),
        };
    }
    return { start: null, source: 'fresh', history: emptyHistory() };
  }, []);

  /** The same model in a new worker (for new data, batch size, seed or backend): its weights carry over. */
  const respawn = useCallback(async () => {
    const c = client.current;
    if (!c) return;
    try {
      const { weights, step, trainingSeconds } = await c.request({ type: 'weights' });
      if (client.current !== c) return;
      const cur = live.current;
      spawn({ weights, step, trainingSeconds }, { source: cur.source, history: cur.history, trajectory: cur.trajectory, samples: cur.samples });
    } catch {
      // Reset meanwhile: nothing to carry over.
    }
  }, [spawn]);

  respawnRef.current = respawn;

  // Measure the backends once per device and model (cached) while the user looks at the first
  // samples; the model moves to the winner when it is not training.
  const { probe, probing } = useBackendProbe(backendCacheKey(toy), {
    idle: model.status === 'ready' && !forced.backend,
    delayMs: PROBE_DELAY_MS,
    init: () => {
      const t = toyRef.current;
      if (!data) return null;
      return {
        type: 'init',
        model: toyModelSpec(t),
        schedule: { kind: t.schedule, T: t.T },
        dataShape: [2],
        data: data.train,
        heldOut: data.heldOut.subarray(0, 200),
        fresh: data.fresh.subarray(0, 200),
        training: { learningRate: t.learningRate, batchSize: t.batchSize, seed: t.seed },
        scoring: 'pointClouds',
        backend: 'auto',
        evaluation: { ...evaluationSettings(t), trajectoryPoints: 0 },
      };
    },
    onVerdict: ({ training }) => {
      moveTo.current = training.best;
      if (live.current.status === 'ready' && training.best !== live.current.backend) void respawn();
    },
  });

  // A new model when the data set or the architecture changes; the same weights on new data.
  useEffect(() => {
    if (!data) return;
    const next = { arch: archKey(toy), dataset: toy.dataset, data: data.key, batch: toy.batchSize, seed: toy.seed, checkpoint: checkpointKey(toy) };
    const prev = identity.current;
    identity.current = next;
    const c = client.current;
    if (prev && c && prev.arch === next.arch && prev.dataset === next.dataset && live.current.status !== 'failed') {
      if (prev.data === next.data && prev.batch === next.batch && prev.seed === next.seed) return;
      // Same model, new data, batch size or seed: carry the weights over to a new worker.
      void respawn();
      return;
    }
    let cancelled = false;
    const pending = pendingStart.current?.arch === next.arch ? pendingStart.current.snapshot : null;
    pendingStart.current = null;
    // Another data set or architecture: keep the old model under its own key, then let it go.
    if (c && prev && live.current.status !== 'failed' && live.current.status !== 'starting')
      void saveCheckpoint(c, prev.checkpoint).finally(() => c.terminate());
    else c?.terminate();
    client.current = null;
    live.current = { ...initialModel };
    flush();
    (pending
      ? Promise.resolve({
          start: { weights: pending.weights, step: pending.training.steps, trainingSeconds: pending.training.seconds ?? 0, history: emptyHistory(), source: 'file' as const },
          source: 'file' as const,
          history: emptyHistory(),
        })
      : startFor(toy)
    )
      .then(({ start, source, history }) => {
        if (!cancelled) spawn(start, { source, history });
      })
      .catch((e: unknown) => {
        if (!cancelled) spawn(null, { source: 'fresh', message: `The pretrained model did not load (${(e as Error).message}); starting untrained.` });
      });
    return () => {
      cancelled = true;
    };
    // The identity compares the settings that matter; `toy` itself changes with every slider move.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, archKey(toy), toy.dataset, toy.batchSize, toy.seed, spawn, respawn, startFor, flush, saveCheckpoint]);

  useEffect(() => () => client.current?.terminate(), []);

  useEffect(() => {
    client.current?.send({ type: 'setLearningRate', learningRate: toy.learningRate });
  }, [toy.learningRate]);

  const samplerKey = JSON.stringify([toy.sampler, toy.seed]);
  useEffect(() => {
    client.current?.send({ type: 'setEvaluation', evaluation: evaluationSettings(toyRef.current) });
    void refreshTrajectory();
  }, [samplerKey, refreshTrajectory]);

  const { train, pause, step, giveWay } = useTrainingActions(client, live, update, flush);

  /** Throws the model away: a fresh, untrained one (its checkpoint is deleted). */
  const reset = useCallback(async () => {
    await kept.delete(checkpointKey(toyRef.current)).catch(() => undefined);
    spawn(null, { source: 'fresh' });
  }, [spawn]);

  /** Back to the pretrained preset for this data set. */
  const loadPreset = useCallback(async () => {
    const t = toyRef.current;
    await kept.delete(checkpointKey(t)).catch(() => undefined);
    const { start, source, history } = await startFor(t);
    spawn(start, { source, history });
  }, [spawn, startFor]);

  const field = useCallback(async (t: number, points: Float32Array) => {
    const c = client.current;
    if (!c) return null;
    return (await c.request({ type: 'field', t, points })).epsilon;
  }, []);

  const bound = useCallback(async (variance: ReverseVariance, onProgress: (done: number, total: number) => void): Promise<BoundEstimate> => {
    const c = client.current;
    if (!c) throw new Error('the model is not ready');
    return (await c.request({ type: 'bound', variance, timesteps: 100, seed: 1 }, onProgress)).estimate;
  }, []);

  const constrained = useCallback(async (sampler: SamplerSettings, constraint: Constraint, n: number, seed: number) => {
    const c = client.current;
    if (!c) return null;
    return (await c.request({ type: 'sample', sampler, n, seed, record: false, constraint })).final;
  }, []);

  /** The model as a file (a Blob of the JSON model format). */
  const save = useCallback(async (): Promise<Blob> => {
    const c = client.current;
    if (!c) throw new Error('the model is not ready');
    const t = toyRef.current;
    const { weights, step, trainingSeconds } = await c.request({ type: 'weights' });
    const text = serializeModel({
      model: toyModelSpec(t),
      schedule: { kind: t.schedule, T: t.T },
      dataShape: [2],
      training: { steps: step, dataset: t.dataset, learningRate: t.learningRate, batchSize: t.batchSize, seed: t.seed, seconds: +trainingSeconds.toFixed(1), backend: live.current.backend ?? undefined },
      weights,
    });
    return new Blob([text], { type: 'application/json' });
  }, []);

  /**
   * Loads a model file. Returns the settings it needs (architecture, schedule, T, seed) so the
   * caller can switch to them; the weights are then used for that architecture. Throws a
   * ModelFileError with a message for the user on a bad file; nothing changes then.
   */
  const load = useCallback(
    (text: string): Partial<ToyState> | null => {
      const snapshot = parseModelFile(text);
      if (snapshot.model.kind !== 'mlp2d' || snapshot.dataShape.join() !== '2')
        throw new Error('This model file is not a 2-D lab model (it needs an MLP on 2-D points).');
      const patch: Partial<ToyState> = {
        model: { width: snapshot.model.width, depth: snapshot.model.depth, octaves: snapshot.model.octaves },
        schedule: snapshot.schedule.kind,
        T: snapshot.schedule.T,
      };
      const target = { ...toyRef.current, ...patch };
      if (toyModelSpec(target).timeEmbedding !== snapshot.model.timeEmbedding)
        throw new Error('This model file uses a timestep embedding the lab does not offer.');
      if (archKey(target) === archKey(toyRef.current)) {
        // Same architecture: swap the weights in place.
        spawn({ weights: snapshot.weights, step: snapshot.training.steps, trainingSeconds: snapshot.training.seconds ?? 0 }, { source: 'file' });
        return null;
      }
      pendingStart.current = { arch: archKey(target), snapshot };
      return patch;
    },
    [spawn],
  );

  const dismissMessage = useCallback(() => {
    update({ message: null });
    flush();
  }, [update, flush]);

  return { model, probe: forced.backend ? null : probe, probing, forced: forced.backend !== null, train, pause, step, giveWay, reset, loadPreset, field, bound, constrained, save, load, dismissMessage, notice: forced.notice };
}
