import { memo } from 'react';
import type { SamplerSettings } from '../../diffusion/samplerPlans';

/** The reverse-process sampler (DDPM with σ² = β or β̃, DDIM with η) and its steps, for any lab. */
export const SamplerFields = memo(function SamplerFields({ sampler, T, onChange }: { sampler: SamplerSettings; T: number; onChange: (next: SamplerSettings) => void }) {
  return (
    <>
      <label>
        Sampler
        <select
          value={sampler.kind}
          onChange={(e) =>
            onChange(
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
            if (Number.isInteger(v) && v >= 1 && v <= T) onChange({ ...sampler, steps: v });
          }}
        />
        <span className="subtle">of {T}</span>
      </label>
      {sampler.kind === 'ddpm' ? (
        <label>
          σ²ₜ
          <select
            value={sampler.variance}
            onChange={(e) => onChange({ ...sampler, variance: e.target.value as 'beta' | 'betaTilde' })}
            aria-label="Reverse variance σ² of the DDPM sampler"
          >
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
            onChange={(e) => onChange({ ...sampler, eta: Number(e.target.value) })}
          />
          <span className="eta-value">{sampler.eta.toFixed(2)}</span>
        </label>
      )}
    </>
  );
});
