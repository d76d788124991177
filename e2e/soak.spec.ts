import { expect, test, type Page } from '@playwright/test';
import chromium from './chromium.json' with { type: 'json' };
import { collectErrors, numTensors } from './helpers';

// A soak: simulated use of every view, round after round, in the deterministic mode, for
// SOAK_MINUTES (1 in the test suite, at least two rounds; `SOAK_MINUTES=30 npx playwright test e2e/soak.spec.ts` for
// the long run). After each round, back in the explorer, the page's live tfjs tensors must be as
// many as after the first, and the JS heap (after a garbage collection) must not keep growing.

const MINUTES = Number(process.env.SOAK_MINUTES ?? 1);

test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? chromium.executablePath, args: [...chromium.args, '--js-flags=--expose-gc', '--enable-precise-memory-info'] } });

/** The JS heap in MB after a full garbage collection. */
async function heapMb(page: Page): Promise<number> {
  return page.evaluate(async () => {
    for (let i = 0; i < 3; i++) {
      (window as unknown as { gc: () => void }).gc();
      await new Promise((r) => setTimeout(r, 50));
    }
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 2 ** 20;
  });
}

const view = (page: Page, name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name });

/** One round: the explorer, the 2-D lab (training), the digits lab (sampling), and back. */
async function round(page: Page, r: number): Promise<void> {
  const slider = page.getByRole('slider', { name: 'Timestep t', exact: true });
  for (let i = 0; i < 40; i++) await slider.fill(String((i * 397 + r * 101) % 1001));
  await page.getByRole('combobox', { name: 'Schedule' }).selectOption(['linear', 'cosine', 'quadratic', 'sigmoid'][r % 4]);
  await page.getByRole('button', { name: 'New noise ε' }).click();
  await page.getByRole('checkbox', { name: 'Greyscale' }).setChecked(r % 2 === 1);
  await page.getByRole('button', { name: 'Share / embed' }).click();
  await page.keyboard.press('Escape');

  await view(page, '2-D lab').click();
  await expect(page.getByTestId('reverse-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByRole('radio', { name: ['Swiss roll', 'Two moons', '8 Gaussians'][r % 3] }).click();
  await expect(page.getByRole('button', { name: 'Train for' })).toBeEnabled({ timeout: 60_000 });
  await page.getByLabel('Steps to train for').fill('100');
  await page.getByRole('button', { name: 'Train for' }).click();
  await expect(page.getByRole('button', { name: 'Train for' })).toBeEnabled({ timeout: 60_000 });
  const labSlider = page.getByRole('slider', { name: 'Timestep t of the 2-D lab' });
  for (let i = 0; i < 20; i++) await labSlider.fill(String((i * 37) % 101));

  await view(page, 'Digits lab').click();
  await expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('button', { name: 'New noise' }).click();
  const reverse = page.getByRole('slider', { name: /^Reverse timestep/ });
  for (let i = 0; i <= 20; i += 4) await reverse.fill(String(i));

  await view(page, 'Forward process').click();
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

test(`simulated use for ${MINUTES} min: the tensor count stays flat and the heap bounded`, async ({ page }) => {
  test.setTimeout((MINUTES + 5) * 60_000);
  const errors = collectErrors(page);
  // WebGL trains both labs' models (wasm cannot train the U-Net's convolutions).
  await page.goto('./?e2e=1&trainBackend=webgl');
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const start = Date.now();
  const rounds: { tensors: number; heap: number; minutes: number }[] = [];
  for (let r = 0; r === 0 || Date.now() - start < MINUTES * 60_000; r++) {
    await round(page, r);
    rounds.push({ tensors: await numTensors(page), heap: await heapMb(page), minutes: (Date.now() - start) / 60_000 });
    console.log(`round ${r + 1} at ${rounds.at(-1)!.minutes.toFixed(1)} min: ${rounds.at(-1)!.tensors} tensors, heap ${rounds.at(-1)!.heap.toFixed(1)} MB`);
  }
  expect(rounds.length).toBeGreaterThan(1);
  // Every round ends where the first did: no tensor left behind.
  expect(rounds.map((r) => r.tensors)).toEqual(rounds.map(() => rounds[0].tensors));
  // The heap settles: the last rounds' heap is within 25 % (or 10 MB) of the first round's.
  const last = rounds.at(-1)!.heap;
  expect(last).toBeLessThan(Math.max(rounds[0].heap * 1.25, rounds[0].heap + 10));
  expect(errors).toEqual([]);
});
