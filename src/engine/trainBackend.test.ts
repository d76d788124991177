import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { classifyFault, hopeless, HopelessBackend, probeBackends, probeOrder, PROBE_PATIENCE_MS, sampleBackendsFor, trainBackendsFor } from './trainBackend';

describe('backend candidates', () => {
  it('trains a U-Net where convolutions have gradients, and samples it on wasm first', () => {
    expect(trainBackendsFor('unet')).not.toContain('wasm');
    expect(sampleBackendsFor('unet')[0]).toBe('wasm');
    expect(sampleBackendsFor('mlp2d')).toEqual(trainBackendsFor('mlp2d'));
  });

  it('probes the likely fastest first', () => {
    expect(probeOrder(trainBackendsFor('unet'))).toEqual(['webgpu', 'webgl', 'cpu']);
    expect(probeOrder(['cpu', 'wasm'])).toEqual(['wasm', 'cpu']);
  });
});

describe('hopeless', () => {
  it('never judges a first backend, nor a warm-up under the patience (shader compilation)', () => {
    expect(hopeless(60_000, null)).toBe(false);
    expect(hopeless(PROBE_PATIENCE_MS - 1, 1)).toBe(false);
  });

  it('drops a backend whose warm-up alone took over twice the fastest step, past the patience', () => {
    expect(hopeless(62_000, 22_000)).toBe(true);
    expect(hopeless(40_000, 22_000)).toBe(false);
  });
});

describe('probeBackends', () => {
  it('hands each measurement the fastest so far, records a hopeless one untimed, and leaves tfjs on the fastest', async () => {
    const seen: (number | null)[] = [];
    const verdict = await probeBackends(['cpu', 'webgl', 'webgpu', 'wasm'], async (fastest) => {
      seen.push(fastest);
      if (tf.getBackend() === 'cpu') return 5;
      throw new HopelessBackend(20_000);
    });
    expect(seen).toEqual([null, 5]);
    expect(verdict.best).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(verdict.results[0]).toEqual({ backend: 'cpu', msPerStep: 5 });
    const note = (b: string) => verdict.results.find((r) => r.backend === b)!.note;
    expect(note('wasm')).toBe('not timed: its first step took 20.0 s, too slow to win');
    expect(note('webgl')).toMatch(/^failed to start/);
    expect(note('webgpu')).toMatch(/^skipped: no WebGPU/);
  });

  it('fails with every reason when no backend runs', async () => {
    await expect(probeBackends(['cpu'], () => Promise.reject(new Error('boom')))).rejects.toThrow(/cpu failed: boom/);
  });
});

describe('classifyFault', () => {
  it.each([
    ['Requested texture size [8192x70000] greater than WebGL maximum on this browser / GPU [16384x16384].', 'memory'],
    ['Failed to allocate 512 MB: out of memory', 'memory'],
    ['RangeError: Array buffer allocation failed', 'memory'],
    ['WebAssembly.Memory.grow(): Maximum memory size exceeded', 'memory'],
    ['Device was lost: destroyed', 'device'],
    ['GPUDevice lost: Device was destroyed.', 'device'],
    ['WebGL context lost.', 'device'],
    ['Kernel Conv2DBackpropFilter not registered', 'other'],
  ])('%s → %s', (message, fault) => {
    expect(classifyFault(message)).toBe(fault);
  });
});
