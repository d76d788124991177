/**
 * A row or grid of one-channel images drawn on one canvas, pixel for pixel, scaled up by CSS
 * with crisp pixels. Images are in the model's range [−1, 1] (black paper, white ink, as MNIST);
 * 'signed' data such as predicted noise is drawn with 0 as mid-grey and ±3 as black and white.
 */
import { memo, useEffect, useRef } from 'react';

interface DigitImagesProps {
  /** n images of side × side values, row-major, one after another. */
  images: Float32Array;
  side: number;
  columns: number;
  /** CSS pixels per image pixel. */
  scale?: number;
  mode?: 'image' | 'signed';
  /** The accessible name: what the images show. */
  label: string;
  testId?: string;
}

/**
 * Paints `images` (each side × side) into `pixels` as a grid of `columns` with 1-pixel white gaps;
 * `pixels` must be the grid's size: columns × (side + 1) − 1 wide.
 */
export function paintDigits(pixels: ImageData, images: Float32Array, side: number, columns: number, mode: 'image' | 'signed' = 'image'): void {
  const size = side * side;
  const n = Math.floor(images.length / size);
  const gap = 1;
  const width = pixels.width;
  pixels.data.fill(255); // the gaps: white, like the page
  const toByte = mode === 'image' ? (v: number) => ((v + 1) / 2) * 255 : (v: number) => ((v + 3) / 6) * 255;
  for (let k = 0; k < n; k++) {
    const [ox, oy] = [(k % columns) * (side + gap), Math.floor(k / columns) * (side + gap)];
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        const v = Math.max(0, Math.min(255, Math.round(toByte(images[k * size + y * side + x]))));
        const o = ((oy + y) * width + ox + x) * 4;
        pixels.data[o] = pixels.data[o + 1] = pixels.data[o + 2] = v;
      }
  }
}

export const DigitImages = memo(function DigitImages({ images, side, columns, scale = 3, mode = 'image', label, testId }: DigitImagesProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = side * side;
  const n = Math.floor(images.length / size);
  const cols = Math.min(columns, Math.max(1, n));
  const rows = Math.max(1, Math.ceil(n / cols));
  const gap = 1;
  const width = cols * (side + gap) - gap;
  const height = rows * (side + gap) - gap;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const pixels = ctx.createImageData(width, height);
    paintDigits(pixels, images, side, cols, mode);
    ctx.putImageData(pixels, 0, 0);
  }, [images, cols, side, width, height, mode]);

  return (
    <canvas
      ref={canvas}
      className="digit-images"
      width={width}
      height={height}
      style={{ width: width * scale, height: height * scale }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
});
