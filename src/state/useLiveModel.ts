/**
 * A lab's model as React sees it, shared by both labs' hooks. The worker's messages change `live`
 * at once; React renders it at most every `flushMs` (or at once on `flush`), so a stream of
 * progress messages never floods the page with renders. Training is started, paused and stepped
 * through the lab's current worker.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { TrainerClient } from './trainerClient';

/** The page's title, as index.html sets it. */
const PAGE_TITLE = document.title;

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
    // A hidden tab runs the interval rarely (browsers throttle it); coming back shows the model at once.
    const onVisible = () => document.visibilityState === 'visible' && flush();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [flushMs, flush]);
  useTrainingTitle(model);
  return { model, live, update, flush };
}

/**
 * While training runs in a tab the user has left, the tab's title says how far it has got; it
 * goes back to the page's own title when the tab is shown again or training stops.
 */
function useTrainingTitle({ status, step, target }: Trainable): void {
  const [hidden, setHidden] = useState(() => document.visibilityState === 'hidden');
  useEffect(() => {
    const onChange = () => setHidden(document.visibilityState === 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  const title = hidden && status === 'training' ? `Training: step ${step.toLocaleString('en-US')}${target !== null ? ` of ${target.toLocaleString('en-US')}` : ''} · ${PAGE_TITLE}` : PAGE_TITLE;
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => () => void (document.title = PAGE_TITLE), []);
}

/**
 * Train (to step `until`, or until paused), pause, take one step, and give way while t moves, in
 * the lab's current worker; `canTrain` may hold training back (a lost device).
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
  /** Training waits while t moves (see TrainerClient.giveWay): the views call this when t changes. */
  const giveWay = useCallback(() => {
    if (live.current.status === 'training') client.current?.giveWay();
  }, [client, live]);
  return { train, pause, step, giveWay };
}
