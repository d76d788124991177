import fc from 'fast-check';
import { UNET_PRESETS, type UnetPreset } from '../engine/models/unetSpec';
import { DIGITS_LIMITS, type DigitsState } from './digitsState';

/** For property tests: any valid digits-lab state. */
export const arbDigitsState: fc.Arbitrary<DigitsState> = fc
  .record({
    preset: fc.constantFrom(...(Object.keys(UNET_PRESETS) as UnetPreset[])),
    learningRate: fc.double({ min: DIGITS_LIMITS.learningRate[0], max: DIGITS_LIMITS.learningRate[1], noNaN: true }),
    batchSize: fc.integer({ min: DIGITS_LIMITS.batchSize[0], max: DIGITS_LIMITS.batchSize[1] }),
    seed: fc.integer({ min: DIGITS_LIMITS.seed[0], max: DIGITS_LIMITS.seed[1] }),
    digit: fc.integer({ min: DIGITS_LIMITS.digit[0], max: DIGITS_LIMITS.digit[1] }),
    steps: fc.integer({ min: DIGITS_LIMITS.steps[0], max: DIGITS_LIMITS.steps[1] }),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
    ddim: fc.boolean(),
    eta: fc.double({ min: 0, max: 1, noNaN: true }),
    variance: fc.constantFrom('beta' as const, 'betaTilde' as const),
  })
  .map(({ steps, u, ddim, eta, variance, ...rest }) => ({
    ...rest,
    sampler: ddim ? { kind: 'ddim' as const, steps, eta } : { kind: 'ddpm' as const, steps, variance },
    frame: Math.round(u * steps),
  }));
