import { expect, type Page } from '@playwright/test';
import { deflateSync, crc32 } from 'node:zlib';

/** Open the app in deterministic mode and wait until x_t and the strip are drawn. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`./?e2e=1${query ? `&${query}` : ''}`);
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('noising-strip')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready);
}

/**
 * The page from the top down to the derivations panel, for full-page snapshots of the
 * explorer (the long derivations panel has snapshots of its own).
 */
export async function explorerClip(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const top = await page.locator('#derivations').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  return { x: 0, y: 0, width, height: Math.ceil(top) };
}

export function slider(page: Page) {
  return page.getByRole('slider', { name: 'Timestep t', exact: true });
}

/** Set the timestep slider the way a user's drag does (an input event per value). */
export async function setSliderValue(page: Page, t: number): Promise<void> {
  await slider(page).fill(String(t));
}

/** Wait for the GPU to finish the latest frame of x_t. */
export async function frameDrawn(page: Page): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { __diffusionPlayground: { frameDrawn: () => Promise<void> } }).__diffusionPlayground.frameDrawn(),
  );
}

/** A 2-D canvas' pixels as one string (for canvases drawn by the cpu or webgl renderers). */
export function canvasPixels(page: Page, testId = 'xt-canvas'): Promise<string> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i++) h = (Math.imul(h, 31) + d[i]) | 0;
    return `${c.width}x${c.height}:${h}`;
  });
}

/** The page's live tfjs tensor count. */
export function numTensors(page: Page): Promise<number> {
  return page.evaluate(() =>
    (window as unknown as { __diffusionPlayground: { numTensors: () => number } }).__diffusionPlayground.numTensors(),
  );
}

/** A valid PNG of solid colour, width × height, made here so the tests need no binary fixtures. */
export function makePng(width: number, height: number, rgb: [number, number, number] = [200, 60, 40]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Collects console errors and uncaught exceptions of a page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
