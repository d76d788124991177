import { expect, test, type Page } from '@playwright/test';
import { serializeModel } from '../src/engine/modelFile';
import { UNET_PRESETS, unetWeightShapes } from '../src/engine/models/unetSpec';
import { collectErrors } from './helpers';

// The digits lab in the built app: the shipped U-Net samples on wasm; training uses the tiny
// preset with a batch of 2 on WebGL (seconds a step on the software GPU), so only a few steps.
// Tests force ?trainBackend=webgl (which turns the backend probe off) unless they are about the probe.

interface DigitsModelView {
  status: string;
  step: number;
  backend: string | null;
  sampleOn: string | null;
  source: string;
  savedStep: number | null;
  fault: { kind: string; backend: string; step: number } | null;
  message: string | null;
  loss: { step: number; loss: number }[];
  gridStep: number;
  hasGrid: boolean;
  trajectorySteps: number;
}

function digitsModel(page: Page): Promise<DigitsModelView> {
  return page.evaluate(() => {
    const m = (window as unknown as { __diffusionPlayground: { digitsModel: () => any } }).__diffusionPlayground.digitsModel();
    return { ...m, hasGrid: m.grid !== null, trajectorySteps: m.trajectory ? m.trajectory.t.length - 1 : 0, grid: null, trajectory: null, lossByT: null };
  });
}

/** Status, step and source together: after a switch of size, the old model reads 'ready' until the new one starts. */
async function settled(page: Page): Promise<[string, number, string]> {
  const m = await digitsModel(page);
  return [m.status, m.step, m.source];
}

async function openDigits(page: Page, query = '', { probe = false } = {}): Promise<void> {
  const force = probe || query.includes('trainBackend=') ? '' : '&trainBackend=webgl';
  await page.goto(`./?e2e=1&view=digits${force}${query ? `&${query}` : ''}`);
  await expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 });
  await expect.poll(async () => (await digitsModel(page)).status, { timeout: 60_000 }).toBe('ready');
  await page.evaluate(() => document.fonts.ready);
}

/** A hash of a canvas's pixels. */
function canvasHash(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i++) h = (Math.imul(h, 31) + d[i]) | 0;
    return String(h);
  });
}

test('the header opens the digits lab, whose shipped model samples digits at once, with no errors', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./?e2e=1');
  await page.getByRole('link', { name: 'Digits lab' }).click();
  await expect(page).toHaveURL(/view=digits/);
  await expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 });
  const m = await digitsModel(page);
  expect(m).toMatchObject({ source: 'pretrained', hasGrid: true, trajectorySteps: 20 });
  expect(m.step).toBeGreaterThan(1000);
  // Digits, not noise: most pixels near paper black, some ink, little in between.
  const ink = await page.getByTestId('digits-grid').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let [dark, bright, total] = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] === 255 && d[i + 1] === 255) continue; // the white gaps between digits
      total++;
      if (d[i] < 60) dark++;
      else if (d[i] > 160) bright++;
    }
    return { dark: dark / total, bright: bright / total };
  });
  expect(ink.dark).toBeGreaterThan(0.6);
  expect(ink.bright).toBeGreaterThan(0.05);
  expect(errors).toEqual([]);
});

test('the reverse viewer steps from x_T to x_0, showing x_t, ε̂ and x̂₀, and the URL keeps the step', async ({ page }) => {
  await openDigits(page);
  const slider = page.getByRole('slider', { name: /Reverse timestep/ });
  await expect(page.getByTestId('viewer-t')).toContainText('t = 0');
  await expect(page.getByTestId('viewer-eps')).toHaveCount(0);
  const x0Final = await canvasHash(page, 'viewer-x0');
  await slider.fill('0');
  await expect(page.getByTestId('viewer-t')).toContainText('t = 1000');
  await expect(page.getByTestId('viewer-eps')).toBeVisible();
  const xtNoise = await canvasHash(page, 'viewer-xt');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('viewer-t')).toContainText('t = 950');
  expect(await canvasHash(page, 'viewer-xt')).not.toBe(xtNoise);
  expect(await canvasHash(page, 'viewer-x0')).not.toBe(x0Final);
  await expect(page).toHaveURL(/digits\.frame=1/);
  await expect(page.getByTestId('viewer-strip')).toBeVisible();
});

