import { useRef, useState } from 'react';
import { MLP2D_LIMITS } from '../../engine/models/mlp2d';
import { ModelFileError } from '../../engine/modelFile';
import { TOY_LIMITS, type ToyState } from '../../state/toyState';
import { ScheduleSelect } from '../common/DiffusionInputs';
import { fmt, formatSeconds, NumberField } from '../common/NumberField';
import { hasPreset } from './presets';
import type { ModelSource, ToyModel } from './useToyModel';

interface TrainingControlsProps {
  toy: ToyState;
  model: ToyModel;
  /** Why training cannot start (e.g. an empty drawing), or null. */
  blocked: string | null;
  onToy: (patch: Partial<ToyState>) => void;
  train: (until: number | null) => void;
  pause: () => void;
  step: () => void;
  reset: () => void;
  loadPreset: () => void;
  save: () => Promise<Blob>;
  load: (text: string) => Partial<ToyState> | null;
}

const SOURCE_LABELS: Record<ModelSource, string> = {
  preset: 'pretrained preset',
  checkpoint: 'your model (restored)',
  fresh: 'your model',
  file: 'loaded from a file',
};

/** Train, pause, step, reset; the target and progress; the model and optimiser settings; files. */
export function TrainingControls({ toy, model, blocked, onToy, train, pause, step, reset, loadPreset, save, load }: TrainingControlsProps) {
  const [more, setMore] = useState(2000);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const startStep = useRef(model.step);
  const training = model.status === 'training';
  const ready = model.status === 'ready';
  const canTrain = ready && !blocked;

  const progress =
    training && model.target !== null ? Math.min(1, (model.step - startStep.current) / Math.max(1, model.target - startStep.current)) : null;
  const eta = training && model.target !== null && model.stepsPerSecond ? (model.target - model.step) / model.stepsPerSecond : null;

  const onSave = async () => {
    try {
      const blob = await save();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `diffusion-2d-${toy.dataset}-${model.step}steps.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setFileError(`The model could not be saved: ${(e as Error).message}`);
    }
  };

  const onLoad = async (file: File) => {
    setFileError(null);
    try {
      if (file.size > 50 * 1024 * 1024) throw new ModelFileError(`“${file.name}” is ${(file.size / 1e6).toFixed(0)} MB: far too large to be a 2-D lab model.`);
      const patch = load(await file.text());
      if (patch) onToy(patch);
    } catch (e) {
      setFileError(`“${file.name}” was not loaded. ${(e as Error).message} Your current model is unchanged.`);
    }
  };

  return (
    <div className="training-controls">
      <div className="train-row">
        {training ? (
          <button type="button" className="primary" onClick={pause}>
            ❚❚ Pause
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={!canTrain}
            onClick={() => {
              startStep.current = model.step;
              train(null);
            }}
          >
            ▶ Train
          </button>
        )}
        <button type="button" disabled={!canTrain} onClick={step}>
          Step
        </button>
        <span className="train-more">
          <button
            type="button"
            disabled={!canTrain}
            onClick={() => {
              startStep.current = model.step;
              train(model.step + more);
            }}
          >
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
        {toy.dataset !== 'drawn' && hasPreset(toy.dataset) && model.source !== 'preset' && (
          <button type="button" disabled={training} onClick={loadPreset}>
            Pretrained
          </button>
        )}
      </div>

      {blocked && <p className="field-error" role="alert">{blocked}</p>}

      <div className="train-status" aria-live="polite">
        <span data-testid="train-step">
          step <strong>{fmt(model.step)}</strong>
        </span>
        <span>{formatSeconds(model.trainingSeconds)} trained</span>
        {model.stepsPerSecond !== null && <span data-testid="steps-per-second">{fmt(Math.round(model.stepsPerSecond))} steps/s</span>}
        <span className="subtle">{SOURCE_LABELS[model.source]}</span>
        {model.status === 'starting' && <span className="subtle">starting the trainer…</span>}
        {model.probing && <span className="subtle">measuring the backends…</span>}
      </div>
      {progress !== null && (
        <div className="progress-line">
          <progress max={1} value={progress} aria-label="Training progress" />
          <span>
            {Math.round(progress * 100)} % · {eta !== null ? `${formatSeconds(eta)} left` : '…'}
          </span>
        </div>
      )}

      <details className="backend-details">
        <summary>
          Trains on <strong data-testid="train-backend">{model.backend ?? '…'}</strong>
          {model.probe ? ', the fastest measured here' : ''}
        </summary>
        {model.probe ? (
          <ul>
            {model.probe.map((r) => (
              <li key={r.backend}>
                {r.backend}: {r.msPerStep !== null ? `${r.msPerStep.toFixed(1)} ms a step` : r.note}
              </li>
            ))}
          </ul>
        ) : (
          <p className="subtle">
            {model.probing
              ? 'Measuring every backend on this model…'
              : 'While the lab is idle it times a few steps on every backend and trains on the fastest (remembered for this device).'}{' '}
            Force one with ?trainBackend=wasm|webgl|webgpu|cpu.
          </p>
        )}
      </details>

      <fieldset className="settings">
        <legend>Optimiser (applies at once)</legend>
        <NumberField label="Learning rate" value={toy.learningRate} min={TOY_LIMITS.learningRate[0]} max={TOY_LIMITS.learningRate[1]} step="any" integer={false} onCommit={(v) => onToy({ learningRate: v })} />
        <NumberField label="Batch size" value={toy.batchSize} min={TOY_LIMITS.batchSize[0]} max={TOY_LIMITS.batchSize[1]} onCommit={(v) => onToy({ batchSize: v })} />
      </fieldset>

      <fieldset className="settings" disabled={training}>
        <legend>Model and diffusion (a change starts another model; each one is kept)</legend>
        <NumberField label="Width" value={toy.model.width} min={MLP2D_LIMITS.width[0]} max={MLP2D_LIMITS.width[1]} onCommit={(v) => onToy({ model: { ...toy.model, width: v } })} />
        <NumberField label="Residual blocks" value={toy.model.depth} min={MLP2D_LIMITS.depth[0]} max={MLP2D_LIMITS.depth[1]} onCommit={(v) => onToy({ model: { ...toy.model, depth: v } })} />
        <NumberField label="Fourier octaves of x" value={toy.model.octaves} min={MLP2D_LIMITS.octaves[0]} max={MLP2D_LIMITS.octaves[1]} onCommit={(v) => onToy({ model: { ...toy.model, octaves: v } })} />
        <label className="field">
          <span>Schedule</span>
          <ScheduleSelect value={toy.schedule} onChange={(schedule) => onToy({ schedule })} />
        </label>
        <NumberField label="Steps T" value={toy.T} min={TOY_LIMITS.T[0]} max={TOY_LIMITS.T[1]} onCommit={(v) => onToy({ T: v, sampler: { ...toy.sampler, steps: toy.sampler.steps === toy.T ? v : toy.sampler.steps } })} />
      </fieldset>

      <div className="file-row">
        <button type="button" onClick={onSave} disabled={model.status !== 'ready' && !training}>
          Save model…
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={training}>
          Load model…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Load a saved model file"
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
    </div>
  );
}
