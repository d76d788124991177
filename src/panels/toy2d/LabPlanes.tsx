import { randomLcg, randomNormal, schemeTableau10 } from 'd3';
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { PLANE } from '../../data/toy2d';
import type { Schedule } from '../../diffusion/schedules';
import type { ToyConstraint, ToyOverlay } from '../../state/toyState';
import { useSettled } from '../../state/useSettled';
import { Plane, type PointLayer } from './Plane';
import { useDensityBands } from './useDensityBands';
import type { Trajectory } from './useToyModel';

export const LAB_COLORS = {
  data: schemeTableau10[0],
  samples: schemeTableau10[1],
  x0Hat: schemeTableau10[4],
  constrained: schemeTableau10[6],
  field: '#3a3f4b',
};

/** Points the density contours are built from (a subset: the grid costs grid² × points). */
const DENSITY_POINTS = 300;
const DENSITY_GRID = 48;
/** Kernel width of the density estimate of the data (q_h in src/diffusion/marginal2d.ts). */
const DENSITY_BANDWIDTH = 0.08;
const FIELD_GRID = 15;
const TRAIL_FRAMES = 14;

interface LabPlanesProps {
  schedule: Schedule;
  t: number;
  data: Float32Array | null;
  seed: number;
  overlays: ToyOverlay[];
  trajectory: Trajectory | null;
  /** ε̂ at grid points for timestep t (for the field arrows); null while unavailable. */
  field: (t: number, points: Float32Array) => Promise<Float32Array | null>;
  /** Changes when the model's weights do, so the field is asked for again. */
  modelVersion: number;
  constraint: ToyConstraint | null;
  onConstraint: (c: ToyConstraint) => void;
  /** Why there are no samples yet, shown on the reverse plane (e.g. an empty drawing). */
  reverseNote?: string | null;
  /** Drawing on the forward plane at t = 0 (the "Your drawing" data set), or null. */
  drawing: { onPointer: (kind: 'down' | 'move' | 'up', x: number, y: number, e: PointerEvent<SVGSVGElement>) => void; cursor: string } | null;
}

/** Field arrow tails: the centres of a FIELD_GRID² grid over the plane. */
const FIELD_POINTS = Float32Array.from({ length: FIELD_GRID * FIELD_GRID * 2 }, (_, i) => {
  const cell = Math.floor(i / 2);
  const v = i % 2 === 0 ? cell % FIELD_GRID : Math.floor(cell / FIELD_GRID);
  return -PLANE + ((v + 0.5) * 2 * PLANE) / FIELD_GRID;
});

/** The frame of a trajectory shown at timestep t: the first visited timestep at or below t. */
export function frameAt(trajectory: Trajectory, t: number): number {
  const k = trajectory.t.findIndex((v) => v <= t);
  return k < 0 ? trajectory.t.length - 1 : k;
}

/**
 * The lab's two planes: the data pushed forward to x_t with the density q(x_t), and the model's
 * samples pulled back from x_T, both at the slider's t.
 */
