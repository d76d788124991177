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

/** A copy of `svg` (in the document) with every element's computed presentation inlined, classes dropped. */
export function inlinedClone(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = svg.querySelectorAll('*');
  const to = copy.querySelectorAll('*');
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i] as SVGElement;
    target.removeAttribute('class');
    for (const p of INLINED) {
      const v = style.getPropertyValue(p);
      if (v) target.style.setProperty(p, v);
    }
  });
  copy.removeAttribute('class');
  copy.removeAttribute('role');
  copy.removeAttribute('aria-label');
  copy.removeAttribute('aria-hidden');
  return copy;
}

/** `text` in lines of at most `chars` characters, broken between words. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A colour as a file can hold it: `var(--name)` resolved against `el`. */
function resolved(color: string, el: Element): string {
  const m = /^var\((--[\w-]+)\)$/.exec(color);
  return m ? getComputedStyle(el).getPropertyValue(m[1]).trim() : color;
}

/**
 * `svg` as a standalone SVG document: every element's computed presentation inlined, the page's
 * background behind it, `title` above and a legend of its series below. `layers` (drawn in this
 * order, in the plot's coordinates) replace the plot itself where given: a plot drawn in parts,
 * say SVG under and over a canvas.
 */
export function standaloneSvg(svg: SVGSVGElement, title: string, legend: LegendEntry[] = [], layers: SVGElement[] = [inlinedClone(svg)]): string {
  const width = svg.width.baseVal.value || svg.getBoundingClientRect().width;
  const height = svg.height.baseVal.value || svg.getBoundingClientRect().height;
  const page = getComputedStyle(svg);
  const ink = getComputedStyle(svg.closest('figure') ?? svg).color;
  const font = page.fontFamily;
  // The title wrapped to the plot's width, the legend's entries in rows (at ~7 px a character).
  const titleLines = wrap(title, Math.max(20, Math.floor((width - 16) / 7.4)));
  const titleHeight = 8 + 18 * titleLines.length;
  const entryWidth = (e: LegendEntry) => 24 + 7 * e.label.length + 18;
  const rows: LegendEntry[][] = [];
  for (const entry of legend) {
    const row = rows.at(-1);
    if (row && 54 + row.reduce((w, e) => w + entryWidth(e), 0) + entryWidth(entry) <= width) row.push(entry);
    else rows.push([entry]);
  }
  const total = titleHeight + height + 22 * rows.length;

  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(total));
  root.setAttribute('viewBox', `0 0 ${width} ${total}`);
  root.setAttribute('font-family', font);
  const add = (tag: string, attrs: Record<string, string | number>, text?: string, parent: Element = root) => {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    parent.appendChild(el);
    return el;
  };
  add('title', {}, title);
  add('rect', { width, height: total, fill: backgroundOf(svg) });
  titleLines.forEach((line, i) => add('text', { x: 8, y: 16 + 18 * i, 'font-size': 13, 'font-weight': 600, fill: ink }, line));
  const plot = add('svg', { x: 0, y: titleHeight, width, height, overflow: 'visible' });
  for (const layer of layers) plot.appendChild(layer);
  rows.forEach((row, r) => {
    let x = 54;
    const y = titleHeight + height + 14 + 22 * r;
    for (const entry of row) {
      const color = resolved(entry.color, svg);
      add('line', { x1: x, x2: x + 18, y1: y - 4, y2: y - 4, stroke: color, 'stroke-width': 2.5, ...(entry.dashed ? { 'stroke-dasharray': '6 4' } : {}) });
      add('text', { x: x + 24, y, 'font-size': 11, fill: ink }, entry.label);
      x += entryWidth(entry);
    }
  });
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
