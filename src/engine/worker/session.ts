/**
 * The trainer worker's logic, free of the worker itself so it runs in Node tests: it owns one
 * model and its trainer, trains in chunks that yield to incoming messages, and answers requests
 * for samples, the ε̂ field, the bound and the weights. One session per model: the UI terminates
 * the worker to start afresh.
 */
import * as tf from '@tensorflow/tfjs';
import { makePlan } from '../../diffusion/samplerPlans';
import { makeSchedule, type Schedule } from '../../diffusion/schedules';
import { estimateBound } from '../bound';
import { classify, createDigitClassifier, digitScores, type DigitClassifier, type DigitScores } from '../metrics/digitClassifier';
import { fitGaussian, type GaussianFit } from '../metrics/frechet';
import { qualityScores, referenceScores } from '../metrics/pointClouds';
import { createModel } from '../models';
import type { Denoiser } from '../models/types';
import { assignWeights, readWeights } from '../models/weights';
import { sample } from '../samplers/run';
import { diverged, Trainer } from '../trainer';
import {
  classifyFault,
  HopelessBackend,
  hopeless,
  probeBackends,
  probeOrder,
  sampleBackendsFor,
  setTrainBackend,
  trainBackendsFor,
  type TrainBackend,
  type TrainingFault,
} from '../trainBackend';
import type { EvaluationSettings, FromWorker, StopReason, ToWorker } from './protocol';

type InitMessage = Extract<ToWorker, { type: 'init' }>;
export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Let queued messages (pause, sample, …) in between chunks, without timer clamping. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** `flat` ([N, …shape] flattened) as a tensor. */
function tensorOf(flat: Float32Array, shape: readonly number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (flat.length === 0 || flat.length % size !== 0) throw new RangeError(`${flat.length} values are not a whole number of ${shape.join('×')} points`);
  return tf.tensor(flat, [flat.length / size, ...shape]);
}

/** A chunk of steps aims to take this long: long enough to amortise a read, short enough to pause at once. */
const CHUNK_MS = 100;
const MAX_CHUNK = 200;
/**
 * How long one 'giveWay' holds training without a 'goOn': the page repeats it several times as
 * long while t moves, so this only matters to a page that stopped without saying so.
 */
export const MAX_GIVE_WAY_MS = 2000;
/**
 * A training step whose pieces take longer than this (ms) is split into twice as many, and one
 * whose pieces take under a third of it into half as many (see Trainer.stepInParts). A step queued
 * on a GPU cannot be stopped, so this is about the longest a page that starts moving t waits for
 * the device. Only slow devices split, and each piece costs a little: the digits lab's tiny U-Net
 * at batch 8 on the software GPU takes 1.04 s a step whole, 1.15 s in 2 pieces, 1.25 s in 4; on a
 * hardware GPU a step takes milliseconds and stays whole.
 */
const PIECE_MS = 800;
/** A probe warms each backend up (shader compilation) with a step, then times runs of 1, 2, 4, … steps for at least PROBE_MS. */
const PROBE_MS = 400;

/**
 * Times `run(n)` (n steps, awaited) after one warm-up step: ms per step. Throws HopelessBackend
 * when the warm-up shows the backend cannot beat `fastest`.
 */
async function timeSteps(run: (n: number) => Promise<void>, fastest: number | null): Promise<number> {
  let started = performance.now();
  await run(1);
  const warmup = performance.now() - started;
  if (hopeless(warmup, fastest)) throw new HopelessBackend(warmup);
  let steps = 0;
  started = performance.now();
  for (let n = 1; steps === 0 || performance.now() - started < PROBE_MS; n *= 2) {
    await run(n);
    steps += n;
  }
  return (performance.now() - started) / steps;
}

/** Why a failed training step stopped training, for the user. */
function faultMessage(fault: TrainingFault, backend: TrainBackend, error: string): string {
  switch (fault) {
    case 'memory':
      return `Training stopped: the ${backend} backend ran out of memory (${error}).`;
    case 'device':
      return `Training stopped: the GPU device was lost (${error}).`;
    default:
      return `Training stopped: a step failed on ${backend} (${error}).`;
  }
}

