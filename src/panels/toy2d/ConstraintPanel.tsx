import { memo, useEffect, useMemo, useState } from 'react';
import type { SamplerSettings } from '../../diffusion/samplerPlans';
import type { Constraint } from '../../engine/samplers/run';
import { TOY_LIMITS, type ToyConstraint, type ToyState } from '../../state/toyState';
import { equalExcept } from '../common/equalExcept';
import { Plane, type PointLayer } from './Plane';
import { LAB_COLORS } from './LabPlanes';

interface ConstraintPanelProps {
  toy: ToyState;
  onToy: (patch: Partial<ToyState>) => void;
  /** Unconstrained samples from the same x_T to compare with, or null. */
  samples: Float32Array | null;
  /** Changes when the model does. */
  modelVersion: number;
  sample: (sampler: SamplerSettings, constraint: Constraint, n: number, seed: number) => Promise<Float32Array | null>;
}

const N = 400;
const DEFAULT_CONSTRAINT: ToyConstraint = { x: 1, y: 1, std: 0.5 };

/**
 * Multiplying distributions (Sohl-Dickstein et al. 2015, §2.5): the reverse kernel N(μ, σ²)
 * becomes N(μ + σ² ∇log r(μ), σ²) for a Gaussian r(x) the user drags; samples then lean towards
 * p(x)·r(x). Shown beside the unconstrained samples from the same x_T.
 */
export const ConstraintPanel = memo(function ConstraintPanel({ toy, onToy, samples, modelVersion, sample }: ConstraintPanelProps) {
  const constraint = toy.constraint;
  const [constrained, setConstrained] = useState<Float32Array | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The perturbed kernel needs noise (σ > 0): with DDIM the constrained run uses DDPM instead.
  const sampler: SamplerSettings = toy.sampler.kind === 'ddpm' ? toy.sampler : { kind: 'ddpm', steps: toy.sampler.steps, variance: 'beta' };

  const key = JSON.stringify([constraint, sampler, toy.seed, modelVersion]);
  useEffect(() => {
    if (!constraint) return;
    let live = true;
    const id = setTimeout(() => {
      sample(sampler, { center: [constraint.x, constraint.y], variance: constraint.std ** 2 }, N, toy.seed)
        .then((s) => {
          if (!live) return;
          setConstrained(s);
          setError(null);
        })
        .catch((e: Error) => live && setError(`The constrained samples failed: ${e.message}`));
    }, 120);
    return () => {
      live = false;
      clearTimeout(id);
    };
    // `key` holds everything the samples depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const layers = useMemo<PointLayer[]>(() => {
    const out: PointLayer[] = [];
    if (samples) out.push({ id: 'free', points: samples.subarray(0, 2 * N), color: '#9aa0ab', radius: 1.3, opacity: 0.5 });
    if (constrained && constraint) out.push({ id: 'constrained', points: constrained, color: LAB_COLORS.constrained, radius: 1.8, opacity: 0.9 });
    return out;
  }, [samples, constrained, constraint]);

  return (
    <div className="constraint-panel">
      <div className="option-row">
        <label className="check">
          <input type="checkbox" checked={constraint !== null} onChange={(e) => onToy({ constraint: e.target.checked ? DEFAULT_CONSTRAINT : null })} />
          Multiply by r(x) = N(x; c, s²I)
        </label>
        {constraint && (
          <label>
            s
            <input
              type="range"
              min={TOY_LIMITS.std[0]}
              max={1.5}
              step={0.05}
              value={constraint.std}
              aria-label="Width s of the constraint r(x)"
              onChange={(e) => onToy({ constraint: { ...constraint, std: Number(e.target.value) } })}
            />
            <span className="eta-value">{constraint.std.toFixed(2)}</span>
          </label>
        )}
      </div>
      {constraint ? (
        <>
          <p className="lede">
            Drag the ring on the reverse plane (or focus it and use the arrow keys). Each step’s mean moves by σ²<sub>t</sub>(c − μ)/s²;
            with the same r at every step its pull adds up, so the samples end nearer c, and tighter, than p(x)·r(x) itself would be.
            {toy.sampler.kind === 'ddim' && ' DDIM adds no noise to perturb, so these samples use DDPM with σ² = β.'}
          </p>
          <Plane ariaLabel="Samples of the model multiplied by the constraint r(x), over the unconstrained samples" layers={layers} testId="constrained-plane" overlay={(x, y) => (
            <circle cx={x(constraint.x)} cy={y(constraint.y)} r={x(2 * constraint.std) - x(0)} className="constraint-ring" />
          )} />
          <p className="legend">
            <span className="swatch" style={{ background: LAB_COLORS.constrained }} />
            <span>p(x)·r(x)</span>
            <span className="swatch" style={{ background: '#9aa0ab' }} />
            <span>
              p(x), from the same x<sub>T</sub>
            </span>
          </p>
        </>
      ) : (
        <p className="chart-empty">Turn on the constraint to steer the samples towards a region you choose, without retraining.</p>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}, equalExcept('toy', 't'));
