import { bin, line, max, scaleLinear } from 'd3';
import { memo, useMemo, type ReactNode } from 'react';
import { SvgExport } from './ExportButtons';
import { useWidth } from './useWidth';

export interface SampleSet {
  id: string;
  label: ReactNode;
  /** The label as plain text, for the legend of a downloaded SVG. */
  text: string;
  color: string;
  samples: ArrayLike<number>;
  /** 'bars' fills the histogram, 'steps' outlines it. */
  style: 'bars' | 'steps';
}

interface DensityChartProps {
  ariaLabel: string;
  sets: SampleSet[];
  /** Reference density drawn as a curve. */
  density: { label: ReactNode; text: string; pdf: (x: number) => number };
  domain: [number, number];
  bins?: number;
  height?: number;
}

const MARGIN = { top: 10, right: 14, bottom: 28, left: 44 };

/** Normalised histograms of sample sets over a reference density (d3.bin for the bins). */
export const DensityChart = memo(function DensityChart({
  ariaLabel,
  sets,
  density,
  domain,
  bins = 40,
  height = 220,
}: DensityChartProps) {
  const [boxRef, width] = useWidth<HTMLDivElement>(480);
  const innerW = Math.max(60, width - MARGIN.left - MARGIN.right);
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const x = useMemo(() => scaleLinear().domain(domain).range([0, innerW]), [domain, innerW]);

  const hists = useMemo(() => {
    const thresholds = Array.from({ length: bins - 1 }, (_, i) => domain[0] + ((i + 1) * (domain[1] - domain[0])) / bins);
    const binner = bin().domain(domain).thresholds(thresholds);
    return sets.map((s) => {
      const data = Array.from(s.samples);
      return {
        ...s,
        bins: binner(data).map((b) => ({ x0: b.x0!, x1: b.x1!, density: b.length / (data.length * (b.x1! - b.x0!)) })),
      };
    });
  }, [sets, domain, bins]);
  const curve = useMemo(() => {
    const xs = Array.from({ length: 161 }, (_, i) => domain[0] + (i * (domain[1] - domain[0])) / 160);
    return xs.map((v) => [v, density.pdf(v)] as [number, number]);
  }, [density, domain]);

  const yMax = Math.max(max(curve, (d) => d[1]) ?? 1, ...hists.map((h) => max(h.bins, (b) => b.density) ?? 0)) * 1.08;
  const y = scaleLinear().domain([0, yMax]).range([innerH, 0]).nice();
  const curvePath = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))(curve);

  return (
    <figure className="chart" ref={boxRef}>
      <SvgExport
        what={ariaLabel}
        legend={[...sets.map((s) => ({ label: s.text, color: s.color, dashed: s.style === 'steps' })), { label: density.text, color: 'var(--ink)' }]}
      />
      <svg width={width} height={height} role="img" aria-label={ariaLabel}>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {y.ticks(4).map((v) => (
            <g key={`y${v}`} transform={`translate(0,${y(v)})`} className="tick">
              <line x2={innerW} className="grid" />
              <text x={-6} dy="0.32em" textAnchor="end">
                {y.tickFormat(4)(v)}
              </text>
            </g>
          ))}
          {x.ticks(Math.max(2, Math.floor(innerW / 70))).map((v) => (
            <g key={`x${v}`} transform={`translate(${x(v)},${innerH})`} className="tick">
              <line y2={5} className="axis" />
              <text y={17} textAnchor="middle">
                {x.tickFormat()(v)}
              </text>
            </g>
          ))}
          <line x1={0} x2={innerW} y1={innerH} y2={innerH} className="axis" />
          {hists.map((h) =>
            h.style === 'bars' ? (
              <g key={h.id} style={{ fill: h.color }} fillOpacity={0.45} data-set={h.id}>
                {h.bins.map((b, i) => (
                  <rect key={i} x={x(b.x0) + 0.5} width={Math.max(0, x(b.x1) - x(b.x0) - 1)} y={y(b.density)} height={innerH - y(b.density)} />
                ))}
              </g>
            ) : (
              <path
                key={h.id}
                data-set={h.id}
                fill="none"
                style={{ stroke: h.color }}
                strokeWidth={2}
                d={`M${x(domain[0])},${innerH}${h.bins.map((b) => `V${y(b.density)}H${x(b.x1)}`).join('')}V${innerH}`}
              />
            ),
          )}
          <path d={curvePath ?? ''} fill="none" className="density-curve" />
        </g>
      </svg>
      <div className="chart-readout">
        {sets.map((s) => (
          <span key={s.id} className="readout-item">
            <span className={`swatch ${s.style}`} style={{ background: s.style === 'bars' ? s.color : 'transparent', borderColor: s.color }} />
            {s.label}
          </span>
        ))}
        <span className="readout-item">
          <span className="swatch curve" />
          {density.label}
        </span>
      </div>
    </figure>
  );
});
