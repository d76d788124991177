import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY, toyFromParams, toyToParams } from './toyState';
import { arbToyState } from './toyState.arbitrary';

const parse = (query: string) => {
  const problems: string[] = [];
  const toy = toyFromParams(new URLSearchParams(query), (name, why) => problems.push(`${name}: ${why}`));
  return { toy, problems };
};

describe('the 2-D lab in the URL', () => {
  it('round-trips any valid lab state', () => {
    fc.assert(
      fc.property(arbToyState, (toy) => {
        const params = new URLSearchParams();
        toyToParams(toy, params);
        const back = parse(params.toString());
        expect(back.problems).toEqual([]);
        expect(back.toy).toEqual(toy);
      }),
    );
  });

  it('writes nothing for the defaults', () => {
    const params = new URLSearchParams();
    toyToParams(DEFAULT_TOY, params);
    expect(params.toString()).toBe('');
  });

  it('refuses every value outside what the controls allow, and says so', () => {
    const { toy, problems } = parse(
      'toy.data=../../x&toy.n=1e9&toy.schedule=evil&toy.T=100000&toy.width=100000&toy.depth=-1&toy.octaves=1.5&' +
        'toy.lr=Infinity&toy.batch=0&toy.seed=0&toy.sampler=euler&toy.steps=0&toy.var=huge&toy.t=-3&' +
        'toy.show=contours,<script>&toy.r=0,0,0',
    );
    expect(toy).toEqual(DEFAULT_TOY);
    expect(problems).toHaveLength(16);
    expect(problems.join('\n')).toMatch(/toy.width: expected a whole number from 8 to 512/);
    expect(problems.join('\n')).toMatch(/toy.r: expected “x,y,std”/);
  });

  it('reads DDIM with its η and fewer steps, and clamps the steps to T', () => {
    expect(parse('toy.sampler=ddim&toy.steps=20&toy.eta=0.5').toy.sampler).toEqual({ kind: 'ddim', steps: 20, eta: 0.5 });
    expect(parse('toy.T=50&toy.steps=80').toy.sampler.steps).toBe(50);
    expect(parse('toy.eta=2&toy.sampler=ddim').problems).toEqual(['toy.eta: expected a number from 0 to 1']);
  });
});
