/** Small download buttons for handouts: a plot as SVG, a picture as PNG, an animation as WebM. */
import { useState } from 'react';
import { canvasPng, download, fileSlug, standaloneSvg, type LegendEntry } from './exports';
import { webmType } from './recordWebm';

interface DownloadButtonProps {
  format: 'SVG' | 'PNG' | 'WebM';
  what: string;
  onClick: (button: HTMLButtonElement) => void;
  /** Shown instead of the format while the file is being made. */
  busy?: string;
  /** Why the file cannot be made here (the button is disabled and says so). */
  unavailable?: string;
}

/** A small corner button that downloads `what` as a file of `format`. */
function DownloadButton({ format, what, onClick, busy, unavailable }: DownloadButtonProps) {
  return (
    <button
      type="button"
      className="export-button"
      aria-label={`Download as ${format}: ${what}`}
      aria-description={unavailable}
      title={unavailable ?? `Download as ${format}`}
      disabled={busy !== undefined || unavailable !== undefined}
      onClick={(e) => onClick(e.currentTarget)}
    >
      {busy ?? format}
    </button>
  );
}

/**
 * Downloads the plot of the figure it sits in as a standalone SVG, titled `what` (the plot's
 * accessible description: a caption may hold KaTeX, whose text is not for a file), with `legend`
 * below it. `layers` builds the plot's content where it is not one SVG (see standaloneSvg).
 */
export function SvgExport({ what, legend, layers }: { what: string; legend: LegendEntry[]; layers?: () => SVGElement[] }) {
  return (
    <DownloadButton
      format="SVG"
      what={what}
      onClick={(button) => {
        const svg = button.closest('.plane, figure')?.querySelector<SVGSVGElement>('svg[role="img"]');
        if (svg) download(new Blob([standaloneSvg(svg, what, legend, layers?.())], { type: 'image/svg+xml' }), `${fileSlug(what)}.svg`);
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

/**
 * Records an animation as a WebM video: `record` makes the file, reporting its progress (0 … 1).
 * Disabled, saying why, where the browser cannot record WebM; a failure is shown beside it.
 */
export function WebmExport({ what, fileName, record }: { what: string; fileName: string; record: (onProgress: (done: number) => void) => Promise<Blob> }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const unavailable = webmType() === null ? 'This browser cannot record WebM video.' : undefined;
  return (
    <>
      <DownloadButton
        format="WebM"
        what={what}
        unavailable={unavailable}
        busy={progress === null ? undefined : `${Math.round(progress * 100)} %`}
        onClick={() => {
          setError(null);
          setProgress(0);
          record(setProgress)
            .then((blob) => download(blob, fileName))
            .catch((e: unknown) => setError(`The video could not be made: ${e instanceof Error ? e.message : String(e)}`))
            .finally(() => setProgress(null));
        }}
      />
      {error && (
        <span className="field-error export-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
