/**
 * A user's own image in a shared link. It cannot live in the query (the server would see it, and
 * it is large), so the share dialog puts it in the fragment as a JPEG data URL,
 * `#image=data:image/jpeg;base64,…` (some tens of kB for the 256 × 256 working image), and the
 * explorer reads it back on opening the link.
 */

export const IMAGE_FRAGMENT = '#image=';
/** A fragment longer than this is refused unread (a hostile link can carry megabytes). */
export const MAX_FRAGMENT = 1_000_000;

/** The upload the explorer shows now (for the share dialog), or null. */
let upload: ImageData | null = null;
export const rememberUpload = (pixels: ImageData | null): void => void (upload = pixels);
export const rememberedUpload = (): ImageData | null => upload;

/** The fragment that carries `pixels`, as a JPEG of the given quality. */
export function imageFragment(pixels: ImageData, quality = 0.85): string {
  const canvas = document.createElement('canvas');
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return `${IMAGE_FRAGMENT}${canvas.toDataURL('image/jpeg', quality)}`;
}

export type SharedImage = { url: string } | { problem: string } | null;

/** The image a link's fragment carries (null: none), or why it cannot be read. */
export function sharedImage(hash: string): SharedImage {
  if (!hash.startsWith(IMAGE_FRAGMENT)) return null;
  if (hash.length > MAX_FRAGMENT) return { problem: `The image in the link is ${(hash.length / 1e6).toFixed(1)} MB of text, more than the 1 MB a link may carry.` };
  const url = hash.slice(IMAGE_FRAGMENT.length);
  if (!/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(url)) return { problem: 'The image in the link is not a PNG, JPEG or WebP data URL; it was ignored.' };
  return { url };
}

/** Takes the image out of the page's URL (the user chose another, so a reload must not bring it back). */
export function dropImageFragment(): void {
  if (location.hash.startsWith(IMAGE_FRAGMENT)) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}
