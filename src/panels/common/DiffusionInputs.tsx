/** The inputs every view shares: the timestep slider and the schedule select. */
import { SCHEDULE_KINDS, SCHEDULE_LABELS, type ScheduleKind } from '../../diffusion/schedules';

interface TimestepSliderProps {
  t: number;
  T: number;
  /** The accessible name; it says which timestep this is ("Timestep t", …). */
  label: string;
  onChange: (t: number) => void;
  className?: string;
}

/** A timestep slider, 0 … T in whole steps, that reads out "timestep t of T". */
export function TimestepSlider({ t, T, label, onChange, className = 'timestep-slider' }: TimestepSliderProps) {
  return (
    <input
      className={className}
      type="range"
      min={0}
      max={T}
      step={1}
      value={t}
      aria-label={label}
      aria-valuetext={`timestep ${t} of ${T}`}
      onChange={(e) => onChange(Number(e.target.value))}
    />
  );
}

/** The noise schedules, as a select. */
export function ScheduleSelect({ value, onChange, label }: { value: ScheduleKind; onChange: (k: ScheduleKind) => void; label?: string }) {
  return (
    <select value={value} aria-label={label} onChange={(e) => onChange(e.target.value as ScheduleKind)}>
      {SCHEDULE_KINDS.map((k) => (
        <option key={k} value={k}>
          {SCHEDULE_LABELS[k]}
        </option>
      ))}
    </select>
  );
}
