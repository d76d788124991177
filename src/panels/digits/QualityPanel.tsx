/**
 * The digits' quality, on demand: n samples scored by the project's digit classifier — the share
 * it recognises with confidence and how they spread over 0–9, and the Fréchet LeNet distance to
 * the held-out digits — beside training digits (the floor) and noise (the ceiling) scored alike.
 */
import { memo, useState } from 'react';
import type { SamplerSettings } from '../../diffusion/samplerPlans';
import type { DigitScores } from '../../engine/metrics/digitClassifier';

export interface ScoreResult {
  n: number;
  step: number;
  sampler: SamplerSettings;
  samples: DigitScores;
  floor: DigitScores;
  ceiling: DigitScores;
  /** The classifier's accuracy on the held-out digits. */
  accuracy: number;
}

const N = 200;
const pct = (v: number) => `${Math.round(v * 100)} %`;

function ClassBars({ counts, label }: { counts: number[]; label: string }) {
  const max = Math.max(1, ...counts);
  return (
    <div className="class-bars" role="img" aria-label={`${label}: ${counts.map((c, d) => `${d}: ${c}`).join(', ')}`}>
      {counts.map((c, d) => (
        <span key={d} className="class-bar">
          <span className="bar" style={{ height: `${(100 * c) / max}%` }} />
          <span className="digit">{d}</span>
        </span>
      ))}
    </div>
  );
}

export const QualityPanel = memo(function QualityPanel({ score, ready, modelStep }: { score: (n: number) => Promise<ScoreResult>; ready: boolean; modelStep: number }) {
  const [result, setResult] = useState<ScoreResult | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const run = async () => {
    setStatus(`Sampling and scoring ${N} digits…`);
    try {
      setResult(await score(N));
      setStatus(null);
    } catch (e) {
      setStatus(`Scoring failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className="quality-panel">
      <button type="button" onClick={run} disabled={!ready || status?.startsWith('Sampling') === true}>
        Score {N} samples
      </button>
      {status && (
        <p className="subtle" role="status">
          {status}
        </p>
      )}
      {result && (
        <div data-testid="digits-quality">
          <p>
            <strong>{pct(result.samples.confident)}</strong> recognisable digits{' '}
            <span className="subtle">
              (training digits: {pct(result.floor.confident)}, noise: {pct(result.ceiling.confident)})
            </span>{' '}
            · FLD∞ <strong>{result.samples.fld.toFixed(1)}</strong>{' '}
            <span className="subtle">
              (training digits: {result.floor.fld.toFixed(1)}, noise: {result.ceiling.fld.toFixed(0)})
            </span>
          </p>
          <ClassBars counts={result.samples.classCounts} label="How the recognisable samples spread over the digits 0 to 9" />
          <p className="subtle small">
            {result.n} samples of the model at step {result.step.toLocaleString('en-US')}
            {result.step !== modelStep ? ' (it has trained since)' : ''}, scored by a LeNet ({(result.accuracy * 100).toFixed(1)} % right on held-out digits): the share it calls a digit with
            probability above 0.9 (it has an eleventh class for noise), and the Fréchet distance between its features of the samples and of the held-out digits, extrapolated to infinitely many samples (FLD∞).
          </p>
        </div>
      )}
    </div>
  );
});
