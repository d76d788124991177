import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './helpers';

// Offline and private: the built app asks nothing of any other origin (no CDN, fonts or
// analytics), and runs under its Content-Security-Policy, workers and wasm included.

/** Records every request to another origin, and every CSP violation the page reports. */
async function watch(page: Page, origin: string) {
  const outside: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) outside.push(r.url());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  return { outside, violations };
}

test('no request leaves the origin in any view, and nothing breaks the Content-Security-Policy', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  const { outside, violations } = await watch(page, new URL(baseURL!).origin);

  await page.goto('./?e2e=1');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  // The derivations' KaTeX (fonts and inline styles) renders further down.
  await page.locator('#derivations').scrollIntoViewIfNeeded();
  await expect(page.locator('#derivations .katex').first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  expect(await violations()).toEqual([]);

  // The 2-D lab trains in a worker on wasm; the digits lab samples a U-Net on wasm.
  await page.goto('./?e2e=1&view=toy2d&trainBackend=wasm');
  await expect(page.getByTestId('reverse-plane')).toBeVisible({ timeout: 60_000 });
  const toyStep = () => page.evaluate(() => (window as unknown as { __diffusionPlayground: { toyModel: () => { step: number; status: string } } }).__diffusionPlayground.toyModel());
  await expect.poll(async () => (await toyStep()).status, { timeout: 60_000 }).toBe('ready');
  const before = (await toyStep()).step;
  await page.getByRole('spinbutton', { name: 'Steps to train for' }).fill('20');
  await page.getByRole('button', { name: 'Train for' }).click();
  await expect.poll(async () => (await toyStep()).step, { timeout: 60_000 }).toBe(before + 20);
  expect(await violations()).toEqual([]);

  await page.goto('./?e2e=1&view=digits&trainBackend=webgl');
  await expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 });
  expect(await violations()).toEqual([]);

  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

test('once opened, the site works offline, both labs included', async ({ page, context }) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  // Without ?e2e=1: the deterministic test mode registers no service worker.
  await page.goto('./');
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    return (await (await caches.open(keys[0])).keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toEqual(expect.arrayContaining(['/', '/data/mnist.bin', expect.stringMatching(/trainer\.worker-.*\.js$/), expect.stringMatching(/wasm-simd-.*\.wasm$/)]));
  expect(cached.filter((p) => /bench|screenshot|\.ttf$/.test(p))).toEqual([]);

  await context.setOffline(true);
  // The digits lab: its chunk, the worker, wasm, the data and the shipped U-Net all come from the cache.
  await page.goto('./?view=digits&trainBackend=webgl');
  await expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 });
  await page.goto('./?view=toy2d&trainBackend=wasm');
  await expect(page.getByTestId('reverse-plane')).toBeVisible({ timeout: 60_000 });
  await page.goto('./?t=300');
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  expect(errors).toEqual([]);
});
