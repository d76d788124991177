/** Reading x_0 from working-resolution RGBA pixels, scaled to [−1, 1] as the model sees it. */

/** ITU-R BT.601 luma weights, used for greyscale everywhere. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/** RGBA pixels: an ImageData, or anything shaped like one. */
export interface RgbaPixels {
  data: ArrayLike<number>;
  width: number;
  height: number;
}

/** The byte value of one channel of the pixel whose red byte is at `i` (the luma in greyscale). */
function channelByte(d: ArrayLike<number>, i: number, channel: number, greyscale: boolean): number {
  return greyscale ? LUMA[0] * d[i] + LUMA[1] * d[i + 1] + LUMA[2] * d[i + 2] : d[i + channel];
}

/** x_0 at one pixel and channel. */
export function pixelValue(pixels: RgbaPixels, x: number, y: number, channel: 0 | 1 | 2, greyscale: boolean): number {
  return channelByte(pixels.data, (y * pixels.width + x) * 4, channel, greyscale) / 127.5 - 1;
}

/**
 * Every coordinate of x_0 (three channels per pixel, as the model sees the image; greyscale
 * repeats the luma in all three), in pixel-major order.
 */
export function x0Coordinates(pixels: RgbaPixels, greyscale: boolean): Float64Array {
  const n = pixels.width * pixels.height;
  const out = new Float64Array(n * 3);
  for (let p = 0; p < n; p++)
    for (let c = 0; c < 3; c++) out[p * 3 + c] = channelByte(pixels.data, p * 4, c, greyscale) / 127.5 - 1;
  return out;
}
