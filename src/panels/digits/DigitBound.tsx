/**
 * The bound on −log p_θ(x_0) for one held-out digit, term by term (DDPM eq. 5): L_T exactly, each
 * L_{t−1} = D_KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t)) on 40 timesteps and L_0 with DDPM's
 * discrete decoder (eq. 13), Monte Carlo over x_t, computed in the worker with progress; the total
 * in bits/dim beside DDPM's reported CIFAR-10 figures for scale.
 */
import { schemeTableau10 } from 'd3';
import { memo, useMemo } from 'react';
import { toModelRange, type DigitSet } from '../../data/mnist';
import { bitsPerDim, type ReverseVariance } from '../../diffusion/bound';
import type { BoundEstimate } from '../../engine/bound';
import { DIGITS_SCHEDULE } from '../../state/digitsState';
import { BoundTermsChart, useBoundRun, VarianceSelect } from '../common/BoundParts';
import { Tex } from '../common/Tex';
import { DigitImages } from './DigitImages';

/** Copies of the digit, each with its own draw of x_t: the Monte Carlo sample size per term. */
const DRAWS = 8;
const nats = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

interface DigitBoundProps {
  heldOut: DigitSet;
  digit: number;
  step: number;
  disabled: boolean;
  bound: (image: Float32Array, variance: ReverseVariance, draws: number, onProgress: (done: number, total: number) => void) => Promise<BoundEstimate>;
}

export const DigitBound = memo(function DigitBound({ heldOut, digit, step, disabled, bound }: DigitBoundProps) {
  const { variance, setVariance, progress, result, error, run } = useBoundRun<{ step: number; digit: number }>();
  const image = useMemo(() => toModelRange(heldOut, Math.min(digit, heldOut.count - 1), 1), [heldOut, digit]);
  const T = DIGITS_SCHEDULE.T;

  const e = result?.estimate;
  const sum = e ? e.total - e.LT - e.L0 : 0;

  return (
    <div className="bound-panel digit-bound">
      <div className="option-row">
        <DigitImages images={image} side={28} columns={1} scale={2} label={`Held-out digit ${digit}`} />
        <VarianceSelect value={variance} onChange={setVariance} />
        <button type="button" className="primary" onClick={() => run((v, onProgress) => bound(image, v, DRAWS, onProgress), { step, digit })} disabled={disabled || progress !== null}>
          {progress !== null ? 'Computing…' : `Bound −log p(x₀) for digit ${digit}`}
        </button>
        {progress !== null && <progress max={1} value={progress} aria-label="Bound progress" />}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {e && result ? (
        <>
          <div className="bound-totals" data-testid="digit-bound">
            <Tex>{`L = L_T + \\sum_{t=2}^{${T}} L_{t-1} + L_0 = ${nats(e.LT)} + ${nats(sum)} + ${nats(e.L0)} = ${nats(e.total)}\\ \\text{nats}`}</Tex>
            <p>
              Bound: <strong data-testid="digit-bound-bits">{e.bitsPerDim.toFixed(3)} bits/dim</strong> for held-out digit {result.digit}, model at step{' '}
              {result.step.toLocaleString('en-US')}, σ² = {result.variance === 'beta' ? 'β' : 'β̃'}.{' '}
              Rate L<sub>T</sub> + ΣL<sub>t−1</sub>: {bitsPerDim(e.LT + sum, e.dims).toFixed(3)} bits/dim; distortion L<sub>0</sub>:{' '}
              {bitsPerDim(e.L0, e.dims).toFixed(3)} bits/dim.{' '}
              <span className="subtle">
                For scale, DDPM reports ≤ 3.70 bits/dim on CIFAR-10 (the true bound with fixed Σ; ≤ 3.75 trained on L<sub>simple</sub>).
              </span>
            </p>
            <p className="lede">
              L<sub>0</sub> is DDPM’s discrete decoder (eq. 13): each pixel’s probability is the mass of N(μ<sub>θ</sub>(x<sub>1</sub>, 1), σ<sub>1</sub>²)
              on its 1/255-wide grey level, so the bound is a true code length. L<sub>t−1</sub> is estimated at {e.t.length} timesteps from {DRAWS} draws of
              x<sub>t</sub> each and interpolated between them.
            </p>
          </div>
          <BoundTermsChart
            estimate={e}
            T={T}
            color={schemeTableau10[1]}
            title={
              <>
                The bound, term by term: <Tex>{'L_{t-1}'}</Tex> in nats for this digit
              </>
            }
            ariaLabel="The KL terms L t minus 1 of the bound for the chosen digit against the timestep t, both on log scales"
            xScale="log"
          />
        </>
      ) : (
        <p className="chart-empty">
          Bound the chosen held-out digit (the one being inpainted) to see each KL term L<sub>t−1</sub> of this model and the total in bits per dimension.
        </p>
      )}
    </div>
  );
});
