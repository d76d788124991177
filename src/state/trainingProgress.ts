/**
 * What both labs' model hooks do with the trainer worker's messages: the curves they keep, the
 * loss by timestep as it is now, and the backend a URL forces.
 */
import { isTrainBackend, type TrainBackend } from '../engine/trainBackend';
import type { FromWorker } from '../engine/worker/protocol';

/** Points kept of a curve (loss, quality); past that it is thinned to every other point. */
const MAX_CURVE_POINTS = 1500;
export const thin = <T,>(curve: T[]): T[] => (curve.length >= MAX_CURVE_POINTS ? curve.filter((_, i) => i % 2 === 0) : curve);

export interface LossByT {
  edges: number[];
  values: Float64Array;
}

/** The loss by timestep after a progress message: an exponential moving average per bin. */
export function mergeLossByT(previous: LossByT | null, m: Extract<FromWorker, { type: 'progress' }>): LossByT {
  const values = new Float64Array(m.binSums.length);
  const old = previous && previous.values.length === values.length ? previous.values : null;
  for (let i = 0; i < values.length; i++) {
    const fresh = m.binCounts[i] > 0 ? m.binSums[i] / m.binCounts[i] : NaN;
    const before = old ? old[i] : NaN;
    values[i] = Number.isNaN(before) ? fresh : Number.isNaN(fresh) ? before : 0.8 * before + 0.2 * fresh;
  }
  return { edges: m.binEdges, values };
}

/** A model's step, time, speed (smoothed), loss by timestep and loss curve after a progress message. */
export function afterProgress(
  cur: { stepsPerSecond: number | null; lossByT: LossByT | null },
  loss: { step: number; loss: number }[],
  m: Extract<FromWorker, { type: 'progress' }>,
) {
  return {
    step: m.step,
    trainingSeconds: m.trainingSeconds,
    stepsPerSecond: cur.stepsPerSecond === null ? m.stepsPerSecond : 0.7 * cur.stepsPerSecond + 0.3 * m.stepsPerSecond,
    pieces: m.pieces,
    lossByT: mergeLossByT(cur.lossByT, m),
    loss: [...thin(loss), { step: m.step, loss: m.loss }],
  };
}

/** The backend `?trainBackend=` forces, or a notice when it names none. */
export function forcedBackend(): { backend: TrainBackend | null; notice: string | null } {
  const raw = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('trainBackend') : null;
  if (raw === null || raw === '') return { backend: null, notice: null };
  if (isTrainBackend(raw)) return { backend: raw, notice: null };
  return { backend: null, notice: `Unknown trainBackend “${raw}”: use webgpu, webgl, wasm or cpu. Choosing by measurement.` };
}
