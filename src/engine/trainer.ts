/**
 * DDPM training (Ho et al. 2020, Algorithm 1) for any denoiser: draw x_0 from the data, t
 * uniformly from 1…T and ε ~ N(0, I), take a gradient step on ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖².
 *
 * Free of the DOM, so it runs in the lab's Web Worker, in Node for `npm run pretrain`, and in
 * the unit tests. Steps run in chunks with nothing read back; `readChunk` reads, in one transfer,
 * the chunk's mean loss and the last step's per-example losses with their timesteps (binned by
 * timestep here, on the CPU), so the device is never made to wait every step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../diffusion/schedules';
import type { Denoiser } from './models/types';

export interface TrainingSettings {
  /** Adam's learning rate. */
  learningRate: number;
  /** Examples per step. */
  batchSize: number;
  /** Seeds the draws of x_0, t and ε; step s of a run always draws the same numbers. */
  seed: number;
}

/**
 * A loss past this means training has diverged even if it is still finite: an ε-predictor that
 * always outputs 0 scores 1 (ε ~ N(0, I)), so 10⁴ is weights blown apart, not a hard batch.
 */
export const DIVERGED_LOSS = 1e4;

/** Whether a chunk's loss says training has diverged (NaN, ∞ or past DIVERGED_LOSS). */
export const diverged = (loss: number) => !(loss <= DIVERGED_LOSS);

export interface ChunkStats {
  /** Steps taken by this trainer so far. */
  step: number;
  /** Steps in the chunk just read. */
  steps: number;
  /** Mean loss ‖ε − ε̂‖² / D over the chunk's steps (NaN or ∞ if training diverged). */
  loss: number;
  /**
   * The chunk's last batch: sum and count of its per-example losses in each timestep bin (bin i
   * covers binEdges[i] ≤ t < binEdges[i+1]); all zero for an empty chunk.
   */
  binSums: Float64Array;
  binCounts: Float64Array;
}

/**
 * Bin edges over t = 1…T for the loss-by-timestep plot: at most `maxBins` bins of (nearly) equal
 * width; t falls in bin ⌊(t − 1)·bins / T⌋, so bin i starts at t = 1 + ⌈i·T / bins⌉.
 */
export function lossBinEdges(T: number, maxBins = 25): number[] {
  const bins = Math.min(T, maxBins);
  return Array.from({ length: bins + 1 }, (_, i) => 1 + Math.ceil((i * T) / bins));
}

/** The gradients and the loss of the pieces of a step so far (see Trainer.pieces). */
interface PieceSums {
  gradients: tf.Tensor[];
  cost: tf.Scalar;
}

export class Trainer {
  /** Steps taken (including any before a checkpoint this trainer was restored from). */
  step: number;
  readonly binEdges: number[];
  private optimizer: tf.AdamOptimizer;
  private readonly data: tf.Tensor;
  private readonly sqrtAlphaBar: tf.Tensor1D;
  private readonly sqrtOneMinusAlphaBar: tf.Tensor1D;
  private lossSum: tf.Scalar;
  /** The last step's timesteps and per-example losses, for the loss by timestep. */
  private last: { t: tf.Tensor1D; perExample: tf.Tensor1D } | null = null;
  private chunkSteps = 0;
  /** The last weights that gave a finite loss, to fall back on if training diverges. */
  private readonly lastGood: tf.Variable[];
  private lastGoodStep: number;

  constructor(
    readonly model: Denoiser,
    readonly schedule: Schedule,
    /** Training data, [N, …dataShape]. The trainer owns it and disposes it. */
    data: tf.Tensor,
    readonly settings: TrainingSettings,
    startStep = 0,
  ) {
    if (schedule.T !== model.T) throw new RangeError(`the model is built for T = ${model.T}, the schedule has T = ${schedule.T}`);
    if (data.shape[0] < 1) throw new RangeError('there is no training data');
    this.data = data;
    this.step = startStep;
    this.lastGoodStep = startStep;
    this.optimizer = tf.train.adam(settings.learningRate);
    this.sqrtAlphaBar = tf.tensor1d(Float32Array.from(schedule.sqrtAlphaBar));
    this.sqrtOneMinusAlphaBar = tf.tensor1d(Float32Array.from(schedule.sqrtOneMinusAlphaBar));
    this.binEdges = lossBinEdges(schedule.T);
    this.lossSum = tf.scalar(0);
    this.lastGood = model.weights.map((w) => tf.variable(w.variable.clone(), false));
  }

