import { useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * Whether an element is on screen or within `margin` of it (true until first measured, while
 * printing, when everything is laid out for paper, and as soon as focus moves into it, so that
 * a keyboard user never lands on content that has not caught up).
 */
export function useNearViewport(ref: RefObject<Element | null>, margin = '400px'): boolean {
  const [near, setNear] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver(([entry]) => setNear(entry.isIntersecting), { rootMargin: margin });
    io.observe(el);
    const now = () => flushSync(() => setNear(true));
    window.addEventListener('beforeprint', now);
    el.addEventListener('focusin', now);
    return () => {
      io.disconnect();
      window.removeEventListener('beforeprint', now);
      el.removeEventListener('focusin', now);
    };
  }, [ref, margin]);
  return near;
}

/**
 * `value` while the element is on screen (or within `margin` of it); off screen, the value it last
 * showed there, so that an update nobody can see waits until it scrolls into view. `stale` says it
 * shows an older value: hide it from assistive technology meanwhile.
 */
export function useFrozenOffscreen<T>(ref: RefObject<Element | null>, value: T, margin?: string): { shown: T; stale: boolean } {
  const near = useNearViewport(ref, margin);
  const last = useRef(value);
  if (near) last.current = value;
  return { shown: last.current, stale: last.current !== value };
}
