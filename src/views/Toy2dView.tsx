import { useCallback, useMemo, useRef, useState, type PointerEvent } from 'react';
import { createPortal } from 'react-dom';
import { TOY_DATASET_LABELS } from '../data/toy2d';
import { makeSchedule, SCHEDULE_LABELS } from '../diffusion/schedules';
import { LabMessages, useNotice } from '../panels/common/Notices';
import { PanelBoundary } from '../panels/common/PanelBoundary';
import { useShows } from '../panels/common/Embedded';
import { BoundPanel } from '../panels/toy2d/BoundPanel';
import { ConstraintPanel } from '../panels/toy2d/ConstraintPanel';
import { DatasetControls, type Brush } from '../panels/toy2d/DatasetControls';
import { LabPlanes } from '../panels/toy2d/LabPlanes';
import { LabTimestep } from '../panels/toy2d/LabTimestep';
import { SamplerControls } from '../panels/toy2d/SamplerControls';
import { TrainingCharts } from '../panels/toy2d/TrainingCharts';
import { TrainingControls } from '../panels/toy2d/TrainingControls';
import { useDrawing } from '../panels/toy2d/useDrawing';
import { drawingProblem, useToyData } from '../panels/toy2d/useToyData';
import { useToyModel } from '../panels/toy2d/useToyModel';
import type { ToyState } from '../state/toyState';
import { useStore } from '../state/store';
import { useSettled } from '../state/useSettled';
import { testMode } from '../testMode';
import '../panels/toy2d/toy2d.css';

/** Points sprayed per pointer event while drawing. */
const SPRAY_PER_EVENT = 6;

