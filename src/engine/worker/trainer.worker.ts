/**
 * The trainer worker: a module Web Worker running one TrainerSession. tfjs' wasm binaries are
 * served as assets of the build (no CDN), so training works offline.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { FromWorker, ToWorker } from './protocol';
import { TrainerSession } from './session';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasm,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

interface WorkerScope {
  postMessage(message: FromWorker, options?: { transfer?: Transferable[] }): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const session = new TrainerSession((message, transfer) => scope.postMessage(message, { transfer: transfer ?? [] }));
scope.onmessage = (event) => void session.handle(event.data);
