/** The digits lab's training controls: train, pause, step, reset; the preset and optimiser; progress; the backends; files; what to do when a step fails. */
import { memo } from 'react';
import { UNET_PRESET_LABELS, UNET_PRESETS, unetParameters, type UnetPreset } from '../../engine/models/unetSpec';
import { trainBackendsFor, type TrainBackend } from '../../engine/trainBackend';
import { DIGITS_LIMITS, type DigitsState } from '../../state/digitsState';
import type { BackendProbe } from '../../state/useBackendProbe';
import { equalExcept } from '../common/equalExcept';
import { fmt, NumberField } from '../common/NumberField';
import { BackendDetails, ModelFileRow, TrainingStatus, TrainRow } from '../common/TrainingParts';
import { hasPretrained } from './pretrained';
import { GRID_SIZE, type DigitsModel, type DigitsSource } from './useDigitsModel';

const SOURCE_LABELS: Record<DigitsSource, string> = {
  pretrained: 'shipped pretrained model',
  checkpoint: 'your model (restored)',
  fresh: 'your model',
  file: 'loaded from a file',
};

const PRESETS = Object.keys(UNET_PRESETS) as UnetPreset[];

interface DigitsTrainingProps {
  digits: DigitsState;
  model: DigitsModel;
  probe: BackendProbe | null;
  probing: boolean;
  /** Whether ?trainBackend= chose the backend. */
  forced: boolean;
  onDigits: (patch: Partial<DigitsState>) => void;
  train: (until: number | null) => void;
  pause: () => void;
  step: () => void;
  reset: () => void;
  loadPretrained: () => void;
  /** After a failed step: go on with another backend. */
  trainOn: (backend: TrainBackend) => void;
  dismissFault: () => void;
  save: () => Promise<Blob>;
  load: (text: string) => Promise<UnetPreset | null>;
}

/** A failed step (out of memory, a lost device): what happened, what is kept, and the ways on. */
function FaultBox({ model, preset, onDigits, trainOn, dismiss }: { model: DigitsModel; preset: UnetPreset; onDigits: DigitsTrainingProps['onDigits']; trainOn: DigitsTrainingProps['trainOn']; dismiss: () => void }) {
  const fault = model.fault!;
  const smaller = PRESETS.slice(0, PRESETS.indexOf(preset)).reverse();
  const lost = fault.kind === 'device';
  // After a lost device the same backend may come back in a new worker; after running out of memory it would fail again.
  const backends = trainBackendsFor('unet').filter((b) => lost || b !== fault.backend);
  return (
    <div className="fault-box" role="alert" data-testid="digits-fault">
      <p>
        <strong>{fault.message}</strong>{' '}
        {lost
          ? model.savedStep !== null
            ? `The model saved in this browser at step ${fmt(model.savedStep)} is kept; start again from it:`
            : 'The model this lab started from is kept; start again from it:'
          : `The model is kept as it was at step ${fmt(fault.step)}. Go on with ${smaller.length ? 'a smaller U-Net or batch size' : 'a smaller batch size'}, or another backend:`}
      </p>
      <div className="fault-actions">
        {!lost &&
          smaller.map((p) => (
            <button key={p} type="button" onClick={() => onDigits({ preset: p })}>
              Switch to the {UNET_PRESET_LABELS[p]} U-Net ({fmt(unetParameters(UNET_PRESETS[p]))} parameters)
            </button>
          ))}
        {backends.map((b) => (
          <button key={b} type="button" onClick={() => trainOn(b)}>
            {lost ? `Restart on ${b}` : `Train on ${b} instead`}
          </button>
        ))}
        {!lost && (
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}

export const DigitsTraining = memo(function DigitsTraining({ digits, model, probe, probing, forced, onDigits, train, pause, step, reset, loadPretrained, trainOn, dismissFault, save, load }: DigitsTrainingProps) {
  const training = model.status === 'training';
  const ready = model.status === 'ready';
  const lost = model.fault?.kind === 'device';
  return (
    <div className="training-controls">
      <TrainRow model={model} canTrain={ready && !lost} defaultMore={200} train={train} pause={pause} step={step} reset={reset}>
        {hasPretrained(digits.preset) && model.source !== 'pretrained' && (
          <button type="button" disabled={training} onClick={loadPretrained}>
            Shipped model
          </button>
        )}
      </TrainRow>
      {model.fault && <FaultBox model={model} preset={digits.preset} onDigits={onDigits} trainOn={trainOn} dismiss={dismissFault} />}

      <TrainingStatus model={model} source={SOURCE_LABELS[model.source]}>
        {model.savedStep !== null && (
          <span className="subtle" data-testid="digits-saved">
            saved in this browser at step {fmt(model.savedStep)}
          </span>
        )}
      </TrainingStatus>
      <BackendDetails
        backend={model.backend}
        sampleOn={model.sampleOn}
        probe={probe}
        probing={probing}
        forced={forced}
        forceable={trainBackendsFor('unet')}
        samplingBatch={GRID_SIZE}
        pieces={model.pieces}
        about="While the lab is idle it times a training step on every backend that can train a U-Net, and a forward pass on every backend that can sample (wasm cannot train convolutions but samples fastest without a GPU); the lab trains and samples on the fastest, remembered for this device. Without a GPU this takes a minute or two."
      />

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

      <ModelFileRow
        canSave={ready || training}
        canLoad={!training}
        fileName={`diffusion-digits-${digits.preset}-${model.step}steps.json`}
        lab="digits lab"
        save={save}
        load={async (text) => {
          const preset = await load(text);
          if (preset) onDigits({ preset });
        }}
      />
    </div>
  );
}, equalExcept('digits', 'frame'));
