import { useCallback, useEffect, useState } from 'react';
import { ImageInputError, pixelsFromFile, pixelsFromUrl } from './imageInput';
import { rememberUpload } from './sharedImage';
import { BUILTIN_IMAGES, WORKING_SIZE, type ImageChoice } from './appState';

export interface Upload {
  pixels: ImageData;
  name: string;
}

/**
 * The working-resolution pixels of the chosen image. The user's upload is kept while they look
 * at built-in images, so switching back loses nothing; a failed upload leaves everything as it
 * was and reports why through `error`.
 */
export function useImageSource(image: ImageChoice) {
  const [builtin, setBuiltin] = useState<ImageData | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (image === 'upload') return;
    const img = BUILTIN_IMAGES.find((i) => i.id === image)!;
    let live = true;
    setLoading(true);
    pixelsFromUrl(img.src, WORKING_SIZE, img.label)
      .then((pixels) => live && setBuiltin(pixels))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [image]);

  /** Decode a user's file; true when it replaced the upload. */
  const loadFile = useCallback(async (file: File): Promise<boolean> => {
    setLoading(true);
    try {
      setUpload({ pixels: await pixelsFromFile(file, WORKING_SIZE), name: file.name });
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof ImageInputError ? e.message : `Could not read “${file.name}”: ${String(e)}`);
      return false;
    } finally {
      setLoading(false);
    }
  }, []);

  /** Decode the image a shared link carries (a data URL); true when it replaced the upload. */
  const loadShared = useCallback(async (url: string): Promise<boolean> => {
    setLoading(true);
    try {
      setUpload({ pixels: await pixelsFromUrl(url, WORKING_SIZE, 'The image in the link'), name: 'the image from the link' });
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setLoading(false);
    }
  }, []);

  // The share dialog offers to put the upload on screen into the link.
  useEffect(() => {
    rememberUpload(image === 'upload' ? (upload?.pixels ?? null) : null);
  }, [image, upload]);

  const pixels = image === 'upload' ? (upload?.pixels ?? null) : builtin;
  return { pixels, upload, error, setError, loading, loadFile, loadShared };
}