  /** A seed for draw `k` of step `step` (never 0, which tfjs reads as "unseeded"). */
  private seedFor(step: number, k: number): number {
    return this.settings.seed * 1_000_003 + step * 4 + k + 1;
  }

  /** Takes `n` gradient steps; nothing is read back. */
  run(n: number): void {
    for (let i = 0; i < n; i++) for (const _piece of this.pieces(1));
  }

  /**
   * Takes one gradient step with its batch in `parts` pieces, and after each piece but the last
   * waits until the device has finished it, then for `between()`. The pieces' gradients add up to
   * the batch's, so the step is the one `run(1)` takes; but no more than one piece is ever queued
   * on the device, so a caller can hold the device for someone else between pieces (a GPU step
   * cannot be stopped once queued).
   */
  async stepInParts(parts: number, between: () => Promise<void>): Promise<void> {
    for (const piece of this.pieces(parts)) {
      await piece.data();
      await between();
    }
  }

  /**
   * Step `this.step` as a sequence: each iteration queues one piece's gradient (and yields that
   * piece's per-example losses, a small tensor to await the device by), the last one also applies
   * the summed gradient, yields nothing, and counts the step.
   */
  private *pieces(parts: number): Generator<tf.Tensor1D, void> {
    const { batchSize } = this.settings;
    const N = this.data.shape[0];
    const T = this.schedule.T;
    const s = this.step;
    const variables = this.model.weights.map((w) => w.variable);
    // The batch's draws, as in one piece, so the step does not depend on how it is split.
    const drawn = tf.tidy(() => {
      const index = tf.randomUniform([batchSize], 0, N, 'int32', this.seedFor(s, 0)) as tf.Tensor1D;
      const x0 = tf.gather(this.data, index);
      const t = tf.randomUniform([batchSize], 1, T + 1, 'int32', this.seedFor(s, 1)) as tf.Tensor1D;
      const epsilon = tf.randomNormal(x0.shape, 0, 1, 'float32', this.seedFor(s, 2));
      return { x0, t, epsilon };
    });
    const perExample: tf.Tensor1D[] = [];
    let sums: PieceSums | null = null;
    try {
      for (let k = 0, end = 0; end < batchSize; k++) {
        const begin = end;
        end = Math.round(((k + 1) * batchSize) / Math.min(parts, batchSize));
        const size = end - begin;
        const previous = sums as PieceSums | null;
        sums = tf.tidy(() => {
          const [x0, t, epsilon] = size === batchSize ? [drawn.x0, drawn.t, drawn.epsilon] : [drawn.x0, drawn.t, drawn.epsilon].map((d) => tf.slice(d, begin, size));
          const broadcast = [size, ...x0.shape.slice(1).map(() => 1)];
          const { value, grads } = tf.variableGrads(() => {
            const xt = tf.add(
              tf.mul(tf.reshape(tf.gather(this.sqrtAlphaBar, t), broadcast), x0),
              tf.mul(tf.reshape(tf.gather(this.sqrtOneMinusAlphaBar, t), broadcast), epsilon),
            );
            const squared = tf.square(tf.sub(epsilon, this.model.predict(xt, tf.cast(t, 'float32') as tf.Tensor1D)));
            const losses = tf.keep(tf.mean(tf.reshape(squared, [size, -1]), 1) as tf.Tensor1D);
            perExample.push(losses);
            // The piece's share of the batch's mean loss, so that the pieces' gradients sum to the batch's.
            return tf.div(tf.sum(losses), batchSize) as tf.Scalar;
          }, variables);
          const gradients = variables.map((v) => grads[v.name]);
          return previous
            ? { gradients: gradients.map((g, i) => tf.add(previous.gradients[i], g)), cost: tf.add(previous.cost, value) as tf.Scalar }
            : { gradients, cost: value };
        });
        if (previous) tf.dispose([...previous.gradients, previous.cost]);
        if (end < batchSize) yield perExample[k];
      }
      const { gradients, cost } = sums!;
      this.optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: gradients[i] })));
      this.step++;
      this.chunkSteps++;
      const lossSum = tf.add(this.lossSum, cost) as tf.Scalar;
      tf.dispose([this.lossSum, this.last?.t, this.last?.perExample]);
      this.lossSum = lossSum;
      this.last = { t: drawn.t, perExample: perExample.length === 1 ? perExample[0] : tf.concat(perExample) };
    } finally {
      // Whatever the step did not keep, also when a piece failed or the caller stopped between pieces.
      if (sums) tf.dispose([...sums.gradients, sums.cost]);
      tf.dispose([drawn.x0, drawn.epsilon, ...[drawn.t, ...perExample].filter((x) => x !== this.last?.t && x !== this.last?.perExample)]);
    }
  }

  /**
   * Reads the steps run since the last read (one transfer) and starts a new chunk. When the loss
   * has not diverged the weights are remembered as the last good ones.
   */
  async readChunk(): Promise<ChunkStats> {
    const bins = this.binEdges.length - 1;
    const last = this.last;
    const packed = tf.tidy(() =>
      tf.concat(last ? [tf.reshape(this.lossSum, [1]), last.perExample, tf.cast(last.t, 'float32')] : [tf.reshape(this.lossSum, [1])]),
    );
    const values = await packed.data();
    packed.dispose();
    const steps = this.chunkSteps;
    const binSums = new Float64Array(bins);
    const binCounts = new Float64Array(bins);
    if (last) {
      const n = last.t.shape[0];
      for (let i = 0; i < n; i++) {
        // t falls in bin ⌊(t − 1)·bins / T⌋ (see lossBinEdges).
        const bin = Math.floor(((values[1 + n + i] - 1) * bins) / this.schedule.T);
        binSums[bin] += values[1 + i];
        binCounts[bin]++;
      }
    }
    const stats: ChunkStats = { step: this.step, steps, loss: steps > 0 ? values[0] / steps : NaN, binSums, binCounts };
    tf.dispose([this.lossSum, last?.t, last?.perExample]);
    this.lossSum = tf.scalar(0);
    this.last = null;
    this.chunkSteps = 0;
    if (!diverged(stats.loss)) {
      this.model.weights.forEach((w, i) => this.lastGood[i].assign(w.variable));
      this.lastGoodStep = this.step;
    }
    return stats;
  }

  /**
   * Puts back the last weights whose loss had not diverged, and the step they were from; after a
   * divergence with a fresh optimizer too (Adam's moments are as broken as the weights then),
   * after a failed step not.
   */
  restoreLastGood(freshOptimizer = true): void {
    this.step = this.lastGoodStep;
    this.model.weights.forEach((w, i) => w.variable.assign(this.lastGood[i]));
    // A failed step may leave a chunk half counted.
    tf.dispose([this.lossSum, this.last?.t, this.last?.perExample]);
    this.lossSum = tf.scalar(0);
    this.last = null;
    this.chunkSteps = 0;
    if (!freshOptimizer) return;
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.settings.learningRate);
  }

  /** Changes the learning rate from the next step on (Adam keeps its moments). */
  setLearningRate(learningRate: number): void {
    this.settings.learningRate = learningRate;
    // Adam reads its (protected) learningRate on every step.
    (this.optimizer as unknown as { learningRate: number }).learningRate = learningRate;
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([this.data, this.sqrtAlphaBar, this.sqrtOneMinusAlphaBar, this.lossSum, this.last?.t, this.last?.perExample]);
    tf.dispose(this.lastGood);
  }
}
