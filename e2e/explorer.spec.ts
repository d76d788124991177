import { expect, test } from '@playwright/test';
import { canvasPixels, collectErrors, frameDrawn, makePng, numTensors, openApp, setSliderValue, slider } from './helpers';

test('loads with no console errors on the automatic backend', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page);
  await expect(page.getByRole('heading', { name: 'Diffusion Playground' })).toBeVisible();
  // On the software adapter the automatic choice skips WebGPU.
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgl');
  await expect(page.locator('.katex-error')).toHaveCount(0);
  expect(errors).toEqual([]);
});

for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
  test(`?backend=${backend}: badge, and the slider changes the image and the plot marker`, async ({ page }) => {
    const errors = collectErrors(page);
    await openApp(page, `backend=${backend}`);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-backend', backend);
    await expect(badge).toContainText(backend);
    if (backend === 'webgpu') await expect(badge).toContainText('(software)');

    const canvas = page.getByTestId('xt-canvas');
    const marker = page.locator('.plots .marker').first();
    await expect(marker).toHaveAttribute('data-t', '250');
    await frameDrawn(page);
    const before = await canvas.screenshot();

    await setSliderValue(page, 40);
    await expect(canvas).toHaveAttribute('data-t', '40');
    await expect(marker).toHaveAttribute('data-t', '40');
    await frameDrawn(page);
    const after = await canvas.screenshot();
    expect(after.equals(before)).toBe(false);

    // Back to the same t with the same seed: the same pixels.
    await setSliderValue(page, 250);
    await frameDrawn(page);
    expect((await canvas.screenshot()).equals(before)).toBe(true);
    expect(errors).toEqual([]);
  });
}

test('an unknown backend gets a visible notice and the app still works', async ({ page }) => {
  await openApp(page, 'backend=quantum');
  await expect(page.getByRole('status')).toContainText('Unknown backend “quantum”');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgl');
});

test('a forced backend that cannot start falls back with a visible notice', async ({ page }) => {
  // A browser without WebGPU.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
  await openApp(page, 'backend=webgpu');
  await expect(page.getByRole('status')).toContainText('WebGPU is unavailable');
  await expect(page.getByRole('status')).toContainText('Using webgl instead');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgl');
  await setSliderValue(page, 700);
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-t', '700');
});

test('keyboard: arrows step the slider, Home and End jump', async ({ page }) => {
  await openApp(page);
  // Tall enough for the equations to be on screen, where they follow t.
  await page.setViewportSize({ width: 1360, height: 1600 });
  const s = slider(page);
  await s.focus();
  await page.keyboard.press('ArrowRight');
  await expect(s).toHaveValue('251');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(s).toHaveValue('249');
  await page.keyboard.press('End');
  await expect(s).toHaveValue('1000');
  await expect(page.getByTestId('xt-numbers')).toContainText('x1000');
  await page.keyboard.press('Home');
  await expect(s).toHaveValue('0');
});

test('number box, schedule and T drive the state and the URL', async ({ page }) => {
  await openApp(page);
  await page.setViewportSize({ width: 1360, height: 1600 });
  const box = page.getByRole('spinbutton', { name: 'Timestep t (number)' });
  await box.fill('500');
  await expect(slider(page)).toHaveValue('500');
  // Linear, T = 1000: √ᾱ_500 = 0.280, √(1 − ᾱ_500) = 0.960 (from the schedule's reference values).
  await expect(page.getByTestId('xt-numbers')).toContainText('0.280');
  await expect(page.getByTestId('xt-numbers')).toContainText('0.960');

  await box.fill('5000');
  await expect(page.getByRole('alert')).toContainText('from 0 to 1000');
  await expect(slider(page)).toHaveValue('500');
  await box.fill('500');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Schedule' }).selectOption('cosine');
  // Cosine, T = 1000: ᾱ_500 = 0.4938, √ᾱ = 0.703.
  await expect(page.getByTestId('xt-numbers')).toContainText('0.703');
  const steps = page.getByRole('spinbutton', { name: 'Number of diffusion steps T' });
  await steps.fill('0');
  await expect(page.getByRole('alert')).toContainText('T must be a whole number from 1 to 10000');
  await expect(slider(page)).toHaveAttribute('max', '1000');
  await steps.fill('100');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(slider(page)).toHaveValue('50');
  await expect(page).toHaveURL(/schedule=cosine/);
  await expect(page).toHaveURL(/T=100/);
  await expect(page).toHaveURL(/t=50/);

  // The URL restores the view.
  await page.reload();
  await expect(slider(page)).toHaveValue('50');
  await expect(page.getByRole('combobox', { name: 'Schedule' })).toHaveValue('cosine');
});

