import { memo, useMemo } from 'react';
import { LineChart, type Series } from '../common/LineChart';
import { LossCharts } from '../common/LossCharts';
import { LAB_COLORS } from './LabPlanes';
import type { QualityPoint, ToyModel } from './useToyModel';
import { nearestNeighbourRatio } from '../../engine/metrics/pointClouds';

/** The live training charts: the loss, the loss by timestep, and sample quality against time. */
export const TrainingCharts = memo(function TrainingCharts({ model, T }: { model: ToyModel; T: number }) {
  const { history, lossByT, reference, step } = model;

  const quality = useMemo(() => {
    if (history.quality.length === 0 || !reference) return null;
    const seconds = Float64Array.from(history.quality, (q) => q.seconds);
    const flat = (v: number) => Float64Array.from(seconds, () => v);
    const of = (f: (q: QualityPoint) => number) => Float64Array.from(history.quality, f);
    const { floor, ceiling } = reference;
    const nn: Series[] = [
      { id: 's2d', label: 'samples → data', color: LAB_COLORS.samples, values: of((q) => q.nnSamplesToData), x: seconds, emphasis: true },
      { id: 'd2s', label: 'data → samples', color: LAB_COLORS.constrained, values: of((q) => q.nnDataToSamples), x: seconds, emphasis: true },
      { id: 'floor', label: 'fresh data (floor)', color: LAB_COLORS.data, values: flat((floor.nnSamplesToData + floor.nnDataToSamples) / 2), x: seconds, dashed: true },
      { id: 'c-s2d', label: 'N(0, I) → data', color: '#8a8f99', values: flat(ceiling.nnSamplesToData), x: seconds, dashed: true },
      { id: 'c-d2s', label: 'data → N(0, I)', color: '#b9bdc5', values: flat(ceiling.nnDataToSamples), x: seconds, dashed: true },
    ];
    const mmd: Series[] = [
      { id: 'mmd', label: 'samples', color: LAB_COLORS.samples, values: of((q) => q.mmd), x: seconds, emphasis: true },
      { id: 'floor', label: 'fresh data (floor)', color: LAB_COLORS.data, values: flat(floor.mmd), x: seconds, dashed: true },
      { id: 'ceiling', label: 'N(0, I)', color: '#8a8f99', values: flat(ceiling.mmd), x: seconds, dashed: true },
    ];
    return { nn, mmd, ratio: history.quality.at(-1)!.nnRatio, ceilingRatio: nearestNeighbourRatio(ceiling, floor) };
  }, [history.quality, reference]);

  const lastSecond = history.quality.at(-1)?.seconds ?? 0;
  const firstSecond = history.quality[0]?.seconds ?? 0;

  return (
    <div className="lab-charts">
      <LossCharts loss={history.loss} lossByT={lossByT} step={step} T={T} />
      {quality && lastSecond > firstSecond ? (
        <>
          <p className="quality-headline" data-testid="quality-ratio">
            Samples are <strong>{quality.ratio.toFixed(2)}×</strong> as far from the data as fresh data is{' '}
            <span className="subtle">(1 = the floor; an untrained model, N(0, I), scores {quality.ceilingRatio.toFixed(1)}×)</span>
          </p>
          <LineChart
            live
            title="Mean nearest-neighbour distance, both ways"
            ariaLabel="Mean nearest-neighbour distances from samples to held-out data and back, against seconds of training, with the data-versus-data floor and the untrained ceilings"
            series={quality.nn}
            xMin={firstSecond}
            T={lastSecond}
            t={lastSecond}
            yScale="log"
            xLabel="seconds of training"
            height={170}
          />
          <LineChart
            live
            title="MMD² (RBF kernel, 4 bandwidths)"
            ariaLabel="The maximum mean discrepancy between samples and held-out data against seconds of training, with the floor and the ceiling"
            series={quality.mmd}
            xMin={firstSecond}
            T={lastSecond}
            t={lastSecond}
            yScale="log"
            xLabel="seconds of training"
            height={150}
          />
        </>
      ) : (
        <p className="chart-empty">Sample quality against training time appears when training runs: distances to held-out data, beside fresh data’s (the floor) and N(0, I)’s.</p>
      )}
    </div>
  );
});
