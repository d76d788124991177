import { memo, useEffect, useMemo, useRef, type Dispatch } from 'react';
import { ForwardChain, closedFormSamples } from '../../diffusion/forwardChain';
import { normalPdf } from '../../diffusion/gaussian';
import type { Schedule } from '../../diffusion/schedules';
import { pixelValue } from '../../engine/pixels';
import { WORKING_SIZE } from '../../state/appState';
import type { Action } from '../../state/appState';
import { DensityChart, type SampleSet } from '../common/DensityChart';
import { SCHEDULE_COLORS } from '../common/colors';
import { Tex } from '../common/Tex';
import { formatValue, texNumber } from '../common/format';
import { useFrozenOffscreen } from '../common/useNearViewport';

/** Chains simulated for the histogram. */
const SAMPLES = 4000;
/** Longest stretch of idle time spent preparing the chain's stored states. */
const IDLE_SLICE_MS = 4;
// The closed-form outline takes the text colour, so it reads in both themes.
const CLOSED_FORM_COLOR = 'var(--ink)';

interface ChainVsClosedFormProps {
  schedule: Schedule;
  t: number;
  pixels: ImageData | null;
  /** The pixel followed, its colour channel, and what of the state makes x_0 and the noise. */
  pixel: { x: number; y: number };
  channel: 0 | 1 | 2;
  greyscale: boolean;
  seed: number;
  dispatch: Dispatch<Action>;
}

/**
 * One pixel pushed through q(x_t | x_{t−1}) t times, in many independent chains, against
 * one-shot samples of the closed form q(x_t | x_0) and its density.
 */
export const ChainVsClosedForm = memo(function ChainVsClosedForm(props: ChainVsClosedFormProps) {
  const { pixels, pixel, channel, greyscale, seed, dispatch } = props;
  const x0 = pixels ? pixelValue(pixels, pixel.x, pixel.y, channel, greyscale) : 0;
  // Off screen (just below the fold on a laptop) the histogram keeps the schedule and t it showed,
  // and catches up as it scrolls into view (see ForwardEquations' value lines).
  const figure = useRef<HTMLDivElement>(null);
  const at = useMemo(() => ({ schedule: props.schedule, t: props.t }), [props.schedule, props.t]);
  const { shown, stale } = useFrozenOffscreen(figure, at, '0px');
  const { schedule, t } = shown;

  const chain = useMemo(() => new ForwardChain(schedule, x0, SAMPLES, seed), [schedule, x0, seed]);
  // The chain's stored states are computed in idle time, a few milliseconds at a go, so that a
  // jump of t (a click on a plot) never waits for hundreds of chain steps.
  useEffect(() => {
    let id = 0;
    const work = () => {
      const until = performance.now() + IDLE_SLICE_MS;
      let more = true;
      while (more && performance.now() < until) more = chain.prepareNext();
      if (more) id = requestIdleCallback(work);
    };
    id = requestIdleCallback(work);
    return () => cancelIdleCallback(id);
  }, [chain]);
  const mean = schedule.sqrtAlphaBar[t] * x0;
  const variance = schedule.oneMinusAlphaBar[t];
  const sd = schedule.sqrtOneMinusAlphaBar[t];

  const sets = useMemo(
    (): SampleSet[] => [
      {
        id: 'chain',
        label: (
          <>
            Markov chain: <Tex>{String.raw`q(x_s \mid x_{s-1})`}</Tex> applied {t} {t === 1 ? 'time' : 'times'} ({SAMPLES} chains)
          </>
        ),
        text: `Markov chain: q(x_s | x_s−1) applied ${t} ${t === 1 ? 'time' : 'times'} (${SAMPLES} chains)`,
        color: SCHEDULE_COLORS[schedule.kind],
        samples: chain.at(t),
        style: 'bars',
      },
      {
        id: 'closed',
        label: (
          <>
            Closed form: <Tex>{String.raw`\sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\epsilon`}</Tex> ({SAMPLES}{' '}
            draws)
          </>
        ),
        text: `Closed form: √ᾱ_t x_0 + √(1 − ᾱ_t) ε (${SAMPLES} draws)`,
        color: CLOSED_FORM_COLOR,
        samples: closedFormSamples(schedule, x0, t, SAMPLES, seed),
        style: 'steps',
      },
    ],
    [chain, schedule, x0, t, seed],
  );
  const density = useMemo(
    () => ({
      label: <Tex>{String.raw`\mathcal{N}(\sqrt{\bar\alpha_t}\,x_0,\ 1-\bar\alpha_t)`}</Tex>,
      text: 'N(√ᾱ_t x_0, 1 − ᾱ_t)',
      pdf: (v: number) => normalPdf(v, mean, variance),
    }),
    [mean, variance],
  );
  const domain = useMemo((): [number, number] => [mean - 4.5 * sd, mean + 4.5 * sd], [mean, sd]);

  return (
    <div className="chain-panel">
      <div className="chain-controls">
        <p>
          Pixel ({pixel.x}, {pixel.y}){greyscale ? '' : `, ${['red', 'green', 'blue'][channel]} channel`}: x₀ ={' '}
          <strong data-testid="pixel-x0">{formatValue(x0)}</strong>. Click the image to follow another pixel.
        </p>
        <div className="option-row">
          <label>
            x
            <input
              type="number"
              min={0}
              max={WORKING_SIZE - 1}
              value={pixel.x}
              aria-label="Pixel column x"
              onChange={(e) => dispatch({ type: 'setPixel', x: Number(e.target.value), y: pixel.y })}
            />
          </label>
          <label>
            y
            <input
              type="number"
              min={0}
              max={WORKING_SIZE - 1}
              value={pixel.y}
              aria-label="Pixel row y"
              onChange={(e) => dispatch({ type: 'setPixel', x: pixel.x, y: Number(e.target.value) })}
            />
          </label>
          {!greyscale && (
            <label>
              Channel
              <select
                value={channel}
                onChange={(e) => dispatch({ type: 'setChannel', channel: Number(e.target.value) as 0 | 1 | 2 })}
              >
                <option value={0}>Red</option>
                <option value={1}>Green</option>
                <option value={2}>Blue</option>
              </select>
            </label>
          )}
        </div>
      </div>
      <div ref={figure} data-testid="chain-figure" aria-hidden={stale || undefined} data-stale={stale || undefined}>
        {t === 0 ? (
          <p className="chain-empty">
            At t = 0 no noise has been added: every chain and every closed-form draw equals x₀ = {formatValue(x0)}. Move the
            slider to see the two distributions spread out together.
          </p>
        ) : (
          <>
            <DensityChart
              ariaLabel={`Histograms of x_t at t = ${t} from the Markov chain and from the closed form, with their common Gaussian density`}
              sets={sets}
              density={density}
              domain={domain}
            />
            <p className="chain-caption">
              <Tex>{String.raw`x_{${t}} \sim \mathcal{N}\!\left(${texNumber(mean)},\ ${texNumber(variance)}\right)`}</Tex>{' '}
              either way: t small Gaussian steps compose into one Gaussian with mean{' '}
              <Tex>{String.raw`\sqrt{\bar\alpha_t}\,x_0`}</Tex> and variance <Tex>{String.raw`1-\bar\alpha_t`}</Tex>.
            </p>
          </>
        )}
      </div>
    </div>
  );
});
