/**
 * The reverse process of one digit, step by step: x_t, the predicted noise ε_θ(x_t, t) and the
 * predicted clean image x̂_0 side by side at the viewer's step, a slider and play over the steps,
 * the progressive generation strip of x̂_0 over t (DDPM Fig. 6), and the same x_T decoded by
 * DDIM at 10, 50 and 1000 steps.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SamplerSettings } from '../../diffusion/samplerPlans';
import { DIGITS_SCHEDULE } from '../../state/digitsState';
import { DigitImages } from './DigitImages';
import { reverseVideo, stepImages } from './reverseVideo';
import { WebmExport } from '../common/ExportButtons';
import type { Trajectory } from './useDigitsModel';
import { positionShortcuts, useTimestepShortcuts } from '../common/Shortcuts';

const SIZE = 28 * 28;
const STRIP = 10;
const COMPARE: SamplerSettings[] = [10, 50, 1000].map((steps) => ({ kind: 'ddim', steps, eta: 0 }));

interface ReverseViewerProps {
  trajectory: Trajectory | null;
  /** Index of the shown step: 0 is x_T, the last is x_0. */
  frame: number;
  onFrame: (frame: number) => void;
  decode: (samplers: SamplerSettings[]) => Promise<Float32Array[]>;
  busy: boolean;
  /** Changes when the model does (the comparison is dropped then). */
  modelVersion: number;
}

export function ReverseViewer({ trajectory, frame, onFrame, decode, busy, modelVersion }: ReverseViewerProps) {
  const steps = trajectory ? trajectory.t.length - 1 : 0;
  const k = Math.min(frame, steps);
  const t = trajectory ? trajectory.t[k] : DIGITS_SCHEDULE.T;

  const images = useMemo(() => trajectory && stepImages(trajectory, k), [trajectory, k]);

  const strip = useMemo(() => {
    if (!trajectory || steps < 1) return null;
    const picks = Array.from({ length: Math.min(STRIP, steps) }, (_, i) => Math.round((i * (steps - 1)) / Math.max(1, Math.min(STRIP, steps) - 1)));
    const out = new Float32Array((picks.length + 1) * SIZE);
    picks.forEach((p, i) => out.set(trajectory.x0Hat.subarray(p * SIZE, (p + 1) * SIZE), i * SIZE));
    out.set(trajectory.frames.subarray(steps * SIZE, (steps + 1) * SIZE), picks.length * SIZE);
    return { images: out, t: [...picks.map((p) => trajectory.t[p]), 0] };
  }, [trajectory, steps]);

  // Play: one step per animation frame, T → 0.
  const [playing, setPlaying] = useState(false);
  const frameRef = useRef(k);
  frameRef.current = k;
  useEffect(() => {
    if (!playing) return;
    let position = frameRef.current >= steps ? 0 : frameRef.current;
    const stride = Math.max(1, Math.round(steps / 120));
    let id = requestAnimationFrame(function tick() {
      position = Math.min(steps, position + stride);
      onFrame(position);
      if (position >= steps) setPlaying(false);
      else id = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(id);
  }, [playing, steps, onFrame]);
  useTimestepShortcuts({
    what: 'the reverse step',
    playPause: () => setPlaying((p) => !p),
    ...positionShortcuts(() => frameRef.current, steps, onFrame, () => setPlaying(false)),
  });

  const [compared, setCompared] = useState<{ images: Float32Array; version: number } | null>(null);
  const [comparing, setComparing] = useState<string | null>(null);
  const compare = async () => {
    setComparing('Decoding with DDIM at 10, 50 and 1000 steps… (1000 steps take a while on a CPU)');
    try {
      const finals = await decode(COMPARE);
      const images = new Float32Array(finals.length * SIZE);
      finals.forEach((f, i) => images.set(f.subarray(0, SIZE), i * SIZE));
      setCompared({ images, version: modelVersion });
      setComparing(null);
    } catch (e) {
      setComparing(`The comparison failed: ${(e as Error).message}`);
    }
  };

  if (!trajectory || !images) return <p className="chart-empty">The reverse process appears once the model has sampled.</p>;

  return (
    <div className="reverse-viewer">
      <div className="viewer-timestep">
        <button type="button" className="play" onClick={() => setPlaying(!playing)} aria-pressed={playing} aria-label={playing ? 'Pause' : 'Play the reverse process from x_T to x_0'}>
          {playing ? '❚❚' : '▶'}
        </button>
        <input
          type="range"
          min={0}
          max={steps}
          step={1}
          value={k}
          aria-label={`Reverse timestep: step ${k} of ${steps}, t = ${t}`}
          aria-valuetext={`t = ${t}`}
          onChange={(e) => {
            setPlaying(false);
            onFrame(Number(e.target.value));
          }}
        />
        <span className="t-readout" data-testid="viewer-t">
          t = {t} <span className="subtle">· step {k} of {steps}</span>
        </span>
        {trajectory && (
          <WebmExport
            what="the reverse process of this digit, x_t, ε̂ and x̂_0 from x_T to x_0"
            fileName={`digits-reverse-${trajectory.t.length - 1}-steps.webm`}
            record={(onProgress) => reverseVideo(trajectory, onProgress)}
          />
        )}
      </div>
      <div className="viewer-images">
        <figure>
          <DigitImages images={images.xt} side={28} columns={1} scale={6} label={`x_t at t = ${t}`} testId="viewer-xt" />
          <figcaption>
            x<sub>t</sub>
          </figcaption>
        </figure>
        <figure>
          {images.eps ? (
            <DigitImages images={images.eps} side={28} columns={1} scale={6} mode="signed" label={`predicted noise ε_θ(x_t, t) at t = ${t}`} testId="viewer-eps" />
          ) : (
            <div className="viewer-none">no noise left at t = 0</div>
          )}
          <figcaption>
            ε<sub>θ</sub>(x<sub>t</sub>, t)
          </figcaption>
        </figure>
        <figure>
          <DigitImages images={images.x0} side={28} columns={1} scale={6} label={`predicted clean image x̂_0 at t = ${t}`} testId="viewer-x0" />
          <figcaption>
            x̂<sub>0</sub> = (x<sub>t</sub> − √(1 − ᾱ<sub>t</sub>) ε<sub>θ</sub>) / √ᾱ<sub>t</sub>
          </figcaption>
        </figure>
      </div>
      {strip && (
        <figure className="viewer-strip">
          <DigitImages images={strip.images} side={28} columns={strip.t.length} scale={2} label={`Predicted x̂_0 at t = ${strip.t.join(', ')}`} testId="viewer-strip" />
          <figcaption>
            Progressive generation: x̂<sub>0</sub> at t = {strip.t.join(' · ')} <span className="subtle">(coarse shape first, details last; DDPM Fig. 6)</span>
          </figcaption>
        </figure>
      )}
      <div className="viewer-compare">
        <button type="button" onClick={compare} disabled={busy || comparing?.startsWith('Decoding') === true}>
          Decode this x<sub>T</sub> with DDIM at 10, 50 and 1000 steps
        </button>
        {comparing && <p className="subtle" role="status">{comparing}</p>}
        {compared && compared.version === modelVersion && (
          <figure>
            <DigitImages images={compared.images} side={28} columns={3} scale={3} label="The same x_T decoded by DDIM at 10, 50 and 1000 steps" testId="viewer-compare" />
            <figcaption>DDIM (η = 0) at 10 · 50 · 1000 steps, from the same x<sub>T</sub></figcaption>
          </figure>
        )}
      </div>
    </div>
  );
}
