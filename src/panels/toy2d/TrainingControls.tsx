import { memo } from 'react';
import { MLP2D_LIMITS } from '../../engine/models/mlp2d';
import { trainBackendsFor } from '../../engine/trainBackend';
import { TOY_LIMITS, type ToyState } from '../../state/toyState';
import type { BackendProbe } from '../../state/useBackendProbe';
import { ScheduleSelect } from '../common/DiffusionInputs';
import { equalExcept } from '../common/equalExcept';
import { NumberField } from '../common/NumberField';
import { BackendDetails, ModelFileRow, TrainingStatus, TrainRow } from '../common/TrainingParts';
import { hasPreset } from './presets';
import type { ModelSource, ToyModel } from './useToyModel';

interface TrainingControlsProps {
  toy: ToyState;
  model: ToyModel;
  probe: BackendProbe | null;
  probing: boolean;
  /** Whether ?trainBackend= chose the backend. */
  forced: boolean;
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
export const TrainingControls = memo(function TrainingControls({ toy, model, probe, probing, forced, blocked, onToy, train, pause, step, reset, loadPreset, save, load }: TrainingControlsProps) {
  const training = model.status === 'training';
  return (
    <div className="training-controls">
      <TrainRow model={model} canTrain={model.status === 'ready' && !blocked} defaultMore={2000} train={train} pause={pause} step={step} reset={reset}>
        {toy.dataset !== 'drawn' && hasPreset(toy.dataset) && model.source !== 'preset' && (
          <button type="button" disabled={training} onClick={loadPreset}>
            Pretrained
          </button>
        )}
      </TrainRow>

      {blocked && <p className="field-error" role="alert">{blocked}</p>}

      <TrainingStatus model={model} source={SOURCE_LABELS[model.source]} />

      <BackendDetails
        backend={model.backend}
        probe={probe}
        probing={probing}
        forced={forced}
        forceable={trainBackendsFor('mlp2d')}
        pieces={model.pieces}
        about="While the lab is idle it times a few steps on every backend and trains on the fastest (remembered for this device)."
      />

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

      <ModelFileRow
        canSave={model.status === 'ready' || training}
        canLoad={!training}
        fileName={`diffusion-2d-${toy.dataset}-${model.step}steps.json`}
        lab="2-D lab"
        save={save}
        load={(text) => {
          const patch = load(text);
          if (patch) onToy(patch);
        }}
      />
    </div>
  );
}, equalExcept('toy', 't'));
