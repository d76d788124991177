import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY, type ToyState } from '../../state/toyState';
import { equalExcept } from './equalExcept';

describe('equalExcept', () => {
  type Props = { toy: ToyState; onToy: () => void; n?: number };
  const equal = equalExcept<Props, 'toy'>('toy', 't');
  const toy = DEFAULT_TOY;
  const onToy = () => undefined;

  it('ignores a change of that one setting alone', () => {
    expect(equal({ toy, onToy }, { toy: { ...toy, t: toy.t + 7 }, onToy })).toBe(true);
    expect(equal({ toy, onToy }, { toy, onToy })).toBe(true);
  });

  it('sees any other change of the settings, or of another prop', () => {
    expect(equal({ toy, onToy }, { toy: { ...toy, seed: toy.seed + 1 }, onToy })).toBe(false);
    expect(equal({ toy, onToy }, { toy: { ...toy, sampler: { ...toy.sampler } }, onToy })).toBe(false);
    expect(equal({ toy, onToy }, { toy, onToy: () => undefined })).toBe(false);
    expect(equal({ toy, onToy }, { toy, onToy, n: 1 })).toBe(false);
  });
});
