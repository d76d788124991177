import { color, interpolateBlues, path, scaleLinear, scaleSequential, type Path, type ScaleLinear } from 'd3';
import { memo, useEffect, useMemo, useRef, type PointerEvent, type ReactNode } from 'react';
import { PLANE } from '../../data/toy2d';
import { SvgExport } from '../common/ExportButtons';
import { inlinedClone } from '../common/exports';
import { useWidth } from '../common/useWidth';
import type { DensityBands } from './densityBands';
import { DiscRaster } from './discs';

export interface PointLayer {
  id: string;
  /** Interleaved x, y. */
  points: ArrayLike<number>;
  color: string;
  radius?: number;
  opacity?: number;
}

export interface Trails {
  /** Frames of n points each (interleaved x, y), in order. */
  frames: Float32Array;
  n: number;
  /** Draw the paths up to this frame… */
  upto: number;
  /** …over at most this many frames before it, fading out. */
  length: number;
  color: string;
}

export interface Arrows {
  /** Interleaved x, y of each arrow's tail and its vector, in data units. */
  origins: ArrayLike<number>;
  vectors: ArrayLike<number>;
  color: string;
}

interface PlaneProps {
  ariaLabel: string;
  layers: PointLayer[];
  trails?: Trails | null;
  /** Filled contours of a density, shaded under the points. */
  density?: DensityBands | null;
  arrows?: Arrows | null;
  /** SVG drawn over everything, given the plane's scales (e.g. a draggable handle). */
  overlay?: (x: ScaleLinear<number, number>, y: ScaleLinear<number, number>) => ReactNode;
  /** Pointer events in data coordinates (for drawing). */
  onPointer?: (kind: 'down' | 'move' | 'up', x: number, y: number, e: PointerEvent<SVGSVGElement>) => void;
  /** Extra class, e.g. for a drawing cursor. */
  className?: string;
  testId?: string;
  /** Whether it shows what it is meant to (exposed as data-ready for tests). */
  ready?: boolean;
  /** A line of text over the plane, e.g. why it is empty. */
  note?: ReactNode;
}

const TICKS = [-2, -1, 0, 1, 2];
const TRAIL_WIDTH = 0.8;
const CONTOUR_OPACITY = 0.55;
const POINT_OPACITY = 0.8;
const POINT_RADIUS = 1.6;
const SVG_NS = 'http://www.w3.org/2000/svg';

type Scale = ScaleLinear<number, number>;
/** What the marks are traced with: a canvas context, or d3.path for SVG. */
type PathSink = Pick<Path, 'moveTo' | 'lineTo' | 'arc'>;

/** The trail frames drawn, each with its opacity: the last `length` before `upto`, fading in. */
function trailFrames({ upto, length }: Trails): { frame: number; opacity: number }[] {
  const start = Math.max(0, upto - length);
  return Array.from({ length: Math.max(0, upto - start) }, (_, i) => ({ frame: start + i, opacity: 0.02 + (0.2 * (i + 1)) / (upto - start) }));
}

/**
 * A linear scale as its slope and offset, v ↦ k·v + b: the same map, for tracing thousands of
 * marks a frame (a d3 scale call per coordinate was over a quarter of the planes' JS a frame).
 */
function affine(s: Scale): [k: number, b: number] {
  const [d0, d1] = s.domain();
  const [r0, r1] = s.range();
  const k = (r1 - r0) / (d1 - d0);
  return [k, r0 - k * d0];
}

/** Each point's step from frame f to frame f + 1. */
function traceTrail(p: PathSink, { frames, n }: Trails, f: number, x: Scale, y: Scale): void {
  const [kx, bx] = affine(x);
  const [ky, by] = affine(y);
  const a = f * n * 2;
  const b = (f + 1) * n * 2;
  for (let i = 0; i < n; i++) {
    p.moveTo(kx * frames[a + 2 * i] + bx, ky * frames[a + 2 * i + 1] + by);
    p.lineTo(kx * frames[b + 2 * i] + bx, ky * frames[b + 2 * i + 1] + by);
  }
}

/** A layer's points as discs. */
function tracePoints(p: PathSink, layer: PointLayer, x: Scale, y: Scale): void {
  const [kx, bx] = affine(x);
  const [ky, by] = affine(y);
  const r = layer.radius ?? POINT_RADIUS;
  const pts = layer.points;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const px = kx * pts[i] + bx;
    const py = ky * pts[i + 1] + by;
    p.moveTo(px + r, py);
    p.arc(px, py, r, 0, 2 * Math.PI);
  }
}

