import fc from 'fast-check';
import { SCHEDULE_KINDS } from '../diffusion/schedules';
import { TOY_DATASETS } from '../data/toy2d';
import { MLP2D_LIMITS } from '../engine/models/mlp2d';
import { TOY_LIMITS, TOY_OVERLAYS, type ToyState } from './toyState';

/** For property tests: a fast-check arbitrary of the 2-D lab's state. */
/** Any valid lab state (the constraint on the 0.001 grid the URL keeps). */
export const arbToyState: fc.Arbitrary<ToyState> = fc
  .record({
    dataset: fc.constantFrom(...TOY_DATASETS, 'drawn' as const),
    points: fc.integer({ min: TOY_LIMITS.points[0], max: TOY_LIMITS.points[1] }),
    schedule: fc.constantFrom(...SCHEDULE_KINDS),
    T: fc.integer({ min: TOY_LIMITS.T[0], max: TOY_LIMITS.T[1] }),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
    v: fc.double({ min: 0, max: 1, noNaN: true }),
    width: fc.integer({ min: MLP2D_LIMITS.width[0], max: MLP2D_LIMITS.width[1] }),
    depth: fc.integer({ min: MLP2D_LIMITS.depth[0], max: MLP2D_LIMITS.depth[1] }),
    octaves: fc.integer({ min: MLP2D_LIMITS.octaves[0], max: MLP2D_LIMITS.octaves[1] }),
    learningRate: fc.double({ min: TOY_LIMITS.learningRate[0], max: TOY_LIMITS.learningRate[1], noNaN: true }),
    batchSize: fc.integer({ min: TOY_LIMITS.batchSize[0], max: TOY_LIMITS.batchSize[1] }),
    ddim: fc.boolean(),
    eta: fc.double({ min: 0, max: 1, noNaN: true }),
    variance: fc.constantFrom('beta' as const, 'betaTilde' as const),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    overlays: fc.subarray([...TOY_OVERLAYS]),
    constraint: fc.option(
      fc.record({ x: fc.integer({ min: -3000, max: 3000 }), y: fc.integer({ min: -3000, max: 3000 }), std: fc.integer({ min: 50, max: 3000 }) }),
    ),
  })
  .map(({ u, v, width, depth, octaves, ddim, eta, variance, constraint, ...rest }) => {
    const steps = Math.max(1, Math.round(v * rest.T));
    return {
      ...rest,
      t: Math.round(u * rest.T),
      model: { width, depth, octaves },
      sampler: ddim ? { kind: 'ddim' as const, steps, eta } : { kind: 'ddpm' as const, steps, variance },
      constraint: constraint && { x: constraint.x / 1000, y: constraint.y / 1000, std: constraint.std / 1000 },
    };
  });
