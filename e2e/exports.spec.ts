import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { readDuration } from '../src/panels/common/webm';
import { openApp } from './helpers';

// Exports for handouts: each file is checked as a file, by the browser that would open it.

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync((await (download as Download).path())!) };
}

/** What the browser makes of an image file on its own: its size, and how many pixels differ from the top-left one. */
function decode(page: Page, bytes: Buffer, type: string) {
  return page.evaluate(
    async ({ base64, type }) => {
      const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type });
      const img = new Image();
      img.src = URL.createObjectURL(blob);
      await img.decode();
      const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let other = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 30) other++;
      return { width: img.naturalWidth, height: img.naturalHeight, other };
    },
    { base64: bytes.toString('base64'), type },
  );
}

test('a plot downloads as a standalone SVG that parses and renders on its own, with its title, curves and legend', async ({ page }) => {
  await openApp(page);
  const file = await downloaded(page, () => page.getByRole('button', { name: 'Download as SVG: Cumulative signal alpha bar t per timestep for each schedule' }).click());
  expect(file.name).toMatch(/\.svg$/);
  const text = file.bytes.toString('utf8');
  // No style sheet comes with it: colours and fonts are inline, and nothing refers to the page.
  expect(text).not.toMatch(/class="/);
  const parsed = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      title: doc.querySelector('svg > title')?.textContent,
      curves: doc.querySelectorAll('path[data-series]').length,
      legend: [...doc.querySelectorAll('svg > text')].map((t) => t.textContent),
    };
  }, text);
  expect(parsed.error).toBeNull();
  expect(parsed.title).toBe('Cumulative signal alpha bar t per timestep for each schedule');
  expect(parsed.curves).toBe(4);
  expect(parsed.legend).toEqual([parsed.title, 'Linear', 'Cosine', 'Quadratic', 'Sigmoid']);
  const image = await decode(page, file.bytes, 'image/svg+xml');
  expect(image.width).toBeGreaterThan(200);
  expect(image.other).toBeGreaterThan(500);
});

test('the histogram, the Jensen figure and the 2-D lab’s planes download as standalone SVGs too', async ({ page }) => {
  const parse = (bytes: Buffer) =>
    page.evaluate((svg) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        classes: svg.includes('class="'),
        title: doc.querySelector('svg > title')?.textContent,
        text: [...doc.documentElement.querySelectorAll(':scope > text')].map((t) => t.textContent),
        // Discs (d3.path traces each as a move and two arcs) per filled path.
        discs: [...doc.querySelectorAll('path[fill-opacity]')].map((p) => (p.getAttribute('d')!.match(/M/g) ?? []).length),
        bars: doc.querySelectorAll('rect').length,
      };
    }, bytes.toString('utf8'));

  await openApp(page, 't=300');
  const histogram = await downloaded(page, () => page.getByRole('button', { name: /^Download as SVG: Histograms of x_t at t = 300/ }).click());
  const h = await parse(histogram.bytes);
  expect(h).toMatchObject({ error: null, classes: false });
  expect(h.text.slice(-3)).toEqual(['Markov chain: q(x_s | x_s−1) applied 300 times (4000 chains)', 'Closed form: √ᾱ_t x_0 + √(1 − ᾱ_t) ε (4000 draws)', 'N(√ᾱ_t x_0, 1 − ᾱ_t)']);
  expect(h.bars).toBeGreaterThan(30);
  expect((await decode(page, histogram.bytes, 'image/svg+xml')).other).toBeGreaterThan(1000);

  const jensen = await downloaded(page, () => page.getByRole('button', { name: /^Download as SVG: Jensen's inequality/ }).click());
  const j = await parse(jensen.bytes);
  expect(j).toMatchObject({ error: null, classes: false });
  // The long title wraps to the figure's width instead of running off it.
  expect(j.text.length).toBeGreaterThan(3);
  expect(j.text.join(' ')).toBe(j.title);
  expect((await decode(page, jensen.bytes, 'image/svg+xml')).width).toBe(320);

  await page.goto('./?e2e=1&view=toy2d&trainBackend=wasm&toy.t=30');
  await expect(page.getByTestId('reverse-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const plane = await downloaded(page, () => page.getByRole('button', { name: /^Download as SVG: 400 samples of the model at timestep 30/ }).click());
  const p = await parse(plane.bytes);
  expect(p).toMatchObject({ error: null, classes: false, title: '400 samples of the model at timestep 30' });
  // The canvas's points, as vector discs: one per sample.
  expect(p.discs).toContain(400);
  expect((await decode(page, plane.bytes, 'image/svg+xml')).other).toBeGreaterThan(500);
});

test('the noising strip downloads as one PNG with every schedule and frame', async ({ page }) => {
  await openApp(page);
  const file = await downloaded(page, () => page.getByRole('button', { name: /Download as PNG: the noising strip/ }).click());
  expect(file.name).toBe('noising-strip-T1000-seed1.png');
  expect(file.bytes.subarray(1, 4).toString()).toBe('PNG');
  const image = await decode(page, file.bytes, 'image/png');
  // 11 frames of 64 px at 2× beside the labels; a row per schedule under the t labels.
  expect(image).toMatchObject({ width: 96 + 11 * 132, height: 22 + 4 * 132 });
  expect(image.other).toBeGreaterThan(image.width * image.height * 0.5);
});

/**
 * What the browser makes of a WebM file on its own: its duration and size, and of the picture at
 * `at` seconds above `captionFrom`, the red channel's mean and its roughness (the mean difference
 * between pixels two apart: large for noise, small for an image).
 */
function playVideo(page: Page, bytes: Buffer, at: number, captionFrom: number) {
  return page.evaluate(
    async ({ base64, at, captionFrom }) => {
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'video/webm' }));
      await new Promise((resolve, reject) => {
        video.onloadedmetadata = resolve;
        video.onerror = () => reject(new Error(`the video does not load: ${video.error?.message}`));
      });
      const duration = video.duration;
      video.currentTime = at;
      await new Promise((resolve) => (video.onseeked = resolve));
      const canvas = new OffscreenCanvas(video.videoWidth, captionFrom);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(video, 0, 0);
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let [sum, rough] = [0, 0];
      for (let i = 0; i < d.length - 8; i += 4) [sum, rough] = [sum + d[i], rough + Math.abs(d[i] - d[i + 8])];
      const n = d.length / 4;
      return { duration, width: video.videoWidth, height: video.videoHeight, mean: sum / n, roughness: rough / n };
    },
    { base64: bytes.toString('base64'), at, captionFrom },
  );
}

