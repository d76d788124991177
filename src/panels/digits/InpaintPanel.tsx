/**
 * Inpainting (Sohl-Dickstein et al. 2015, §2.5): the user paints over part of a held-out digit
 * (mouse, pen or touch, or the preset buttons), and the model fills the painted region in,
 * conditioned on the rest; several samples show the spread. The known pixels stay exact. The
 * painted mask is kept in IndexedDB, so a reload or a new model does not lose it.
 */
import { memo, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { toModelRange, type DigitSet } from '../../data/mnist';
import { DIGITS_LIMITS } from '../../state/digitsState';
import { kept } from '../../state/storage';
import { DigitImages } from './DigitImages';

const SIDE = 28;
const SIZE = SIDE * SIDE;
const SCALE = 8;
const FILLS = 4;
const MASK_KEY = 'digits:mask';

interface InpaintPanelProps {
  heldOut: DigitSet;
  digit: number;
  onDigit: (digit: number) => void;
  inpaint: (inpainting: { known: Float32Array; mask: Float32Array }, n: number, seed: number) => Promise<Float32Array>;
  ready: boolean;
  /** Changes when the model does (old fills are dropped then). */
  modelVersion: number;
}

/** Why the mask cannot be filled in, or null. */
export function maskProblem(erased: Uint8Array): string | null {
  const count = erased.reduce((a, b) => a + b, 0);
  if (count === 0) return 'Paint over part of the digit first: with nothing erased there is nothing to fill in.';
  if (count === erased.length) return 'Everything is erased: that is plain sampling. Leave some of the digit for the model to condition on.';
  return null;
}

export const InpaintPanel = memo(function InpaintPanel({ heldOut, digit, onDigit, inpaint, ready, modelVersion }: InpaintPanelProps) {
  const [erased, setErased] = useState<Uint8Array>(() => new Uint8Array(SIZE));
  const [loaded, setLoaded] = useState(false);
  const [fills, setFills] = useState<{ images: Float32Array; version: number } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const painting = useRef(false);
  const image = useMemo(() => toModelRange(heldOut, Math.min(digit, heldOut.count - 1), 1), [heldOut, digit]);

  useEffect(() => {
    kept
      .get<Uint8Array>(MASK_KEY)
      .then((saved) => saved instanceof Uint8Array && saved.length === SIZE && setErased(saved))
      .catch(() => undefined)
      .finally(() => setLoaded(true));
  }, []);
  const keep = (mask: Uint8Array) => {
    setErased(mask);
    if (loaded) kept.put(MASK_KEY, mask).catch(() => setStatus('This browser could not keep the mask (no IndexedDB); it stays until you leave the page.'));
  };

  // The digit, with the erased region shown in the accent colour.
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const pixels = ctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIZE; i++) {
      const v = Math.round(((image[i] + 1) / 2) * 255);
      const o = 4 * i;
      if (erased[i]) [pixels.data[o], pixels.data[o + 1], pixels.data[o + 2]] = [200 + v / 5, 60 + v / 3, 70 + v / 3];
      else pixels.data[o] = pixels.data[o + 1] = pixels.data[o + 2] = v;
      pixels.data[o + 3] = 255;
    }
    ctx.putImageData(pixels, 0, 0);
  }, [image, erased]);

  /** Erases a brush's disc around the pointer (read at once: React reuses the event). */
  const paint = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const [cx, cy] = [((e.clientX - rect.left) / rect.width) * SIDE, ((e.clientY - rect.top) / rect.height) * SIDE];
    setErased((mask) => paintAt(mask, cx, cy));
  };
  const paintAt = (mask: Uint8Array, cx: number, cy: number) => {
    const radius = 1.6;
    const next = mask.slice();
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++)
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++)
        if (x >= 0 && y >= 0 && x < SIDE && y < SIDE && (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius) next[y * SIDE + x] = 1;
    return next;
  };
  const region = (test: (x: number, y: number) => boolean) => Uint8Array.from({ length: SIZE }, (_, i) => (test(i % SIDE, Math.floor(i / SIDE)) ? 1 : 0));

  const problem = maskProblem(erased);
  const fill = async () => {
    if (problem) {
      setStatus(problem);
      return;
    }
    setBusy(true);
    setStatus('Filling in…');
    try {
      const mask = Float32Array.from(erased, (e) => 1 - e);
      const images = await inpaint({ known: image, mask }, FILLS, digit + 1);
      setFills({ images, version: modelVersion });
      setStatus(null);
    } catch (e) {
      setStatus(`Inpainting failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="inpaint">
      <div className="inpaint-source">
        <canvas
          ref={canvas}
          width={SIDE}
          height={SIDE}
          style={{ width: SIDE * SCALE, height: SIDE * SCALE }}
          className="digit-images paintable"
          role="img"
          aria-label={`Held-out digit ${digit} (a ${heldOut.labels[digit]}); paint over the part to fill in`}
          data-testid="inpaint-canvas"
          onPointerDown={(e) => {
            painting.current = true;
            try {
              e.currentTarget.setPointerCapture(e.pointerId);
            } catch {
              // A pointer the browser no longer tracks: painting still works over the canvas.
            }
            paint(e);
          }}
          onPointerMove={(e) => painting.current && paint(e)}
          onPointerUp={() => {
            painting.current = false;
            keep(erased);
          }}
          onPointerCancel={() => (painting.current = false)}
        />
        <div className="option-row">
          <label>
            Held-out digit
            <input
              type="number"
              min={0}
              max={Math.min(DIGITS_LIMITS.digit[1], heldOut.count - 1)}
              value={digit}
              aria-label="Index of the held-out digit to inpaint"
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isInteger(v) && v >= 0 && v < heldOut.count) onDigit(v);
              }}
            />
          </label>
          <button type="button" onClick={() => onDigit((digit + 37) % heldOut.count)}>
            Another digit
          </button>
        </div>
        <div className="option-row" role="group" aria-label="Mask">
          <button type="button" onClick={() => keep(region((_, y) => y >= SIDE / 2))}>
            Erase bottom half
          </button>
          <button type="button" onClick={() => keep(region((x) => x < SIDE / 2))}>
            Erase left half
          </button>
          <button type="button" onClick={() => keep(region((x, y) => Math.abs(x - 13.5) < 5 && Math.abs(y - 13.5) < 5))}>
            Erase the centre
          </button>
          <button type="button" onClick={() => keep(new Uint8Array(SIZE))}>
            Clear mask
          </button>
        </div>
      </div>
      <div className="inpaint-result">
        <button type="button" className="primary" onClick={fill} disabled={!ready || busy}>
          Fill in the painted part
        </button>
        {status && (
          <p className={problem && status === problem ? 'field-error' : 'subtle'} role={problem && status === problem ? 'alert' : 'status'}>
            {status}
          </p>
        )}
        {fills && fills.version === modelVersion ? (
          <figure>
            <DigitImages images={fills.images} side={SIDE} columns={FILLS} scale={4} label={`${FILLS} fillings of the painted region`} testId="inpaint-fills" />
            <figcaption>{FILLS} samples of the painted region given the rest; the unpainted pixels are the digit’s own, exactly.</figcaption>
          </figure>
        ) : (
          <p className="subtle">Paint over part of the digit (or pick a region), then fill it in: the model samples only the painted pixels, replacing the others by the digit noised to each t.</p>
        )}
      </div>
    </div>
  );
});
