import { useEffect, useRef, useState } from 'react';
import { TimestepSlider } from '../common/DiffusionInputs';
import { positionShortcuts, useTimestepShortcuts } from '../common/Shortcuts';

interface LabTimestepProps {
  t: number;
  T: number;
  onChange: (t: number) => void;
  /** Play the reverse process (T → 0) once, the first time this becomes true (when the first samples arrive). */
  autoplay?: boolean;
}

/** Frames for a whole sweep when playing (≈ 3 s at 60 Hz). */
const SWEEP_FRAMES = 180;

/**
 * The lab's timestep: a slider that scrubs both planes (the data forward to x_t, the samples
 * back from x_T), and play, which runs the reverse process T → 0 (or forward 0 → T).
 */
export function LabTimestep({ t, T, onChange, autoplay = false }: LabTimestepProps) {
  const [playing, setPlaying] = useState<'reverse' | 'forward' | null>(null);
  const tRef = useRef(t);
  tRef.current = t;
  const autoplayed = useRef(false);
  useEffect(() => {
    if (!autoplay || autoplayed.current) return;
    autoplayed.current = true;
    if (!window.matchMedia('(prefers-reduced-motion: reduce)').matches) setPlaying('reverse');
  }, [autoplay]);

  useEffect(() => {
    if (!playing) return;
    const end = playing === 'reverse' ? 0 : T;
    // From the other end when already at this one.
    let position = tRef.current === end ? T - end : tRef.current;
    const delta = (playing === 'reverse' ? -1 : 1) * Math.max(1, Math.round(T / SWEEP_FRAMES));
    onChange(position);
    let frame = requestAnimationFrame(function tick() {
      position = playing === 'reverse' ? Math.max(0, position + delta) : Math.min(T, position + delta);
      onChange(position);
      if (position === end) {
        setPlaying(null);
        return;
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, T, onChange]);

  const play = (direction: 'reverse' | 'forward') => setPlaying(playing ? null : direction);
  useTimestepShortcuts({
    what: 't',
    playPause: () => play('reverse'),
    ...positionShortcuts(() => tRef.current, T, onChange, () => setPlaying(null)),
  });

  return (
    <div className="lab-timestep">
      <button type="button" className="play" onClick={() => play('reverse')} aria-pressed={playing === 'reverse'} aria-label={playing ? 'Pause' : 'Play the reverse process from t = T to 0'}>
        {playing ? '❚❚' : '◀'}
      </button>
      <TimestepSlider
        t={t}
        T={T}
        label="Timestep t of the 2-D lab"
        onChange={(v) => {
          setPlaying(null);
          onChange(v);
        }}
      />
      <button type="button" className="play" onClick={() => play('forward')} aria-label={playing ? 'Pause' : 'Play the forward process from t = 0 to T'} disabled={playing === 'reverse'}>
        ▶
      </button>
      <span className="t-readout">
        t = {t} <span className="subtle">/ {T}</span>
      </span>
    </div>
  );
}
