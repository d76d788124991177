/**
 * The UI's end of the trainer worker: one worker per model, requests matched to their replies by
 * id, and everything else (progress, evaluations, stops) handed to a listener. Terminating the
 * worker is how a model is thrown away.
 */
import type { FromWorker, ToWorker } from '../engine/worker/protocol';

type Request = Extract<ToWorker, { id: number }>;
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;
/** The reply each request gets. */
interface ReplyTypes {
  sample: 'samples';
  field: 'field';
  bound: 'bound';
  score: 'score';
  weights: 'weights';
}
type Reply<T extends Request['type']> = Extract<FromWorker, { type: ReplyTypes[T] }>;

/** How long training waits after t last moved (ms). */
export const GIVE_WAY_MS = 300;

export class TrainerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void; onProgress?: (done: number, total: number) => void }>();
  private closed = false;
  private gaveWayAt = -Infinity;

  constructor(private readonly listener: (message: FromWorker) => void) {
    this.worker = new Worker(new URL('../engine/worker/trainer.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.listener({ type: 'error', message: event.message || 'the trainer worker failed to load', fatal: true });
    };
  }

  private receive(message: FromWorker): void {
    const id = 'id' in message ? message.id : undefined;
    const waiting = id !== undefined ? this.pending.get(id) : undefined;
    if (!waiting) {
      this.listener(message);
      return;
    }
    if (message.type === 'boundProgress') {
      waiting.onProgress?.(message.done, message.total);
      return;
    }
    this.pending.delete(id!);
    if (message.type === 'error') waiting.reject(new Error(message.message));
    else waiting.resolve(message);
  }

  send(message: Exclude<ToWorker, Request>, transfer: Transferable[] = []): void {
    if (!this.closed) this.worker.postMessage(message, transfer);
  }

  /**
   * Asks training to wait while the page moves t, so that its frames get the CPU and GPU: call it
   * on every change of t; it sends at most a message per GIVE_WAY_MS / 4, each holding training for
   * GIVE_WAY_MS, so training goes on that long after t stops.
   */
  giveWay(now = performance.now()): void {
    if (now - this.gaveWayAt < GIVE_WAY_MS / 4) return;
    this.gaveWayAt = now;
    this.send({ type: 'giveWay', ms: GIVE_WAY_MS });
  }

  /** Sends a request and resolves with its reply (`bound` also reports progress). */
  request<B extends RequestBody>(body: B, onProgress?: (done: number, total: number) => void, transfer: Transferable[] = []): Promise<Reply<B['type']>> {
    if (this.closed) return Promise.reject(new Error('the model was reset'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (m: FromWorker) => void, reject, onProgress });
      this.worker.postMessage({ ...body, id }, transfer);
    });
  }

  terminate(): void {
    this.closed = true;
    this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(new Error('the model was reset'));
    this.pending.clear();
  }
}
