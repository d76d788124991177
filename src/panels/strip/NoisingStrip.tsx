import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { SCHEDULE_KINDS, SCHEDULE_LABELS, makeSchedule, stripTimesteps } from '../../diffusion/schedules';
import { noisingStrip, type ForwardTensors } from '../../engine/noising';
import { SCHEDULE_COLORS } from '../common/colors';
import { PngExport } from '../common/ExportButtons';

const FRAMES = 11;
/** The strip shows the forward process on x_0 downsampled by this factor (256 → 64 px). */
const DOWNSAMPLE = 4;

interface NoisingStripProps {
  tensors: ForwardTensors | null;
  T: number;
  seed: number;
  greyscale: boolean;
}

function Frame({ rgba, size }: { rgba: Uint8ClampedArray; size: [number, number] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const [h, w] = size;
    canvas.width = w;
    canvas.height = h;
    ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, w, h), 0, 0);
  }, [rgba, size]);
  return <canvas ref={ref} className="strip-frame" />;
}

/** The whole strip as one PNG for a handout: t above the columns, the schedules' names beside the rows, frames at 2×. */
async function stripPng(result: { size: [number, number]; rgba: Uint8ClampedArray[] }, ts: number[]): Promise<Blob> {
  const [h, w] = result.size;
  const [scale, gap, labelWidth, head] = [2, 4, 96, 22];
  const canvas = document.createElement('canvas');
  canvas.width = labelWidth + ts.length * (w * scale + gap);
  canvas.height = head + SCHEDULE_KINDS.length * (h * scale + gap);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1f2328';
  ctx.font = '13px sans-serif';
  ctx.imageSmoothingEnabled = false;
  ts.forEach((t, i) => ctx.fillText(`t = ${t}`, labelWidth + i * (w * scale + gap), 15));
  for (const [row, kind] of SCHEDULE_KINDS.entries()) {
    const top = head + row * (h * scale + gap);
    ctx.fillStyle = SCHEDULE_COLORS[kind];
    ctx.fillRect(0, top + (h * scale) / 2 - 5, 10, 10);
    ctx.fillStyle = '#1f2328';
    ctx.fillText(SCHEDULE_LABELS[kind], 16, top + (h * scale) / 2 + 4);
    for (let i = 0; i < ts.length; i++) {
      const bitmap = await createImageBitmap(new ImageData(result.rgba[row * ts.length + i] as Uint8ClampedArray<ArrayBuffer>, w, h));
      ctx.drawImage(bitmap, labelWidth + i * (w * scale + gap), top, w * scale, h * scale);
      bitmap.close();
    }
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode a PNG'))), 'image/png'));
}

/** x_0 … x_T at evenly spaced timesteps, one row per schedule, columns aligned by t. */
export const NoisingStrip = memo(function NoisingStrip({ tensors, T, seed, greyscale }: NoisingStripProps) {
  const ts = useMemo(() => stripTimesteps(T, FRAMES), [T]);
  const [result, setResult] = useState<{ size: [number, number]; rgba: Uint8ClampedArray[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!tensors) return;
    let live = true;
    const frames = SCHEDULE_KINDS.flatMap((kind) => {
      const s = makeSchedule({ kind, T });
      return ts.map((t) => ({ a: s.sqrtAlphaBar[t], b: s.sqrtOneMinusAlphaBar[t] }));
    });
    noisingStrip(tensors.x0, seed, greyscale, frames, DOWNSAMPLE)
      .then((r) => {
        if (!live) return;
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [tensors, T, ts, seed, greyscale]);

  return (
    <div className="strip" data-testid="noising-strip" data-ready={result ? 'true' : 'false'}>
      {error && <p role="alert">The strip could not be computed: {error}</p>}
      <div className="strip-grid" style={{ gridTemplateColumns: `7.5rem repeat(${FRAMES}, minmax(0, 1fr))` }}>
        <span className="strip-corner">
          {result && <PngExport what="the noising strip, every schedule from x_0 to x_T" fileName={`noising-strip-T${T}-seed${seed}.png`} draw={() => stripPng(result, ts)} />}
        </span>
        {ts.map((t, i) => (
          <span key={i} className="strip-t">
            t = {t}
          </span>
        ))}
        {SCHEDULE_KINDS.map((kind, row) => (
          <div key={kind} className="strip-row" role="group" aria-label={`${SCHEDULE_LABELS[kind]} schedule, x_0 to x_T`}>
            <span className="strip-label">
              <span className="swatch" style={{ background: SCHEDULE_COLORS[kind] }} />
              {SCHEDULE_LABELS[kind]}
            </span>
            {ts.map((_, i) =>
              result ? (
                <Frame key={i} rgba={result.rgba[row * ts.length + i]} size={result.size} />
              ) : (
                <span key={i} className="strip-frame placeholder" />
              ),
            )}
          </div>
        ))}
      </div>
    </div>
  );
});
