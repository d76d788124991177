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

/** Training goes on this long after t last moved (ms). */
const GO_ON_AFTER_MS = 300;
/** While t moves, 'giveWay' is repeated this often (well within the worker's MAX_GIVE_WAY_MS). */
const GIVE_WAY_EVERY_MS = 500;

export class TrainerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void; onProgress?: (done: number, total: number) => void }>();
  private closed = false;
  private gaveWayAt = -Infinity;
  private goOn: ReturnType<typeof setTimeout> | null = null;

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
   * on every change of t. Training goes on GO_ON_AFTER_MS after the last call. The hold is said
   * outright, not as a duration, because a worker busy with a chunk reads its messages late.
   */
  giveWay(): void {
    const now = performance.now();
    if (this.goOn === null || now - this.gaveWayAt >= GIVE_WAY_EVERY_MS) {
      this.gaveWayAt = now;
      this.send({ type: 'giveWay' });
    }
    if (this.goOn !== null) clearTimeout(this.goOn);
    this.goOn = setTimeout(() => {
      this.goOn = null;
      this.send({ type: 'goOn' });
    }, GO_ON_AFTER_MS);
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
    if (this.goOn !== null) clearTimeout(this.goOn);
    this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(new Error('the model was reset'));
    this.pending.clear();
  }
}
