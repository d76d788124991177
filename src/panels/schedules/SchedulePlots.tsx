import { useMemo, useState } from 'react';
import { SCHEDULE_KINDS, SCHEDULE_LABELS, makeSchedule, type Schedule, type ScheduleKind } from '../../diffusion/schedules';
import { LineChart, type Series } from '../common/LineChart';
import { SCHEDULE_COLORS } from '../common/colors';
import { Tex } from '../common/Tex';

/** ᾱ, √ᾱ and √(1 − ᾱ) all live in [0, 1]; one fixed axis keeps them comparable. */
const UNIT_DOMAIN: [number, number] = [0, 1];

type SignalQuantity = 'alphaBar' | 'sqrtAlphaBar' | 'sqrtOneMinusAlphaBar';

const SIGNAL_NAMES: Record<SignalQuantity, string> = {
  alphaBar: 'alpha bar',
  sqrtAlphaBar: 'square root of alpha bar',
  sqrtOneMinusAlphaBar: 'square root of one minus alpha bar',
};

const SIGNAL_LABELS: Record<SignalQuantity, string> = {
  alphaBar: String.raw`\bar\alpha_t`,
  sqrtAlphaBar: String.raw`\sqrt{\bar\alpha_t}`,
  sqrtOneMinusAlphaBar: String.raw`\sqrt{1-\bar\alpha_t}`,
};

interface SchedulePlotsProps {
  T: number;
  /** Current timestep (the markers follow it every frame). */
  t: number;
  /** Timestep listed in the read-outs (may lag behind t while the slider moves). */
  readoutT: number;
  selected: ScheduleKind;
  onSelectT: (t: number) => void;
}

/** β_t, ᾱ_t (or √ᾱ_t, √(1 − ᾱ_t)) and log-SNR for every schedule, overlaid, with the current t. */
export function SchedulePlots({ T, t, readoutT, selected, onSelectT }: SchedulePlotsProps) {
  const [signal, setSignal] = useState<SignalQuantity>('alphaBar');
  const [hidden, setHidden] = useState<ReadonlySet<ScheduleKind>>(new Set());
  const schedules = useMemo(() => SCHEDULE_KINDS.map((kind) => makeSchedule({ kind, T })), [T]);
  const visible = useMemo(() => schedules.filter((s) => !hidden.has(s.kind)), [schedules, hidden]);

  const seriesOf = useMemo(
    () => (pick: (s: Schedule) => ArrayLike<number>) =>
      visible.map(
        (s): Series => ({
          id: s.kind,
          label: SCHEDULE_LABELS[s.kind],
          color: SCHEDULE_COLORS[s.kind],
          values: pick(s),
          emphasis: s.kind === selected,
        }),
      ),
    [visible, selected],
  );
  const betaSeries = useMemo(() => seriesOf((s) => s.beta), [seriesOf]);
  const signalSeries = useMemo(() => seriesOf((s) => s[signal]), [seriesOf, signal]);
  const snrSeries = useMemo(() => seriesOf((s) => s.logSnr), [seriesOf]);

  return (
    <div className="schedule-plots">
      <div className="legend" role="group" aria-label="Schedules shown in the plots">
        {schedules.map((s) => (
          <label key={s.kind} className={`legend-item${s.kind === selected ? ' selected' : ''}`}>
            <input
              type="checkbox"
              checked={!hidden.has(s.kind)}
              onChange={() => {
                const next = new Set(hidden);
                if (next.has(s.kind)) next.delete(s.kind);
                else next.add(s.kind);
                setHidden(next);
              }}
              aria-label={`Show the ${SCHEDULE_LABELS[s.kind]} schedule`}
            />
            <span className="swatch" style={{ background: SCHEDULE_COLORS[s.kind] }} />
            {SCHEDULE_LABELS[s.kind]}
          </label>
        ))}
      </div>
      <LineChart
        title={
          <>
            <Tex>{String.raw`\beta_t`}</Tex> <span className="chart-sub">noise added at step t (log scale)</span>
          </>
        }
        ariaLabel="Noise variance beta t per timestep for each schedule, log scale"
        series={betaSeries}
        T={T}
        t={t}
        readoutT={readoutT}
        yScale="log"
        onSelectT={onSelectT}
      />
      <LineChart
        title={
          <>
            <span className="quantity-switch" role="radiogroup" aria-label="Signal quantity to plot">
              {(Object.keys(SIGNAL_LABELS) as SignalQuantity[]).map((q) => (
                <button
                  key={q}
                  type="button"
                  role="radio"
                  aria-checked={signal === q}
                  aria-label={`Plot ${SIGNAL_NAMES[q]}`}
                  onClick={() => setSignal(q)}
                >
                  <Tex>{SIGNAL_LABELS[q]}</Tex>
                </button>
              ))}
            </span>
            <span className="chart-sub">signal kept (ᾱ) and noise weight</span>
          </>
        }
        ariaLabel="Cumulative signal alpha bar t per timestep for each schedule"
        series={signalSeries}
        T={T}
        t={t}
        readoutT={readoutT}
        yDomain={UNIT_DOMAIN}
        onSelectT={onSelectT}
      />
      <LineChart
        title={
          <>
            <Tex>{String.raw`\log \mathrm{SNR}(t) = \log \tfrac{\bar\alpha_t}{1-\bar\alpha_t}`}</Tex>
          </>
        }
        ariaLabel="Log signal-to-noise ratio per timestep for each schedule"
        series={snrSeries}
        T={T}
        t={t}
        readoutT={readoutT}
        onSelectT={onSelectT}
      />
    </div>
  );
}
