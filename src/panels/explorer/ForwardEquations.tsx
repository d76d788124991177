import { memo } from 'react';
import type { Schedule } from '../../diffusion/schedules';
import { Tex } from '../common/Tex';
import { texNumber } from '../common/format';

/**
 * The forward process in KaTeX, each equation followed by its value at the current t.
 * Every number is read from the schedule (src/diffusion); none is computed here.
 */
export const ForwardEquations = memo(function ForwardEquations({ schedule, t }: { schedule: Schedule; t: number }) {
  const n = texNumber;
  const beta = schedule.beta[t];
  return (
    <div className="equations" data-testid="forward-equations">
      <div className="eq">
        <Tex display>{String.raw`q(\mathbf{x}_t \mid \mathbf{x}_{t-1}) = \mathcal{N}\!\left(\mathbf{x}_t;\ \sqrt{1-\beta_t}\,\mathbf{x}_{t-1},\ \beta_t \mathbf{I}\right)`}</Tex>
        <div className="eq-live">
          {t === 0 ? (
            <span className="eq-note">At t = 0 no step has been taken: the image is x₀ itself.</span>
          ) : (
            <Tex>{String.raw`\beta_{${t}} = ${n(beta)},\quad \sqrt{1-\beta_{${t}}} = ${n(Math.sqrt(schedule.alpha[t]))}`}</Tex>
          )}
        </div>
      </div>
      <div className="eq">
        <Tex display>{String.raw`\alpha_t = 1-\beta_t,\qquad \bar\alpha_t = \prod_{s=1}^{t} \alpha_s`}</Tex>
        <div className="eq-live">
          <Tex>{String.raw`\bar\alpha_{${t}} = ${n(schedule.alphaBar[t])}`}</Tex>
        </div>
      </div>
      <div className="eq">
        <Tex display>{String.raw`q(\mathbf{x}_t \mid \mathbf{x}_0) = \mathcal{N}\!\left(\mathbf{x}_t;\ \sqrt{\bar\alpha_t}\,\mathbf{x}_0,\ (1-\bar\alpha_t)\mathbf{I}\right)`}</Tex>
        <div className="eq-live">
          <Tex>{String.raw`q(\mathbf{x}_{${t}} \mid \mathbf{x}_0) = \mathcal{N}\!\left(\mathbf{x}_{${t}};\ ${n(schedule.sqrtAlphaBar[t])}\,\mathbf{x}_0,\ ${n(schedule.oneMinusAlphaBar[t])}\,\mathbf{I}\right)`}</Tex>
        </div>
      </div>
      <div className="eq">
        <Tex display>{String.raw`\mathbf{x}_t = \sqrt{\bar\alpha_t}\,\mathbf{x}_0 + \sqrt{1-\bar\alpha_t}\,\boldsymbol{\epsilon},\qquad \boldsymbol{\epsilon}\sim\mathcal{N}(\mathbf{0},\mathbf{I})`}</Tex>
        <div className="eq-live eq-main" data-testid="xt-numbers">
          <Tex>{String.raw`\mathbf{x}_{${t}} = ${n(schedule.sqrtAlphaBar[t])}\,\mathbf{x}_0 + ${n(schedule.sqrtOneMinusAlphaBar[t])}\,\boldsymbol{\epsilon}`}</Tex>
        </div>
      </div>
      <div className="eq">
        <Tex display>{String.raw`\mathrm{SNR}(t) = \frac{\bar\alpha_t}{1-\bar\alpha_t}`}</Tex>
        <div className="eq-live">
          <Tex>{String.raw`\mathrm{SNR}(${t}) = ${n(schedule.snr[t])},\quad \log \mathrm{SNR}(${t}) = ${n(schedule.logSnr[t])}`}</Tex>
        </div>
      </div>
    </div>
  );
});
