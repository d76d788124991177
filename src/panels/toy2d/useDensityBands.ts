import { useEffect, useRef, useState } from 'react';
import { densityBands, type DensityBands, type DensityRequest } from './densityBands';

/** Bands and the key of the request they answer (e.g. its timestep). */
export interface KeyedBands {
  key: number;
  bands: DensityBands;
}

export type DensityJob = DensityRequest & { key: number };

/**
 * Runs density jobs in a Web Worker (density.worker.ts), one at a time: jobs asked for while one
 * runs collapse into the latest, so a drag never queues work. Where the worker cannot start or
 * load, the jobs run on the caller's thread instead.
 */
class DensityWorker {
  private worker: Worker | null = null;
  private running: DensityJob | null = null;
  private next: DensityJob | null = null;

  constructor(private readonly done: (result: KeyedBands) => void) {
    try {
      this.worker = new Worker(new URL('./density.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<{ bands: DensityBands }>) => this.finish(e.data.bands);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.close();
        const job = this.next ?? this.running;
        [this.running, this.next] = [null, null];
        if (job) this.ask(job);
      };
    } catch {
      // No worker here (none in this browser, or refused): the jobs run inline.
    }
  }

  ask(job: DensityJob): void {
    if (!this.worker) return this.done({ key: job.key, bands: densityBands(job) });
    if (this.running) {
      this.next = job;
      return;
    }
    this.running = job;
    const { points, alphaBar, bandwidth, n, extent } = job;
    this.worker.postMessage({ points, alphaBar, bandwidth, n, extent });
  }

  private finish(bands: DensityBands): void {
    const job = this.running!;
    this.running = null;
    this.done({ key: job.key, bands });
    const next = this.next;
    this.next = null;
    if (next) this.ask(next);
  }

  close(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

/**
 * The density bands of the latest job, computed off the main thread; the last ones shown stay
 * until the next arrive. Null before the first, and while `job` is null.
 */
export function useDensityBands(job: DensityJob | null): KeyedBands | null {
  const [shown, setShown] = useState<KeyedBands | null>(null);
  const worker = useRef<DensityWorker | null>(null);
  useEffect(() => {
    const w = new DensityWorker(setShown);
    worker.current = w;
    return () => {
      w.close();
      worker.current = null;
    };
  }, []);
  const { points, alphaBar, bandwidth, n, extent, key } = job ?? {};
  useEffect(() => {
    if (points && alphaBar !== undefined && bandwidth !== undefined && n !== undefined && extent !== undefined && key !== undefined)
      worker.current?.ask({ points, alphaBar, bandwidth, n, extent, key });
  }, [points, alphaBar, bandwidth, n, extent, key]);
  return job ? shown : null;
}
