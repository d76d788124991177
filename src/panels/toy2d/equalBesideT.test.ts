import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY } from '../../state/toyState';
import { equalBesideT } from './equalBesideT';

describe('equalBesideT', () => {
  const toy = DEFAULT_TOY;
  const onToy = () => undefined;

  it('ignores a change of t alone', () => {
    expect(equalBesideT({ toy, onToy }, { toy: { ...toy, t: toy.t + 7 }, onToy })).toBe(true);
  });

  it('sees any other change of the settings, or of another prop', () => {
    expect(equalBesideT({ toy, onToy }, { toy: { ...toy, seed: toy.seed + 1 }, onToy })).toBe(false);
    expect(equalBesideT({ toy, onToy }, { toy: { ...toy, sampler: { ...toy.sampler } }, onToy })).toBe(false);
    expect(equalBesideT({ toy, onToy }, { toy, onToy: () => undefined })).toBe(false);
    expect(equalBesideT<{ toy: typeof toy; n?: number }>({ toy }, { toy, n: 1 })).toBe(false);
  });
});
