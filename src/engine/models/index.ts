/** Building any denoiser from its spec. */
import { createMlp2d } from './mlp2d';
import { createUnet } from './unet';
import type { Denoiser, ModelSpec } from './types';

export function createModel(spec: ModelSpec, T: number, seed: number): Denoiser {
  switch (spec.kind) {
    case 'mlp2d':
      return createMlp2d(spec, T, seed);
    case 'unet':
      return createUnet(spec, T, seed);
  }
}
