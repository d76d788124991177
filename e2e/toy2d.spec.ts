import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './helpers';

// The 2-D lab in the built app. Training runs on wasm (?trainBackend=wasm) unless a test is
// about the backend choice, so no test waits for the probe.

interface ToyModelView {
  status: string;
  step: number;
  backend: string | null;
  source: string;
  message: string | null;
  history: { loss: { step: number; loss: number }[]; quality: { nnRatio: number }[] };
  trajectory: { t: number[]; n: number; frames: Record<string, number> } | null;
}

/** Opens the lab and waits for its samples (or, for an empty drawing, its forward plane). */
async function openLab(page: Page, query = 'trainBackend=wasm', ready = 'reverse-plane'): Promise<void> {
  await page.goto(`./?e2e=1&view=toy2d${query ? `&${query}` : ''}`);
  await expect(page.getByTestId(ready)).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  // The forward plane too: its contours come from a worker.
  await expect(page.getByTestId('forward-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready);
}

function toyModel(page: Page): Promise<ToyModelView> {
  return page.evaluate(() => {
    const m = (window as unknown as { __diffusionPlayground: { toyModel: () => any } }).__diffusionPlayground.toyModel();
    // Typed arrays come back as index → value records; only what the tests need.
    return { ...m, samples: null, trajectory: m.trajectory && { t: m.trajectory.t, n: m.trajectory.n, frames: Array.from(m.trajectory.frames.subarray(-600)) } };
  });
}

async function waitForStatus(page: Page, status: string, timeout = 60_000): Promise<void> {
  await expect.poll(async () => (await toyModel(page)).status, { timeout }).toBe(status);
}

const labSlider = (page: Page) => page.getByRole('slider', { name: 'Timestep t of the 2-D lab' });

/** A hash of a plane's canvas pixels. */
function planePixels(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i++) h = (Math.imul(h, 31) + d[i]) | 0;
    return String(h);
  });
}

