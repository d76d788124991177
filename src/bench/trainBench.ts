/** Runs the training-step bench in a module worker (as the lab trains) and shows its result. */
import type { TrainBenchResult } from './trainBench.worker';

const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./trainBench.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (e: MessageEvent<TrainBenchResult>) => {
  (window as unknown as { __benchResult: TrainBenchResult }).__benchResult = e.data;
  document.getElementById('out')!.textContent = JSON.stringify(e.data, null, 2);
  worker.terminate();
};
worker.postMessage({ backends: (params.get('backends') ?? 'wasm,webgl,cpu,webgpu').split(','), steps: Number(params.get('steps') ?? 300) });
