import { differentialEntropy, type ToyDatasetId } from '../../data/toy2d';
import { bitsPerDim, type ReverseVariance } from '../../diffusion/bound';
import type { BoundEstimate } from '../../engine/bound';
import { BoundTermsChart, useBoundRun, VarianceSelect } from '../common/BoundParts';
import { Tex } from '../common/Tex';
import { LAB_COLORS } from './LabPlanes';

interface BoundPanelProps {
  dataset: ToyDatasetId;
  step: number;
  T: number;
  disabled: boolean;
  estimate: (variance: ReverseVariance, onProgress: (done: number, total: number) => void) => Promise<BoundEstimate>;
}

const nats = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3));
/** "+ v" or "− |v|", for a sum written out in TeX. */
const plus = (v: number) => (v < 0 ? `- ${nats(-v)}` : `+ ${nats(v)}`);

/**
 * The model's variational bound on −log p_θ(x_0), term by term (DDPM eq. 5): L_T exactly, each
 * L_{t−1} and L_0 by Monte Carlo over held-out data, in the worker; beside it, the data's true
 * entropy where its density is known, so the gap shows how tight the bound is.
 */
export function BoundPanel({ dataset, step, T, disabled, estimate }: BoundPanelProps) {
  const { variance, setVariance, progress, result, error, run } = useBoundRun<{ step: number }>();
  const entropy = differentialEntropy(dataset);

  const e = result?.estimate;
  const sum = e ? e.total - e.LT - e.L0 : 0;
  return (
    <div className="bound-panel">
      <div className="option-row">
        <VarianceSelect value={variance} onChange={setVariance} betaNote=" (tighter here)" />
        <button type="button" className="primary" onClick={() => run(estimate, { step })} disabled={disabled || progress !== null}>
          {progress !== null ? 'Estimating…' : 'Estimate the bound'}
        </button>
        {progress !== null && <progress max={1} value={progress} aria-label="Bound estimate progress" />}
        {result && <span className="subtle">for the model at step {result.step.toLocaleString('en-US')}</span>}
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {e ? (
        <>
          <div className="bound-totals" data-testid="bound-totals">
            <Tex>{`L = L_T + \\sum_{t=2}^{${T}} L_{t-1} + L_0 = ${nats(e.LT)} ${plus(sum)} ${plus(e.L0)} = ${nats(e.total)}\\ \\text{nats}`}</Tex>
            <p>
              Bound: <strong data-testid="bound-bits">{e.bitsPerDim.toFixed(3)} bits/dim</strong>
              {entropy !== null ? (
                <>
                  {' '}· the data’s true entropy: <strong data-testid="entropy-bits">{bitsPerDim(entropy, 2).toFixed(3)} bits/dim</strong> · gap{' '}
                  {(e.bitsPerDim - bitsPerDim(entropy, 2)).toFixed(3)}
                </>
              ) : (
                <span className="subtle"> (this data set’s density has no closed form; the 8 Gaussians and the Gaussian have one)</span>
              )}
            </p>
            <p className="lede">
              Continuous data have a density, not probabilities, so bits/dim can be negative; the bound is never below the true
              entropy. L<sub>t−1</sub> is estimated at {e.t.length} timesteps (one x<sub>t</sub> per held-out point) and interpolated
              between them; σ² = {result!.variance === 'beta' ? 'β' : 'β̃'}.
            </p>
          </div>
          <BoundTermsChart
            estimate={e}
            T={T}
            color={LAB_COLORS.samples}
            title={
              <>
                The bound, term by term: <Tex>{'L_{t-1}'}</Tex> in nats per point
              </>
            }
            ariaLabel="The KL terms L t minus 1 of the bound against the timestep t, on a log scale"
          />
        </>
      ) : (
        <p className="chart-empty">
          Estimate the bound to see each KL term L<sub>t−1</sub> = D<sub>KL</sub>(q(x<sub>t−1</sub> | x<sub>t</sub>, x<sub>0</sub>) ‖ p<sub>θ</sub>(x<sub>t−1</sub> | x<sub>t</sub>)) of this model, and the total in bits per dimension.
        </p>
      )}
    </div>
  );
}