export class TrainerSession {
  private init: InitMessage | null = null;
  private schedule: Schedule | null = null;
  private model: Denoiser | null = null;
  private trainer: Trainer | null = null;
  private backend: TrainBackend = 'cpu';
  /** Where sampling runs when not where training does (init.sampleOn, or a probe's choice). */
  private sampleOn: TrainBackend | null = null;
  /** A simulated fault (simulateFault) that the next training chunk throws. */
  private pendingFault: Error | null = null;
  private evaluation: EvaluationSettings | null = null;
  /** Whether training should go on, and whether a training loop is alive to notice. */
  private running = false;
  private looping = false;
  private until: number | null = null;
  /** Until when (performance.now()) training waits between chunks while the page moves t (0: it does not). */
  private givingWayUntil = 0;
  private trainingMs = 0;
  private chunk = 5;
  /** Pieces each training step is split into (see PIECE_MS). */
  private parts = 1;
  /**
   * Whether the next chunk also compiles kernels (it is the first on its backend, or with pieces of
   * a new size), so that its time says nothing about how long steps take.
   */
  private compiling = true;
  /** Whether the page moved t during the chunk running now, which slows it (see splitSteps). */
  private pageBusy = false;
  private lastEvaluation = 0;
  /** How long the last evaluation took (ms): evaluations are spaced to take at most a fifth of the time. */
  private evaluationMs = 0;
  /** Serialises work that must not interleave with a training chunk (backend moves, probes). */
  private loop: Promise<void> = Promise.resolve();
  /** The digit classifier and its reference scores, built on the first 'score' request. */
  private classifier: DigitClassifier | null = null;
  private reference: { n: number; heldOut: GaussianFit; floor: DigitScores; ceiling: DigitScores } | null = null;
  /** Serialises each use of the model's backend (see onBackend). */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly post: Post,
    /** See PIECE_MS (tests make every step slow with a tiny one). */
    private readonly pieceMs = PIECE_MS,
  ) {}

  async handle(message: ToWorker): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      const id = 'id' in message ? message.id : undefined;
      this.post({ type: 'error', message: text, ...(id !== undefined ? { id } : { fatal: message.type === 'init' }) });
    }
  }

  private async dispatch(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'init':
        return this.start(message);
      case 'train':
        this.until = message.until;
        this.running = true;
        if (!this.looping) {
          this.looping = true;
          this.enqueue(() => this.trainLoop());
        }
        return;
      case 'pause':
        this.running = false;
        return;
      case 'giveWay':
        this.givingWayUntil = performance.now() + MAX_GIVE_WAY_MS;
        this.pageBusy = true;
        return;
      case 'goOn':
        this.givingWayUntil = 0;
        return;
      case 'step':
        if (this.running) return;
        return this.enqueue(() => this.singleStep());
      case 'setLearningRate':
        this.need().trainer.setLearningRate(message.learningRate);
        return;
      case 'setEvaluation':
        this.evaluation = message.evaluation;
        return;
      case 'probe':
        return this.enqueue(() => this.probe(message.samplingBatch));
      case 'simulateFault':
        return this.simulateFault(message.fault);
      case 'sample': {
        const { model, schedule, init } = this.need();
        const plan = makePlan(schedule, message.sampler);
        const result = await this.onSamplingBackend(() => sample(model.predict, plan, {
          n: message.n,
          seed: message.seed,
          dataShape: init.dataShape,
          record: message.record,
          recordFirst: message.recordFirst,
          constraint: message.constraint,
          inpainting: message.inpainting,
        }));
        const transfer = [result.final.buffer, result.frames?.buffer, result.x0Hat?.buffer].filter(Boolean) as ArrayBuffer[];
        this.post({ type: 'samples', id: message.id, t: [...plan.t, 0], ...result }, transfer);
        return;
      }
      case 'field': {
        const { model, init } = this.need();
        const epsilon = await this.onSamplingBackend(async () => {
          const points = tensorOf(message.points, init.dataShape);
          const eps = tf.tidy(() => model.predict(points, tf.fill([points.shape[0]], message.t) as tf.Tensor1D));
          const values = (await eps.data()) as Float32Array;
          tf.dispose([points, eps]);
          return values;
        });
        this.post({ type: 'field', id: message.id, epsilon }, [epsilon.buffer]);
        return;
      }
      case 'bound': {
        const { model, schedule, init } = this.need();
        const estimate = await this.onSamplingBackend(() => estimateBound(model.predict, schedule, message.data ?? init.heldOut, init.dataShape, {
          variance: message.variance,
          decoder: message.decoder,
          timesteps: message.timesteps,
          seed: message.seed,
          onProgress: async (done, total) => {
            this.post({ type: 'boundProgress', id: message.id, done, total });
            await yieldToEvents();
          },
        }));
        this.post({ type: 'bound', id: message.id, estimate });
        return;
      }
      case 'score': {
        const { model, schedule, init } = this.need();
        if (message.classifier && !this.classifier) this.classifier = createDigitClassifier(message.classifier);
        if (!this.classifier) throw new Error('the first score request must bring the digit classifier');
        const { n } = message;
        const reference = await this.references(n);
        const { final } = await this.onSamplingBackend(() => sample(model.predict, makePlan(schedule, message.sampler), { n, seed: message.seed, dataShape: init.dataShape }));
        const samples = await this.onSamplingBackend(() => digitScores(this.classifier!, final, n, reference.heldOut));
        this.post({ type: 'score', id: message.id, n, samples, floor: reference.floor, ceiling: reference.ceiling });
        return;
      }
      case 'weights': {
        const { model, trainer } = this.need();
        const weights = await readWeights(model);
        this.post(
          { type: 'weights', id: message.id, step: trainer.step, trainingSeconds: this.trainingMs / 1000, weights },
          weights.map((w) => w.data.buffer as ArrayBuffer),
        );
        return;
      }
    }
  }

  /**
   * Runs `work` on `backend`, after any work already running on the model: training chunks and
   * sampling may run on different backends (tfjs moves the weights over lazily), so they take
   * turns. A request that arrives while a chunk trains waits for that chunk only.
   */
  private onBackend<R>(backend: TrainBackend, work: () => Promise<R>): Promise<R> {
    const run = this.turn.then(async () => {
      if (tf.getBackend() !== backend) {
        const error = await setTrainBackend(backend);
        if (error) throw new Error(`the ${backend} backend failed: ${error}`);
      }
      return work();
    });
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Runs sampling work on the sampling backend (init.sampleOn), or the training one. */
  private onSamplingBackend<R>(work: () => Promise<R>): Promise<R> {
    return this.onBackend(this.sampleOn ?? this.backend, work);
  }

  /**
   * The classifier's reference scores for n digits (cached): the held-out digits' feature fit,
   * n training digits against it (the floor) and n images of N(0, I) noise (the ceiling).
   */
  private async references(n: number) {
    if (this.reference?.n === n) return this.reference;
    const { init } = this.need();
    const size = init.dataShape.reduce((a, b) => a * b, 1);
    const heldOutCount = init.heldOut.length / size;
    const reference = await this.onSamplingBackend(async () => {
      const held = await classify(this.classifier!, init.heldOut, heldOutCount);
      const heldOut = fitGaussian(held.features, heldOutCount, held.features.length / heldOutCount);
      const floor = await digitScores(this.classifier!, init.data.subarray(0, n * size), n, heldOut);
      const noise = tf.tidy(() => tf.randomNormal([n * size], 0, 1, 'float32', 7));
      const ceiling = await digitScores(this.classifier!, (await noise.data()) as Float32Array, n, heldOut);
      noise.dispose();
      return { n, heldOut, floor, ceiling };
    });
    this.reference = reference;
    return reference;
  }

  /** Queues work that must not interleave with training; a failure is reported, and the queue goes on. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    this.loop = this.loop.then(work).catch((e: unknown) => {
      this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    });
    return this.loop;
  }

  private need() {
    if (!this.init || !this.model || !this.trainer || !this.schedule) throw new Error('the trainer has not been initialised');
    return { init: this.init, model: this.model, trainer: this.trainer, schedule: this.schedule };
  }

  private async start(message: InitMessage): Promise<void> {
    this.init = message;
    this.sampleOn = message.sampleOn ?? null;
    this.evaluation = message.evaluation;
    this.schedule = makeSchedule(message.schedule);
    this.trainingMs = (message.start?.trainingSeconds ?? 0) * 1000;
    let notice: string | undefined;
    const candidates = trainBackendsFor(message.model.kind);
    const wanted: TrainBackend = message.backend === 'auto' ? candidates[0] : message.backend;
    if (!candidates.includes(wanted)) throw new Error(`the ${wanted} backend cannot train this model (it lacks a kernel its gradient needs); use ${candidates.join(', ')}`);
    let error = await setTrainBackend(wanted);
    this.backend = wanted;
    if (error) {
      // Fall back to the next candidate that starts (cpu last).
      for (const other of candidates) {
        if (other === wanted || (await setTrainBackend(other)) !== null) continue;
        this.backend = other;
        notice = `The ${wanted} backend could not start (${error}); training on ${other} instead.`;
        error = null;
        break;
      }
      if (error) throw new Error(`no tfjs backend could start: ${error}`);
    }
    this.build(message.start?.weights, message.start?.step ?? 0);
    let reference = null;
    if (message.scoring === 'pointClouds') {
      const noise = tf.tidy(() => tf.randomNormal(tensorOf(message.fresh, message.dataShape).shape, 0, 1, 'float32', 7));
      reference = referenceScores(message.heldOut, message.fresh, (await noise.data()) as Float32Array);
      noise.dispose();
    }
    this.post({ type: 'ready', backend: this.backend, step: this.trainer!.step, reference, ...(notice ? { notice } : {}) });
  }

  /** Builds the model and its trainer on the current backend, from saved weights if given. */
  private build(weights: Parameters<typeof assignWeights>[1] | undefined, step: number): void {
    const init = this.init!;
    const model = createModel(init.model, init.schedule.T, init.training.seed);
    try {
      if (weights) assignWeights(model, weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
    const data = tensorOf(init.data, init.dataShape);
    this.model = model;
    this.trainer = new Trainer(model, this.schedule!, data, { ...init.training }, step);
  }

  private disposeModel(): void {
    this.trainer?.dispose();
    this.model?.dispose();
    this.trainer = null;
    this.model = null;
  }

  /**
   * Runs `steps` steps (timed) and posts progress. On a diverging loss it puts back the last good
   * weights and returns why, for the stop message; else null.
   */
  private async trainChunk(steps: number): Promise<string | null> {
    const trainer = this.need().trainer;
    const { stats, elapsed, pieces } = await this.onBackend(this.backend, async () => {
      const fault = this.pendingFault;
      this.pendingFault = null;
      if (fault) throw fault;
      const started = performance.now();
      const pieces = this.parts;
      this.pageBusy = false;
      let waited = 0;
      if (pieces === 1) trainer.run(steps);
      else for (let i = 0; i < steps; i++) await trainer.stepInParts(pieces, async () => void (waited += await this.giveWay()));
      return { stats: await trainer.readChunk(), elapsed: performance.now() - started - waited, pieces: Math.min(pieces, trainer.settings.batchSize) };
    });
    this.trainingMs += elapsed;
    this.splitSteps(elapsed / Math.max(stats.steps, 1), trainer.settings.batchSize);
    if (diverged(stats.loss)) {
      trainer.restoreLastGood();
      const loss = Number.isFinite(stats.loss) ? stats.loss.toExponential(1) : String(stats.loss);
      return `Training diverged: the loss reached ${loss} by step ${stats.step} (an untrained model scores about 1), so the learning rate ${trainer.settings.learningRate} is too high. Training paused and the last good weights (step ${trainer.step}) are back; lower the learning rate and train on.`;
    }
    this.post({
      type: 'progress',
      step: stats.step,
      loss: stats.loss,
      binEdges: trainer.binEdges,
      binSums: stats.binSums,
      binCounts: stats.binCounts,
      stepsPerSecond: (1000 * stats.steps) / elapsed,
      pieces,
      trainingSeconds: this.trainingMs / 1000,
    });
    return null;
  }

  /**
   * Splits steps into more or fewer pieces after a chunk that took `msPerStep` (see PIECE_MS),
   * unless kernels compiled in it or the page moved t meanwhile, and so took its share of the device.
   */
  private splitSteps(msPerStep: number, batchSize: number): void {
    if (this.compiling || this.pageBusy) {
      this.compiling = false;
      return;
    }
    const piece = msPerStep / this.parts;
    const parts = piece > this.pieceMs && this.parts < batchSize ? this.parts * 2 : piece < this.pieceMs / 3 && this.parts > 1 ? this.parts / 2 : this.parts;
    this.compiling = parts !== this.parts;
    this.parts = parts;
  }

  private async singleStep(): Promise<void> {
    try {
      const diverged = await this.trainChunk(1);
      if (diverged) this.post({ type: 'stopped', step: this.need().trainer.step, reason: 'diverged', message: diverged });
    } catch (e) {
      this.post(this.failed(e));
    }
  }

  /**
   * The stop message for a step that threw (out of memory, a lost device, …). The weights go back
   * to the last good ones where the backend still answers; where it does not, the UI starts again
   * from its checkpoint.
   */
  private failed(e: unknown): Extract<FromWorker, { type: 'stopped' }> {
    const error = e instanceof Error ? e.message : String(e);
    const fault = classifyFault(error);
    const trainer = this.need().trainer;
    try {
      trainer.restoreLastGood(false);
    } catch {
      // The backend is gone with the weights on it.
    }
    return { type: 'stopped', step: trainer.step, reason: 'failed', fault, message: faultMessage(fault, this.backend, error) };
  }

  /** See the 'simulateFault' message. */
  private async simulateFault(fault: 'memory' | 'device'): Promise<void> {
    if (fault === 'device' && this.backend === 'webgpu') {
      await this.onBackend('webgpu', async () => (tf.backend() as unknown as { device: GPUDevice }).device.destroy());
      return;
    }
    this.pendingFault = new Error(
      fault === 'memory' ? 'simulated: out of memory, the device could not allocate the next step' : 'simulated: the GPU device was lost',
    );
  }

  private async trainLoop(): Promise<void> {
    let reason: StopReason = 'paused';
    let message: string | undefined;
    let failure: Extract<FromWorker, { type: 'stopped' }> | null = null;
    this.lastEvaluation = performance.now();
    try {
      while (this.running) {
        await this.giveWay();
        if (!this.running) break;
        const trainer = this.need().trainer;
        const remaining = this.until === null ? Infinity : this.until - trainer.step;
        if (remaining <= 0) {
          reason = 'target';
          break;
        }
        const started = performance.now();
        const diverged = await this.trainChunk(Math.min(this.chunk, remaining));
        if (diverged) {
          [reason, message] = ['diverged', diverged];
          break;
        }
        const elapsed = performance.now() - started;
        this.chunk = Math.max(1, Math.min(MAX_CHUNK, Math.round((this.chunk * CHUNK_MS) / Math.max(elapsed, 1))));
        const now = performance.now();
        if (this.evaluation && now >= this.givingWayUntil && now - this.lastEvaluation >= Math.max(this.evaluation.everyMs, 4 * this.evaluationMs))
          await this.evaluate();
        await yieldToEvents();
      }
    } catch (e) {
      failure = this.failed(e);
    } finally {
      // From here a new 'train' starts a new loop (queued behind this one's last messages).
      this.running = false;
      this.looping = false;
    }
    if (failure) {
      this.post(failure);
      return;
    }
    if (reason !== 'diverged') await this.evaluate();
    this.post({ type: 'stopped', step: this.need().trainer.step, reason, ...(message ? { message } : {}) });
  }

  /**
   * Waits while the page moves t (see 'giveWay'), in short naps so that 'goOn' or a pause ends the
   * wait. The time waited (ms, returned) is not training time.
   */
  private async giveWay(): Promise<number> {
    const started = performance.now();
    for (let wait = this.givingWayUntil - performance.now(); wait > 0 && this.running; wait = this.givingWayUntil - performance.now())
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 50)));
    return performance.now() - started;
  }

  /** Samples from the evaluation's fixed x_T and scores them against the held-out data. */
  private async evaluate(): Promise<void> {
    const evaluation = this.evaluation;
    if (!evaluation) return;
    const { model, schedule, init, trainer } = this.need();
    const started = performance.now();
    const plan = makePlan(schedule, evaluation.sampler);
    const record = evaluation.trajectoryPoints > 0;
    const { final, frames, x0Hat } = await this.onSamplingBackend(() =>
      sample(model.predict, plan, { n: evaluation.n, seed: evaluation.seed, dataShape: init.dataShape, record, recordFirst: evaluation.trajectoryPoints }),
    );
    const scores = init.scoring === 'pointClouds' ? qualityScores(final, init.heldOut) : null;
    const trajectory = record ? { t: [...plan.t, 0], frames: frames!, x0Hat: x0Hat! } : undefined;
    this.post(
      { type: 'evaluation', step: trainer.step, trainingSeconds: this.trainingMs / 1000, samples: final, scores, ...(trajectory ? { trajectory } : {}) },
      [final.buffer, ...(trajectory ? [trajectory.frames.buffer, trajectory.x0Hat.buffer] : [])] as ArrayBuffer[],
    );
    this.lastEvaluation = performance.now();
    this.evaluationMs = this.lastEvaluation - started;
  }

  /**
   * Times training on every backend that can train the model (and, given samplingBatch, a forward
   * pass of that many images on every backend that can sample), then carries the model over to the
   * fastest.
   */
  private async probe(samplingBatch?: number): Promise<void> {
    const { init, trainer } = this.need();
    const weights = await readWeights(this.model!);
    const step = trainer.step;
    this.disposeModel();
    const fresh = () => createModel(init.model, init.schedule.T, init.training.seed);
    try {
      const training = await probeBackends(probeOrder(trainBackendsFor(init.model.kind)), async (fastest) => {
        const model = fresh();
        const probe = new Trainer(model, this.schedule!, tensorOf(init.data, init.dataShape), { ...init.training });
        try {
          return await timeSteps(async (n) => {
            probe.run(n);
            await probe.readChunk();
          }, fastest);
        } finally {
          probe.dispose();
          model.dispose();
        }
      });
      const sampling = samplingBatch
        ? await probeBackends(probeOrder(sampleBackendsFor(init.model.kind)), async (fastest) => {
            const model = fresh();
            const x = tf.randomNormal([samplingBatch, ...init.dataShape], 0, 1, 'float32', 3);
            const t = tf.fill([samplingBatch], Math.round(init.schedule.T / 2)) as tf.Tensor1D;
            try {
              return await timeSteps(async (n) => {
                for (let i = 0; i < n; i++) {
                  const eps = tf.tidy(() => model.predict(x, t));
                  await eps.data();
                  eps.dispose();
                }
              }, fastest);
            } finally {
              tf.dispose([x, t]);
              model.dispose();
            }
          })
        : null;
      this.backend = training.best;
      [this.parts, this.compiling] = [1, true];
      if (sampling) this.sampleOn = sampling.best;
      this.post({ type: 'probe', training, sampling });
    } finally {
      await setTrainBackend(this.backend);
      this.build(weights, step);
    }
  }
}
