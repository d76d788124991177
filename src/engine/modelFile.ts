/**
 * The file a trained model is saved as (and the pretrained presets in models/ are): one JSON
 * document with the architecture, the schedule it was trained for, how it was trained, and its
 * weights as base64 little-endian float32. Parsing checks everything a bad file could get wrong
 * and says what, so a truncated or foreign file never reaches the model.
 */
import { SCHEDULE_KINDS, T_MAX, T_MIN, type ScheduleKind } from '../diffusion/schedules';
import { mlp2dSpecProblem, mlp2dWeightShapes, type Mlp2dSpec } from './models/mlp2dSpec';
import { unetSpecProblem, unetWeightShapes, type UnetSpec } from './models/unetSpec';
import type { ModelSpec } from './models/types';
import type { WeightArray } from './models/weights';

export const MODEL_FILE_FORMAT = 'diffusion-playground/model';
export const MODEL_FILE_VERSION = 1;

/** How a model was trained, for the record (all optional except the step count). */
export interface TrainingRecord {
  steps: number;
  dataset?: string;
  learningRate?: number;
  batchSize?: number;
  seed?: number;
  /** Seconds of training. */
  seconds?: number;
  backend?: string;
}

export interface ModelSnapshot {
  model: ModelSpec;
  schedule: { kind: ScheduleKind; T: number };
  dataShape: number[];
  training: TrainingRecord;
  /** Anything measured about the model (e.g. quality scores), kept as it is. */
  notes?: Record<string, unknown>;
  weights: WeightArray[];
}

export class ModelFileError extends Error {}

function toBase64(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string, name: string): Float32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new ModelFileError(`weight “${name}” is not valid base64`);
  }
  if (binary.length % 4 !== 0) throw new ModelFileError(`weight “${name}” is ${binary.length} bytes, not a whole number of float32s`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export function serializeModel(snapshot: ModelSnapshot): string {
  return JSON.stringify({
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    model: snapshot.model,
    schedule: snapshot.schedule,
    dataShape: snapshot.dataShape,
    training: snapshot.training,
    ...(snapshot.notes ? { notes: snapshot.notes } : {}),
    weights: snapshot.weights.map((w) => ({ name: w.name, shape: w.shape, data: toBase64(w.data) })),
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShape = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.length <= 8 && v.every((d) => Number.isInteger(d) && d > 0 && d <= 1 << 20);

/** Why a model spec from a file is unusable, or null. */
function specProblem(spec: unknown): string | null {
  if (!isObject(spec)) return 'it has no model description';
  if (spec.kind === 'mlp2d') return mlp2dSpecProblem(spec as unknown as Mlp2dSpec);
  if (spec.kind === 'unet') return unetSpecProblem(spec as unknown as UnetSpec);
  return `it describes a model of kind “${String(spec.kind)}”, which this app does not know`;
}

/** Parses and checks a model file; throws ModelFileError saying what is wrong. */
export function parseModelFile(text: string): ModelSnapshot {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`This is not a model file: its JSON does not parse, so it may be truncated (${(e as Error).message}).`);
  }
  const bad = (why: string) => new ModelFileError(`This model file cannot be used: ${why}.`);
  if (!isObject(doc) || doc.format !== MODEL_FILE_FORMAT)
    throw new ModelFileError('This is not a Diffusion Playground model file (its “format” field is missing or different).');
  if (doc.version !== MODEL_FILE_VERSION) throw bad(`it is version ${String(doc.version)}; this app reads version ${MODEL_FILE_VERSION}`);
  const problem = specProblem(doc.model);
  if (problem) throw bad(problem);
  const schedule = doc.schedule;
  if (
    !isObject(schedule) ||
    !(SCHEDULE_KINDS as readonly unknown[]).includes(schedule.kind) ||
    !Number.isInteger(schedule.T) ||
    (schedule.T as number) < T_MIN ||
    (schedule.T as number) > T_MAX
  )
    throw bad(`its schedule must be one of ${SCHEDULE_KINDS.join(', ')} with a whole T from ${T_MIN} to ${T_MAX}`);
  if (!isShape(doc.dataShape)) throw bad('its data shape is missing or invalid');
  const training = doc.training;
  if (!isObject(training) || !Number.isInteger(training.steps) || (training.steps as number) < 0)
    throw bad('its training record has no valid step count');
  if (!Array.isArray(doc.weights) || doc.weights.length === 0) throw bad('it has no weights');
  const weights = doc.weights.map((w: unknown, i: number): WeightArray => {
    if (!isObject(w) || typeof w.name !== 'string' || !isShape(w.shape) || typeof w.data !== 'string')
      throw bad(`weight ${i + 1} is not a {name, shape, data} entry`);
    const data = fromBase64(w.data, w.name);
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw bad(`weight “${w.name}” has ${data.length} values but its shape ${w.shape.join('×')} needs ${size}`);
    if (!data.every(Number.isFinite)) throw bad(`weight “${w.name}” holds NaN or infinite values`);
    return { name: w.name, shape: w.shape, data };
  });
  const spec = doc.model as unknown as ModelSpec;
  // The weights must be exactly the architecture's, name for name and shape for shape.
  const expected = spec.kind === 'mlp2d' ? mlp2dWeightShapes(spec) : unetWeightShapes(spec);
  const architecture =
    spec.kind === 'mlp2d' ? `${spec.width}-wide, ${spec.depth}-block MLP` : `${spec.channels}-channel U-Net for ${spec.side}×${spec.side} images`;
  for (const e of expected) {
    const w = weights.find((v) => v.name === e.name);
    if (!w) throw bad(`it has no weight “${e.name}”, which its ${architecture} needs`);
    if (w.shape.join('×') !== e.shape.join('×')) throw bad(`weight “${e.name}” is ${w.shape.join('×')}, but its architecture needs ${e.shape.join('×')}`);
  }
  const extra = weights.find((w) => !expected.some((e) => e.name === w.name));
  if (extra) throw bad(`it has a weight “${extra.name}” its architecture does not use`);
  return {
    model: spec,
    schedule: { kind: schedule.kind as ScheduleKind, T: schedule.T as number },
    dataShape: doc.dataShape,
    training: training as unknown as TrainingRecord,
    ...(isObject(doc.notes) ? { notes: doc.notes } : {}),
    weights,
  };
}
