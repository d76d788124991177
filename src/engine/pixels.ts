/** Reading single values of x_0 from working-resolution RGBA pixels. */

/** ITU-R BT.601 luma weights, used for greyscale everywhere. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/** x_0 at one pixel and channel, scaled to [−1, 1] as the model sees it. */
export function pixelValue(pixels: ImageData, x: number, y: number, channel: 0 | 1 | 2, greyscale: boolean): number {
  const i = (y * pixels.width + x) * 4;
  const d = pixels.data;
  const byte = greyscale ? LUMA[0] * d[i] + LUMA[1] * d[i + 1] + LUMA[2] * d[i + 2] : d[i + channel];
  return byte / 127.5 - 1;
}
