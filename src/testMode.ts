/**
 * Deterministic mode for tests and screenshots (`?e2e=1`): no animations or transitions,
 * KaTeX errors throw, and the page exposes a small read-only hook for the test runner.
 */
export const testMode = typeof location !== 'undefined' && new URLSearchParams(location.search).get('e2e') === '1';

/** Values the e2e tests and the bench read from the page (only in test mode). */
export interface TestHook {
  /** Resolves once the latest frame of the main image has been drawn. */
  frameDrawn?: () => Promise<void>;
  /** Live tfjs tensor count. */
  numTensors?: () => number;
  /** The 2-D lab's model as the UI holds it (status, step, history, samples). */
  toyModel?: () => unknown;
  /** The digits lab's model as the UI holds it. */
  digitsModel?: () => unknown;
  /** Makes the digits lab's next training step fail as if out of memory, or loses its device (robustness tests). */
  simulateFault?: (fault: 'memory' | 'device') => void;
}

export function testHook(): TestHook {
  const w = window as unknown as { __diffusionPlayground?: TestHook };
  w.__diffusionPlayground ??= {};
  return w.__diffusionPlayground;
}
