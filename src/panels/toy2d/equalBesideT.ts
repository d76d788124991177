import type { ToyState } from '../../state/toyState';

/**
 * `memo`'s comparison for the panels beside the planes, which do not show t: their props are
 * equal when every one is the same but for `toy.t`. Moving t then re-renders only the planes and
 * the slider, not every control of the lab, once a frame.
 */
export function equalBesideT<P extends { toy: ToyState }>(a: Readonly<P>, b: Readonly<P>): boolean {
  const keys = Object.keys(a) as (keyof P)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (k !== 'toy' && !Object.is(a[k], b[k])) return false;
  for (const k of Object.keys(a.toy) as (keyof ToyState)[]) if (k !== 't' && !Object.is(a.toy[k], b.toy[k])) return false;
  return true;
}
