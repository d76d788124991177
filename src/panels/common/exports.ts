/**
 * Files for handouts: a D3 plot as a standalone SVG (its computed fonts and colours inlined, so it
 * opens correctly on its own), and canvases as PNG.
 */

/** Saves `blob` under `name` (a click on a temporary download link). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a title: lower case, words joined by hyphens. */
export function fileSlug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '-')
      .slice(0, 60) || 'plot'
  );
}

/** The presentation properties an SVG needs to look the same without the page's style sheets. */
const INLINED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The colour behind `el`: the first ancestor with an opaque background. */
function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

export interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
}

/**
 * `svg` as a standalone SVG document: every element's computed presentation inlined, the page's
 * background behind it, `title` above and a legend of its series below.
 */
export function standaloneSvg(svg: SVGSVGElement, title: string, legend: LegendEntry[] = []): string {
  const width = svg.width.baseVal.value || svg.getBoundingClientRect().width;
  const height = svg.height.baseVal.value || svg.getBoundingClientRect().height;
  const page = getComputedStyle(svg);
  const ink = getComputedStyle(svg.closest('figure') ?? svg).color;
  const font = page.fontFamily;
  const titleHeight = 24;
  const legendHeight = legend.length > 0 ? 22 : 0;
  const total = titleHeight + height + legendHeight;

  const plot = svg.cloneNode(true) as SVGSVGElement;
  const from = svg.querySelectorAll('*');
  const to = plot.querySelectorAll('*');
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i] as SVGElement;
    target.removeAttribute('class');
    for (const p of INLINED) {
      const v = style.getPropertyValue(p);
      if (v) target.style.setProperty(p, v);
    }
  });
  plot.removeAttribute('class');
  plot.removeAttribute('role');
  plot.setAttribute('x', '0');
  plot.setAttribute('y', String(titleHeight));
  plot.setAttribute('overflow', 'visible');

  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(total));
  root.setAttribute('viewBox', `0 0 ${width} ${total}`);
  root.setAttribute('font-family', font);
  const add = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    root.appendChild(el);
    return el;
  };
  add('title', {}, title);
  add('rect', { width, height: total, fill: backgroundOf(svg) });
  add('text', { x: 8, y: 16, 'font-size': 13, 'font-weight': 600, fill: ink }, title);
  root.appendChild(plot);
  let x = 54;
  const y = titleHeight + height + 14;
  for (const entry of legend) {
    add('line', { x1: x, x2: x + 18, y1: y - 4, y2: y - 4, stroke: entry.color, 'stroke-width': 2.5, ...(entry.dashed ? { 'stroke-dasharray': '6 4' } : {}) });
    add('text', { x: x + 24, y, 'font-size': 11, fill: ink }, entry.label);
    x += 24 + 7 * entry.label.length + 18;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
}

/** A PNG of `canvas` with each of its pixels drawn as scale × scale (kept crisp). */
export function canvasPng(canvas: HTMLCanvasElement, scale = 1): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = canvas.width * scale;
  out.height = canvas.height * scale;
  const ctx = out.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(canvas, 0, 0, out.width, out.height);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode a PNG'))), 'image/png'));
}
