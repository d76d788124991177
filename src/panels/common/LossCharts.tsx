import { schemeTableau10 } from 'd3';
import { memo, useMemo } from 'react';
import { LineChart, type Series } from './LineChart';

/** The labs' colours: the smoothed loss in the data's, the loss by timestep in the samples'. */
const COLORS = { smooth: schemeTableau10[0], byT: schemeTableau10[1], raw: '#b8bcc6' };

/** Exponential smoothing of a noisy curve (the loss of single chunks). */
function smooth(values: number[], alpha = 0.15): Float64Array {
  const out = new Float64Array(values.length);
  let s = NaN;
  values.forEach((v, i) => {
    s = Number.isNaN(s) ? v : (1 - alpha) * s + alpha * v;
    out[i] = s;
  });
  return out;
}

/** The training loss against the step (log scale, raw and smoothed) and the loss by timestep, for any lab. */
export const LossCharts = memo(function LossCharts({
  loss,
  lossByT,
  step,
  T,
}: {
  loss: { step: number; loss: number }[];
  lossByT: { edges: number[]; values: Float64Array } | null;
  step: number;
  T: number;
}) {
  const lossSeries = useMemo<Series[]>(() => {
    const steps = Float64Array.from(loss, (p) => p.step);
    const values = loss.map((p) => p.loss);
    return [
      { id: 'raw', label: 'loss', color: COLORS.raw, values: Float64Array.from(values), x: steps },
      { id: 'smooth', label: 'smoothed', color: COLORS.smooth, values: smooth(values), x: steps, emphasis: true },
    ];
  }, [loss]);

  const byTSeries = useMemo<Series[]>(() => {
    if (!lossByT) return [];
    const { edges, values } = lossByT;
    const centres = Float64Array.from(values, (_, i) => (edges[i] + edges[i + 1] - 1) / 2);
    return [{ id: 'byT', label: 'loss per coordinate', color: COLORS.byT, values, x: centres }];
  }, [lossByT]);

  const firstStep = loss[0]?.step ?? 0;
  return (
    <>
      {loss.length > 1 ? (
        <LineChart
          live
          title="Training loss ‖ε − ε_θ(x_t, t)‖² per coordinate"
          ariaLabel="The training loss against the training step, on a log scale"
          series={lossSeries}
          xMin={firstStep}
          T={Math.max(step, firstStep + 1)}
          t={step}
          yScale="log"
          xLabel="step"
          height={170}
        />
      ) : (
        <p className="chart-empty">The loss curve appears when training runs.</p>
      )}
      {lossByT ? (
        <LineChart
          live
          title="Loss by timestep: which t are hard"
          ariaLabel="The recent training loss in bins of the timestep t"
          series={byTSeries}
          T={T}
          xMin={1}
          t={1}
          marker={false}
          yScale="log"
          height={170}
        />
      ) : (
        <p className="chart-empty">The loss by timestep appears when training runs.</p>
      )}
    </>
  );
});