test('the forward process downloads as a WebM video with frames and a finite duration', async ({ page }) => {
  await openApp(page, 'image=pattern');
  const file = await downloaded(page, () => page.getByRole('button', { name: /Download as WebM: the forward process/ }).click());
  expect(file.name).toBe('forward-linear-T1000-seed1.webm');
  // 4 s from x_0 to x_T and 1 s of x_T, recorded in real time: the file says so itself.
  expect(readDuration(new Uint8Array(file.bytes))).toBeGreaterThan(4900);
  expect(readDuration(new Uint8Array(file.bytes))).toBeLessThan(6500);
  const start = await playVideo(page, file.bytes, 0, 512);
  expect(start).toMatchObject({ width: 512, height: 560 });
  expect(start.duration).toBeGreaterThan(4.9);
  expect(start.duration).toBeLessThan(6.5);
  // It starts at x_0 (the pattern: smooth blocks) and ends at x_T (noise around mid-grey).
  const end = await playVideo(page, file.bytes, start.duration - 0.2, 512);
  expect(Math.abs(end.mean - 127.5)).toBeLessThan(12);
  expect(start.roughness).toBeLessThan(20);
  expect(end.roughness).toBeGreaterThan(40);
});

test('the digits lab’s reverse process downloads as a WebM video that ends on the digit', async ({ page }) => {
  await page.goto('./?e2e=1&view=digits&trainBackend=webgl');
  const button = page.getByRole('button', { name: /Download as WebM: the reverse process/ });
  await expect(button).toBeEnabled({ timeout: 90_000 });
  const file = await downloaded(page, () => button.click());
  expect(file.name).toBe('digits-reverse-20-steps.webm');
  const video = await playVideo(page, file.bytes, 0.1, 36 + 224);
  expect(video).toMatchObject({ width: 3 * 224 + 4 * 16, height: 36 + 224 + 44 });
  expect(Number.isFinite(video.duration)).toBe(true);
  expect(video.duration).toBeGreaterThan(5);
  expect(readDuration(new Uint8Array(file.bytes))).toBeCloseTo(video.duration * 1000, -2);
});
