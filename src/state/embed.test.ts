import { describe, expect, it } from 'vitest';
import { stateFromParams } from './appState';
import { CONTROLS, controlsFor, embedFromParams, hidingCss, iframeSnippet, PANELS } from './embed';

const read = (query: string) => {
  const problems: string[] = [];
  const state = embedFromParams(new URLSearchParams(query), (name, why) => problems.push(`${name}: ${why}`));
  return { state, problems };
};

describe('embed parameters', () => {
  it('reads a panel, the controls to hide (in a fixed order, without repeats) and presentation type', () => {
    expect(read('embed=strip&hide=downloads,title,title&present=1')).toEqual({
      state: { panel: 'strip', hide: ['title', 'downloads'], present: true },
      problems: [],
    });
  });

  it('ignores an unknown panel and unknown controls, keeping the known ones, and says so', () => {
    const { state, problems } = read('embed=admin&hide=title,%3Cscript%3E,body&present=yes');
    expect(state).toEqual({ panel: null, hide: ['title'], present: false });
    expect(problems).toHaveLength(3);
    expect(problems[1]).toMatch(/^hide: kept title; the controls that can be hidden are title, timestep/);
  });

  it('lets the embedded panel decide the view, and reports a view that contradicts it', () => {
    expect(stateFromParams(new URLSearchParams('embed=reverse')).state.view).toBe('digits');
    const { state, problems } = stateFromParams(new URLSearchParams('view=toy2d&embed=strip'));
    expect(state.view).toBe('forward');
    expect(problems).toEqual(['Ignored view=“toy2d”: embed=strip is a panel of view=forward.']);
  });

  it('builds CSS only from its own selectors, hiding a title visually (it still names its panel)', () => {
    const css = hidingCss(['title', 'downloads']);
    expect(css).toContain(':is(.export-button) { display: none !important; }');
    expect(css).toMatch(/^:is\(\.card > h2, \.card > h2 \+ \.lede\) \{ position: absolute/);
    expect(hidingCss([])).toBe('');
  });

  it('offers to hide only what a view has', () => {
    expect(controlsFor('forward', null).map((c) => c.id)).toEqual(['title', 'timestep', 'schedule', 'noise', 'images', 'downloads']);
    expect(controlsFor('toy2d', 'planes').map((c) => c.id)).toEqual(['title', 'timestep', 'sampler', 'dataset', 'downloads', 'link']);
  });

  it('has unique ids', () => {
    expect(new Set(PANELS.map((p) => p.id)).size).toBe(PANELS.length);
    expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
  });

  it('escapes the iframe snippet’s attributes', () => {
    const snippet = iframeSnippet('https://x.test/?a=1&b="2"', 'A <b> title', 480);
    expect(snippet.split('\n')[0]).toBe(
      '<iframe src="https://x.test/?a=1&amp;b=&quot;2&quot;" title="A &lt;b> title" width="100%" height="480" style="border:0;max-width:100%" loading="lazy"></iframe>',
    );
    expect(snippet).toContain("e.data.type!=='diffusion-playground:height'");
  });
});