test('the same x_T decoded by DDIM at 10, 50 and 1000 steps', async ({ page }) => {
  test.setTimeout(240_000);
  await openDigits(page);
  await page.getByRole('button', { name: /Decode this x/ }).click();
  await expect(page.getByTestId('viewer-compare')).toBeVisible({ timeout: 200_000 });
  // Three digits from one x_T: alike in outline (DDIM is a deterministic map), not identical.
  const [a, b, c] = await page.getByTestId('viewer-compare').evaluate((canvas: HTMLCanvasElement) => {
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return [0, 1, 2].map((k) => Array.from({ length: 784 }, (_, i) => d[((Math.floor(i / 28) * canvas.width) + k * 29 + (i % 28)) * 4]));
  });
  const distance = (x: number[], y: number[]) => Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / 784);
  expect(distance(b, c)).toBeGreaterThan(0);
  expect(distance(b, c)).toBeLessThan(60);
  expect(distance(a, b)).toBeLessThan(90);
});

test('training a tiny U-Net starts, reports the loss and steps, and keeps a checkpoint', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await openDigits(page, 'digits.model=tiny&digits.batch=2');
  expect((await digitsModel(page)).source).toBe('fresh');
  await page.getByRole('spinbutton', { name: 'Steps to train for' }).fill('3');
  await page.getByRole('button', { name: 'Train for' }).click();
  await expect.poll(async () => (await digitsModel(page)).step, { timeout: 180_000 }).toBe(3);
  await expect.poll(async () => (await digitsModel(page)).status, { timeout: 120_000 }).toBe('ready');
  const m = await digitsModel(page);
  expect(m.loss.length).toBeGreaterThan(0);
  expect(m.loss.every((p) => p.loss > 0 && p.loss < 10)).toBe(true);
  expect(m.backend).toBe('webgl');
  await expect(page.getByTestId('train-step')).toContainText('3');
  // The checkpoint is written (and says so), and a reload restores the trained model from IndexedDB.
  await expect(page.getByTestId('digits-saved')).toContainText('step 3', { timeout: 60_000 });
  await page.reload();
  await expect.poll(async () => (await digitsModel(page).catch(() => ({ step: -1 }))).step, { timeout: 90_000 }).toBe(3);
  expect((await digitsModel(page)).source).toBe('checkpoint');
  expect(errors).toEqual([]);
});

test('a step that runs out of memory or loses the device stops training with a way on, and nothing is lost', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await openDigits(page, 'digits.model=tiny&digits.batch=2');
  const simulate = (fault: 'memory' | 'device') =>
    page.evaluate((f) => (window as unknown as { __diffusionPlayground: { simulateFault: (f: string) => void } }).__diffusionPlayground.simulateFault(f), fault);
  await page.getByRole('spinbutton', { name: 'Steps to train for' }).fill('2');
  await page.getByRole('button', { name: 'Train for' }).click();
  await expect(page.getByTestId('digits-saved')).toContainText('step 2', { timeout: 180_000 });

  // Out of memory: the model stays as it was; the tiny U-Net has no smaller size, so other backends are offered.
  await simulate('memory');
  await page.getByRole('button', { name: 'Train for' }).click();
  const fault = page.getByTestId('digits-fault');
  await expect(fault).toContainText('the webgl backend ran out of memory');
  await expect(fault).toContainText('kept as it was at step 2');
  await expect(fault.getByRole('button', { name: /Switch to/ })).toHaveCount(0);
  await expect(fault.getByRole('button', { name: 'Train on webgl instead' })).toHaveCount(0);
  await fault.getByRole('button', { name: 'Train on cpu instead' }).click();
  await expect.poll(async () => (await digitsModel(page)).backend, { timeout: 60_000 }).toBe('cpu');
  await expect.poll(async () => (await digitsModel(page)).status, { timeout: 60_000 }).toBe('ready');
  expect(await digitsModel(page)).toMatchObject({ step: 2, fault: null });
  await expect(fault).toHaveCount(0);

  // A lost device: training cannot go on in this worker; a restart comes back from the checkpoint.
  await simulate('device');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(fault).toContainText('the GPU device was lost');
  await expect(fault).toContainText('saved in this browser at step 2');
  await expect(page.getByRole('button', { name: '▶ Train' })).toBeDisabled();
  await fault.getByRole('button', { name: 'Restart on webgl' }).click();
  await expect.poll(async () => (await digitsModel(page)).backend, { timeout: 60_000 }).toBe('webgl');
  await expect.poll(async () => (await digitsModel(page)).status, { timeout: 60_000 }).toBe('ready');
  expect(await digitsModel(page)).toMatchObject({ step: 2, source: 'checkpoint', fault: null });
  await expect(page.getByRole('button', { name: '▶ Train' })).toBeEnabled();
  expect(errors).toEqual([]);
});