export function LabPlanes({ schedule, t, data, seed, overlays, trajectory, field, modelVersion, constraint, onConstraint, reverseNote, drawing }: LabPlanesProps) {
  const show = (o: ToyOverlay) => overlays.includes(o);

  // x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε with one fixed ε per data point.
  const epsilon = useMemo(() => {
    if (!data) return null;
    const z = randomNormal.source(randomLcg(seed / 2 ** 31))(0, 1);
    return Float32Array.from({ length: data.length }, () => z());
  }, [data, seed]);
  const a = schedule.sqrtAlphaBar[t];
  const b = schedule.sqrtOneMinusAlphaBar[t];
  const xt = useMemo(() => (data && epsilon ? data.map((x0, i) => a * x0 + b * epsilon[i]) : null), [data, epsilon, a, b]);

  // The contours follow the slider when it rests, and every 250 ms of a drag, from a worker.
  const settledT = useSettled(Math.min(t, schedule.T), 60, 250);
  // A copy, not a subarray: posted to the worker, a subarray would carry its whole buffer.
  const densityPoints = useMemo(() => (data ? Float32Array.from(data.subarray(0, Math.min(data.length, 2 * DENSITY_POINTS))) : null), [data]);
  const wantContours = show('contours') && densityPoints !== null && densityPoints.length > 0;
  const density = useDensityBands(
    wantContours
      ? { points: densityPoints, alphaBar: schedule.alphaBar[settledT], bandwidth: DENSITY_BANDWIDTH, n: DENSITY_GRID, extent: PLANE, key: settledT }
      : null,
  );

  const forwardLayers = useMemo<PointLayer[]>(() => (xt ? [{ id: 'xt', points: xt, color: LAB_COLORS.data, radius: 1.4, opacity: 0.7 }] : []), [xt]);

  const k = trajectory ? frameAt(trajectory, t) : 0;
  const reverseLayers = useMemo<PointLayer[]>(() => {
    if (!trajectory) return [];
    const { n, frames, x0Hat } = trajectory;
    const layers: PointLayer[] = [{ id: 'samples', points: frames.subarray(k * n * 2, (k + 1) * n * 2), color: LAB_COLORS.samples, radius: 1.8, opacity: 0.9 }];
    const steps = trajectory.t.length - 1;
    if (show('x0') && k < steps) layers.push({ id: 'x0', points: x0Hat.subarray(k * n * 2, (k + 1) * n * 2), color: LAB_COLORS.x0Hat, radius: 1.5, opacity: 0.75 });
    return layers;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trajectory, k, overlays]);
  const trails = trajectory && show('trails') ? { frames: trajectory.frames, n: trajectory.n, upto: k, length: TRAIL_FRAMES, color: LAB_COLORS.samples } : null;

  // The learned field −ε̂ at the settled t, asked of the worker.
  const [arrows, setArrows] = useState<{ t: number; vectors: Float32Array } | null>(null);
  const wantField = show('field') && settledT >= 1;
  useEffect(() => {
    if (!wantField) return;
    let live = true;
    field(settledT, FIELD_POINTS)
      .then((eps) => {
        if (!live || !eps) return;
        // Drawn as −ε̂ scaled to about a third of a cell: where the model pushes each point.
        const scale = (0.35 * (2 * PLANE)) / FIELD_GRID;
        setArrows({ t: settledT, vectors: eps.map((v) => -v * scale) });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [wantField, settledT, field, modelVersion]);

  const drag = useRef<{ dx: number; dy: number } | null>(null);

  return (
    <div className="lab-planes">
      <figure className="lab-plane-figure">
        <figcaption>
          <strong>Forward</strong> · the data at x<sub>t</sub> <span className="subtle">and q(x<sub>t</sub>) as contours</span>
        </figcaption>
        <Plane
          ariaLabel={`The training data pushed forward to timestep ${t}${density ? `, and its density q(x_t) as contours at timestep ${density.key}` : ''}${drawing ? '; draw on it to add points' : ''}`}
          layers={forwardLayers}
          density={density?.bands}
          onPointer={drawing?.onPointer}
          className={drawing ? `drawing ${drawing.cursor}` : undefined}
          ready={xt !== null && (density !== null || !wantContours)}
          testId="forward-plane"
        />
      </figure>
      <figure className="lab-plane-figure">
        <figcaption>
          <strong>Reverse</strong> · samples of p<sub>θ</sub> at x<sub>t</sub>
          {show('x0') && <span style={{ color: LAB_COLORS.x0Hat }}> · x̂₀</span>}
          {show('field') && <span className="subtle"> · arrows −ε<sub>θ</sub>(x, t)</span>}
        </figcaption>
        <Plane
          ariaLabel={`${trajectory ? trajectory.n : 0} samples of the model at timestep ${trajectory ? trajectory.t[k] : t}`}
          layers={reverseLayers}
          trails={trails}
          ready={trajectory !== null}
          note={trajectory ? null : reverseNote}
          arrows={wantField && arrows ? { origins: FIELD_POINTS, vectors: arrows.vectors, color: LAB_COLORS.field } : null}
          testId="reverse-plane"
          overlay={
            constraint
              ? (x, y) => (
                  <g className="constraint">
                    <circle cx={x(constraint.x)} cy={y(constraint.y)} r={x(2 * constraint.std) - x(0)} className="constraint-ring" />
                    <circle cx={x(constraint.x)} cy={y(constraint.y)} r={x(constraint.std) - x(0)} className="constraint-ring inner" />
                    <circle
                      cx={x(constraint.x)}
                      cy={y(constraint.y)}
                      r={9}
                      className="constraint-handle"
                      tabIndex={0}
                      role="slider"
                      aria-label={`Centre of the constraint r(x), at (${constraint.x.toFixed(2)}, ${constraint.y.toFixed(2)}); arrow keys move it`}
                      aria-valuetext={`x ${constraint.x.toFixed(2)}, y ${constraint.y.toFixed(2)}`}
                      onPointerDown={(e) => {
                        e.currentTarget.setPointerCapture(e.pointerId);
                        const rect = (e.currentTarget.ownerSVGElement as SVGSVGElement).getBoundingClientRect();
                        drag.current = { dx: x.invert(e.clientX - rect.left) - constraint.x, dy: y.invert(e.clientY - rect.top) - constraint.y };
                      }}
                      onPointerMove={(e) => {
                        if (!drag.current) return;
                        const rect = (e.currentTarget.ownerSVGElement as SVGSVGElement).getBoundingClientRect();
                        const clamp = (v: number) => Math.max(-PLANE, Math.min(PLANE, v));
                        onConstraint({
                          ...constraint,
                          x: clamp(x.invert(e.clientX - rect.left) - drag.current.dx),
                          y: clamp(y.invert(e.clientY - rect.top) - drag.current.dy),
                        });
                      }}
                      onPointerUp={() => (drag.current = null)}
                      onKeyDown={(e) => {
                        const step = e.shiftKey ? 0.5 : 0.1;
                        const move = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[e.key];
                        if (!move) return;
                        e.preventDefault();
                        const clamp = (v: number) => Math.max(-PLANE, Math.min(PLANE, Math.round(v * 100) / 100));
                        onConstraint({ ...constraint, x: clamp(constraint.x + move[0]), y: clamp(constraint.y + move[1]) });
                      }}
                    />
                  </g>
                )
              : undefined
          }
        />
      </figure>
    </div>
  );
}
