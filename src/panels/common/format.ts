import { format } from 'd3';

// d3-format writes minus signs as U+2212 (−), which is what we want on screen.
const fixed3 = format('.3f');
const sci3 = format('.3~e');
const exact = format('.6~g');

/** A value for display: 3 decimals in the comfortable range, scientific otherwise. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'undefined';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 0.01 && a < 1000 ? fixed3(v) : sci3(v).replaceAll('-', '−');
}

const sig4 = format('.4r');
const sci4 = format('.3e');

/**
 * Four significant digits (0.02345, 5.032e−3), for numbers a reader compares side by side,
 * such as λ_t for the two reverse variances.
 */
export function formatPrecise(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatValue(v);
  const a = Math.abs(v);
  return a >= 0.01 && a < 1000 ? sig4(v) : sci4(v).replaceAll('-', '−');
}

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
