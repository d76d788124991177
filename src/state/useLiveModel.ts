/**
 * A lab's model as React sees it, shared by both labs' hooks. The worker's messages change `live`
 * at once; React renders it at most every `flushMs` (or at once on `flush`), so a stream of
 * progress messages never floods the page with renders. Training is started, paused and stepped
 * through the lab's current worker.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { TrainerClient } from './trainerClient';

/** What the shared actions need of a lab's model. */
interface Trainable {
  status: 'starting' | 'ready' | 'training' | 'failed';
  step: number;
  target: number | null;
  targetFrom: number;
  message: string | null;
}

export function useLiveModel<M extends Trainable>(initial: M, flushMs: number) {
  const [model, setModel] = useState<M>(initial);
  const live = useRef<M>(initial);
  const update = useCallback((patch: Partial<M> | ((m: M) => Partial<M>)) => {
    live.current = { ...live.current, ...(typeof patch === 'function' ? patch(live.current) : patch) };
  }, []);
  const flush = useCallback(() => setModel(live.current), []);
  useEffect(() => {
    const id = setInterval(() => setModel((m) => (m === live.current ? m : live.current)), flushMs);
    return () => clearInterval(id);
  }, [flushMs]);
  return { model, live, update, flush };
}

/**
 * Train (to step `until`, or until paused), pause, and take one step, in the lab's current worker;
 * `canTrain` may hold training back (a lost device).
 */
export function useTrainingActions<M extends Trainable>(
  client: MutableRefObject<TrainerClient | null>,
  live: MutableRefObject<M>,
  update: (patch: Partial<M>) => void,
  flush: () => void,
  canTrain: (m: M) => boolean = () => true,
) {
  const train = useCallback(
    (until: number | null) => {
      const c = client.current;
      if (!c || live.current.status !== 'ready' || !canTrain(live.current)) return;
      c.send({ type: 'train', until });
      update({ status: 'training', target: until, targetFrom: live.current.step, message: null } as Partial<M>);
      flush();
    },
    // `canTrain` must read nothing but the model: the first one serves for good.
    [client, live, update, flush],
  );
  const pause = useCallback(() => client.current?.send({ type: 'pause' }), [client]);
  const step = useCallback(() => {
    if (live.current.status === 'ready' && canTrain(live.current)) client.current?.send({ type: 'step' });
  }, [client, live]);
  return { train, pause, step };
}
