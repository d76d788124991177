import { useMemo } from 'react';
import { logSpacedIntegers, lossWeights, priorMatchingBitsByT } from '../../diffusion/elbo';
import { SCHEDULE_KINDS, SCHEDULE_LABELS, T_MAX, T_MIN, makeSchedule, type Schedule } from '../../diffusion/schedules';
import { LineChart, type Series } from '../common/LineChart';
import { SCHEDULE_COLORS } from '../common/colors';
import { Tex } from '../common/Tex';

const UNIT_DOMAIN: [number, number] = [0, 1];
/** Points of the L_T-against-T curves (log-spaced, plus the current T). */
const T_GRID_POINTS = 60;

interface DerivationPlotsProps {
  schedule: Schedule;
  /** Current timestep, at most schedule.T (the markers follow it every frame). */
  t: number;
  /** Timestep listed in the read-outs. */
  readoutT: number;
  /** Mean of x_0² over the image's coordinates, for L_T. */
  x0MeanSquare: number;
  onSelectT: (t: number) => void;
  onSelectTotalSteps: (T: number) => void;
}

/**
 * The weights and terms of the bound beside the derivations: λ_t for both reverse variances,
 * β̃_t / β_t for every schedule, and the prior-matching term L_T against T for this image.
 */
export function DerivationPlots({ schedule, t, readoutT, x0MeanSquare, onSelectT, onSelectTotalSteps }: DerivationPlotsProps) {
  const { T, kind } = schedule;
  const color = SCHEDULE_COLORS[kind];

  const lambdaSeries = useMemo((): Series[] => {
    const w = lossWeights(schedule);
    return [
      { id: 'beta', label: 'σ² = β', color, values: w.lambdaBeta },
      { id: 'betaTilde', label: 'σ² = β̃', color, values: w.lambdaBetaTilde, dashed: true },
    ];
  }, [schedule, color]);

  const ratioSeries = useMemo(
    (): Series[] =>
      SCHEDULE_KINDS.map((k) => ({
        id: k,
        label: SCHEDULE_LABELS[k],
        color: SCHEDULE_COLORS[k],
        values: lossWeights(makeSchedule({ kind: k, T })).betaTildeOverBeta,
        emphasis: k === kind,
      })),
    [T, kind],
  );

  const priorSeries = useMemo((): Series[] => {
    const Ts = logSpacedIntegers(T_MIN, T_MAX, T_GRID_POINTS, [T]);
    return SCHEDULE_KINDS.map((k) => ({
      id: k,
      label: SCHEDULE_LABELS[k],
      color: SCHEDULE_COLORS[k],
      x: Ts,
      values: priorMatchingBitsByT(k, Ts, x0MeanSquare),
      emphasis: k === kind,
    }));
  }, [T, kind, x0MeanSquare]);

  return (
    <div className="derivation-plots" data-testid="derivation-plots">
      <LineChart
        title={
          <>
            <Tex>{String.raw`\lambda_t = \frac{\beta_t^2}{2\sigma_t^2\alpha_t(1-\bar\alpha_t)}`}</Tex>{' '}
            <span className="chart-sub">
              the weight L<sub>simple</sub> drops (log scale; dashed: σ² = β̃, undefined at t = 1)
            </span>
          </>
        }
        ariaLabel={`Loss weight lambda t per timestep for the ${SCHEDULE_LABELS[kind]} schedule, for sigma squared equal to beta and to beta tilde, log scale`}
        series={lambdaSeries}
        T={T}
        t={t}
        readoutT={readoutT}
        yScale="log"
        onSelectT={onSelectT}
        height={170}
      />
      <LineChart
        title={
          <>
            <Tex>{String.raw`\tilde\beta_t / \beta_t = \frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}`}</Tex>{' '}
            <span className="chart-sub">how much the posterior narrows the step</span>
          </>
        }
        ariaLabel="Ratio of the posterior variance beta tilde t to beta t per timestep, for each schedule"
        series={ratioSeries}
        T={T}
        t={t}
        readoutT={readoutT}
        yDomain={UNIT_DOMAIN}
        onSelectT={onSelectT}
        height={170}
      />
      <LineChart
        title={
          <>
            <Tex>{String.raw`L_T`}</Tex>{' '}
            <span className="chart-sub">
              in bits/dim for this image, against T (log–log; click to set T)
            </span>
          </>
        }
        ariaLabel="Prior matching term L T in bits per dimension for the current image, against the number of steps T, for each schedule, log-log scale"
        series={priorSeries}
        T={T_MAX}
        xMin={T_MIN}
        xScale="log"
        xLabel="T"
        t={T}
        yScale="log"
        onSelectT={onSelectTotalSteps}
        height={190}
      />
    </div>
  );
}
