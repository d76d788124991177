import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../engine/backend';
import { createRenderer, type ForwardTensors } from '../../engine/noising';
import type { NoisingRenderer } from '../../engine/render/types';
import { WORKING_SIZE } from '../../state/appState';
import { testHook, testMode } from '../../testMode';

interface NoisedImageProps {
  backend: BackendName;
  tensors: ForwardTensors | null;
  /** √ᾱ_t */
  a: number;
  /** √(1 − ᾱ_t) */
  b: number;
  t: number;
  pixel: { x: number; y: number };
  onPickPixel: (x: number, y: number) => void;
}

/**
 * The live x_t. The renderer draws straight from the backend's buffers; a slider move only
 * updates two uniforms and issues one draw.
 */
export function NoisedImage({ backend, tensors, a, b, t, pixel, onPickPixel }: NoisedImageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [renderer, setRenderer] = useState<NoisingRenderer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const coef = useRef({ a, b });
  coef.current = { a, b };

  useEffect(() => {
    if (!tensors || !canvasRef.current) return;
    let live = true;
    let made: NoisingRenderer | null = null;
    createRenderer(backend, tensors.x0, tensors.epsilon, canvasRef.current)
      .then((r) => {
        made = r;
        if (!live) return r.dispose();
        r.render(coef.current.a, coef.current.b);
        setRenderer(r);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      made?.dispose();
      setRenderer(null);
    };
  }, [backend, tensors]);

  useLayoutEffect(() => {
    renderer?.render(a, b);
  }, [renderer, a, b]);

  useEffect(() => {
    if (!testMode) return;
    const hook = testHook();
    hook.frameDrawn = () => (renderer ? renderer.finished() : Promise.reject(new Error('no renderer yet')));
    hook.numTensors = () => tf.memory().numTensors;
  }, [renderer]);

  return (
    <div className="noised-image">
      <canvas
        // A canvas keeps the kind of context it first gave (2-D, or an ImageBitmap's on WebGL): one per backend.
        key={backend}
        ref={canvasRef}
        width={WORKING_SIZE}
        height={WORKING_SIZE}
        data-testid="xt-canvas"
        data-t={t}
        data-ready={renderer ? 'true' : 'false'}
        aria-label={`The noised image x_t at timestep ${t}`}
        role="img"
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          onPickPixel(
            Math.floor(((e.clientX - rect.left) / rect.width) * WORKING_SIZE),
            Math.floor(((e.clientY - rect.top) / rect.height) * WORKING_SIZE),
          );
        }}
      />
      <span
        className="pixel-marker"
        aria-hidden="true"
        style={{
          left: `${((pixel.x + 0.5) / WORKING_SIZE) * 100}%`,
          top: `${((pixel.y + 0.5) / WORKING_SIZE) * 100}%`,
        }}
      />
      {!renderer && !error && <div className="image-overlay">Preparing…</div>}
      {error && (
        <div className="image-overlay error" role="alert">
          Drawing failed: {error}
        </div>
      )}
    </div>
  );
}
