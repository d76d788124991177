import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, isBackendName } from './backend';

// Node has neither WebGPU nor WebGL, so every path here must end on the cpu backend — with a
// notice whenever that is not what was asked for.
describe('chooseBackend', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});

  it('falls back from a forced but unavailable WebGPU, and says so', async () => {
    const info = await chooseBackend('webgpu');
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.notice).toMatch(/WebGPU is unavailable/);
    expect(info.notice).toMatch(/Using cpu instead/);
  });

  it('reports an unknown backend name', async () => {
    const info = await chooseBackend('quantum');
    expect(info.notice).toMatch(/Unknown backend “quantum”/);
    expect(info.name).toBe('cpu');
  });

  it('says nothing when the forced backend starts', async () => {
    const info = await chooseBackend('cpu');
    expect(info).toMatchObject({ name: 'cpu', notice: undefined, fallbackAdapter: false });
  });

  it('knows the backend names', () => {
    expect(isBackendName('webgl')).toBe(true);
    expect(isBackendName('wasm')).toBe(false);
  });
});
