import type { NoisingRenderer, RendererInputs } from './types';

/**
 * CPU: the cpu backend computes in JavaScript, so its fused kernel is a single typed-array
 * loop over the tensors' values (read once, asynchronously) into a reused ImageData.
 */
export async function createCpuRenderer({ x0, epsilon, canvas }: RendererInputs): Promise<NoisingRenderer> {
  const [height, width] = x0.shape;
  const [x0Values, epsValues] = (await Promise.all([x0.data(), epsilon.data()])) as Float32Array[];
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This canvas cannot get a 2-D context');
  const image = ctx.createImageData(width, height);
  const px = image.data;
  return {
    render(a, b) {
      // x_t in [−1, 1] → byte: 127.5 (x_t + 1); Uint8ClampedArray clamps and rounds.
      const ca = 127.5 * a;
      const cb = 127.5 * b;
      for (let i = 0; i < px.length; i += 4) {
        px[i] = 127.5 + ca * x0Values[i] + cb * epsValues[i];
        px[i + 1] = 127.5 + ca * x0Values[i + 1] + cb * epsValues[i + 1];
        px[i + 2] = 127.5 + ca * x0Values[i + 2] + cb * epsValues[i + 2];
        px[i + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
    },
    finished: () => Promise.resolve(),
    dispose() {},
  };
}