test('the header opens the lab, whose pretrained swiss roll samples at once, with no errors', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./?e2e=1&trainBackend=wasm');
  await page.getByRole('link', { name: '2-D lab' }).click();
  await expect(page).toHaveURL(/view=toy2d/);
  await expect(page.getByRole('link', { name: '2-D lab' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('reverse-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  const m = await toyModel(page);
  expect(m).toMatchObject({ status: 'ready', source: 'preset', step: 12000, backend: 'wasm' });
  expect(m.trajectory!.t[0]).toBe(100);
  expect(m.trajectory!.t.at(-1)).toBe(0);
  await expect(page.getByTestId('train-badge')).toHaveAttribute('data-backend', 'wasm');
  // Back to the explorer and forward again: the lab keeps its settings in the URL.
  await page.getByRole('link', { name: 'Forward process' }).click();
  await expect(page.getByTestId('xt-canvas')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Train makes the loss fall, with progress, steps/s and a quality curve', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: 'Reset to untrained' }).click();
  await expect.poll(async () => (await toyModel(page)).step).toBe(0);
  await waitForStatus(page, 'ready');
  await page.getByLabel('Steps to train for').fill('400');
  await page.getByRole('button', { name: 'Train for' }).click();
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toBeVisible();
  await waitForStatus(page, 'ready', 90_000);
  const m = await toyModel(page);
  expect(m.step).toBe(400);
  const losses = m.history.loss.map((p) => p.loss);
  const early = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
  const late = losses.slice(-3).reduce((a, b) => a + b) / 3;
  expect(late).toBeLessThan(early * 0.6);
  expect(m.history.quality.length).toBeGreaterThan(0);
  await expect(page.getByTestId('steps-per-second')).toContainText('steps/s');
  await expect(page.getByRole('img', { name: /training loss against the training step/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /loss in bins of the timestep/ })).toBeVisible();
});

test('training goes on in a hidden tab, whose title says how far it has got, and the lab shows it on return', async ({ page }) => {
  const errors = collectErrors(page);
  // A hidden tab as the page sees one (headless Chromium never hides a tab): visibilityState,
  // visibilitychange, and no animation frames until it is shown again.
  await page.addInitScript(() => {
    let hidden = false;
    const waiting: FrameRequestCallback[] = [];
    const frame = window.requestAnimationFrame.bind(window);
    Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { get: () => hidden });
    window.requestAnimationFrame = (cb) => (hidden ? waiting.push(cb) : frame(cb));
    (window as unknown as { setHidden: (h: boolean) => void }).setHidden = (h) => {
      hidden = h;
      document.dispatchEvent(new Event('visibilitychange'));
      if (!h) waiting.splice(0).forEach((cb) => frame(cb));
    };
  });
  const setHidden = (h: boolean) => page.evaluate((h) => (window as unknown as { setHidden: (h: boolean) => void }).setHidden(h), h);
  await openLab(page);
  await page.getByLabel('Steps to train for').fill('100000');
  await page.getByRole('button', { name: 'Train for' }).click();
  await waitForStatus(page, 'training');
  await expect(page).toHaveTitle('Diffusion Playground');

  await setHidden(true);
  await expect(page).toHaveTitle(/^Training: step [\d,]+ of 1[\d,]+ · Diffusion Playground$/);
  const hiddenAt = (await toyModel(page)).step;
  await expect.poll(async () => (await toyModel(page)).step, { timeout: 60_000 }).toBeGreaterThan(hiddenAt + 100);
  const shownStep = () => page.getByTestId('train-step').textContent().then((t) => Number(t!.replace(/\D/g, '')));

  await setHidden(false);
  await expect(page).toHaveTitle('Diffusion Playground');
  await expect.poll(shownStep).toBeGreaterThan(hiddenAt + 100);
  await page.getByRole('button', { name: '❚❚ Pause' }).click();
  await waitForStatus(page, 'ready');
  expect(errors).toEqual([]);
});

test('training waits while t moves, so the frames come first, and goes on when it stops', async ({ page }) => {
  await openLab(page);
  await page.getByLabel('Steps to train for').fill('100000');
  await page.getByRole('button', { name: 'Train for' }).click();
  await waitForStatus(page, 'training');
  await expect.poll(async () => (await toyModel(page)).step).toBeGreaterThan(100);
  // Moves t every animation frame for 2 s; the step is read when a chunk or an evaluation that
  // was already running may still report (after 0.6 s), and at the end.
  const steps = await page.evaluate(async () => {
    const hook = (window as unknown as { __diffusionPlayground: { toyModel: () => { step: number; status: string } } }).__diffusionPlayground;
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Timestep t of the 2-D lab"]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const start = performance.now();
    let settled: number | null = null;
    let t = 0;
    await new Promise<void>((done) =>
      requestAnimationFrame(function frame() {
        const elapsed = performance.now() - start;
        if (settled === null && elapsed > 600) settled = hook.toyModel().step;
        if (elapsed > 2000) return done();
        t = (t + 7) % 100;
        setValue.call(input, String(t));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        requestAnimationFrame(frame);
      }),
    );
    return { settled, end: hook.toyModel().step, status: hook.toyModel().status };
  });
  expect(steps.status).toBe('training');
  expect(steps.end).toBe(steps.settled);
  await expect.poll(async () => (await toyModel(page)).step, { timeout: 10_000 }).toBeGreaterThan(steps.end! + 50);
  await page.getByRole('button', { name: '❚❚ Pause' }).click();
  await waitForStatus(page, 'ready');
});

test('the slider scrubs the data forward and the samples back', async ({ page }) => {
  await openLab(page);
  const forward0 = await planePixels(page, 'forward-plane');
  const reverse0 = await planePixels(page, 'reverse-plane');
  const forward = page.getByRole('img', { name: /^The training data pushed forward/ });
  await expect(forward).toHaveAccessibleName('The training data pushed forward to timestep 0, and its density q(x_t) as contours at timestep 0');
  await labSlider(page).fill('100');
  await expect(page.locator('.t-readout')).toContainText('t = 100');
  // The contours follow t once it rests.
  await expect(forward).toHaveAccessibleName('The training data pushed forward to timestep 100, and its density q(x_t) as contours at timestep 100');
  for (let i = 0; i < 3; i++) await labSlider(page).press('ArrowLeft');
  await expect(forward).toHaveAccessibleName('The training data pushed forward to timestep 97, and its density q(x_t) as contours at timestep 97');
  await expect.poll(() => planePixels(page, 'forward-plane')).not.toBe(forward0);
  await expect.poll(() => planePixels(page, 'reverse-plane')).not.toBe(reverse0);
  await labSlider(page).press('Home');
  await expect.poll(() => planePixels(page, 'reverse-plane')).toBe(reverse0);
  await expect(page).toHaveURL(/toy\.t=0|view=toy2d(?!.*toy\.t=)/);
});

test('the contours come, and follow t, when their worker cannot load', async ({ page }) => {
  const errors = collectErrors(page);
  await page.route('**/density.worker*', (route) => route.abort());
  await openLab(page);
  const forward = page.getByRole('img', { name: /^The training data pushed forward/ });
  await expect(forward).toHaveAccessibleName('The training data pushed forward to timestep 0, and its density q(x_t) as contours at timestep 0');
  const before = await planePixels(page, 'forward-plane');
  await labSlider(page).fill('40');
  await expect(forward).toHaveAccessibleName('The training data pushed forward to timestep 40, and its density q(x_t) as contours at timestep 40');
  await expect.poll(() => planePixels(page, 'forward-plane')).not.toBe(before);
  expect(errors).toEqual([]);
});

test('drawing by mouse and touch sprays points that survive a reload and a change of data set; undo and clear work', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=drawn', 'forward-plane');
  const count = page.getByTestId('drawn-count');
  await expect(count).toHaveText('0 points');
  await expect(page.getByTestId('reverse-plane')).toContainText('Draw some points');
  await expect(page.getByRole('alert').filter({ hasText: 'Your drawing is empty' })).toBeVisible();
  await expect(page.getByRole('button', { name: '▶ Train' })).toBeDisabled();
  const plane = page.getByTestId('forward-plane').locator('svg.plane-over');
  const box = (await plane.boundingBox())!;
  // A mouse stroke.
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let i = 0; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.04), box.y + box.height * 0.5);
  await page.mouse.up();
  // Six points per pointer event: the press and eleven moves.
  await expect(count).toHaveText('72 points');
  // A finger: touch pointer events.
  for (const [type, dx] of [['pointerdown', 0], ['pointermove', 0.05], ['pointermove', 0.1], ['pointerup', 0.1]] as const)
    await plane.dispatchEvent(type, { pointerType: 'touch', pointerId: 7, isPrimary: true, clientX: box.x + box.width * (0.5 + dx), clientY: box.y + box.height * 0.3, bubbles: true });
  await expect(count).toHaveText('90 points');
  const drawn = 90;
  await expect(page.getByRole('button', { name: '▶ Train' })).toBeEnabled({ timeout: 30_000 });

  await page.waitForTimeout(500); // the drawing is kept 300 ms after the last change
  await page.reload();
  await expect(count).toHaveText(`${drawn} points`);
  await page.getByRole('radio', { name: 'Ring' }).click();
  await page.getByRole('radio', { name: 'Your drawing' }).click();
  await expect(count).toHaveText(`${drawn} points`);

  await page.getByRole('radio', { name: 'Erase' }).check();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.up();
  await expect.poll(async () => Number((await count.textContent())!.split(' ')[0])).toBeLessThan(drawn);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(count).toHaveText(`${drawn} points`);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(count).toHaveText('0 points');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(count).toHaveText(`${drawn} points`);
});

