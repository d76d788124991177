/**
 * The 2-D lab's data: training points, held-out points (for the scores and the bound) and fresh
 * points (for the scores' floor), from a built-in data set or from the user's drawing.
 */
import { useMemo } from 'react';
import { resampleDrawn, sampleToyDataset } from '../../data/toy2d';
import { TOY_DATA_SEED, type ToyState } from '../../state/toyState';
import { EVALUATION_POINTS } from './useToyModel';

export interface ToyData {
  train: Float32Array;
  heldOut: Float32Array;
  fresh: Float32Array;
  /** Changes whenever the points do. */
  key: string;
}

/** Fewest drawn points the lab trains on. */
export const MIN_DRAWN_POINTS = 20;
/** Held-out and fresh points of a drawing are its points re-drawn with this much jitter. */
const DRAWN_JITTER = 0.03;
const HELD_OUT = 1000;

/** Why a drawing of n points cannot be trained on, or null. */
export function drawingProblem(n: number): string | null {
  if (n >= MIN_DRAWN_POINTS) return null;
  return n === 0
    ? 'Your drawing is empty: spray some points on the plane with the brush, then train.'
    : `Your drawing has ${n} point${n === 1 ? '' : 's'}: the model needs at least ${MIN_DRAWN_POINTS} to learn a shape. Draw some more.`;
}

export function useToyData(toy: ToyState, drawn: Float32Array, drawnVersion: number): { data: ToyData | null; problem: string | null } {
  const { dataset, points } = toy;
  return useMemo(() => {
    if (dataset === 'drawn') {
      const problem = drawingProblem(drawn.length / 2);
      if (problem) return { data: null, problem };
      return {
        data: {
          train: drawn,
          heldOut: resampleDrawn(drawn, HELD_OUT, TOY_DATA_SEED + 1, DRAWN_JITTER),
          fresh: resampleDrawn(drawn, EVALUATION_POINTS, TOY_DATA_SEED + 2, DRAWN_JITTER),
          key: `drawn:${drawnVersion}`,
        },
        problem: null,
      };
    }
    return {
      data: {
        train: sampleToyDataset(dataset, points, TOY_DATA_SEED),
        heldOut: sampleToyDataset(dataset, HELD_OUT, TOY_DATA_SEED + 1),
        fresh: sampleToyDataset(dataset, EVALUATION_POINTS, TOY_DATA_SEED + 2),
        key: `${dataset}:${points}`,
      },
      problem: null,
    };
  }, [dataset, points, drawn, drawnVersion]);
}
