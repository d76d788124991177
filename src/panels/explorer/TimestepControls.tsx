import { useEffect, useRef, useState } from 'react';
import { T_MAX, T_MIN } from '../../diffusion/schedules';
import { ScheduleSelect, TimestepSlider } from '../common/DiffusionInputs';
import { useStore } from '../../state/store';
import { useTimestepShortcuts } from '../common/Shortcuts';

/** Frames for one full sweep 0 → T when playing (≈ 5 s at 60 Hz). */
const SWEEP_FRAMES = 300;

/** Play/pause, the timestep slider, its number box, the schedule and T. */
export function TimestepControls() {
  const { state, dispatch } = useStore();
  const { t, T } = state;
  const [playing, setPlaying] = useState(false);
  const [tDraft, setTDraft] = useState<string | null>(null);
  const [totalDraft, setTotalDraft] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick() {
      if (tRef.current >= T) {
        setPlaying(false);
        return;
      }
      dispatch({ type: 'stepT', delta: Math.max(1, Math.round(T / SWEEP_FRAMES)) });
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, T, dispatch]);

  const togglePlay = () => {
    if (!playing && t >= T) dispatch({ type: 'setT', t: 0 });
    setPlaying(!playing);
  };

  useTimestepShortcuts({
    what: 't',
    playPause: togglePlay,
    step: (delta) => dispatch({ type: 'stepT', delta }),
    jump: (to) => dispatch({ type: 'setT', t: to === 'start' ? 0 : T }),
  });

  const validT = (v: string) => /^\d+$/.test(v.trim()) && Number(v) <= T;
  const tInvalid = tDraft !== null && !validT(tDraft);
  const TValue = totalDraft === null ? null : Number(totalDraft);
  const TInvalid = totalDraft !== null && !(Number.isInteger(TValue) && TValue! >= T_MIN && TValue! <= T_MAX);

  return (
    <div className="controls">
      <div className="slider-row">
        <button
          type="button"
          className="play"
          onClick={togglePlay}
          aria-label={playing ? 'Pause the timestep animation' : 'Play the timestep animation'}
          aria-pressed={playing}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <TimestepSlider t={t} T={T} label="Timestep t" onChange={(v) => dispatch({ type: 'setT', t: v })} />
        <label className="t-box">
          <span>t =</span>
          <input
            type="number"
            min={0}
            max={T}
            step={1}
            aria-label="Timestep t (number)"
            aria-invalid={tInvalid}
            value={tDraft ?? String(t)}
            onChange={(e) => {
              const v = e.target.value;
              setTDraft(v);
              if (validT(v)) dispatch({ type: 'setT', t: Number(v) });
            }}
            onBlur={() => setTDraft(null)}
          />
          <span className="of-T">/ {T}</span>
        </label>
      </div>
      {tInvalid && (
        <p className="field-error" role="alert">
          The timestep must be a whole number from 0 to {T}.
        </p>
      )}
      <div className="option-row schedule-row">
        <label>
          Schedule
          <ScheduleSelect value={state.schedule} onChange={(schedule) => dispatch({ type: 'setSchedule', schedule })} />
        </label>
        <label>
          Steps T
          <input
            type="number"
            min={T_MIN}
            max={T_MAX}
            step={10}
            aria-label="Number of diffusion steps T"
            aria-invalid={TInvalid}
            value={totalDraft ?? String(T)}
            onChange={(e) => {
              const v = e.target.value;
              setTotalDraft(v);
              const n = Number(v);
              if (Number.isInteger(n) && n >= T_MIN && n <= T_MAX) dispatch({ type: 'setTotalSteps', T: n });
            }}
            onBlur={() => setTotalDraft(null)}
          />
        </label>
      </div>
      {TInvalid && (
        <p className="field-error" role="alert">
          T must be a whole number from {T_MIN} to {T_MAX}; still using T = {T}.
        </p>
      )}
    </div>
  );
}
