import { bisectCenter, extent, line, scaleLinear, scaleLog } from 'd3';
import { useMemo, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { SvgExport } from './ExportButtons';
import { formatExact } from './format';
import { useWidth } from './useWidth';

export interface Series {
  id: string;
  label: string;
  color: string;
  /** Values indexed by timestep 0 … T (or matching `x`); non-finite values leave a gap. */
  values: ArrayLike<number>;
  /**
   * Increasing x positions of the values, for series sampled at some x only (e.g. a model's
   * L_{t−1} estimated every few t, or L_T at a grid of T). Default: values[i] is at x = i.
   */
  x?: ArrayLike<number>;
  /** Dashed line, to tell apart two variants of one quantity. */
  dashed?: boolean;
  /** Drawn thicker, e.g. the schedule the image uses. */
  emphasis?: boolean;
}

interface LineChartProps {
  /** Heading above the chart (may hold KaTeX). */
  title: ReactNode;
  /** Accessible description of what is plotted. */
  ariaLabel: string;
  series: Series[];
  /** Right end of the x axis (the number of timesteps). */
  T: number;
  /** Left end of the x axis (default 0; must be positive on a log axis). */
  xMin?: number;
  xScale?: 'linear' | 'log';
  /** Current timestep (or x), drawn as a marker. */
  t: number;
  /** Timestep whose values the read-out lists when not hovering (default: t). */
  readoutT?: number;
  /** Called with a timestep when the user clicks or drags on the chart. */
  onSelectT?: (t: number) => void;
  yScale?: 'linear' | 'log';
  /** Overrides the y extent computed from the data. */
  yDomain?: [number, number];
  height?: number;
  /** Names the x axis (default "t"). */
  xLabel?: string;
  /** Whether to draw the marker at t (default true). */
  marker?: boolean;
  /**
   * Whether the curves change while the page is in use (a loss while training): they then get a
   * compositor layer of their own, so that redrawing them does not re-raster the page around them.
   */
  live?: boolean;
}

const MARGIN = { top: 8, right: 14, bottom: 28, left: 54 };

/** The index of the value shown at `at`: at itself, or the nearest sampled x. */
function indexAt(s: Series, at: number): number {
  return s.x ? bisectCenter(s.x as ArrayLike<number> & Iterable<number>, at) : at;
}

/**
 * The indices of the points a line needs to look the same: every point, or, where there are more
 * than two a pixel column, each column's lowest and highest (in their order) and every gap. A
 * training loss of thousands of steps then draws as a few hundred vertices, which matters where
 * the browser rasterises SVG on a software GPU.
 */
export function drawnIndices(values: ArrayLike<number>, at: (i: number) => number, ok: (v: number) => boolean): number[] {
  const n = values.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n < 3 || (Math.abs(at(n - 1) - at(0)) + 1) * 2 >= n) return all;
  const out: number[] = [];
  let column = NaN;
  let [lo, hi] = [-1, -1];
  const flush = () => {
    if (lo < 0) return;
    if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
    [lo, hi] = [-1, -1];
  };
  for (let i = 0; i < n; i++) {
    const c = Math.floor(at(i));
    if (c !== column) {
      flush();
      column = c;
    }
    const v = values[i];
    if (!ok(v)) {
      flush();
      out.push(i); // a gap stays a gap
      continue;
    }
    if (lo < 0 || v < values[lo]) lo = i;
    if (hi < 0 || v > values[hi]) hi = i;
  }
  flush();
  return out;
}

const isPowerOf10 = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

/**
 * A line chart of per-timestep quantities: d3 computes scales, ticks and paths, React renders
 * them. A vertical marker shows the current t; hovering shows exact values; clicking or
 * dragging selects a timestep.
 */