/** The grid lines at the ticks, on pixel centres (crisp). */
function traceGrid(p: PathSink, x: Scale, y: Scale, size: number): void {
  for (const v of TICKS) {
    const [gx, gy] = [Math.round(x(v)) + 0.5, Math.round(y(v)) + 0.5];
    p.moveTo(gx, 0);
    p.lineTo(gx, size);
    p.moveTo(0, gy);
    p.lineTo(size, gy);
  }
}

/**
 * The plane's canvas as SVG (the same contours, grid and tracing), clipped to the plane, for a
 * downloaded file; `grid` is the grid lines' colour.
 */
function marksSvg(contourPaths: { d: string; fill: string }[], cell: number, grid: string, layers: PointLayer[], trails: Trails | null | undefined, x: Scale, y: Scale, size: number): SVGSVGElement {
  const g = document.createElementNS(SVG_NS, 'svg');
  g.setAttribute('width', String(size));
  g.setAttribute('height', String(size));
  g.setAttribute('overflow', 'hidden');
  const add = (d: string, attrs: Record<string, string | number>) => {
    const el = document.createElementNS(SVG_NS, 'path');
    el.setAttribute('d', d);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    g.appendChild(el);
  };
  for (const c of contourPaths) add(c.d, { fill: c.fill, 'fill-opacity': CONTOUR_OPACITY, transform: `scale(${cell})` });
  const gridPath = path();
  traceGrid(gridPath, x, y, size);
  add(gridPath.toString(), { fill: 'none', stroke: grid, 'stroke-width': 1 });
  if (trails)
    for (const f of trailFrames(trails)) {
      const p = path();
      traceTrail(p, trails, f.frame, x, y);
      add(p.toString(), { fill: 'none', stroke: trails.color, 'stroke-width': TRAIL_WIDTH, 'stroke-opacity': f.opacity.toFixed(3) });
    }
  for (const layer of layers) {
    const p = path();
    tracePoints(p, layer, x, y);
    add(p.toString(), { fill: layer.color, 'fill-opacity': layer.opacity ?? POINT_OPACITY });
  }
  return g;
}

/**
 * The square [−3, 3]² on which the 2-D lab shows points: a canvas for the density's contours, the
 * grid, the trails and the points (thousands of marks, redrawn every frame), and SVG for the
 * arrows, ticks and overlays. y points up, as in the papers' figures.
 */
