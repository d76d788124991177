import { useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * Whether an element is on screen or within `margin` of it (true until first measured, and
 * while printing, when everything is laid out for paper).
 */
export function useNearViewport(ref: RefObject<Element | null>, margin = '400px'): boolean {
  const [near, setNear] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver(([entry]) => setNear(entry.isIntersecting), { rootMargin: margin });
    io.observe(el);
    const beforePrint = () => flushSync(() => setNear(true));
    window.addEventListener('beforeprint', beforePrint);
    return () => {
      io.disconnect();
      window.removeEventListener('beforeprint', beforePrint);
    };
  }, [ref, margin]);
  return near;
}

/** `value` while `live`, else the last value seen while it was: a view that freezes off screen. */
export function useLatestWhile<T>(live: boolean, value: T): T {
  const last = useRef(value);
  if (live) last.current = value;
  return last.current;
}
