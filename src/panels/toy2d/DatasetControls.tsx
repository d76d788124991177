import { memo } from 'react';
import { TOY_DATASETS, TOY_DATASET_LABELS, type ToyDatasetId } from '../../data/toy2d';
import { TOY_LIMITS, type ToyState } from '../../state/toyState';
import { equalExcept } from '../common/equalExcept';
import type { Drawing } from './useDrawing';

export type Brush = 'spray' | 'erase';

interface DatasetControlsProps {
  toy: ToyState;
  onToy: (patch: Partial<ToyState>) => void;
  drawing: Drawing;
  brush: Brush;
  onBrush: (b: Brush) => void;
  brushSize: number;
  onBrushSize: (s: number) => void;
}

/** The data set: the built-in shapes, or the user's drawing with its brush, eraser, undo and clear. */
export const DatasetControls = memo(function DatasetControls({ toy, onToy, drawing, brush, onBrush, brushSize, onBrushSize }: DatasetControlsProps) {
  const choose = (dataset: ToyDatasetId) => onToy({ dataset, t: 0 });
  return (
    <div className="dataset-controls">
      <div className="dataset-buttons" role="radiogroup" aria-label="Data set">
        {[...TOY_DATASETS, 'drawn' as const].map((d) => (
          <button key={d} type="button" role="radio" aria-checked={toy.dataset === d} className={toy.dataset === d ? 'chosen' : ''} onClick={() => choose(d)}>
            {TOY_DATASET_LABELS[d]}
          </button>
        ))}
      </div>
      {toy.dataset === 'drawn' ? (
        <div className="draw-tools">
          <div className="option-row" role="group" aria-label="Drawing tools">
            <label className="check">
              <input type="radio" name="brush" checked={brush === 'spray'} onChange={() => onBrush('spray')} />
              Spray
            </label>
            <label className="check">
              <input type="radio" name="brush" checked={brush === 'erase'} onChange={() => onBrush('erase')} />
              Erase
            </label>
            <label>
              Brush
              <input type="range" min={0.05} max={0.6} step={0.05} value={brushSize} onChange={(e) => onBrushSize(Number(e.target.value))} aria-label="Brush size" />
            </label>
            <button type="button" onClick={drawing.undo} disabled={!drawing.canUndo}>
              Undo
            </button>
            <button type="button" onClick={drawing.clear} disabled={drawing.points.length === 0}>
              Clear
            </button>
            <span className="subtle" data-testid="drawn-count">
              {drawing.points.length / 2} points
            </span>
          </div>
          <p className="lede">Draw on the forward plane (set t = 0) with a mouse, pen or finger; the model trains on exactly these points, and they are kept in this browser.</p>
          {drawing.storageProblem && <p className="notice">{drawing.storageProblem}</p>}
        </div>
      ) : (
        <label className="field inline">
          <span>Training points</span>
          <input
            type="number"
            min={TOY_LIMITS.points[0]}
            max={TOY_LIMITS.points[1]}
            step={100}
            value={toy.points}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= TOY_LIMITS.points[0] && v <= TOY_LIMITS.points[1]) onToy({ points: v });
            }}
          />
        </label>
      )}
    </div>
  );
}, equalExcept('toy', 't'));
