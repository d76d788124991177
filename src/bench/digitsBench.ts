/** Runs the digits bench in a module worker (as the lab trains) and shows its result. */
import type { DigitsBenchRow } from './digitsBench.worker';

const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./digitsBench.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (e: MessageEvent<{ rows: DigitsBenchRow[]; batch: number }>) => {
  (window as unknown as { __benchResult: unknown }).__benchResult = e.data;
  document.getElementById('out')!.textContent = JSON.stringify(e.data, null, 2);
  worker.terminate();
};
worker.postMessage({
  backends: (params.get('backends') ?? 'wasm,webgl,cpu,webgpu').split(','),
  presets: (params.get('presets') ?? 'tiny,small,base').split(','),
  batch: Number(params.get('batch') ?? 16),
  steps: Number(params.get('steps') ?? 3),
});
