/**
 * Reading URL parameters the way the controls would set them: a number within the control's
 * limits (whole where it must be), or one of its choices. Anything else is reported and leaves
 * the default. Empty values are not 0, and −0 is 0.
 */

/** `raw` as a number from lo to hi (a whole one if `whole`), or null. */
export function numberIn(raw: string, [lo, hi]: readonly [number, number], whole: boolean): number | null {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < lo || v > hi || (whole && !Number.isInteger(v))) return null;
  return v + 0;
}

/** The parameters `prefix`+name of one view, read into its state; `bad` reports a value that was ignored. */
export function paramReader(params: URLSearchParams, prefix: string, bad: (name: string, why: string) => void) {
  const get = (name: string) => params.get(`${prefix}${name}`);
  const number = (name: string, limits: readonly [number, number], whole: boolean, set: (v: number) => void) => {
    const raw = get(name);
    if (raw === null) return;
    const v = numberIn(raw, limits, whole);
    if (v !== null) set(v);
    else bad(`${prefix}${name}`, `expected a ${whole ? 'whole number' : 'number'} from ${limits[0]} to ${limits[1]}`);
  };
  const oneOf = <K extends string>(name: string, options: readonly K[], set: (v: K) => void) => {
    const raw = get(name);
    if (raw === null) return;
    if ((options as readonly string[]).includes(raw)) set(raw as K);
    else bad(`${prefix}${name}`, `expected one of ${options.join(', ')}`);
  };
  return { get, number, oneOf };
}