test('a WebGPU device that is really destroyed stops training with a message, and the lab restarts on WebGL', async ({ page }) => {
  test.setTimeout(180_000);
  await openDigits(page, 'digits.model=tiny&digits.batch=2&trainBackend=webgpu');
  expect((await digitsModel(page)).backend).toBe('webgpu');
  // The worker calls GPUDevice.destroy() on tfjs' device; the next step's read fails.
  await page.evaluate(() => (window as unknown as { __diffusionPlayground: { simulateFault: (f: string) => void } }).__diffusionPlayground.simulateFault('device'));
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const fault = page.getByTestId('digits-fault');
  await expect(fault).toContainText('the GPU device was lost', { timeout: 120_000 });
  await expect(fault).not.toContainText('simulated');
  await expect(page.getByRole('button', { name: '▶ Train' })).toBeDisabled();
  await fault.getByRole('button', { name: 'Restart on webgl' }).click();
  await expect.poll(async () => (await digitsModel(page)).backend, { timeout: 60_000 }).toBe('webgl');
  await expect.poll(async () => (await digitsModel(page)).status, { timeout: 60_000 }).toBe('ready');
  expect((await digitsModel(page)).fault).toBeNull();
  await expect(page.getByTestId('digits-grid')).toBeVisible();
});

test('out of memory on the shipped U-Net offers the smaller sizes, and switching keeps the bigger one', async ({ page }) => {
  await openDigits(page);
  await page.evaluate(() => (window as unknown as { __diffusionPlayground: { simulateFault: (f: string) => void } }).__diffusionPlayground.simulateFault('memory'));
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const fault = page.getByTestId('digits-fault');
  await expect(fault).toContainText('ran out of memory');
  await expect(fault.getByRole('button', { name: /Switch to the/ })).toHaveText([/Small U-Net \(91,905 parameters\)/, /Tiny U-Net \(23,361 parameters\)/]);
  await fault.getByRole('button', { name: /Switch to the Small/ }).click();
  await expect(page).toHaveURL(/digits\.model=small/);
  await expect.poll(async () => settled(page), { timeout: 60_000 }).toEqual(['ready', 0, 'fresh']);
  await expect(fault).toHaveCount(0);
  // Back to the shipped size: its model is still the shipped one.
  await page.getByRole('combobox', { name: 'U-Net size' }).selectOption('base');
  await expect.poll(async () => settled(page), { timeout: 60_000 }).toEqual(['ready', 9000, 'pretrained']);
});

test('the backend probe times training and sampling on the tiny U-Net, and the lab moves to the winners', async ({ page }) => {
  test.setTimeout(240_000);
  await openDigits(page, 'digits.model=tiny&digits.batch=2', { probe: true });
  const details = page.locator('.backend-details');
  await expect(details.locator('summary')).toContainText('the fastest measured here', { timeout: 200_000 });
  await details.locator('summary').click();
  await expect(details).toContainText('Training, per step');
  await expect(details).toContainText(/webgl: [\d,.]+ ms a step/);
  await expect(details).toContainText(/webgpu: skipped/);
  await expect(details).toContainText('Sampling, per forward pass of 16 images');
  await expect(details).toContainText(/wasm: [\d,.]+ ms a pass/);
  // The probe's verdict is remembered for this device and model, and the model runs where it says.
  const verdict = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('diffusion-playground:backends:v2:["digits"'))!;
    return JSON.parse(localStorage.getItem(key)!) as { training: { best: string }; sampling: { best: string } };
  });
  await expect.poll(async () => {
    const m = await digitsModel(page);
    return [m.backend, m.sampleOn, m.status];
  }, { timeout: 60_000 }).toEqual([verdict.training.best, verdict.sampling.best, 'ready']);
  expect(['webgl', 'cpu']).toContain(verdict.training.best);
});

test('inpainting fills the erased half and refuses an empty mask; the mask survives a reload', async ({ page }) => {
  await openDigits(page);
  await page.getByRole('button', { name: 'Clear mask' }).click();
  await page.getByRole('button', { name: 'Fill in the painted part' }).click();
  await expect(page.getByRole('alert')).toContainText('Paint over part of the digit first');
  await page.getByRole('button', { name: 'Erase bottom half' }).click();
  await page.getByRole('button', { name: 'Fill in the painted part' }).click();
  await expect(page.getByTestId('inpaint-fills')).toBeVisible({ timeout: 90_000 });
  // The top half of every filling is the digit's own.
  const same = await page.evaluate(() => {
    const fills = document.querySelector('[data-testid=inpaint-fills]') as HTMLCanvasElement;
    const source = document.querySelector('[data-testid=inpaint-canvas]') as HTMLCanvasElement;
    const f = fills.getContext('2d')!.getImageData(0, 0, fills.width, fills.height).data;
    const s = source.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let worst = 0;
    for (let k = 0; k < 4; k++)
      for (let y = 0; y < 14; y++)
        for (let x = 0; x < 28; x++) worst = Math.max(worst, Math.abs(f[(y * fills.width + k * 29 + x) * 4] - s[(y * 28 + x) * 4]));
    return worst;
  });
  expect(same).toBeLessThanOrEqual(1);
  // Paint by pointer: a stroke across the top erases more.
  const box = (await page.getByTestId('inpaint-canvas').boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 20, box.y + 20, { steps: 8 });
  await page.mouse.up();
  const erased = () =>
    page.getByTestId('inpaint-canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] > d[i + 1] + 60) n++;
      return n;
    });
  const count = await erased();
  expect(count).toBeGreaterThan(14 * 28);
  await page.reload();
  await expect(page.getByTestId('inpaint-canvas')).toBeVisible({ timeout: 90_000 });
  await expect.poll(erased).toBe(count);
});