test('two drawn points are refused with a message, and nothing is lost', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=drawn', 'forward-plane');
  const plane = page.getByTestId('forward-plane').locator('svg.plane-over');
  const box = (await plane.boundingBox())!;
  await page.getByLabel('Brush size').fill('0.05');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('drawn-count')).toHaveText('6 points');
  await expect(page.getByRole('alert').filter({ hasText: 'needs at least 20' })).toBeVisible();
  await expect(page.getByRole('button', { name: '▶ Train' })).toBeDisabled();
});

test('save, then load, gives the same samples for a fixed seed; a bad file is refused and changes nothing', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=moons&toy.seed=5');
  await page.getByRole('button', { name: 'Reset to untrained' }).click();
  await waitForStatus(page, 'ready');
  await page.getByLabel('Steps to train for').fill('150');
  await page.getByRole('button', { name: 'Train for' }).click();
  await waitForStatus(page, 'ready', 90_000);
  await expect.poll(async () => (await toyModel(page)).trajectory !== null).toBe(true);
  const trained = await toyModel(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model…' }).click();
  const file = await (await download).path();

  await page.getByRole('button', { name: 'Reset to untrained' }).click();
  await expect.poll(async () => (await toyModel(page)).step).toBe(0);
  await waitForStatus(page, 'ready');

  // A truncated copy: refused with a message, the untrained model stays.
  const fs = await import('node:fs');
  const text = fs.readFileSync(file, 'utf8');
  await page.getByLabel('Load a saved 2-D lab model file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 500)) });
  await expect(page.getByRole('alert').filter({ hasText: 'broken.json” was not loaded' })).toContainText('truncated');
  expect((await toyModel(page)).step).toBe(0);

  await page.getByLabel('Load a saved 2-D lab model file').setInputFiles(file);
  await expect.poll(async () => (await toyModel(page)).step, { timeout: 30_000 }).toBe(trained.step);
  await expect.poll(async () => (await toyModel(page)).trajectory?.frames, { timeout: 30_000 }).toEqual(trained.trajectory!.frames);
  expect((await toyModel(page)).source).toBe('file');
});

test('unknown data sets, samplers and backends in the URL get a notice, and the lab still works', async ({ page }) => {
  await openLab(page, 'trainBackend=quantum&toy.data=spiral&toy.sampler=euler&toy.width=99999');
  const status = page.getByRole('status');
  await expect(status).toContainText('Ignored toy.data=“spiral”');
  await expect(status).toContainText('Ignored toy.sampler=“euler”');
  await expect(status).toContainText('toy.width');
  await expect(status).toContainText('Unknown trainBackend “quantum”');
  expect((await toyModel(page)).source).toBe('preset');
});

test('the bound, term by term, with the true entropy for 8 Gaussians', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=gaussians8');
  await page.getByRole('button', { name: 'Estimate the bound' }).click();
  await expect(page.getByTestId('bound-bits')).toBeVisible({ timeout: 60_000 });
  const bound = Number((await page.getByTestId('bound-bits').textContent())!.split(' ')[0]);
  const entropy = Number((await page.getByTestId('entropy-bits').textContent())!.split(' ')[0]);
  expect(entropy).toBeCloseTo(0.2252, 3); // H / (2 ln 2) with H = log 8 + log(2πe·0.01) nats
  expect(bound).toBeGreaterThan(entropy);
  expect(bound).toBeLessThan(entropy + 0.6);
  await expect(page.getByRole('img', { name: /KL terms L t minus 1/ })).toBeVisible();
});

