import { useEffect, useRef, useState } from 'react';

/**
 * `value` once it has settled: it is passed on when it has not changed for `restMs`, and at
 * least every `maxWaitMs` while it keeps changing (a debounce with a maximum wait). The panels
 * beside the image follow the slider through this, so a drag redraws the image every frame and
 * the equations, read-outs and histogram a couple of times a second, and at once when the drag
 * pauses.
 */
export function useSettled<T>(value: T, restMs: number, maxWaitMs: number): T {
  const [settled, setSettled] = useState(value);
  const pendingSince = useRef<number | null>(null);
  useEffect(() => {
    if (Object.is(value, settled)) {
      pendingSince.current = null;
      return;
    }
    const now = performance.now();
    pendingSince.current ??= now;
    const delay = Math.max(0, Math.min(restMs, pendingSince.current + maxWaitMs - now));
    const id = setTimeout(() => {
      pendingSince.current = null;
      setSettled(value);
    }, delay);
    return () => clearTimeout(id);
  }, [value, settled, restMs, maxWaitMs]);
  return settled;
}
