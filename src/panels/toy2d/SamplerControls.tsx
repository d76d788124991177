import { memo } from 'react';
import type { SamplerSettings } from '../../diffusion/samplerPlans';
import { SamplerFields } from '../common/SamplerFields';
import { equalExcept } from '../common/equalExcept';
import { TOY_LIMITS, TOY_OVERLAYS, type ToyOverlay, type ToyState } from '../../state/toyState';

const OVERLAY_LABELS: Record<ToyOverlay, string> = {
  contours: 'density q(x_t)',
  trails: 'trails',
  field: 'field −ε_θ(x, t)',
  x0: 'predicted x̂₀',
};

/** The reverse-process sampler (DDPM with σ² = β or β̃, DDIM with η), its steps and seed, and what the planes show. */
export const SamplerControls = memo(function SamplerControls({ toy, onToy }: { toy: ToyState; onToy: (patch: Partial<ToyState>) => void }) {
  const { sampler, T } = toy;
  const set = (next: SamplerSettings) => onToy({ sampler: next });
  const toggle = (o: ToyOverlay) =>
    onToy({ overlays: toy.overlays.includes(o) ? toy.overlays.filter((v) => v !== o) : TOY_OVERLAYS.filter((v) => v === o || toy.overlays.includes(v)) });
  return (
    <div className="sampler-controls">
      <div className="option-row">
        <SamplerFields sampler={sampler} T={T} onChange={set} />
        <button type="button" onClick={() => onToy({ seed: (toy.seed % (TOY_LIMITS.seed[1] - 1)) + 1 })}>
          New samples
        </button>
        <span className="subtle seed">seed {toy.seed}</span>
      </div>
      <div className="option-row overlays" role="group" aria-label="What the planes show">
        {TOY_OVERLAYS.map((o) => (
          <label key={o} className="check">
            <input type="checkbox" checked={toy.overlays.includes(o)} onChange={() => toggle(o)} />
            {OVERLAY_LABELS[o]}
          </label>
        ))}
      </div>
    </div>
  );
}, equalExcept('toy', 't'));