test('the constraint r(x) pulls the samples to where it is dragged, by pointer and keyboard', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=ring');
  await page.getByRole('checkbox', { name: /Multiply by r\(x\)/ }).check();
  await expect(page).toHaveURL(/toy\.r=1%2C1%2C0\.5/);
  const constrained = page.getByTestId('constrained-plane');
  await expect(constrained).toBeVisible();
  const before = await planePixels(page, 'constrained-plane');
  const handle = page.getByRole('slider', { name: /Centre of the constraint/ });
  await handle.focus();
  await handle.press('ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuetext', 'x 0.90, y 1.00');
  await expect.poll(() => planePixels(page, 'constrained-plane')).not.toBe(before);
});

test('without a forced backend the lab measures every backend and says which won', async ({ page }) => {
  await openLab(page, '');
  await page.locator('.backend-details summary').click();
  await expect(page.locator('.backend-details')).toContainText('ms a step', { timeout: 90_000 });
  await expect(page.locator('.backend-details')).toContainText('webgpu: skipped: a software adapter');
  await expect(page.locator('.backend-details')).toContainText('the fastest measured here');
});

test('the learned field and x̂₀ appear on demand', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.t=30');
  const arrows = page.getByTestId('reverse-plane').locator('svg.plane-over path');
  await expect(arrows).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'field −ε_θ(x, t)' }).check();
  await expect(arrows).toHaveCount(1, { timeout: 30_000 });
  expect(((await arrows.getAttribute('d')) ?? '').split('M').length).toBeGreaterThan(100);
  const before = await planePixels(page, 'reverse-plane');
  await page.getByRole('checkbox', { name: 'predicted x̂₀' }).check();
  await expect.poll(() => planePixels(page, 'reverse-plane')).not.toBe(before);
  await expect(page).toHaveURL(/toy\.show=contours%2Ctrails%2Cfield%2Cx0/);
});

