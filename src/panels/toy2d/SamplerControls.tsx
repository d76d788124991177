import type { SamplerSettings } from '../../diffusion/samplerPlans';
import { TOY_LIMITS, TOY_OVERLAYS, type ToyOverlay, type ToyState } from '../../state/toyState';

const OVERLAY_LABELS: Record<ToyOverlay, string> = {
  contours: 'density q(x_t)',
  trails: 'trails',
  field: 'field −ε_θ(x, t)',
  x0: 'predicted x̂₀',
};

/** The reverse-process sampler (DDPM with σ² = β or β̃, DDIM with η), its steps and seed, and what the planes show. */
export function SamplerControls({ toy, onToy }: { toy: ToyState; onToy: (patch: Partial<ToyState>) => void }) {
  const { sampler, T } = toy;
  const set = (next: SamplerSettings) => onToy({ sampler: next });
  const toggle = (o: ToyOverlay) =>
    onToy({ overlays: toy.overlays.includes(o) ? toy.overlays.filter((v) => v !== o) : TOY_OVERLAYS.filter((v) => v === o || toy.overlays.includes(v)) });
  return (
    <div className="sampler-controls">
      <div className="option-row">
        <label>
          Sampler
          <select
            value={sampler.kind}
            onChange={(e) =>
              set(
                e.target.value === 'ddim'
                  ? { kind: 'ddim', steps: Math.min(sampler.steps, Math.min(T, 20)), eta: 0 }
                  : { kind: 'ddpm', steps: T, variance: 'betaTilde' },
              )
            }
          >
            <option value="ddpm">DDPM (ancestral)</option>
            <option value="ddim">DDIM</option>
          </select>
        </label>
        <label>
          Steps
          <input
            type="number"
            min={1}
            max={T}
            value={sampler.steps}
            aria-label="Sampling steps (respaced when fewer than T)"
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 1 && v <= T) set({ ...sampler, steps: v });
            }}
          />
          <span className="subtle">of {T}</span>
        </label>
        {sampler.kind === 'ddpm' ? (
          <label>
            σ²ₜ
            <select value={sampler.variance} onChange={(e) => set({ ...sampler, variance: e.target.value as 'beta' | 'betaTilde' })} aria-label="Reverse variance σ² of the DDPM sampler">
              <option value="betaTilde">β̃ (posterior)</option>
              <option value="beta">β</option>
            </select>
          </label>
        ) : (
          <label>
            η
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={sampler.eta}
              aria-label="DDIM noise η (0 is deterministic)"
              onChange={(e) => set({ ...sampler, eta: Number(e.target.value) })}
            />
            <span className="eta-value">{sampler.eta.toFixed(2)}</span>
          </label>
        )}
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
}
