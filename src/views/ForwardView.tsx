import { useCallback, useDeferredValue, useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { meanSquare } from '../diffusion/elbo';
import { makeSchedule, SCHEDULE_LABELS } from '../diffusion/schedules';
import { x0Coordinates } from '../engine/pixels';
import { useBackend, useForwardTensors } from '../state/useEngine';
import { DerivationsPanel } from '../panels/derivations/DerivationsPanel';
import { ChainVsClosedForm } from '../panels/chain/ChainVsClosedForm';
import { ForwardEquations } from '../panels/explorer/ForwardEquations';
import { ImagePicker } from '../panels/explorer/ImagePicker';
import { NoisedImage } from '../panels/explorer/NoisedImage';
import { TimestepControls } from '../panels/explorer/TimestepControls';
import { useNotice } from '../panels/common/Notices';
import { PanelBoundary } from '../panels/common/PanelBoundary';
import { useShows } from '../panels/common/Embedded';
import { WebmExport } from '../panels/common/ExportButtons';
import { forwardVideo } from '../panels/explorer/forwardVideo';
import { SchedulePlots } from '../panels/schedules/SchedulePlots';
import { NoisingStrip } from '../panels/strip/NoisingStrip';
import { type ImageChoice } from '../state/appState';
import { useImageSource } from '../state/useImageSource';
import { dropImageFragment, sharedImage } from '../state/sharedImage';
import { useStore } from '../state/store';
import { useSettled } from '../state/useSettled';

/** The panels beside the image update when the slider rests this long… */
const PANEL_REST_MS = 80;
/** …and at least this often while it keeps moving. */
const PANEL_MAX_LAG_MS = 500;

/** The forward-process explorer and the derivations. */
export default function ForwardView({ statusSlot }: { statusSlot: HTMLElement | null }) {
  const { state, dispatch } = useStore();
  const shows = useShows();
  const engine = useBackend();
  const ready = engine.state === 'ready';
  const source = useImageSource(state.image);
  const tensors = useForwardTensors(ready, source.pixels, state.greyscale, state.seed);
  const schedule = makeSchedule({ kind: state.schedule, T: state.T });
  // The image and the chart markers follow t at once; the equations, read-outs and histogram
  // follow when the slider rests, or twice a second while it keeps moving (as one consistent
  // schedule, T and t), so that re-rendering them rarely competes with the image for a frame.
  const lagged = useDeferredValue(useSettled(state, PANEL_REST_MS, PANEL_MAX_LAG_MS));
  const laggedSchedule = makeSchedule({ kind: lagged.schedule, T: lagged.T });

  const { loadFile, loadShared, setError: setImageError } = source;
  const onFile = useCallback(
    async (file: File) => {
      if (!(await loadFile(file))) return;
      dropImageFragment();
      dispatch({ type: 'setImage', image: 'upload' });
    },
    [loadFile, dispatch],
  );
  const onChoose = useCallback(
    (image: ImageChoice) => {
      setImageError(null);
      if (image !== 'upload') dropImageFragment();
      dispatch({ type: 'setImage', image });
    },
    [setImageError, dispatch],
  );
  // A shared link may carry the lecturer's own image in its fragment.
  useEffect(() => {
    const shared = sharedImage(location.hash);
    if (shared === null) return;
    if ('problem' in shared) setImageError(shared.problem);
    else void loadShared(shared.url).then((ok) => ok && dispatch({ type: 'setImage', image: 'upload' }));
  }, [loadShared, setImageError, dispatch]);
  const onNotAFile = useCallback(() => setImageError('That drop held no file. Drop a PNG, JPEG or WebP image file.'), [setImageError]);
  const onSelectT = useCallback((t: number) => dispatch({ type: 'setT', t }), [dispatch]);
  const onPickPixel = useCallback((x: number, y: number) => dispatch({ type: 'setPixel', x, y }), [dispatch]);
  const onSelectTotalSteps = useCallback((T: number) => dispatch({ type: 'setTotalSteps', T }), [dispatch]);
  const onReveal = useCallback((revealed: number | null) => dispatch({ type: 'setRevealed', revealed }), [dispatch]);
  // What L_T needs to know about the image: its number of coordinates and their mean square.
  const x0Stats = useMemo(() => {
    if (!source.pixels) return null;
    const x0 = x0Coordinates(source.pixels, state.greyscale);
    return { dims: x0.length, meanSquare: meanSquare(x0) };
  }, [source.pixels, state.greyscale]);

  useNotice('backend', engine.state === 'ready' ? engine.info.notice : engine.state === 'failed' ? engine.error : null);

  return (
    <>
      {statusSlot &&
        createPortal(
          <div className="backend-badge" data-testid="backend-badge" data-backend={ready ? engine.info.name : ''} aria-live="polite">
            {engine.state === 'starting' && 'Starting tfjs…'}
            {engine.state === 'failed' && 'No compute backend'}
            {engine.state === 'ready' && (
              <>
                <strong>{engine.info.name}</strong>
                <span className="adapter" title={engine.info.adapter}>
                  {engine.info.adapter}
                  {engine.info.fallbackAdapter ? ' (software)' : ''}
                </span>
              </>
            )}
          </div>,
          statusSlot,
        )}
      <p className="tagline view-lede">
        Watch <i>q</i>(x<sub>t</sub> | x<sub>0</sub>) turn an image into noise, then{' '}
        <a href="#derivations">see why the model is trained the way it is ↓</a>
      </p>
      <main className="layout">
        <div className="column">
          {shows('explorer') && (
            <section className="card explorer" data-panel="explorer" aria-labelledby="explorer-title">
              <h2 id="explorer-title">
                Forward process <span className="subtle">· {SCHEDULE_LABELS[state.schedule]}, T = {state.T}</span>
              </h2>
              {source.error && (
                <div className="image-error" role="alert">
                  <span>{source.error}</span>
                  <button type="button" onClick={() => setImageError(null)} aria-label="Dismiss the image error">
                    ×
                  </button>
                </div>
              )}
              {ready ? (
                <NoisedImage
                  backend={engine.info.name}
                  tensors={tensors}
                  a={schedule.sqrtAlphaBar[state.t]}
                  b={schedule.sqrtOneMinusAlphaBar[state.t]}
                  t={state.t}
                  pixel={state.pixel}
                  onPickPixel={onPickPixel}
                />
              ) : (
                <div className="noised-image">
                  <div className="image-overlay">{engine.state === 'failed' ? 'Unavailable' : 'Starting…'}</div>
                </div>
              )}
              <TimestepControls />
              <div className="option-row noise-row">
                <button type="button" onClick={() => dispatch({ type: 'newNoise' })}>
                  New noise ε
                </button>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={state.greyscale}
                    onChange={(e) => dispatch({ type: 'setGreyscale', greyscale: e.target.checked })}
                  />
                  Greyscale
                </label>
                <span className="subtle seed">seed {state.seed}</span>
                {tensors && (
                  <WebmExport
                    what={`the forward process from x_0 to x_T, ${SCHEDULE_LABELS[state.schedule]} schedule`}
                    fileName={`forward-${state.schedule}-T${state.T}-seed${state.seed}.webm`}
                    record={(onProgress) => forwardVideo(tensors, schedule, onProgress)}
                  />
                )}
              </div>
              <ImagePicker
                current={state.image}
                upload={source.upload}
                busy={source.loading}
                onChoose={onChoose}
                onFile={onFile}
                onNotAFile={onNotAFile}
              />
            </section>
          )}

          {shows('equations') && (
            <section className="card equations-card" data-panel="equations" aria-labelledby="eq-title">
              <h2 id="eq-title" className="live-title">
                The equations at t = {lagged.t}
              </h2>
              <PanelBoundary name="equations panel">
                <ForwardEquations schedule={laggedSchedule} t={lagged.t} />
              </PanelBoundary>
            </section>
          )}

        </div>
        <div className="column">
          {shows('schedules') && (
            <section className="card plots" data-panel="schedules" aria-labelledby="plots-title">
              <h2 id="plots-title">Noise schedules</h2>
              <p className="lede">
                Every schedule at T = {lagged.T}. Click or drag on a plot to move t; hover to read exact values.
              </p>
              <PanelBoundary name="schedule plots">
                <SchedulePlots
                  T={lagged.T}
                  t={Math.min(state.t, lagged.T)}
                  readoutT={lagged.t}
                  selected={lagged.schedule}
                  onSelectT={onSelectT}
                />
              </PanelBoundary>
            </section>
          )}

          {shows('chain') && (
            <section className="card chain" data-panel="chain" aria-labelledby="chain-title">
              <h2 id="chain-title">Markov chain vs closed form</h2>
              <PanelBoundary name="Markov chain panel">
                <ChainVsClosedForm
                  schedule={laggedSchedule}
                  t={lagged.t}
                  pixels={source.pixels}
                  pixel={state.pixel}
                  channel={state.channel}
                  greyscale={state.greyscale}
                  seed={state.seed}
                  dispatch={dispatch}
                />
              </PanelBoundary>
            </section>
          )}

        </div>
        {shows('strip') && (
          <section className="card strip-card" data-panel="strip" aria-labelledby="strip-title">
            <h2 id="strip-title">
              Noising strip x<sub>0</sub> … x<sub>T</sub>
            </h2>
            <p className="lede">
              The same image and noise under each schedule, at 64 × 64 px. Linear destroys the structure early; cosine
              keeps it longer.
            </p>
            <PanelBoundary name="noising strip">
              <NoisingStrip tensors={tensors} T={state.T} seed={state.seed} greyscale={state.greyscale} />
            </PanelBoundary>
          </section>
        )}
        {shows('derivations') && (
          <section className="card derivations-card" data-panel="derivations" id="derivations" aria-labelledby="derivations-title">
            <h2 id="derivations-title">
              Why DDPM trains on ‖ε − ε<sub>θ</sub>‖²{' '}
              <span className="subtle">
                · the derivation, with the numbers of {SCHEDULE_LABELS[lagged.schedule]}, T = {lagged.T}, t = {lagged.t}
              </span>
            </h2>
            <p className="lede">
              From the forward process to the loss DDPM optimises, one justified step at a time. Each “now” line plugs in
              the current schedule, T and t; the plots follow the slider.
            </p>
            <PanelBoundary name="derivations panel">
              {x0Stats ? (
                <DerivationsPanel
                  schedule={laggedSchedule}
                  t={lagged.t}
                  markerT={Math.min(state.t, lagged.T)}
                  data={x0Stats}
                  revealed={state.revealed}
                  onReveal={onReveal}
                  onSelectT={onSelectT}
                  onSelectTotalSteps={onSelectTotalSteps}
                />
              ) : (
                <p className="lede">Loading the image…</p>
              )}
            </PanelBoundary>
          </section>
        )}
      </main>
    </>
  );
}
