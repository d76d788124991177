import { describe, expect, it } from 'vitest';
import { MAX_FRAGMENT, sharedImage } from './sharedImage';

describe('an image in a link’s fragment', () => {
  it('reads a PNG, JPEG or WebP data URL', () => {
    expect(sharedImage('#image=data:image/jpeg;base64,/9j/4AAQ+abc=')).toEqual({ url: 'data:image/jpeg;base64,/9j/4AAQ+abc=' });
    expect(sharedImage('#image=data:image/webp;base64,UklGRg==')).toEqual({ url: 'data:image/webp;base64,UklGRg==' });
  });

  it('is nothing for other fragments', () => {
    expect(sharedImage('')).toBeNull();
    expect(sharedImage('#derivations')).toBeNull();
  });

  it('refuses anything else with a message, without reading a huge one', () => {
    for (const bad of ['#image=javascript:alert(1)', '#image=data:image/svg+xml;base64,PHN2Zz4=', '#image=data:image/png;base64,a"onerror="x', '#image=https://evil.test/x.png'])
      expect(sharedImage(bad)).toEqual({ problem: expect.stringContaining('not a PNG, JPEG or WebP') });
    expect(sharedImage(`#image=data:image/png;base64,${'A'.repeat(MAX_FRAGMENT)}`)).toEqual({ problem: expect.stringContaining('more than the 1 MB') });
  });
});
