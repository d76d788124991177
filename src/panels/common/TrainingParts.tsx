/**
 * The training controls both labs share: the train row, the status line with the progress bar
 * and ETA, where the model trains and samples (with the backend probe's measurements), and the
 * model file row.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { ProbeResult, TrainBackend } from '../../engine/trainBackend';
import type { BackendProbe } from '../../state/useBackendProbe';
import { download } from './exports';
import { fmt, formatSeconds } from './NumberField';

/** What the shared controls read of a lab's model. */
export interface TrainingView {
  status: 'starting' | 'ready' | 'training' | 'failed';
  step: number;
  trainingSeconds: number;
  stepsPerSecond: number | null;
  /** The step training is heading for (null: open-ended), and the step it started from. */
  target: number | null;
  targetFrom: number;
  backend: TrainBackend | null;
}

interface TrainRowProps {
  model: TrainingView;
  /** Whether training may start (the model is ready and nothing blocks it). */
  canTrain: boolean;
  /** The default of "train for N steps". */
  defaultMore: number;
  train: (until: number | null) => void;
  pause: () => void;
  step: () => void;
  reset: () => void;
  /** More buttons (back to the pretrained model). */
  children?: ReactNode;
}

/** Train or pause, one step, train for N steps, reset. */
export function TrainRow({ model, canTrain, defaultMore, train, pause, step, reset, children }: TrainRowProps) {
  const [more, setMore] = useState(defaultMore);
  const training = model.status === 'training';
  return (
    <div className="train-row">
      {training ? (
        <button type="button" className="primary" onClick={pause}>
          ❚❚ Pause
        </button>
      ) : (
        <button type="button" className="primary" disabled={!canTrain} onClick={() => train(null)}>
          ▶ Train
        </button>
      )}
      <button type="button" disabled={!canTrain} onClick={step}>
        Step
      </button>
      <span className="train-more">
        <button type="button" disabled={!canTrain} onClick={() => train(model.step + more)}>
          Train for
        </button>
        <input
          type="number"
          min={1}
          max={1_000_000}
          value={more}
          aria-label="Steps to train for"
          onChange={(e) => {
            const v = Math.round(Number(e.target.value));
            if (v >= 1 && v <= 1_000_000) setMore(v);
          }}
        />
        <span>steps</span>
      </span>
      <button type="button" disabled={training || model.status === 'starting'} onClick={reset} title="Start again from random weights">
        Reset to untrained
      </button>
      {children}
    </div>
  );
}

/** Steps per second, or seconds per step when training is slower than a step a second. */
export function formatSpeed(stepsPerSecond: number): string {
  if (stepsPerSecond >= 10) return `${fmt(Math.round(stepsPerSecond))} steps/s`;
  if (stepsPerSecond >= 1) return `${stepsPerSecond.toFixed(1)} steps/s`;
  return `${(1 / stepsPerSecond).toFixed(1)} s/step`;
}

/** The step, the training time, the speed and where the model came from; a progress bar and ETA when training to a target. */
export function TrainingStatus({ model, source, children }: { model: TrainingView; source: string; children?: ReactNode }) {
  const training = model.status === 'training';
  const progress =
    training && model.target !== null ? Math.min(1, Math.max(0, (model.step - model.targetFrom) / Math.max(1, model.target - model.targetFrom))) : null;
  const eta = training && model.target !== null && model.stepsPerSecond ? (model.target - model.step) / model.stepsPerSecond : null;
  return (
    <>
      <div className="train-status" aria-live="polite">
        <span data-testid="train-step">
          step <strong>{fmt(model.step)}</strong>
        </span>
        <span>{formatSeconds(model.trainingSeconds)} trained</span>
        {model.stepsPerSecond !== null && <span data-testid="steps-per-second">{formatSpeed(model.stepsPerSecond)}</span>}
        <span className="subtle">{source}</span>
        {children}
        {model.status === 'starting' && <span className="subtle">starting the trainer…</span>}
      </div>
      {progress !== null && (
        <div className="progress-line">
          <progress max={1} value={progress} aria-label="Training progress" />
          <span>
            {Math.round(progress * 100)} % · {eta !== null ? `${formatSeconds(eta)} left` : '…'}
          </span>
        </div>
      )}
    </>
  );
}

