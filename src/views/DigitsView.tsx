import { useCallback } from 'react';
import { createPortal } from 'react-dom';
import { DIGITS_LIMITS, DIGITS_SCHEDULE, type DigitsState } from '../state/digitsState';
import { useStore } from '../state/store';
import { LabMessages, useNotice } from '../panels/common/Notices';
import { PngExport, pngOf } from '../panels/common/ExportButtons';
import { LossCharts } from '../panels/common/LossCharts';
import { PanelBoundary } from '../panels/common/PanelBoundary';
import { useShows } from '../panels/common/Embedded';
import { SamplerFields } from '../panels/common/SamplerFields';
import { DigitBound } from '../panels/digits/DigitBound';
import { DigitImages } from '../panels/digits/DigitImages';
import { DigitsTraining } from '../panels/digits/DigitsTraining';
import { InpaintPanel } from '../panels/digits/InpaintPanel';
import { QualityPanel } from '../panels/digits/QualityPanel';
import { ReverseViewer } from '../panels/digits/ReverseViewer';
import { useDigitsData } from '../panels/digits/useDigitsData';
import { GRID_SIZE, useDigitsModel } from '../panels/digits/useDigitsModel';
import '../panels/toy2d/toy2d.css';
import '../panels/digits/digits.css';

const samplerLabel = (d: DigitsState) =>
  d.sampler.kind === 'ddim' ? `DDIM, ${d.sampler.steps} steps, η = ${d.sampler.eta}` : `DDPM, ${d.sampler.steps} steps, σ² = ${d.sampler.variance === 'beta' ? 'β' : 'β̃'}`;