export function LineChart({
  title,
  ariaLabel,
  series,
  T,
  xMin = 0,
  xScale = 'linear',
  t,
  readoutT = t,
  onSelectT,
  yScale = 'linear',
  yDomain,
  height = 190,
  xLabel = 't',
  marker = true,
  live = false,
}: LineChartProps) {
  const [boxRef, width] = useWidth<HTMLDivElement>(360);
  const [hover, setHover] = useState<number | null>(null);
  const dragging = useRef(false);
  // A log x axis ends on a long label ("10k"), which needs room past the plot.
  const marginRight = xScale === 'log' ? MARGIN.right + 8 : MARGIN.right;
  const innerW = Math.max(60, width - MARGIN.left - marginRight);
  const innerH = height - MARGIN.top - MARGIN.bottom;

  const x = useMemo(
    () => (xScale === 'log' ? scaleLog() : scaleLinear()).domain([xMin, T]).range([0, innerW]),
    [xScale, xMin, T, innerW],
  );
  const y = useMemo(() => {
    let domain = yDomain;
    if (!domain) {
      const all: number[] = [];
      for (const s of series)
        for (let i = 0; i < s.values.length; i++) {
          const v = s.values[i];
          if (Number.isFinite(v) && (yScale === 'linear' || v > 0)) all.push(v);
        }
      const [lo, hi] = extent(all) as [number, number];
      domain = lo === undefined ? [0, 1] : [lo, hi];
    }
    return yScale === 'log'
      ? scaleLog().domain(domain).range([innerH, 0]).nice().clamp(true)
      : scaleLinear().domain(domain).range([innerH, 0]).nice();
  }, [series, yScale, yDomain, innerH]);

  const paths = useMemo(() => {
    const ok = (v: number) => Number.isFinite(v) && (yScale === 'linear' || v > 0);
    return series.map((s) => {
      const at = (i: number) => x(s.x ? s.x[i] : i);
      const gen = line<number>()
        .defined((i) => ok(s.values[i]))
        .x(at)
        .y((i) => y(s.values[i]));
      return { ...s, d: gen(drawnIndices(s.values, at, ok)) ?? '' };
    });
  }, [series, x, y, yScale]);

  // x is a count of steps: whole numbers only (T = 1 would otherwise get ticks at 0.2, 0.4, …).
  const xTicks = (xScale === 'log' ? x.ticks().filter(isPowerOf10) : x.ticks(Math.max(2, Math.floor(innerW / 70)))).filter(
    Number.isInteger,
  );
  const yTicks = yScale === 'log' ? y.ticks(4).filter(isPowerOf10) : y.ticks(5);
  const yFormat = yScale === 'log' ? (v: number) => `1e${Math.round(Math.log10(v))}` : y.tickFormat(5);

  const tAt = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return Math.min(T, Math.max(xMin, Math.round(x.invert(e.clientX - rect.left))));
  };
  // On a sampled series the read-out names the sampled x whose values it lists.
  const sampled = series.find((s) => s.x);
  const snap = (at: number) => (sampled?.x ? sampled.x[indexAt(sampled, at)] : at);
  const shown = hover === null ? readoutT : snap(hover);

  // The curves, axes and grid depend only on the data and the size, so they are built once and
  // never touched while t moves; the marker and the read-out live in composited layers of their
  // own (the marker slides with a CSS transform). Scrubbing then re-rasterises no path vertex, and
  // static curves are painted with the page: a software compositor redraws a layer of their own,
  // blended over the page, every frame a marker crosses it.
  const staticLayer = useMemo(
    () => (
      <svg width={width} height={height} role="img" aria-label={ariaLabel}>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {yTicks.map((v) => (
            <g key={`y${v}`} transform={`translate(0,${y(v)})`} className="tick">
              <line x2={innerW} className="grid" />
              <text x={-6} dy="0.32em" textAnchor="end">
                {yFormat(v)}
              </text>
            </g>
          ))}
          {xTicks.map((v) => (
            <g key={`x${v}`} transform={`translate(${x(v)},${innerH})`} className="tick">
              <line y2={5} className="axis" />
              <text y={17} textAnchor="middle">
                {xScale === 'log' && v >= 1000 ? `${v / 1000}k` : v}
              </text>
            </g>
          ))}
          <line x1={0} x2={innerW} y1={innerH} y2={innerH} className="axis" />
          <text x={innerW} y={innerH + 26} textAnchor="end" className="axis-label">
            {xLabel}
          </text>
          {paths.map((p) => (
            <path
              key={p.id}
              d={p.d}
              fill="none"
              stroke={p.color}
              strokeWidth={p.emphasis ? 3 : 1.6}
              strokeDasharray={p.dashed ? '6 4' : undefined}
              data-series={p.id}
            />
          ))}
        </g>
      </svg>
    ),
    // The ticks and tick formats derive from x and y.
    [width, height, ariaLabel, paths, x, y, innerW, innerH, xLabel, xScale],
  );

  const ruleStyle = (at: number) => ({
    transform: `translate(${MARGIN.left + x(at)}px, ${MARGIN.top}px)`,
    height: innerH,
  });

  return (
    <figure className="chart" ref={boxRef}>
      <figcaption className="chart-title">{title}</figcaption>
      <SvgExport what={ariaLabel} legend={series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }))} />
      <div className={live ? 'chart-plot live' : 'chart-plot'} style={{ height }}>
        {staticLayer}
        {hover !== null && <div className="hover-rule" style={ruleStyle(shown)} />}
        {marker && (
          <div className="marker" data-t={t} style={ruleStyle(t)}>
            {series.map((s) => {
              const v = s.values[indexAt(s, t)];
              const ok = Number.isFinite(v) && (yScale === 'linear' || v > 0);
              return ok ? (
                <span
                  key={s.id}
                  className="marker-dot"
                  style={{ transform: `translateY(${y(v)}px)`, background: s.color }}
                />
              ) : null;
            })}
          </div>
        )}
        {/* The pointer target: an empty div, which paints nothing, so that the compositor has no
            layer to draw for it (a transparent SVG here was a chart-sized layer, drawn every frame). */}
        <div
          className="hit"
          aria-hidden="true"
          style={{ left: MARGIN.left, top: MARGIN.top, width: innerW, height: innerH }}
          onPointerMove={(e) => {
            const ht = tAt(e);
            setHover(ht);
            if (dragging.current) onSelectT?.(ht);
          }}
          onPointerLeave={() => setHover(null)}
          onPointerDown={(e) => {
            if (!onSelectT) return;
            dragging.current = true;
            e.currentTarget.setPointerCapture(e.pointerId);
            onSelectT(tAt(e));
          }}
          onPointerUp={() => {
            dragging.current = false;
          }}
        />
      </div>
      <div className="chart-readout" aria-live="off">
        <span className="readout-t">
          {xLabel} = {Number.isInteger(shown) ? shown : formatExact(shown)}
        </span>
        {series.map((s) => (
          <span key={s.id} className="readout-item">
            <span className="swatch" style={{ background: s.color }} />
            {s.label} {formatExact(s.values[indexAt(s, shown)])}
          </span>
        ))}
      </div>
    </figure>
  );
}