function ProbeList({ results, unit }: { results: ProbeResult[]; unit: string }) {
  return (
    <ul>
      {results.map((r) => (
        <li key={r.backend}>
          {r.backend}: {r.msPerStep !== null ? `${r.msPerStep < 10 ? r.msPerStep.toFixed(1) : fmt(Math.round(r.msPerStep))} ms ${unit}` : r.note}
        </li>
      ))}
    </ul>
  );
}

interface BackendDetailsProps {
  /** The backend training runs on, and where sampling runs when elsewhere. */
  backend: TrainBackend | null;
  sampleOn?: TrainBackend | null;
  probe: BackendProbe | null;
  probing: boolean;
  /** Whether ?trainBackend= chose the training backend (no probe runs then). */
  forced: boolean;
  /** The backends ?trainBackend= accepts for this model, and what the probe does while it is not done. */
  forceable: readonly TrainBackend[];
  about: string;
  /** The number of images a sampling measurement runs through the model. */
  samplingBatch?: number;
  /** Pieces each training step runs in (more than 1 on a device slow enough to need it). */
  pieces: number;
}

/** Where the model trains (and samples), and the probe's measurements behind that choice. */
export function BackendDetails({ backend, sampleOn, probe, probing, forced, forceable, about, samplingBatch, pieces }: BackendDetailsProps) {
  return (
    <details className="backend-details">
      <summary>
        Trains on <strong data-testid="train-backend">{backend ?? '…'}</strong>
        {sampleOn && sampleOn !== backend && (
          <>
            , samples on <strong data-testid="sample-backend">{sampleOn}</strong>
          </>
        )}
        {probe ? ', the fastest measured here' : probing ? ' (measuring the backends…)' : ''}
      </summary>
      {probe ? (
        <>
          <p className="subtle">Training, per step:</p>
          <ProbeList results={probe.training.results} unit="a step" />
          {probe.sampling && (
            <>
              <p className="subtle">Sampling, per forward pass of {samplingBatch ?? 'a batch of'} images:</p>
              <ProbeList results={probe.sampling.results} unit="a pass" />
            </>
          )}
        </>
      ) : (
        <p className="subtle">{forced ? 'Chosen by ?trainBackend= in the address: nothing is measured.' : probing ? 'Measuring every backend on this model…' : about}</p>
      )}
      <p className="subtle">
        Training waits while t moves and goes on a moment after, so that scrubbing stays smooth on a busy CPU or GPU.
        {pieces > 1 && (
          <span data-testid="step-pieces">
            {' '}
            A step takes long enough here to hold up the page, and once started it cannot be stopped, so each step runs in {pieces} pieces of its batch, and
            training can wait between them.
          </span>
        )}
      </p>
      <p className="subtle">Force the training backend with ?trainBackend={forceable.join('|')}.</p>
    </details>
  );
}

interface ModelFileRowProps {
  /** Disable saving (no model yet) and loading (training). */
  canSave: boolean;
  canLoad: boolean;
  /** The file's name when saved. */
  fileName: string;
  /** The lab's name in messages ("2-D lab", "digits lab"). */
  lab: string;
  save: () => Promise<Blob>;
  /** Loads a file's text; throws with a message for the user when it is not a model for this lab. */
  load: (text: string) => Promise<void> | void;
}

/** Save the model as a file and load one back; a bad file gets a message, and the model is kept. */
export function ModelFileRow({ canSave, canLoad, fileName, lab, save, load }: ModelFileRowProps) {
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const onSave = async () => {
    try {
      download(await save(), fileName);
    } catch (e) {
      setFileError(`The model could not be saved: ${(e as Error).message}`);
    }
  };
  const onLoad = async (file: File) => {
    setFileError(null);
    try {
      if (file.size > 50 * 1024 * 1024) throw new Error(`It is ${(file.size / 1e6).toFixed(0)} MB: far too large to be a ${lab} model.`);
      await load(await file.text());
    } catch (e) {
      setFileError(`“${file.name}” was not loaded. ${(e as Error).message} Your current model is unchanged.`);
    }
  };
  return (
    <>
      <div className="file-row">
        <button type="button" onClick={onSave} disabled={!canSave}>
          Save model…
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={!canLoad}>
          Load model…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label={`Load a saved ${lab} model file`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onLoad(file);
          }}
        />
      </div>
      {fileError && (
        <p className="image-error" role="alert">
          <span>{fileError}</span>
          <button type="button" aria-label="Dismiss the file error" onClick={() => setFileError(null)}>
            ×
          </button>
        </p>
      )}
    </>
  );
}
