/** Small download buttons for handouts: a plot as SVG, a picture as PNG. */
import { canvasPng, download, fileSlug, standaloneSvg, type LegendEntry } from './exports';

/**
 * Downloads the plot of the figure it sits in as a standalone SVG, titled `what` (the plot's
 * accessible description: a caption may hold KaTeX, whose text is not for a file), with `legend`
 * below it.
 */
export function SvgExport({ what, legend }: { what: string; legend: LegendEntry[] }) {
  return (
    <button
      type="button"
      className="export-button"
      aria-label={`Download as SVG: ${what}`}
      title="Download this plot as SVG"
      onClick={(e) => {
        const svg = e.currentTarget.closest('figure')?.querySelector<SVGSVGElement>('svg[role="img"]');
        if (svg) download(new Blob([standaloneSvg(svg, what, legend)], { type: 'image/svg+xml' }), `${fileSlug(what)}.svg`);
      }}
    >
      SVG
    </button>
  );
}

/** Downloads a picture as PNG: `draw` makes the canvas to save (or a canvas with a scale). */
export function PngExport({ what, fileName, draw }: { what: string; fileName: string; draw: () => Promise<Blob> | null }) {
  return (
    <button
      type="button"
      className="export-button"
      aria-label={`Download as PNG: ${what}`}
      title="Download as PNG"
      onClick={() => {
        void draw()?.then((blob) => download(blob, fileName));
      }}
    >
      PNG
    </button>
  );
}

/** A canvas found by its test id near the button, as a PNG scaled up `scale`×. */
export function pngOf(canvas: HTMLCanvasElement | null, scale: number): Promise<Blob> | null {
  return canvas ? canvasPng(canvas, scale) : null;
}