/** The digits lab: an image diffusion model (a small U-Net on MNIST) trained and sampled in the tab. */
export default function DigitsView({ statusSlot }: { statusSlot: HTMLElement | null }) {
  const { state, dispatch } = useStore();
  const shows = useShows();
  const digits = state.digits;
  const onDigits = useCallback((patch: Partial<DigitsState>) => dispatch({ type: 'setDigits', patch }), [dispatch]);
  const onDigit = useCallback((digit: number) => dispatch({ type: 'setDigits', patch: { digit } }), [dispatch]);
  const onSampler = useCallback((sampler: DigitsState['sampler']) => dispatch({ type: 'setDigits', patch: { sampler } }), [dispatch]);
  const { data, error: dataError } = useDigitsData();
  const lab = useDigitsModel(digits, data);
  const { model, giveWay } = lab;
  useNotice('trainBackend', lab.notice);
  // Training waits while the reverse step moves: on a busy CPU or GPU the frames come first.
  const onFrame = useCallback(
    (frame: number) => {
      giveWay();
      dispatch({ type: 'setDigits', patch: { frame } });
    },
    [dispatch, giveWay],
  );
  const modelVersion = model.step + (model.source === 'file' ? 0.5 : 0);
  const ready = model.status === 'ready';

  return (
    <>
      {statusSlot &&
        createPortal(
          <div className="backend-badge" data-testid="digits-badge" data-backend={model.backend ?? ''} aria-live="polite">
            <strong>{model.backend ?? '…'}</strong>
            <span className="adapter">{model.status === 'training' ? 'training in a Web Worker' : `U-Net in a Web Worker, sampling on ${model.sampleOn ?? '…'}`}</span>
          </div>,
          statusSlot,
        )}
      <p className="tagline view-lede">
        Handwritten digits from pure noise: a small U-Net learned to undo the noising of 9,000 MNIST digits. Step through its reverse process, let
        it fill in a digit, or train your own in the tab.
      </p>
      {dataError && (
        <div className="panel-error" role="alert">
          <p>The digits could not be loaded: {dataError}. Reload the page to try again.</p>
        </div>
      )}
      <LabMessages message={model.message} error={model.status === 'failed' ? model.error : null} onDismiss={lab.dismissMessage} />

      <main className="digits-layout">
        {shows('samples') && (
          <section className="card digits-samples" data-panel="samples" aria-labelledby="digits-samples-title">
            <h2 id="digits-samples-title">
              Samples <span className="subtle">· {samplerLabel(digits)}</span>
            </h2>
            <PanelBoundary name="sample grid">
              {model.grid ? (
                <figure className="digits-grid">
                  <DigitImages images={model.grid} side={28} columns={4} scale={3} label={`${GRID_SIZE} digits sampled by the model at step ${model.gridStep}`} testId="digits-grid" />
                  <PngExport
                    what="the grid of sampled digits"
                    fileName={`digits-step${model.gridStep}-seed${digits.seed}.png`}
                    draw={() => pngOf(document.querySelector<HTMLCanvasElement>('[data-testid="digits-grid"]'), 4)}
                  />
                  <figcaption>
                    {GRID_SIZE} samples from a fixed x<sub>T</sub> (seed {digits.seed}), model at step {model.gridStep.toLocaleString('en-US')}
                    {model.sampling && <span className="subtle"> · sampling…</span>}
                  </figcaption>
                </figure>
              ) : (
                <p className="chart-empty" role="status">
                  {dataError ? 'No digits.' : !data ? 'Loading the digits…' : model.status === 'starting' ? 'Starting the model…' : 'Sampling 16 digits from noise…'}
                </p>
              )}
            </PanelBoundary>
            <PanelBoundary name="quality">
              <QualityPanel score={lab.score} ready={ready} modelStep={model.step} />
            </PanelBoundary>
            <div className="option-row sampler-controls">
              <SamplerFields sampler={digits.sampler} T={DIGITS_SCHEDULE.T} onChange={onSampler} />
              <button type="button" onClick={() => onDigits({ seed: (digits.seed % (DIGITS_LIMITS.seed[1] - 1)) + 1 })}>
                New noise
              </button>
            </div>
          </section>
        )}

        {shows('reverse') && (
          <section className="card digits-reverse" data-panel="reverse" aria-labelledby="digits-reverse-title">
            <h2 id="digits-reverse-title">
              The reverse process, step by step <span className="subtle">· the first digit of the grid</span>
            </h2>
            <PanelBoundary name="reverse viewer">
              <ReverseViewer trajectory={model.trajectory} frame={digits.frame} onFrame={onFrame} decode={lab.decode} busy={!ready} modelVersion={modelVersion} />
            </PanelBoundary>
          </section>
        )}

        {shows('digits-training') && (
          <section className="card digits-train" data-panel="digits-training" aria-labelledby="digits-train-title">
            <h2 id="digits-train-title">Training</h2>
            <DigitsTraining
              digits={digits}
              model={model}
              probe={lab.probe}
              probing={lab.probing}
              forced={lab.forced}
              onDigits={onDigits}
              train={lab.train}
              pause={lab.pause}
              step={lab.step}
              reset={lab.reset}
              loadPretrained={lab.loadPretrained}
              trainOn={lab.trainOn}
              dismissFault={lab.dismissFault}
              save={lab.save}
              load={lab.load}
            />
            <PanelBoundary name="training charts">
              <div className="lab-charts">
                <LossCharts loss={model.loss} lossByT={model.lossByT} step={model.step} T={DIGITS_SCHEDULE.T} />
              </div>
            </PanelBoundary>
          </section>
        )}

        {shows('inpainting') && (
          <section className="card digits-inpaint" data-panel="inpainting" aria-labelledby="digits-inpaint-title">
            <h2 id="digits-inpaint-title">
              Inpainting <span className="subtle">· Sohl-Dickstein et al. (2015), §2.5</span>
            </h2>
            <PanelBoundary name="inpainting">
              {data ? (
                <InpaintPanel heldOut={data.mnist.heldOut} digit={digits.digit} onDigit={onDigit} inpaint={lab.inpaint} ready={ready} modelVersion={modelVersion} />
              ) : (
                <p className="chart-empty">Loading the digits…</p>
              )}
            </PanelBoundary>
          </section>
        )}
        {shows('digits-bound') && (
          <section className="card digits-bound" data-panel="digits-bound" aria-labelledby="digits-bound-title">
            <h2 id="digits-bound-title">
              The bound, live <span className="subtle">· −log p<sub>θ</sub>(x<sub>0</sub>) ≤ L for one held-out digit</span>
            </h2>
            <PanelBoundary name="bound">
              {data ? (
                <DigitBound heldOut={data.mnist.heldOut} digit={digits.digit} step={model.step} disabled={!ready} bound={lab.bound} />
              ) : (
                <p className="chart-empty">Loading the digits…</p>
              )}
            </PanelBoundary>
          </section>
        )}

      </main>
    </>
  );
}
