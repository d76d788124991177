/**
 * Turning a user's file (or a built-in image) into working-resolution pixels. Every failure
 * becomes an ImageInputError whose message is meant to be shown to the user as is.
 */
export class ImageInputError extends Error {}

export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
/** Decoding more than this many pixels risks exhausting memory in the tab. */
export const MAX_PIXELS = 40_000_000;
export const MAX_BYTES = 50 * 1024 * 1024;

function loadImageElement(url: string, what: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () =>
      reject(new ImageInputError(`${what} could not be decoded: it is not a valid PNG, JPEG or WebP image.`));
    img.src = url;
  });
}

/**
 * Centre-crop to a square and resample to size × size with high-quality smoothing.
 * Throws when the image is too large to decode safely.
 */
async function toWorkingPixels(img: HTMLImageElement, size: number, what: string): Promise<ImageData> {
  const { naturalWidth: w, naturalHeight: h } = img;
  if (w === 0 || h === 0) throw new ImageInputError(`${what} has no pixels.`);
  if (w * h > MAX_PIXELS) {
    throw new ImageInputError(
      `${what} is ${w}×${h} pixels (${((w * h) / 1e6).toFixed(0)} MP), too large to decode in the browser; ` +
        `the limit is ${MAX_PIXELS / 1e6} MP. Please downscale it first.`,
    );
  }
  const side = Math.min(w, h);
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageInputError('This browser cannot create a 2-D canvas.');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  try {
    await img.decode();
  } catch {
    throw new ImageInputError(`${what} could not be decoded: the file looks corrupt.`);
  }
  ctx.drawImage(img, (w - side) / 2, (h - side) / 2, side, side, 0, 0, size, size);
  return ctx.getImageData(0, 0, size, size);
}

export async function pixelsFromFile(file: File, size: number): Promise<ImageData> {
  const what = `“${file.name}”`;
  if (file.type !== '' && !(ACCEPTED_TYPES as readonly string[]).includes(file.type)) {
    throw new ImageInputError(`${what} is a ${file.type} file. Please choose a PNG, JPEG or WebP image.`);
  }
  if (file.size === 0) throw new ImageInputError(`${what} is empty.`);
  if (file.size > MAX_BYTES) {
    throw new ImageInputError(`${what} is ${(file.size / 2 ** 20).toFixed(0)} MB; the limit is ${MAX_BYTES / 2 ** 20} MB.`);
  }
  const url = URL.createObjectURL(file);
  try {
    return await toWorkingPixels(await loadImageElement(url, what), size, what);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function pixelsFromUrl(url: string, size: number, label: string): Promise<ImageData> {
  return toWorkingPixels(await loadImageElement(url, label), size, label);
}
