import { useId, useState } from 'react';

/** A whole number with thousands separators. */
export const fmt = (v: number) => v.toLocaleString('en-US');

/** Seconds as “4.2 s”, “42 s” or “3 min 5 s”. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A number field that only commits valid values and says what is wrong otherwise. */
export function NumberField({
  label,
  value,
  min,
  max,
  step = 1,
  integer = true,
  onCommit,
  hint,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  integer?: boolean;
  onCommit: (v: number) => void;
  hint?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const parsed = draft === null ? value : Number(draft);
  const valid = draft === null || (draft.trim() !== '' && Number.isFinite(parsed) && parsed >= min && parsed <= max && (!integer || Number.isInteger(parsed)));
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={draft ?? String(value)}
        aria-invalid={!valid}
        aria-describedby={!valid ? `${id}-error` : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          setDraft(raw);
          const v = Number(raw);
          if (raw.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))) onCommit(v);
        }}
        onBlur={() => setDraft(null)}
      />
      {!valid && (
        <span className="field-error" role="alert" id={`${id}-error`}>
          {label} must be {integer ? 'a whole number' : 'a number'} from {min} to {max}
          {hint ? `; ${hint}` : ''}.
        </span>
      )}
    </label>
  );
}

