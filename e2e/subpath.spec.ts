import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { collectErrors } from './helpers';

// The build served from a sub-path (as on GitHub Pages: https://user.github.io/repo/): every
// view, worker, wasm file, data set and model loads from below it, and the offline copy lives there.

const BASE = '/course/diffusion-playground/';
const PORT = 4175;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

let server: Server;

test.beforeAll(async () => {
  // A plain static server: dist/ below BASE, nothing anywhere else.
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url!, ORIGIN).pathname);
    if (!path.startsWith(BASE)) return void res.writeHead(404).end();
    const file = normalize(join('dist', path.slice(BASE.length) || 'index.html'));
    try {
      const body = await readFile(file.endsWith('/') || file === 'dist' ? join(file, 'index.html') : file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the build runs from a sub-path: every view, worker, wasm file and data set loads from below it', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(`${ORIGIN}${BASE}`) && !/^(data|blob):/.test(r.url())) failed.push(`outside ${r.url()}`);
  });

  await page.goto(`${ORIGIN}${BASE}?e2e=1`);
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.locator('#derivations .katex').first().scrollIntoViewIfNeeded();
  await page.evaluate(() => document.fonts.ready);

  // The header's links stay below the sub-path.
  await page.getByRole('link', { name: '2-D lab' }).click();
  await expect(page).toHaveURL(`${ORIGIN}${BASE}?e2e=1&view=toy2d`);
  await expect(page.getByTestId('reverse-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  await page.goto(`${ORIGIN}${BASE}?e2e=1&view=digits&trainBackend=webgl`);
  await expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('img', { name: /^16 digits sampled by the model at step 9000/ })).toBeVisible();

  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});

test('from a sub-path, the offline copy is scoped to it', async ({ page }) => {
  await page.goto(`${ORIGIN}${BASE}`);
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${ORIGIN}${BASE}`);
  const cached = await page.evaluate(async () => {
    const cache = await caches.open((await caches.keys())[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toContain(BASE);
  expect(cached).toContain(`${BASE}data/mnist.bin`);
  expect(cached.every((p) => p.startsWith(BASE))).toBe(true);
});