test('bad URL values are reported, and defaults used', async ({ page }) => {
  await openApp(page, 'T=abc&schedule=zigzag');
  const status = page.getByRole('status');
  await expect(status).toContainText('Ignored T=“abc”');
  await expect(status).toContainText('Ignored schedule=“zigzag”');
  await expect(slider(page)).toHaveAttribute('max', '1000');
});

test('clicking and dragging on a plot moves t', async ({ page }) => {
  await openApp(page);
  const hit = page.locator('.plots .hit').first();
  // The pointer target paints nothing, so the compositor has no layer to draw for it.
  expect(await hit.evaluate((e) => [e.childElementCount, getComputedStyle(e).backgroundColor])).toEqual([0, 'rgba(0, 0, 0, 0)']);
  const box = (await hit.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  const t1 = Number(await slider(page).inputValue());
  expect(t1).toBeGreaterThan(700);
  expect(t1).toBeLessThan(800);
  await page.mouse.move(box.x + box.width * 0.1, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + 10, { steps: 5 });
  await page.mouse.up();
  const t2 = Number(await slider(page).inputValue());
  expect(t2).toBeGreaterThan(250);
  expect(t2).toBeLessThan(350);
  await expect(page.locator('.plots .marker').first()).toHaveAttribute('data-t', String(t2));
});

test('play animates t forward and pause stops it', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: /play the timestep animation/i }).click();
  await expect.poll(async () => Number(await slider(page).inputValue())).toBeGreaterThan(300);
  await page.getByRole('button', { name: /pause the timestep animation/i }).click();
  const stopped = await slider(page).inputValue();
  await page.waitForTimeout(300);
  expect(await slider(page).inputValue()).toBe(stopped);
});

test('new noise changes ε; greyscale makes a grey image', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  const canvas = page.getByTestId('xt-canvas');
  const before = await canvasPixels(page);
  await page.getByRole('button', { name: 'New noise ε' }).click();
  await expect(page).toHaveURL(/seed=2/);
  await expect.poll(() => canvasPixels(page)).not.toBe(before);
  await page.getByRole('checkbox', { name: 'Greyscale' }).check();
  await expect.poll(() =>
    canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let maxSpread = 0;
      for (let i = 0; i < d.length; i += 4) maxSpread = Math.max(maxSpread, Math.abs(d[i] - d[i + 1]), Math.abs(d[i] - d[i + 2]));
      return maxSpread;
    }),
  ).toBeLessThanOrEqual(1);
});

test('scrubbing 1,000 frames leaves the tensor count unchanged', async ({ page }) => {
  await openApp(page, 'backend=webgpu');
  await frameDrawn(page);
  const before = await numTensors(page);
  await page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('input[type=range]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const api = (window as unknown as { __diffusionPlayground: { frameDrawn: () => Promise<void> } }).__diffusionPlayground;
    for (let i = 0; i < 1000; i++) {
      setValue.call(input, String((i * 7) % 1001));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await api.frameDrawn();
    }
  });
  expect((await numTensors(page)) - before).toBe(0);
  await expect(slider(page)).toHaveValue(String((999 * 7) % 1001));
});