test('the shipped model scores near real digits, far from noise, and bounds a held-out digit term by term', async ({ page }) => {
  test.setTimeout(240_000);
  await openDigits(page);
  await page.getByRole('button', { name: 'Score 200 samples' }).click();
  const quality = page.getByTestId('digits-quality');
  await expect(quality).toBeVisible({ timeout: 180_000 });
  const text = await quality.innerText();
  const [samples, , noise] = [...text.matchAll(/(\d+) %/g)].map((m) => Number(m[1]));
  expect(samples).toBeGreaterThan(35);
  expect(noise).toBeLessThan(5);
  const fld = Number(/FLD∞ ([-\d.]+)/.exec(text)![1]);
  const noiseFld = Number(/noise: ([-\d.]+)\)/.exec(text)![1]);
  expect(fld).toBeLessThan(noiseFld / 2);

  await page.getByRole('button', { name: /Bound −log p\(x₀\) for digit 0/ }).click();
  await expect(page.getByTestId('digit-bound')).toBeVisible({ timeout: 120_000 });
  const bits = Number((await page.getByTestId('digit-bound-bits').innerText()).split(' ')[0]);
  // A real code length for a mostly-black 28×28 digit: well under 8 bits a pixel, above 0.
  expect(bits).toBeGreaterThan(0.05);
  expect(bits).toBeLessThan(3);
  await expect(page.getByRole('img', { name: /KL terms L t minus 1 of the bound for the chosen digit/ })).toBeVisible();
});

test('a model file of the wrong kind is refused with a message, and the model is kept', async ({ page }) => {
  await openDigits(page);
  const before = await digitsModel(page);
  await page.getByLabel('Load a saved digits lab model file').setInputFiles('models/toy2d/swissroll.json');
  await expect(page.getByRole('alert')).toContainText('not a digits lab model');
  await page.getByLabel('Load a saved digits lab model file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "diffusion-playground/model", "vers') });
  await expect(page.getByRole('alert')).toContainText('truncated');
  expect((await digitsModel(page)).step).toBe(before.step);
  expect((await digitsModel(page)).source).toBe('pretrained');
});

test('a model file of another size switches to that size and starts from it; the shipped model is kept', async ({ page }) => {
  await openDigits(page);
  // A tiny U-Net's file (weights all 0.01), as the lab would save it.
  const spec = UNET_PRESETS.tiny;
  const text = serializeModel({
    model: spec,
    schedule: { kind: 'linear', T: 1000 },
    dataShape: [28, 28, 1],
    training: { steps: 77, dataset: 'mnist' },
    weights: unetWeightShapes(spec).map(({ name, shape }) => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.01) })),
  });
  await page.getByLabel('Load a saved digits lab model file').setInputFiles({ name: 'tiny.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page).toHaveURL(/digits\.model=tiny/);
  await expect.poll(async () => settled(page), { timeout: 60_000 }).toEqual(['ready', 77, 'file']);
  await expect(page.getByRole('combobox', { name: 'U-Net size' })).toHaveValue('tiny');
  await page.getByRole('combobox', { name: 'U-Net size' }).selectOption('base');
  await expect.poll(async () => settled(page), { timeout: 60_000 }).toEqual(['ready', 9000, 'pretrained']);
});

test('bad digits parameters in the URL get a notice', async ({ page }) => {
  await page.goto('./?e2e=1&view=digits&trainBackend=webgl&digits.model=huge&digits.steps=0');
  await expect(page.getByRole('status').filter({ hasText: 'digits.model' })).toContainText('expected one of tiny, small, base');
  await expect(page.getByRole('status').filter({ hasText: 'digits.steps' })).toBeVisible();
});

test.describe('visual', () => {
  test('digits lab, desktop: the shipped model, halfway through the reverse process', async ({ page }) => {
    await openDigits(page, 'digits.frame=10');
    await expect(page.locator('.digits-layout')).toHaveScreenshot('digits-desktop.png');
  });
});
