import { useEffect, useState } from 'react';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendInfo } from '../engine/backend';
import { sampleEpsilon, x0FromPixels, type ForwardTensors } from '../engine/noising';

export type EngineStatus = { state: 'starting' } | { state: 'ready'; info: BackendInfo } | { state: 'failed'; error: string };

/** React glue for the engine: start tfjs once, on the backend chosen from `?backend=` and the adapter. */
export function useBackend(): EngineStatus {
  const [status, setStatus] = useState<EngineStatus>({ state: 'starting' });
  useEffect(() => {
    let live = true;
    chooseBackend(new URLSearchParams(location.search).get('backend'))
      .then((info) => live && setStatus({ state: 'ready', info }))
      .catch((e: unknown) => live && setStatus({ state: 'failed', error: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, []);
  return status;
}

/**
 * x_0 and ε on the active backend for the current image, colour mode and seed; the previous
 * pair is disposed when any of them changes.
 */
export function useForwardTensors(
  ready: boolean,
  pixels: ImageData | null,
  greyscale: boolean,
  seed: number,
): ForwardTensors | null {
  const [tensors, setTensors] = useState<ForwardTensors | null>(null);
  useEffect(() => {
    if (!ready || !pixels) return;
    const next = {
      x0: x0FromPixels(pixels, greyscale),
      epsilon: sampleEpsilon(pixels.height, pixels.width, seed, greyscale),
    };
    setTensors(next);
    return () => {
      setTensors(null);
      tf.dispose([next.x0, next.epsilon]);
    };
  }, [ready, pixels, greyscale, seed]);
  return tensors;
}
