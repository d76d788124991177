/**
 * What both labs' bound panels share: a run in the worker with progress and an error message, the
 * choice of the reverse variance σ²ₜ, and the chart of the terms L_{t−1} against t.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { ReverseVariance } from '../../diffusion/bound';
import type { BoundEstimate } from '../../engine/bound';
import { LineChart, type Series } from './LineChart';

type Compute = (variance: ReverseVariance, onProgress: (done: number, total: number) => void) => Promise<BoundEstimate>;

/** One bound computation at a time: its progress (0–1, null when idle), its result with what it was for, or why it failed. */
export function useBoundRun<For extends object>() {
  const [variance, setVariance] = useState<ReverseVariance>('beta');
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<({ estimate: BoundEstimate; variance: ReverseVariance } & For) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (compute: Compute, what: For) => {
    setError(null);
    setProgress(0);
    try {
      const estimate = await compute(variance, (done, total) => setProgress(done / total));
      setResult({ estimate, variance, ...what });
    } catch (e) {
      setError(`The bound could not be computed: ${(e as Error).message}`);
    } finally {
      setProgress(null);
    }
  };
  return { variance, setVariance, progress, result, error, run };
}

/** σ²ₜ of p_θ for the bound: β or β̃. */
export function VarianceSelect({ value, onChange, betaNote = '' }: { value: ReverseVariance; onChange: (v: ReverseVariance) => void; betaNote?: string }) {
  return (
    <label>
      σ²ₜ
      <select value={value} onChange={(ev) => onChange(ev.target.value as ReverseVariance)} aria-label="Reverse variance σ² for the bound">
        <option value="beta">β{betaNote}</option>
        <option value="betaTilde">β̃</option>
      </select>
    </label>
  );
}

interface TermsChartProps {
  estimate: BoundEstimate;
  T: number;
  color: string;
  title: ReactNode;
  ariaLabel: string;
  xScale?: 'linear' | 'log';
}

/** L_{t−1} in nats against t (log y), from t = 2. */
export function BoundTermsChart({ estimate, T, color, title, ariaLabel, xScale }: TermsChartProps) {
  const series = useMemo<Series[]>(
    () => [{ id: 'Lt', label: 'Lₜ₋₁', color, values: estimate.Lt, x: Float64Array.from(estimate.t) }],
    [estimate, color],
  );
  return <LineChart title={title} ariaLabel={ariaLabel} series={series} T={T} xMin={2} t={2} marker={false} xScale={xScale} yScale="log" height={180} />;
}
