import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SCHEDULE_KINDS, T_MAX, T_MIN } from '../diffusion/schedules';
import { BUILTIN_IMAGES, DEFAULT_STATE, MAX_REVEALED, VIEWS, paramsFromState, reducer, stateFromParams, type AppState } from './appState';
import { arbDigitsState } from './digitsState.arbitrary';
import { arbEmbedState } from './embed.arbitrary';
import { arbToyState } from './toyState.arbitrary';
import { panelView } from './embed';

const arbState = fc
  .record({
    schedule: fc.constantFrom(...SCHEDULE_KINDS),
    T: fc.integer({ min: T_MIN, max: T_MAX }),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
    image: fc.constantFrom(...BUILTIN_IMAGES.map((i) => i.id)),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    greyscale: fc.boolean(),
    x: fc.integer({ min: 0, max: 255 }),
    y: fc.integer({ min: 0, max: 255 }),
    channel: fc.constantFrom(0 as const, 1 as const, 2 as const),
    revealed: fc.option(fc.integer({ min: 1, max: MAX_REVEALED })),
    view: fc.constantFrom(...VIEWS.map((v) => v.id)),
    toy: arbToyState,
    digits: arbDigitsState,
    embed: arbEmbedState,
  })
  .map(
    ({ u, x, y, ...rest }): AppState => ({
      ...rest,
      t: Math.round(u * rest.T),
      pixel: { x, y },
      // An embedded panel decides the view.
      view: rest.embed.panel === null ? rest.view : panelView(rest.embed.panel),
    }),
  );

describe('URL state', () => {
  it('round-trips any valid state', () => {
    fc.assert(
      fc.property(arbState, (s) => {
        const { state, problems } = stateFromParams(paramsFromState(s, new URLSearchParams()));
        expect(problems).toEqual([]);
        expect(state).toEqual(s);
      }),
    );
  });

  it('writes nothing for the defaults but keeps backend, trainBackend and e2e', () => {
    const keep = new URLSearchParams('backend=webgl&trainBackend=wasm&e2e=1&t=3');
    expect(paramsFromState(DEFAULT_STATE, keep).toString()).toBe('backend=webgl&trainBackend=wasm&e2e=1');
  });

  it('reports each invalid value and falls back to the default', () => {
    const { state, problems } = stateFromParams(
      new URLSearchParams('view=admin&schedule=wobbly&T=0&t=-1&image=../../etc&seed=0&grey=yes&px=300,2&ch=7&steps=0'),
    );
    expect(state).toEqual(DEFAULT_STATE);
    expect(problems).toHaveLength(10);
    expect(problems[0]).toContain('view');
    expect(problems[9]).toContain('steps');
    expect(problems[1]).toContain('schedule');
    expect(problems[2]).toContain('T');
  });

  it('rejects t beyond T', () => {
    const { state, problems } = stateFromParams(new URLSearchParams('T=100&t=101'));
    expect(state.t).toBe(100); // the default t = 250, clamped to the new T
    expect(problems).toHaveLength(1);
  });
});

describe('reducer', () => {
  it('clamps t into 0 … T', () => {
    expect(reducer(DEFAULT_STATE, { type: 'setT', t: 5000 }).t).toBe(1000);
    expect(reducer(DEFAULT_STATE, { type: 'stepT', delta: -1e6 }).t).toBe(0);
  });
  it('keeps the fraction of the trajectory when T changes', () => {
    const s = reducer({ ...DEFAULT_STATE, T: 1000, t: 500 }, { type: 'setTotalSteps', T: 100 });
    expect(s).toMatchObject({ T: 100, t: 50 });
    expect(reducer(s, { type: 'setTotalSteps', T: 1e9 }).T).toBe(T_MAX);
  });
  it('keeps the lab’s t and sampler steps within its T', () => {
    const s = reducer(DEFAULT_STATE, { type: 'setToy', patch: { t: 80, sampler: { kind: 'ddim', steps: 90, eta: 0 } } });
    expect(reducer(s, { type: 'setToy', patch: { T: 50 } }).toy).toMatchObject({ T: 50, t: 50, sampler: { steps: 50 } });
    expect(reducer(s, { type: 'setToy', patch: { T: 5000 } }).toy.T).toBe(1000);
    // Moving t alone keeps every other setting the same object.
    const moved = reducer(s, { type: 'setToy', patch: { t: 3 } }).toy;
    for (const k of Object.keys(moved) as (keyof typeof moved)[]) if (k !== 't') expect(moved[k]).toBe(s.toy[k]);
  });
  it('re-rolls the seed and never uses 0', () => {
    expect(reducer(DEFAULT_STATE, { type: 'newNoise' }).seed).toBe(2);
    expect(reducer({ ...DEFAULT_STATE, seed: 2 ** 31 - 2 }, { type: 'newNoise' }).seed).toBe(1);
  });
});

describe('hostile URLs', () => {
  /** Every parameter a view writes, from many valid states. */
  const keys = new Set(['view']);
  for (const s of fc.sample(arbState, 300)) for (const k of paramsFromState(s, new URLSearchParams()).keys()) keys.add(k);
  const hostile = fc.oneof(
    fc.constantFrom('NaN', 'Infinity', '-1e999', '1e999', '-0', '0x10', '1e-400', '9007199254740993', ' 3 ', '3.5', '', ',', ',,,', 'a,b', '[]', '{}', 'null', 'true'),
    fc.constantFrom('<script>alert(1)</script>', '../../etc/passwd', 'javascript:alert(1)', '\u0000', '%00', '__proto__', 'constructor'),
    fc.double().map(String),
    fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map(String),
    fc.string(),
    fc.string({ minLength: 2000, maxLength: 5000 }),
  );

  it('knows the parameters of every view', () => {
    expect([...keys]).toEqual(expect.arrayContaining(['T', 't', 'toy.data', 'toy.width', 'digits.model', 'digits.steps']));
  });

  it('never crash, always give a state within every limit, and say what they ignored in lines of bounded length', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), hostile), { maxLength: 12 }), (pairs) => {
        const { state, problems } = stateFromParams(new URLSearchParams(pairs));
        // Every value that got through is one the controls could have set: the state round-trips cleanly.
        const again = stateFromParams(paramsFromState(state, new URLSearchParams()));
        expect(again.problems).toEqual([]);
        expect(again.state).toEqual(state);
        for (const p of problems) expect(p.length).toBeLessThan(300);
      }),
      { numRuns: 400 },
    );
  });
});
