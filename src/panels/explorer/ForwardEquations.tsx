import { memo, useMemo, useRef, type ReactNode } from 'react';
import type { Schedule } from '../../diffusion/schedules';
import { Tex } from '../common/Tex';
import { texNumber } from '../common/format';
import { useFrozenOffscreen } from '../common/useNearViewport';

interface At {
  schedule: Schedule;
  t: number;
}

/**
 * An equation's value line. Off screen it keeps the numbers it showed, hidden from assistive
 * technology, and catches up as it scrolls into view: these lines sit just below the fold on a
 * laptop, and re-typesetting them for every settled t made long tasks of 50–85 ms while the slider
 * moved (bench table 7).
 */
function LiveLine({ at, main = false, children }: { at: At; main?: boolean; children: (at: At) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const { shown, stale } = useFrozenOffscreen(ref, at, '0px');
  return (
    <div
      ref={ref}
      className={main ? 'eq-live eq-main' : 'eq-live'}
      data-testid={main ? 'xt-numbers' : undefined}
      aria-hidden={stale || undefined}
      data-stale={stale || undefined}
    >
      {children(shown)}
    </div>
  );
}

/**
 * The forward process in KaTeX, each equation followed by its value at the current t.
 * Every number is read from the schedule (src/diffusion); none is computed here.
 */
export const ForwardEquations = memo(function ForwardEquations({ schedule, t }: At) {
  const n = texNumber;
  const at = useMemo(() => ({ schedule, t }), [schedule, t]);
  return (
    <div className="equations" data-testid="forward-equations">
      <div className="eq">
        <Tex display>{String.raw`q(\mathbf{x}_t \mid \mathbf{x}_{t-1}) = \mathcal{N}\!\left(\mathbf{x}_t;\ \sqrt{1-\beta_t}\,\mathbf{x}_{t-1},\ \beta_t \mathbf{I}\right)`}</Tex>
        <LiveLine at={at}>
          {({ schedule, t }) =>
            t === 0 ? (
              <span className="eq-note">At t = 0 no step has been taken: the image is x₀ itself.</span>
            ) : (
              <Tex>{String.raw`\beta_{${t}} = ${n(schedule.beta[t])},\quad \sqrt{1-\beta_{${t}}} = ${n(Math.sqrt(schedule.alpha[t]))}`}</Tex>
            )
          }
        </LiveLine>
      </div>
      <div className="eq">
        <Tex display>{String.raw`\alpha_t = 1-\beta_t,\qquad \bar\alpha_t = \prod_{s=1}^{t} \alpha_s`}</Tex>
        <LiveLine at={at}>{({ schedule, t }) => <Tex>{String.raw`\bar\alpha_{${t}} = ${n(schedule.alphaBar[t])}`}</Tex>}</LiveLine>
      </div>
      <div className="eq">
        <Tex display>{String.raw`q(\mathbf{x}_t \mid \mathbf{x}_0) = \mathcal{N}\!\left(\mathbf{x}_t;\ \sqrt{\bar\alpha_t}\,\mathbf{x}_0,\ (1-\bar\alpha_t)\mathbf{I}\right)`}</Tex>
        <LiveLine at={at}>
          {({ schedule, t }) => (
            <Tex>{String.raw`q(\mathbf{x}_{${t}} \mid \mathbf{x}_0) = \mathcal{N}\!\left(\mathbf{x}_{${t}};\ ${n(schedule.sqrtAlphaBar[t])}\,\mathbf{x}_0,\ ${n(schedule.oneMinusAlphaBar[t])}\,\mathbf{I}\right)`}</Tex>
          )}
        </LiveLine>
      </div>
      <div className="eq">
        <Tex display>{String.raw`\mathbf{x}_t = \sqrt{\bar\alpha_t}\,\mathbf{x}_0 + \sqrt{1-\bar\alpha_t}\,\boldsymbol{\epsilon},\qquad \boldsymbol{\epsilon}\sim\mathcal{N}(\mathbf{0},\mathbf{I})`}</Tex>
        <LiveLine at={at} main>
          {({ schedule, t }) => (
            <Tex>{String.raw`\mathbf{x}_{${t}} = ${n(schedule.sqrtAlphaBar[t])}\,\mathbf{x}_0 + ${n(schedule.sqrtOneMinusAlphaBar[t])}\,\boldsymbol{\epsilon}`}</Tex>
          )}
        </LiveLine>
      </div>
      <div className="eq">
        <Tex display>{String.raw`\mathrm{SNR}(t) = \frac{\bar\alpha_t}{1-\bar\alpha_t}`}</Tex>
        <LiveLine at={at}>
          {({ schedule, t }) => (
            <Tex>{String.raw`\mathrm{SNR}(${t}) = ${n(schedule.snr[t])},\quad \log \mathrm{SNR}(${t}) = ${n(schedule.logSnr[t])}`}</Tex>
          )}
        </LiveLine>
      </div>
    </div>
  );
});
