/** The digits lab's training controls: train, pause, step, reset; the preset and optimiser; progress; files. */
import { useRef, useState } from 'react';
import { ModelFileError } from '../../engine/modelFile';
import { UNET_PRESET_LABELS, UNET_PRESETS, unetParameters, type UnetPreset } from '../../engine/models/unetSpec';
import { DIGITS_LIMITS, type DigitsState } from '../../state/digitsState';
import { fmt, formatSeconds, NumberField } from '../common/NumberField';
import { hasPretrained } from './pretrained';
import type { DigitsModel, DigitsSource } from './useDigitsModel';

const SOURCE_LABELS: Record<DigitsSource, string> = {
  pretrained: 'shipped pretrained model',
  checkpoint: 'your model (restored)',
  fresh: 'your model',
  file: 'loaded from a file',
};

interface DigitsTrainingProps {
  digits: DigitsState;
  model: DigitsModel;
  onDigits: (patch: Partial<DigitsState>) => void;
  train: (until: number | null) => void;
  pause: () => void;
  step: () => void;
  reset: () => void;
  loadPretrained: () => void;
  save: () => Promise<Blob>;
  load: (text: string) => Promise<UnetPreset | null>;
}

export function DigitsTraining({ digits, model, onDigits, train, pause, step, reset, loadPretrained, save, load }: DigitsTrainingProps) {
  const [more, setMore] = useState(200);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const startStep = useRef(model.step);
  const training = model.status === 'training';
  const ready = model.status === 'ready';
  const progress = training && model.target !== null ? Math.min(1, (model.step - startStep.current) / Math.max(1, model.target - startStep.current)) : null;
  const eta = training && model.target !== null && model.stepsPerSecond ? (model.target - model.step) / model.stepsPerSecond : null;

  const onSave = async () => {
    try {
      const url = URL.createObjectURL(await save());
      const a = document.createElement('a');
      a.href = url;
      a.download = `diffusion-digits-${digits.preset}-${model.step}steps.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setFileError(`The model could not be saved: ${(e as Error).message}`);
    }
  };
  const onLoad = async (file: File) => {
    setFileError(null);
    try {
      if (file.size > 50 * 1024 * 1024) throw new ModelFileError(`“${file.name}” is ${(file.size / 1e6).toFixed(0)} MB: far too large to be a digits lab model.`);
      const preset = await load(await file.text());
      if (preset) onDigits({ preset });
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
            disabled={!ready}
            onClick={() => {
              startStep.current = model.step;
              train(null);
            }}
          >
            ▶ Train
          </button>
        )}
        <button type="button" disabled={!ready} onClick={step}>
          Step
        </button>
        <span className="train-more">
          <button
            type="button"
            disabled={!ready}
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
        {hasPretrained(digits.preset) && model.source !== 'pretrained' && (
          <button type="button" disabled={training} onClick={loadPretrained}>
            Shipped model
          </button>
        )}
      </div>

      <div className="train-status" aria-live="polite">
        <span data-testid="digits-step">
          step <strong>{fmt(model.step)}</strong>
        </span>
        <span>{formatSeconds(model.trainingSeconds)} trained</span>
        {model.stepsPerSecond !== null && (
          <span data-testid="digits-speed">
            {model.stepsPerSecond >= 1 ? `${model.stepsPerSecond.toFixed(1)} steps/s` : `${(1 / model.stepsPerSecond).toFixed(1)} s/step`}
          </span>
        )}
        <span className="subtle">{SOURCE_LABELS[model.source]}</span>
        {model.savedStep !== null && (
          <span className="subtle" data-testid="digits-saved">
            saved in this browser at step {fmt(model.savedStep)}
          </span>
        )}
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
      <p className="subtle backend-note">
        Trains on <strong data-testid="digits-backend">{model.backend ?? '…'}</strong>, samples on wasm (a U-Net’s forward pass runs ~15× faster there than on WebGL
        without a GPU; wasm cannot train convolutions). Force the training backend with ?trainBackend=webgpu|webgl|cpu.
      </p>

      <fieldset className="settings" disabled={training}>
        <legend>Model (each size keeps its own model)</legend>
        <label className="field">
          <span>U-Net size</span>
          <select value={digits.preset} onChange={(e) => onDigits({ preset: e.target.value as UnetPreset })} aria-label="U-Net size">
            {(Object.keys(UNET_PRESETS) as UnetPreset[]).map((p) => (
              <option key={p} value={p}>
                {UNET_PRESET_LABELS[p]} · {fmt(unetParameters(UNET_PRESETS[p]))} parameters
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset className="settings">
        <legend>Optimiser</legend>
        <NumberField label="Learning rate" value={digits.learningRate} min={DIGITS_LIMITS.learningRate[0]} max={DIGITS_LIMITS.learningRate[1]} step="any" integer={false} onCommit={(v) => onDigits({ learningRate: v })} />
        <NumberField label="Batch size" value={digits.batchSize} min={DIGITS_LIMITS.batchSize[0]} max={DIGITS_LIMITS.batchSize[1]} onCommit={(v) => onDigits({ batchSize: v })} />
      </fieldset>

      <div className="file-row">
        <button type="button" onClick={onSave} disabled={!ready && !training}>
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
          aria-label="Load a saved digits model file"
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