export const Plane = memo(function Plane({ ariaLabel, layers, trails, density, arrows, overlay, onPointer, className, testId, ready = true, note }: PlaneProps) {
  const [boxRef, width] = useWidth<HTMLDivElement>(320);
  const size = Math.max(160, width);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const x = useMemo(() => scaleLinear().domain([-PLANE, PLANE]).range([0, size]), [size]);
  const y = useMemo(() => scaleLinear().domain([-PLANE, PLANE]).range([size, 0]), [size]);

  const contourPaths = useMemo(() => {
    if (!density || density.bands.length === 0) return [];
    const shade = scaleSequential(interpolateBlues).domain([-density.max * 0.15, density.max]);
    return density.bands.map(({ d, value }) => ({ d, path: new Path2D(d), fill: shade(value) }));
  }, [density]);
  // The bands are in grid cells; the plane is `size` pixels across.
  const cell = density ? size / density.nx : 1;

  // The contours and grid as pixels, kept while they do not change; the points' layer.
  const bitmaps = useRef<{ key: unknown[]; background: ImageData; points: ImageData; pointsCanvas: HTMLCanvasElement; discs: DiscRaster } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    const side = Math.round(size * dpr);
    // Setting a canvas's size, even to the same, throws its bitmap away: only when it changes.
    if (canvas.width !== side || canvas.height !== side) [canvas.width, canvas.height] = [side, side];
    // A CPU-backed canvas: a few thousand small marks raster in a millisecond or two, while a
    // GPU canvas on a software GL (SwiftShader) stalled the page for seconds at a time.
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const grid = getComputedStyle(canvas).getPropertyValue('--grid');
    const key = [contourPaths, cell, side, dpr, grid];
    let cached = bitmaps.current;
    if (!cached || cached.key.some((v, i) => v !== key[i])) {
      // The density's contours and the grid, under the points. Drawn here rather than as SVG under
      // the canvas: a software GPU re-rasterised that SVG layer every frame, at ~120 ms a frame.
      ctx.clearRect(0, 0, size, size);
      ctx.setTransform(dpr * cell, 0, 0, dpr * cell, 0, 0);
      for (const c of contourPaths) {
        ctx.globalAlpha = CONTOUR_OPACITY;
        ctx.fillStyle = c.fill;
        ctx.fill(c.path);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      traceGrid(ctx, x, y, size);
      ctx.stroke();
      const background = ctx.getImageData(0, 0, side, side);
      if (cached?.points.width === side) cached = { ...cached, key, background };
      else {
        const pointsCanvas = document.createElement('canvas');
        [pointsCanvas.width, pointsCanvas.height] = [side, side];
        cached = { key, background, points: new ImageData(side, side), pointsCanvas, discs: new DiscRaster(side, side) };
      }
      bitmaps.current = cached;
    } else ctx.putImageData(cached.background, 0, 0);
    if (trails) {
      // Each frame's fade is in the stroke colour, not in globalAlpha: the CPU canvas strokes
      // thin lines under a global alpha several times slower.
      const trailColor = color(trails.color)!;
      ctx.lineWidth = TRAIL_WIDTH;
      for (const f of trailFrames(trails)) {
        ctx.strokeStyle = trailColor.copy({ opacity: f.opacity }).formatRgb();
        ctx.beginPath();
        traceTrail(ctx, trails, f.frame, x, y);
        ctx.stroke();
      }
    }
    // The points, stamped into a layer of their own (see discs.ts), laid over the rest.
    const { points, pointsCanvas, discs } = cached;
    points.data.fill(0);
    const [kx, bx] = affine(x);
    const [ky, by] = affine(y);
    const map = { kx: kx * dpr, bx: bx * dpr, ky: ky * dpr, by: by * dpr };
    for (const layer of layers) {
      const { r, g, b } = color(layer.color)!.rgb();
      discs.draw(points.data, layer.points, map, (layer.radius ?? POINT_RADIUS) * dpr, [r, g, b], layer.opacity ?? POINT_OPACITY);
    }
    pointsCanvas.getContext('2d', { willReadFrequently: true })!.putImageData(points, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(pointsCanvas, 0, 0);
  }, [contourPaths, cell, layers, trails, size, x, y]);

  const arrowPaths = useMemo(() => {
    if (!arrows) return '';
    let d = '';
    const { origins, vectors } = arrows;
    for (let i = 0; i + 1 < origins.length; i += 2) {
      const [x0, y0] = [x(origins[i]), y(origins[i + 1])];
      const [x1, y1] = [x(origins[i] + vectors[i]), y(origins[i + 1] + vectors[i + 1])];
      const len = Math.hypot(x1 - x0, y1 - y0);
      if (len < 0.5) continue;
      const [ux, uy] = [(x1 - x0) / len, (y1 - y0) / len];
      const head = Math.min(4, len / 2);
      d += `M${x0},${y0}L${x1},${y1}M${x1 - head * (ux + uy * 0.6)},${y1 - head * (uy - ux * 0.6)}L${x1},${y1}L${x1 - head * (ux - uy * 0.6)},${y1 - head * (uy + ux * 0.6)}`;
    }
    return d;
  }, [arrows, x, y]);

  const pointer = (kind: 'down' | 'move' | 'up') => (e: PointerEvent<SVGSVGElement>) => {
    if (!onPointer) return;
    const rect = e.currentTarget.getBoundingClientRect();
    onPointer(kind, x.invert(e.clientX - rect.left), y.invert(e.clientY - rect.top), e);
  };

  return (
    <div className={`plane ${className ?? ''}`} ref={boxRef} data-testid={testId} data-ready={ready}>
      <div className="plane-box" style={{ width: size, height: size }}>
        <SvgExport
          what={ariaLabel}
          legend={[]}
          layers={() => {
            const box = boxRef.current!;
            const grid = getComputedStyle(box).getPropertyValue('--grid');
            return [marksSvg(contourPaths, cell, grid, layers, trails, x, y, size), inlinedClone(box.querySelector<SVGSVGElement>('.plane-over')!)];
          }}
        />
        <canvas ref={canvasRef} style={{ width: size, height: size }} />
        <svg
          className="plane-over"
          width={size}
          height={size}
          role="img"
          aria-label={ariaLabel}
          onPointerDown={onPointer && pointer('down')}
          onPointerMove={onPointer && pointer('move')}
          onPointerUp={onPointer && pointer('up')}
          onPointerCancel={onPointer && pointer('up')}
        >
          {arrows && <path d={arrowPaths} stroke={arrows.color} strokeWidth={1.2} fill="none" />}
          {TICKS.filter((v) => v !== 0).map((v) => (
            <text key={v} x={x(v)} y={size - 4} className="plane-tick" textAnchor="middle">
              {v}
            </text>
          ))}
          {overlay?.(x, y)}
        </svg>
        {note && <div className="plane-note">{note}</div>}
      </div>
    </div>
  );
});
