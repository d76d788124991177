/**
 * The messages between the UI and the trainer worker: a small typed protocol, plain data and
 * typed arrays only (transferred, not copied, where the sender no longer needs them).
 */
import type { ReverseVariance } from '../../diffusion/bound';
import type { SamplerSettings } from '../../diffusion/samplerPlans';
import type { ScheduleKind } from '../../diffusion/schedules';
import type { BoundEstimate } from '../bound';
import type { ClassifierFile, DigitScores } from '../metrics/digitClassifier';
import type { QualityScores } from '../metrics/pointClouds';
import type { ModelSpec } from '../models/types';
import type { WeightArray } from '../models/weights';
import type { Constraint, Inpainting } from '../samplers/run';
import type { TrainingSettings } from '../trainer';
import type { ProbeVerdict, TrainBackend, TrainingFault } from '../trainBackend';

/** How the worker shows training progress: samples from a fixed x_T, scored against held-out data. */
export interface EvaluationSettings {
  sampler: SamplerSettings;
  /** Samples per evaluation. */
  n: number;
  seed: number;
  /** Evaluate at most this often (ms of wall time) while training, and never spend more than a fifth of the time on it. */
  everyMs: number;
  /** Record the trajectories of the first this many samples (0: none), to animate the reverse process. */
  trajectoryPoints: number;
}

export type ToWorker =
  | {
      type: 'init';
      model: ModelSpec;
      schedule: { kind: ScheduleKind; T: number };
      dataShape: number[];
      /** Training data, flattened [N, …dataShape]. */
      data: Float32Array;
      /**
       * Held-out data for the scores and the bound, and fresh data for the scores' floor (as many
       * points as an evaluation scores: the nearest-neighbour distances depend on the count).
       */
      heldOut: Float32Array;
      fresh: Float32Array;
      training: TrainingSettings;
      /**
       * How evaluations are scored: 'pointClouds' (the 2-D lab: nearest-neighbour distances and
       * MMD against held-out and fresh data) or 'none' (samples only).
       */
      scoring: 'pointClouds' | 'none';
      /**
       * Where to sample (evaluations, sample, field and bound requests), when not where training
       * runs: the digits lab samples on wasm, which runs a U-Net's forward pass ~15× faster than
       * WebGL on a software GPU but cannot train it.
       */
      sampleOn?: TrainBackend;
      /** The backend to train on; 'auto' starts on the model's first trainable backend (see trainBackendsFor) until a probe picks. */
      backend: TrainBackend | 'auto';
      /** Weights to start from (a checkpoint, a preset or a file) and the training behind them. */
      start?: { weights: WeightArray[]; step: number; trainingSeconds: number };
      evaluation: EvaluationSettings;
    }
  /** Train until step `until` (null: until paused). */
  | { type: 'train'; until: number | null }
  | { type: 'pause' }
  /**
   * The page is moving t (a scrub or a play): start no training chunk or evaluation until 'goOn',
   * so that its frames get the CPU and GPU. The page repeats it while t moves; without word for
   * a while (MAX_GIVE_WAY_MS) training goes on by itself.
   */
  | { type: 'giveWay' }
  | { type: 'goOn' }
  /** One training step. */
  | { type: 'step' }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'setEvaluation'; evaluation: EvaluationSettings }
  /**
   * Time a few training steps on each backend and move to the fastest; with samplingBatch, also
   * time a forward pass of that many images on each sampling backend and sample on the fastest.
   */
  | { type: 'probe'; samplingBatch?: number }
  /**
   * For the robustness tests: make the next training chunk fail as if the device ran out of memory,
   * or lose the device (on WebGPU the device is really destroyed).
   */
  | { type: 'simulateFault'; fault: 'memory' | 'device' }
  | {
      type: 'sample';
      id: number;
      sampler: SamplerSettings;
      n: number;
      seed: number;
      record: boolean;
      /** Record only the first this many samples' trajectories (default all). */
      recordFirst?: number;
      constraint?: Constraint;
      inpainting?: Inpainting;
    }
  /** ε̂ at the given points (flattened [N, …dataShape]) and timestep t. */
  | { type: 'field'; id: number; t: number; points: Float32Array }
  | {
      type: 'bound';
      id: number;
      variance: ReverseVariance;
      timesteps: number;
      seed: number;
      /** The data to bound, flattened [N, …dataShape] (default: the held-out data), and L_0's decoder (default 'gaussian'). */
      data?: Float32Array;
      decoder?: 'gaussian' | 'discrete';
    }
  /** Sample n digits and score them with the classifier, beside held-out digits and noise scored alike. */
  | {
      type: 'score';
      id: number;
      sampler: SamplerSettings;
      n: number;
      seed: number;
      /** The digit classifier (needed with the first request; kept by the worker). */
      classifier?: ClassifierFile;
    }
  | { type: 'weights'; id: number };

export type StopReason = 'paused' | 'target' | 'diverged' | 'failed';

export type FromWorker =
  | {
      type: 'ready';
      backend: TrainBackend;
      step: number;
      /** The scores of fresh data (the floor) and of N(0, I) samples (the ceiling); null when not scoring. */
      reference: { floor: QualityScores; ceiling: QualityScores } | null;
      /** Set when the backend asked for could not start. */
      notice?: string;
    }
  | {
      type: 'progress';
      step: number;
      /** Mean loss over the steps since the last progress message. */
      loss: number;
      /** Loss by timestep since the last message: per bin, sum and count (bins start at binEdges). */
      binEdges: number[];
      binSums: Float64Array;
      binCounts: Float64Array;
      stepsPerSecond: number;
      /**
       * Pieces each step ran in (see Trainer.stepInParts): more than 1 where a step takes long
       * enough to hold up the page's frames while it moves t.
       */
      pieces: number;
      /** Seconds spent training (not evaluating) since the model was created. */
      trainingSeconds: number;
    }
  | {
      type: 'evaluation';
      step: number;
      trainingSeconds: number;
      samples: Float32Array;
      /** Null when not scoring. */
      scores: QualityScores | null;
      /** The first trajectoryPoints samples' path: frames at t (T … 0), and x̂_0 at each t but 0. */
      trajectory?: { t: number[]; frames: Float32Array; x0Hat: Float32Array };
    }
  /** Training stopped; with reason 'failed', `fault` says why (a step threw: memory, a lost device, …). */
  | { type: 'stopped'; step: number; reason: StopReason; message?: string; fault?: TrainingFault }
  | { type: 'probe'; training: ProbeVerdict; sampling: ProbeVerdict | null }
  | { type: 'samples'; id: number; t: number[]; final: Float32Array; frames?: Float32Array; x0Hat?: Float32Array }
  | { type: 'field'; id: number; epsilon: Float32Array }
  | { type: 'boundProgress'; id: number; done: number; total: number }
  | { type: 'bound'; id: number; estimate: BoundEstimate }
  | { type: 'score'; id: number; n: number; samples: DigitScores; floor: DigitScores; ceiling: DigitScores }
  | { type: 'weights'; id: number; step: number; trainingSeconds: number; weights: WeightArray[] }
  /** A request failed (id set) or the worker hit an error it could not recover from (fatal). */
  | { type: 'error'; id?: number; message: string; fatal?: boolean };
