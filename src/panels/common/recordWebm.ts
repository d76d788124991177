/**
 * Animations as WebM videos for handouts: frames drawn on a canvas of our own, captured one by
 * one (`requestFrame`), encoded by the browser's MediaRecorder, and given the finite duration its
 * chunked output lacks.
 */
import { withDuration } from './webm';

let recordable: string | null | undefined;

/** The first WebM codec this browser records, or null when it records none (or no canvas video at all). Asked once. */
export function webmType(): string | null {
  if (recordable === undefined)
    recordable =
      typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function'
        ? null
        : (['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t)) ?? null);
  return recordable;
}

export interface Recording {
  width: number;
  height: number;
  /** Number of frames, drawn in order by `draw`. */
  frames: number;
  fps: number;
  /** Draws frame `i` (a white canvas is cleared before each). */
  draw: (ctx: CanvasRenderingContext2D, i: number) => void;
  /** Told the share of frames done so far. */
  onProgress?: (done: number) => void;
}

/** Records the frames as a WebM video (real time: `frames / fps` seconds). */
export async function recordWebm({ width, height, frames, fps, draw, onProgress }: Recording): Promise<Blob> {
  const type = webmType();
  if (!type) throw new Error('This browser cannot record WebM video (no MediaRecorder with VP8 or VP9).');
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 4_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
  const stopped = new Promise<void>((resolve, reject) => {
    recorder.onstop = () => resolve();
    recorder.onerror = () => reject(new Error('The browser stopped recording the video.'));
  });

  const paint = (i: number) => {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    draw(ctx, i);
    track.requestFrame();
  };
  paint(0);
  recorder.start();
  const started = performance.now();
  for (let i = 1; i < frames; i++) {
    await new Promise((r) => setTimeout(r, started + (i * 1000) / fps - performance.now()));
    paint(i);
    onProgress?.(i / frames);
  }
  // The last frame is shown for one frame's time too.
  await new Promise((r) => setTimeout(r, started + (frames * 1000) / fps - performance.now()));
  const duration = performance.now() - started;
  recorder.stop();
  await stopped;
  track.stop();
  const bytes = withDuration(new Uint8Array(await new Blob(chunks).arrayBuffer()), duration);
  return new Blob([bytes as BlobPart], { type: 'video/webm' });
}

/** A line of a video's text: `text` in the page's font, centred on `x` in a band of `height` from `y`. */
export function caption(ctx: CanvasRenderingContext2D, text: string, y: number, height: number, x = ctx.canvas.width / 2): void {
  ctx.fillStyle = '#1d2330';
  ctx.font = `${Math.round(height * 0.5)}px 'Inter Variable', system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y + height / 2);
}
