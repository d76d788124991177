/**
 * `memo`'s comparison for panels that do not show one setting: props are equal when every one is
 * the same but for `prop[key]` (e.g. the 2-D lab's `toy.t`, the digits lab's `digits.frame`).
 * Moving t then re-renders only what shows it, not every control of the lab, once a frame.
 */
export function equalExcept<P extends object, K extends keyof P>(prop: K, key: keyof P[K]) {
  return (a: Readonly<P>, b: Readonly<P>): boolean => {
    const keys = Object.keys(a) as (keyof P)[];
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (k !== prop && !Object.is(a[k], b[k])) return false;
    const [x, y] = [a[prop], b[prop]] as [P[K], P[K]];
    if (x === y) return true;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    const inner = Object.keys(x) as (keyof P[K])[];
    if (inner.length !== Object.keys(y).length) return false;
    for (const k of inner) if (k !== key && !Object.is(x[k], y[k])) return false;
    return true;
  };
}
