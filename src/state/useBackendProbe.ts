/**
 * The backend choice both labs share. Once per device and model, while the lab is idle and in a
 * worker of its own, the trainer times training (and, for the digits lab, sampling) on every
 * backend that can run the model; the verdict is remembered in localStorage, and the lab moves its
 * model to the winners when it is not training.
 */
import { useEffect, useRef, useState } from 'react';
import { isTrainBackend, type ProbeVerdict } from '../engine/trainBackend';
import type { ToWorker } from '../engine/worker/protocol';
import { TrainerClient } from './trainerClient';

export interface BackendProbe {
  training: ProbeVerdict;
  /** Null when the lab samples where it trains. */
  sampling: ProbeVerdict | null;
}

type InitMessage = Extract<ToWorker, { type: 'init' }>;

const isVerdict = (v: unknown): v is ProbeVerdict =>
  typeof v === 'object' && v !== null && isTrainBackend(String((v as ProbeVerdict).best)) && Array.isArray((v as ProbeVerdict).results);

/** The cache key of a probe: the model, what the probe depends on, and the device. */
export function probeKey(what: unknown): string {
  return `diffusion-playground:backends:v2:${JSON.stringify(what)}:${typeof navigator !== 'undefined' ? navigator.userAgent : ''}`;
}

/** The verdict cached under `key`, or null (none, or not in the current format). */
export function cachedProbe(key: string): BackendProbe | null {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<BackendProbe> | null;
    if (!v || !isVerdict(v.training) || !(v.sampling === null || isVerdict(v.sampling))) return null;
    return { training: v.training, sampling: v.sampling };
  } catch {
    return null;
  }
}

interface ProbeOptions {
  /** Probe only while this holds (the lab's model is ready and not training) and no backend is forced. */
  idle: boolean;
  /** The init message of the prober's session (its model, data and batch), or null when there is no data yet. */
  init: () => InitMessage | null;
  /** Also time a forward pass of this many images on every sampling backend. */
  samplingBatch?: number;
  /** Start this long after the lab became idle, so the first samples come first. */
  delayMs: number;
  /** A fresh verdict (not a cached one). */
  onVerdict: (probe: BackendProbe) => void;
}

/**
 * The verdict for `key` (cached or fresh), and whether a probe is running. A probe stops when the
 * lab stops being idle (training starts) and starts over when it is idle again.
 */
export function useBackendProbe(key: string, { idle, init, samplingBatch, delayMs, onVerdict }: ProbeOptions) {
  const [probe, setProbe] = useState<BackendProbe | null>(() => cachedProbe(key));
  const [probing, setProbing] = useState(false);
  const latest = useRef({ init, onVerdict });
  latest.current = { init, onVerdict };

  useEffect(() => setProbe(cachedProbe(key)), [key]);

  useEffect(() => {
    if (!idle || cachedProbe(key)) return;
    let prober: TrainerClient | null = null;
    const id = setTimeout(() => {
      const message = latest.current.init();
      if (!message) return;
      setProbing(true);
      const c = new TrainerClient((m) => {
        if (m.type === 'ready') {
          c.send({ type: 'probe', ...(samplingBatch ? { samplingBatch } : {}) });
          return;
        }
        if (m.type !== 'probe' && m.type !== 'error') return;
        c.terminate();
        prober = null;
        setProbing(false);
        if (m.type === 'error') return;
        const verdict = { training: m.training, sampling: m.sampling };
        try {
          localStorage.setItem(key, JSON.stringify(verdict));
        } catch {
          // No storage: measured again next time.
        }
        setProbe(verdict);
        latest.current.onVerdict(verdict);
      });
      prober = c;
      c.send(message);
    }, delayMs);
    return () => {
      clearTimeout(id);
      if (prober) {
        prober.terminate();
        setProbing(false);
      }
    };
  }, [idle, key, samplingBatch, delayMs]);

  return { probe, probing };
}
