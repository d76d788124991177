/** Small download buttons for handouts: a plot as SVG, a picture as PNG. */
import { canvasPng, download, fileSlug, standaloneSvg, type LegendEntry } from './exports';

/** A small corner button that downloads `what` as a file of `format`. */
function DownloadButton({ format, what, onClick }: { format: 'SVG' | 'PNG'; what: string; onClick: (button: HTMLButtonElement) => void }) {
  return (
    <button type="button" className="export-button" aria-label={`Download as ${format}: ${what}`} title={`Download as ${format}`} onClick={(e) => onClick(e.currentTarget)}>
      {format}
    </button>
  );
}

/**
 * Downloads the plot of the figure it sits in as a standalone SVG, titled `what` (the plot's
 * accessible description: a caption may hold KaTeX, whose text is not for a file), with `legend`
 * below it.
 */
export function SvgExport({ what, legend }: { what: string; legend: LegendEntry[] }) {
  return (
    <DownloadButton
      format="SVG"
      what={what}
      onClick={(button) => {
        const svg = button.closest('figure')?.querySelector<SVGSVGElement>('svg[role="img"]');
        if (svg) download(new Blob([standaloneSvg(svg, what, legend)], { type: 'image/svg+xml' }), `${fileSlug(what)}.svg`);
      }}
    />
  );
}

/** Downloads a picture as PNG: `draw` makes the file (null: nothing to save yet). */
export function PngExport({ what, fileName, draw }: { what: string; fileName: string; draw: () => Promise<Blob> | null }) {
  return <DownloadButton format="PNG" what={what} onClick={() => void draw()?.then((blob) => download(blob, fileName))} />;
}

/** A canvas as a PNG scaled up `scale`× (crisp), or null when there is none. */
export function pngOf(canvas: HTMLCanvasElement | null, scale: number): Promise<Blob> | null {
  return canvas ? canvasPng(canvas, scale) : null;
}
