import { memo, useEffect, useMemo, useRef } from 'react';
import { runValues, stepValues, type DataStats, type RunValues, type StepValues } from '../../diffusion/liveValues';
import type { Schedule } from '../../diffusion/schedules';
import { Prose } from '../common/Prose';
import { Tex } from '../common/Tex';
import { TimestepSlider } from '../common/DiffusionInputs';
import { DerivationPlots } from './DerivationPlots';
import { JensenFigure } from './JensenFigure';
import { KernelTable } from './KernelTable';
import { useFrozenOffscreen } from '../common/useNearViewport';
import { ALL_STEPS, STEP_COUNT, type DerivationStep } from './steps';
import './derivations.css';

interface DerivationsPanelProps {
  schedule: Schedule;
  /** Timestep of the live numbers. */
  t: number;
  /** Timestep of the chart markers (may run ahead of t while the slider moves). */
  markerT: number;
  data: DataStats;
  /** Steps revealed, or null for all. */
  revealed: number | null;
  onReveal: (revealed: number | null) => void;
  onSelectT: (t: number) => void;
  onSelectTotalSteps: (T: number) => void;
}

/** The numbered display equation of a step and its reason; static, so memoised. */
const StepText = memo(function StepText({ step, number }: { step: DerivationStep; number: number }) {
  return (
    <>
      <div className="step-eq">
        <Tex display>{`${step.tex} \\tag{${number}}`}</Tex>
      </div>
      <p className="step-reason">
        <Prose>{step.reason}</Prose>
      </p>
      {step.figure === 'jensen' && <JensenFigure />}
      {step.figure === 'kernels' && <KernelTable />}
    </>
  );
});

interface LiveNumbersProps {
  build: NonNullable<DerivationStep['live']>;
  step: StepValues;
  run: RunValues;
  number: number;
}

/**
 * A step's "now" line. Off screen it keeps the numbers it last showed, so that a settled t
 * re-typesets only the lines a reader can see; it catches up as it scrolls into view. Until then
 * its numbers are stale, so it is hidden from assistive technology.
 */
function LiveNumbers({ build, step, run, number }: LiveNumbersProps) {
  const ref = useRef<HTMLDivElement>(null);
  const values = useMemo(() => ({ step, run }), [step, run]);
  const { shown, stale } = useFrozenOffscreen(ref, values, '400px');
  const line = useMemo(() => build(shown.step, shown.run), [build, shown]);
  return (
    <div className="step-live" data-testid={`live-${number}`} ref={ref} aria-hidden={stale || undefined} data-stale={stale || undefined}>
      {line.tex && (
        <div className="step-live-eq">
          <span className="step-live-label" aria-hidden="true">
            now
          </span>
          <Tex>{line.tex}</Tex>
        </div>
      )}
      {line.notes.map((n) => (
        <p key={n} className="step-note">
          <Prose>{n}</Prose>
        </p>
      ))}
    </div>
  );
}

interface StepListProps {
  shown: number;
  /** Scroll each newly revealed step into view (while a lecturer steps through). */
  follow: boolean;
  step: StepValues;
  run: RunValues;
}

/**
 * The numbered steps, the first `shown` visible. The rest stay in the page, hidden, so that
 * printing shows them all. Memoised: it changes with the settled t, never with the chart markers.
 */
const StepList = memo(function StepList({ shown, follow, step, run }: StepListProps) {
  const latest = useRef<HTMLLIElement>(null);
  const lastShown = useRef(shown);

  // Bring a newly revealed step into view, as a lecturer clicks "Next step".
  useEffect(() => {
    if (follow && shown > lastShown.current) latest.current?.scrollIntoView({ block: 'nearest' });
    lastShown.current = shown;
  }, [shown, follow]);

  return (
    <ol className="derivation-steps">
      {ALL_STEPS.map(({ section, step: s, number }, i) => (
        <li
          key={s.id}
          ref={i === shown - 1 ? latest : undefined}
          className="derivation-step"
          data-step={number}
          hidden={i >= shown}
        >
          {section.steps[0] === s && (
            <header className="section-head">
              <h3>
                <Prose>{section.title}</Prose>
              </h3>
              <span className="section-source">{section.source}</span>
            </header>
          )}
          <StepText step={s} number={number} />
          {s.live && <LiveNumbers build={s.live} step={step} run={run} number={number} />}
        </li>
      ))}
    </ol>
  );
});

/**
 * From the forward process to the loss DDPM optimises, one justified step at a time, with the
 * current numbers under each equation and the bound's weights and terms plotted beside it.
 * A lecturer can reveal the steps one by one; printing always shows all of them.
 */
export function DerivationsPanel({
  schedule,
  t,
  markerT,
  data,
  revealed,
  onReveal,
  onSelectT,
  onSelectTotalSteps,
}: DerivationsPanelProps) {
  const shown = revealed === null ? STEP_COUNT : Math.min(revealed, STEP_COUNT);
  const stepping = revealed !== null;
  const step = useMemo(() => stepValues(schedule, t), [schedule, t]);
  const run = useMemo(() => runValues(schedule, data), [schedule, data]);
  // A link to #derivations (a lecturer's slide) lands here once the panel has its height.
  useEffect(() => {
    if (location.hash === '#derivations') document.getElementById('derivations')?.scrollIntoView();
  }, []);

  const print = () => {
    document.documentElement.dataset.print = 'derivations';
    window.addEventListener('afterprint', () => delete document.documentElement.dataset.print, { once: true });
    window.print();
  };

  return (
    <div className="derivations-panel">
      <div className="derivation-toolbar" role="toolbar" aria-label="Step through the derivation">
        <span className="step-count" data-testid="step-count">
          {stepping ? `Step ${shown} of ${STEP_COUNT}` : `All ${STEP_COUNT} steps`}
        </span>
        {/* The same t as the explorer's slider, within reach while reading further down. */}
        <label className="derivation-t">
          <span>t = {markerT}</span>
          <TimestepSlider t={markerT} T={schedule.T} label="Timestep t of the numbers in the derivation" onChange={onSelectT} className="derivation-slider" />
        </label>
        <button type="button" onClick={() => onReveal(Math.max(1, shown - 1))} disabled={!stepping || shown <= 1}>
          ◀ Previous step
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => onReveal(stepping ? shown + 1 : 1)}
          disabled={stepping && shown >= STEP_COUNT}
        >
          {stepping ? 'Next step ▶' : 'Step through from the start'}
        </button>
        <button type="button" onClick={() => onReveal(null)} disabled={!stepping}>
          Show all steps
        </button>
        <button type="button" onClick={print}>
          Print / save as PDF
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {stepping ? `Step ${shown} of ${STEP_COUNT} revealed.` : ''}
      </p>

      <div className="derivations-body">
        <article className="derivation-text">
          <StepList shown={shown} follow={stepping} step={step} run={run} />
          {shown < STEP_COUNT && (
            <p className="steps-left" data-testid="steps-left">
              {STEP_COUNT - shown} more {STEP_COUNT - shown === 1 ? 'step' : 'steps'} to reveal.
            </p>
          )}
        </article>
        <aside className="derivation-aside" aria-label="Plots of the terms of the bound">
          <DerivationPlots
            schedule={schedule}
            t={markerT}
            readoutT={t}
            x0MeanSquare={data.meanSquare}
            onSelectT={onSelectT}
            onSelectTotalSteps={onSelectTotalSteps}
          />
        </aside>
      </div>
    </div>
  );
}