/** The 2-D lab: train a DDPM on 2-D points in the tab, and watch it diffuse and denoise. */
export default function Toy2dView({ statusSlot }: { statusSlot: HTMLElement | null }) {
  const { state, dispatch } = useStore();
  const shows = useShows();
  const toy = state.toy;
  const onToy = useCallback((patch: Partial<ToyState>) => dispatch({ type: 'setToy', patch }), [dispatch]);
  const schedule = makeSchedule({ kind: toy.schedule, T: toy.T });

  const drawing = useDrawing();
  // The model takes a drawing when it settles: it changes with every pointer move, and each
  // change moves the model to a new worker. The planes and the checks follow it live.
  const liveDrawing = useMemo(() => ({ points: drawing.points, version: drawing.version }), [drawing.points, drawing.version]);
  const settledDrawing = useSettled(liveDrawing, 400, 3000);
  const { data } = useToyData(toy, settledDrawing.points, settledDrawing.version);
  const drawn = toy.dataset === 'drawn';
  const problem = drawn ? drawingProblem(drawing.points.length / 2) : null;
  const lab = useToyModel(toy, drawing.loaded || !drawn ? data : null);
  const { model, giveWay } = lab;
  useNotice('trainBackend', lab.notice);
  // Training waits while t moves: on a busy CPU or GPU the frames come first.
  const onT = useCallback(
    (t: number) => {
      giveWay();
      dispatch({ type: 'setToy', patch: { t } });
    },
    [dispatch, giveWay],
  );

  // The model's "version" for things computed from it (the field, constrained samples).
  const modelVersion = model.status === 'training' ? Math.floor(model.step / 500) : model.step + (model.trajectory ? 0.5 : 0);

  const [brush, setBrush] = useState<Brush>('spray');
  const [brushSize, setBrushSize] = useState(0.2);
  const drawingActive = toy.dataset === 'drawn' && toy.t === 0 && model.status !== 'training';
  // Whether a stroke is under way; a ref, as every sprayed point re-renders the view.
  const stroke = useRef(false);
  const { spray, erase, begin } = drawing;
  const drawingHandlers = useMemo(() => {
    if (!drawingActive) return null;
    const act = (x: number, y: number) => (brush === 'spray' ? spray(x, y, brushSize / 2, SPRAY_PER_EVENT) : erase(x, y, brushSize));
    return {
      cursor: brush,
      onPointer: (kind: 'down' | 'move' | 'up', x: number, y: number, e: PointerEvent<SVGSVGElement>) => {
        if (kind === 'down') {
          stroke.current = true;
          try {
            e.currentTarget.setPointerCapture(e.pointerId);
          } catch {
            // A pointer the browser no longer tracks: the stroke still works while over the plane.
          }
          begin();
          act(x, y);
        } else if (kind === 'move' && stroke.current) act(x, y);
        else if (kind === 'up') stroke.current = false;
      },
    };
  }, [drawingActive, brush, brushSize, spray, erase, begin]);

  // The samples at t = 0: the last frame of the trajectory (same x_T as the constrained samples).
  const finalSamples = useMemo(() => {
    const tr = model.trajectory;
    return tr ? tr.frames.subarray((tr.t.length - 1) * tr.n * 2) : null;
  }, [model.trajectory]);

  const blocked = problem ?? (model.status === 'failed' ? model.error : null);

  return (
    <>
      {statusSlot &&
        createPortal(
          <div className="backend-badge" data-testid="train-badge" data-backend={model.backend ?? ''} aria-live="polite">
            <strong>{model.backend ?? '…'}</strong>
            <span className="adapter">{model.status === 'training' ? 'training in a Web Worker' : 'trainer in a Web Worker'}</span>
          </div>,
          statusSlot,
        )}
      <p className="tagline view-lede">
        A cloud of 2-D points melts into N(0, I) as t grows; a small network learns to run it backwards. Train one here, in seconds,
        on your own CPU or GPU.
      </p>

      <LabMessages message={model.message} error={model.status === 'failed' ? model.error : null} onDismiss={lab.dismissMessage} />

      <main className="lab-layout">
        {shows('planes') && (
          <section className="card lab-main" data-panel="planes" aria-labelledby="lab-title">
            <h2 id="lab-title">
              {TOY_DATASET_LABELS[toy.dataset]} <span className="subtle">· {SCHEDULE_LABELS[toy.schedule]}, T = {toy.T}</span>
            </h2>
            <PanelBoundary name="2-D planes">
              <LabPlanes
                schedule={schedule}
                t={toy.t}
                data={drawn ? drawing.points : (data?.train ?? null)}
                seed={toy.seed}
                overlays={toy.overlays}
                trajectory={model.trajectory}
                field={lab.field}
                modelVersion={modelVersion}
                constraint={toy.constraint}
                onConstraint={(constraint) => onToy({ constraint })}
                drawing={drawingHandlers}
                reverseNote={problem ? 'Draw some points on the forward plane, then train a model on them.' : model.status === 'failed' ? 'No model: the trainer did not start.' : 'Starting the model…'}
              />
            </PanelBoundary>
            <LabTimestep t={toy.t} T={toy.T} onChange={onT} autoplay={!testMode && model.trajectory !== null && model.step > 0} />
            {toy.dataset === 'drawn' && toy.t > 0 && model.status !== 'training' && (
              <p className="lede draw-hint">To draw, move the slider back to t = 0.</p>
            )}
            <SamplerControls toy={toy} onToy={onToy} />
            <DatasetControls toy={toy} onToy={onToy} drawing={drawing} brush={brush} onBrush={setBrush} brushSize={brushSize} onBrushSize={setBrushSize} />
          </section>
        )}

        {shows('toy-training') && (
          <section className="card lab-train" data-panel="toy-training" aria-labelledby="train-title">
            <h2 id="train-title">Training</h2>
            <TrainingControls
              toy={toy}
              model={model}
              probe={lab.probe}
              probing={lab.probing}
              forced={lab.forced}
              blocked={blocked}
              onToy={onToy}
              train={lab.train}
              pause={lab.pause}
              step={lab.step}
              reset={lab.reset}
              loadPreset={lab.loadPreset}
              save={lab.save}
              load={lab.load}
            />
            <PanelBoundary name="training charts">
              <TrainingCharts model={model} T={toy.T} />
            </PanelBoundary>
          </section>
        )}

        {shows('toy-bound') && (
          <section className="card lab-bound" data-panel="toy-bound" aria-labelledby="bound-title">
            <h2 id="bound-title">
              The bound, live <span className="subtle">· −log p<sub>θ</sub>(x<sub>0</sub>) ≤ L, term by term</span>
            </h2>
            <PanelBoundary name="bound panel">
              <BoundPanel dataset={toy.dataset} step={model.step} T={toy.T} disabled={model.status !== 'ready'} estimate={lab.bound} />
            </PanelBoundary>
          </section>
        )}

        {shows('constraint') && (
          <section className="card lab-constraint" data-panel="constraint" aria-labelledby="constraint-title">
            <h2 id="constraint-title">
              Multiplying distributions <span className="subtle">· Sohl-Dickstein et al. (2015), §2.5</span>
            </h2>
            <PanelBoundary name="constraint panel">
              <ConstraintPanel toy={toy} onToy={onToy} samples={finalSamples} modelVersion={modelVersion} sample={lab.constrained} />
            </PanelBoundary>
          </section>
        )}
      </main>
    </>
  );
}
