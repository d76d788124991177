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

/** Six significant digits, for tooltips ("exact values"). */
export function formatExact(v: number): string {
  return Number.isFinite(v) ? exact(v) : formatValue(v);
}

/** A number for LaTeX: scientific values as a × 10^{b}. */
export function texNumber(v: number): string {
  const s = formatValue(v).replaceAll('−', '-');
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s);
  if (m) return `${m[1]} \\times 10^{${Number(m[2])}}`;
  return s.replace('∞', '\\infty').replace('undefined', '\\text{undefined}');
}
