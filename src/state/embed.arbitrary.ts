import fc from 'fast-check';
import { CONTROLS, PANELS, type EmbedState } from './embed';

/** Any valid embed state (hidden controls in CONTROLS' order, as the URL reads them). */
export const arbEmbedState: fc.Arbitrary<EmbedState> = fc.record({
  panel: fc.option(fc.constantFrom(...PANELS.map((p) => p.id))),
  hide: fc.subarray(CONTROLS.map((c) => c.id)),
  present: fc.boolean(),
});