test.describe('visual', () => {
  test('lab, desktop: the pretrained swiss roll', async ({ page }) => {
    await openLab(page);
    await expect(page).toHaveScreenshot('lab-desktop.png', { fullPage: true });
  });

  test('lab, tablet: the smiley halfway back, with x̂₀', async ({ page }) => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await openLab(page, 'trainBackend=wasm&toy.data=smiley&toy.t=30&toy.show=contours,trails,x0');
    await expect(page.locator('.lab-main')).toHaveScreenshot('lab-tablet-smiley.png');
  });

  test('lab, dark: 8 Gaussians with DDIM', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openLab(page, 'trainBackend=wasm&toy.data=gaussians8&toy.sampler=ddim&toy.steps=20');
    await expect(page.locator('.lab-main')).toHaveScreenshot('lab-dark-gaussians8.png');
  });
});

test('a learning rate that blows the loss up pauses training, says so, and puts the last good weights back', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=moons');
  const before = (await toyModel(page)).trajectory!.frames;
  await page.getByLabel('Learning rate').fill('1');
  await expect(page).toHaveURL(/toy\.lr=1/);
  await page.getByRole('button', { name: '▶ Train' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Training diverged' })).toContainText('the learning rate 1 is too high', { timeout: 60_000 });
  await waitForStatus(page, 'ready');
  // The last good weights were the preset's: the samples are the preset's again.
  await expect.poll(async () => (await toyModel(page)).trajectory?.frames, { timeout: 30_000 }).toEqual(before);
  await page.getByRole('button', { name: 'Dismiss the message' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Training diverged' })).toHaveCount(0);
});

test('a reload keeps the training (checkpointed in the browser), per data set', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=checkerboard');
  await page.getByRole('button', { name: 'Reset to untrained' }).click();
  await expect.poll(async () => (await toyModel(page)).step).toBe(0);
  await waitForStatus(page, 'ready');
  await page.getByLabel('Steps to train for').fill('120');
  await page.getByRole('button', { name: 'Train for' }).click();
  await expect.poll(async () => (await toyModel(page)).step, { timeout: 90_000 }).toBe(120);
  await waitForStatus(page, 'ready');
  const trained = await toyModel(page);
  await page.waitForTimeout(1000); // the checkpoint is written when training stops
  await page.reload();
  await expect(page.getByTestId('reverse-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect.poll(async () => (await toyModel(page)).step).toBe(120);
  const restored = await toyModel(page);
  expect(restored.source).toBe('checkpoint');
  expect(restored.history.loss.length).toBe(trained.history.loss.length);
  await expect.poll(async () => (await toyModel(page)).trajectory?.frames).toEqual(trained.trajectory!.frames);
  // Another data set has its own model; coming back brings this one back.
  await page.getByRole('radio', { name: 'Ring' }).click();
  await expect.poll(async () => (await toyModel(page)).source).toBe('preset');
  await page.getByRole('radio', { name: 'Checkerboard' }).click();
  await expect.poll(async () => (await toyModel(page)).step).toBe(120);
});

test('a model file of the wrong shape is refused before anything changes', async ({ page }) => {
  await openLab(page, 'trainBackend=wasm&toy.data=moons');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model…' }).click();
  const doc = JSON.parse((await import('node:fs')).readFileSync(await (await download).path(), 'utf8'));
  doc.model.width = 64; // the weights stay 48 wide
  await page.getByLabel('Load a saved 2-D lab model file').setInputFiles({ name: 'wide.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect(page.getByRole('alert').filter({ hasText: 'wide.json” was not loaded' })).toContainText('needs 34×64');
  await expect(page.getByLabel('Width')).toHaveValue('48');
  expect((await toyModel(page)).source).toBe('preset');
});