test.describe('bad input keeps the previous image and says why', () => {
  const cases = [
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello'), message: 'text/plain' },
    {
      name: 'broken.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([makePng(64, 64).subarray(0, 40), Buffer.from('garbage')]),
      message: 'could not be decoded',
    },
    { name: 'huge.png', mimeType: 'image/png', buffer: makePng(10000, 10000), message: '10000×10000' },
  ];
  for (const c of cases) {
    test(c.name, async ({ page }) => {
      await openApp(page, 'backend=cpu');
      const canvas = page.getByTestId('xt-canvas');
      const before = await canvasPixels(page);
      await page.getByLabel('Upload your own image (PNG, JPEG or WebP)').setInputFiles(c);
      await expect(page.getByRole('alert')).toContainText(c.message);
      await expect(page.getByRole('radio', { name: /Landscape/ })).toHaveAttribute('aria-checked', 'true');
      expect(await canvasPixels(page)).toBe(before);
      // Still usable.
      await setSliderValue(page, 600);
      await expect(canvas).toHaveAttribute('data-t', '600');
      await page.getByRole('button', { name: 'Dismiss the image error' }).click();
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  }
});

test('a valid upload, by picker and by drag-and-drop, replaces the image', async ({ page }) => {
  await openApp(page, 'backend=cpu&t=0');
  const canvas = page.getByTestId('xt-canvas');
  const centre = () =>
    canvas.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(128, 128, 1, 1).data.slice(0, 3)));
  await page.getByLabel('Upload your own image (PNG, JPEG or WebP)').setInputFiles({
    name: 'red.png',
    mimeType: 'image/png',
    buffer: makePng(300, 200, [200, 60, 40]),
  });
  await expect(page.getByText('Your image: red.png')).toBeVisible();
  await expect.poll(centre).toEqual([200, 60, 40]);

  // Looking at a built-in image keeps the upload, one click away.
  await page.getByRole('radio', { name: /Digit/ }).click();
  await expect.poll(centre).not.toEqual([200, 60, 40]);
  await page.getByRole('radio', { name: 'Your image' }).click();
  await expect.poll(centre).toEqual([200, 60, 40]);

  const png = makePng(50, 80, [20, 90, 220]).toString('base64');
  const dataTransfer = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'blue.png', { type: 'image/png' }));
    return dt;
  }, png);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByText('Your image: blue.png')).toBeVisible();
  await expect.poll(centre).toEqual([20, 90, 220]);
});

test('the Markov chain histogram follows t and the chosen pixel', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  await page.setViewportSize({ width: 1360, height: 1600 });
  const panel = page.locator('.chain');
  // Bar heights of the chain's histogram: non-empty, and different at another t.
  const bars = () =>
    panel.locator('[data-set=chain] rect').evaluateAll((rects) => rects.map((r) => r.getAttribute('height')).join(','));
  const at250 = await bars();
  expect(at250.split(',').filter((h) => Number(h) > 0).length).toBeGreaterThan(10);
  await setSliderValue(page, 20);
  await expect.poll(bars).not.toBe(at250);
  await expect(panel).toContainText('applied 20 times');
  await page.getByRole('spinbutton', { name: 'Pixel column x' }).fill('10');
  await expect(page).toHaveURL(/px=10%2C100|px=10,100/);
  await setSliderValue(page, 0);
  await expect(panel).toContainText('At t = 0 no noise has been added');
});

test('the equations and the histogram below the fold wait off screen, hidden from assistive technology, and catch up', async ({ page }) => {
  await openApp(page);
  const numbers = page.getByTestId('xt-numbers');
  const histogram = page.getByTestId('chain-figure');
  // At 1360 × 1000 both are just below the fold: moving t leaves them as they were, marked stale.
  await expect(numbers).toContainText('x250');
  await expect(page.locator('.chain')).toContainText('applied 250 times');
  await setSliderValue(page, 700);
  await expect(page.getByRole('heading', { name: 'The equations at t = 700' })).toBeVisible();
  await expect(numbers).toHaveAttribute('aria-hidden', 'true');
  await expect(numbers).toContainText('x250');
  await expect(histogram).toHaveAttribute('aria-hidden', 'true');
  await expect(page.locator('.chain')).toContainText('applied 250 times');
  // Scrolled into view, the numbers catch up and are read again.
  await numbers.scrollIntoViewIfNeeded();
  await expect(numbers).toContainText('x700');
  await expect(numbers).not.toHaveAttribute('aria-hidden');
  // Focus moving into the histogram (its download button) brings it up to date at once.
  await page.evaluate(() => window.scrollTo(0, 0));
  await setSliderValue(page, 40);
  await expect(histogram).toHaveAttribute('aria-hidden', 'true');
  await histogram.getByRole('button', { includeHidden: true }).focus();
  await expect(histogram).not.toHaveAttribute('aria-hidden');
  await expect(page.locator('.chain')).toContainText('applied 40 times');
});
