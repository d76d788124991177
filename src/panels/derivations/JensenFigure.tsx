import { line, range, scaleLinear } from 'd3';
import { memo } from 'react';
import { SvgExport } from '../common/ExportButtons';

const W = 320;
const H = 190;
const M = { top: 12, right: 16, bottom: 26, left: 16 };
/** Two equally likely values of Y = p_θ / q: an average of them and of their logs. */
const [Y1, Y2] = [0.5, 4];
const MEAN = (Y1 + Y2) / 2;

/**
 * Jensen's inequality for the concave log: the chord between (y₁, log y₁) and (y₂, log y₂)
 * lies below the curve, so at the mean, E[log Y] (on the chord) ≤ log E[Y] (on the curve).
 * A picture only: it shows shapes, not values.
 */
const JENSEN = "Jensen's inequality: the log curve lies above the chord between two of its points, so the log of the mean is at least the mean of the logs";

export const JensenFigure = memo(function JensenFigure() {
  const x = scaleLinear().domain([0.3, 4.4]).range([M.left, W - M.right]);
  const y = scaleLinear().domain([-1.25, 1.6]).range([H - M.bottom, M.top]);
  const base = y(-1.25);
  const curve = line<number>()
    .x((v) => x(v))
    .y((v) => y(Math.log(v)))(range(0.3, 4.41, 0.05));
  const logMean = Math.log(MEAN);
  const meanLog = (Math.log(Y1) + Math.log(Y2)) / 2;
  return (
    <figure className="jensen">
      <SvgExport what={JENSEN} legend={[]} />
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={JENSEN}
      >
        <line className="axis" x1={M.left} x2={W - M.right} y1={base} y2={base} />
        <path className="jensen-curve" d={curve ?? ''} />
        <line className="jensen-chord" x1={x(Y1)} y1={y(Math.log(Y1))} x2={x(Y2)} y2={y(Math.log(Y2))} />
        {[Y1, MEAN, Y2].map((v) => (
          <line key={v} className="jensen-drop" x1={x(v)} x2={x(v)} y1={base} y2={y(Math.log(v))} />
        ))}
        {[Y1, Y2].map((v) => (
          <circle key={v} className="jensen-point" cx={x(v)} cy={y(Math.log(v))} r={3.5} />
        ))}
        <circle className="jensen-top" cx={x(MEAN)} cy={y(logMean)} r={4.5} />
        <circle className="jensen-bottom" cx={x(MEAN)} cy={y(meanLog)} r={4.5} />
        <text x={x(MEAN) - 9} y={y(logMean) - 4} textAnchor="end">
          log 𝔼[Y]
        </text>
        <text x={x(MEAN) + 9} y={y(meanLog) + 4}>
          𝔼[log Y]
        </text>
        <text x={x(Y1)} y={base + 16} textAnchor="middle">
          y₁
        </text>
        <text x={x(MEAN)} y={base + 16} textAnchor="middle">
          𝔼[Y]
        </text>
        <text x={x(Y2)} y={base + 16} textAnchor="middle">
          y₂
        </text>
        <text x={x(4.3)} y={y(Math.log(4.3)) - 8} textAnchor="end" className="jensen-label">
          log y
        </text>
      </svg>
      <figcaption>
        Y = p<sub>θ</sub>(x<sub>0:T</sub>) / q(x<sub>1:T</sub> | x<sub>0</sub>) takes two values with equal
        probability: the mean of the logs lies on the chord, below the log of the mean on the curve.
      </figcaption>
    </figure>
  );
});
