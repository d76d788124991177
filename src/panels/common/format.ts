import { format } from 'd3';

// d3-format writes minus signs as U+2212 (−), which is what we want on screen.
const exact = format('.6~g');

/**
 * A formatter that writes values in the comfortable range [0.01, 1000) with `fixed` and the
 * rest with `scientific`; NaN reads "undefined", and ±∞ and 0 are written out.
 */
function byMagnitude(fixed: (v: number) => string, scientific: (v: number) => string): (v: number) => string {
  return (v) => {
    if (Number.isNaN(v)) return 'undefined';
    if (v === Infinity) return '∞';
    if (v === -Infinity) return '−∞';
    if (v === 0) return '0';
    const a = Math.abs(v);
    return a >= 0.01 && a < 1000 ? fixed(v) : scientific(v).replaceAll('-', '−');
  };
}

/** A value for display: 3 decimals in the comfortable range, scientific otherwise. */
export const formatValue = byMagnitude(format('.3f'), format('.3~e'));

/**
 * Four significant digits (0.02345, 5.032e−3), for numbers a reader compares side by side,
 * such as λ_t for the two reverse variances.
 */
export const formatPrecise = byMagnitude(format('.4r'), format('.3e'));

/** Six significant digits, for tooltips ("exact values"). */
export function formatExact(v: number): string {
  return Number.isFinite(v) ? exact(v) : formatValue(v);
}

/** A number for LaTeX: scientific values as a × 10^{b}. */
export function texNumber(v: number, fmt: (v: number) => string = formatValue): string {
  const s = fmt(v).replaceAll('−', '-');
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s);
  if (m) return `${m[1]} \\times 10^{${Number(m[2])}}`;
  return s.replace('∞', '\\infty').replace('undefined', '\\text{undefined}');
}
