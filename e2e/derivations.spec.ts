import { expect, test, type Page } from '@playwright/test';
import { lossWeights } from '../src/diffusion/elbo';
import { makeSchedule } from '../src/diffusion/schedules';
import { REASON_T0, REASON_T1_POINT_MASS } from '../src/diffusion/liveValues';
import { formatPrecise } from '../src/panels/common/format';
import { collectErrors, openApp, setSliderValue, slider } from './helpers';

const STEPS = 31;

/** The digits of a value as the panel shows it (KaTeX writes 5.343e−3 as 5.343 × 10⁻³). */
const digits = (v: number) => formatPrecise(v).split('e')[0];

const panel = (page: Page) => page.locator('#derivations');
const derivationSlider = (page: Page) => page.getByRole('slider', { name: 'Timestep t of the numbers in the derivation' });
const steps = (page: Page) => panel(page).locator('.derivation-step');
const visibleStepNumbers = (page: Page) =>
  steps(page).evaluateAll((els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => Number((e as HTMLElement).dataset.step)));

test('renders all 31 numbered steps with no KaTeX error (throwOnError in test mode)', async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, 'backend=cpu');
  await expect(steps(page)).toHaveCount(STEPS);
  // Tex throws in test mode; a throw would replace the panel with the boundary's message.
  await expect(panel(page).getByText('hit an error')).toHaveCount(0);
  await expect(panel(page).locator('.katex-error')).toHaveCount(0);
  await expect(panel(page).locator('.step-eq .katex-display')).toHaveCount(STEPS);
  for (const n of [1, 15, STEPS]) await expect(steps(page).nth(n - 1).locator('.step-eq')).toContainText(`(${n})`);
  // Every reason is rendered, with its inline math.
  await expect(panel(page).locator('.step-reason')).toHaveCount(STEPS);
  expect(await panel(page).locator('.step-reason .katex').count()).toBeGreaterThan(40);
  await expect(panel(page).getByRole('img', { name: /Jensen's inequality/ })).toBeVisible();
  await expect(panel(page).getByRole('table')).toContainText('Binomial');
  expect(errors).toEqual([]);
});

test('"Next step" reveals the steps in order; Previous, Show all and the URL follow', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  const count = page.getByTestId('step-count');
  await expect(count).toHaveText(`All ${STEPS} steps`);
  await page.getByRole('button', { name: 'Step through from the start' }).click();
  await expect(count).toHaveText(`Step 1 of ${STEPS}`);
  expect(await visibleStepNumbers(page)).toEqual([1]);
  await expect(page.getByTestId('steps-left')).toHaveText(`${STEPS - 1} more steps to reveal.`);

  const next = page.getByRole('button', { name: 'Next step' });
  for (let k = 2; k <= 6; k++) {
    await next.click();
    await expect(count).toHaveText(`Step ${k} of ${STEPS}`);
    expect(await visibleStepNumbers(page)).toEqual(Array.from({ length: k }, (_, i) => i + 1));
  }
  // Step 6 opens a new section: its heading comes with it.
  await expect(panel(page).getByRole('heading', { name: /reverse process/ })).toBeVisible();
  await expect(panel(page).getByRole('heading', { name: /Jensen/ })).toBeHidden();
  await expect(page).toHaveURL(/steps=6/);

  // Keyboard: the buttons work with Enter and Space.
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(count).toHaveText(`Step 7 of ${STEPS}`);
  await page.getByRole('button', { name: 'Previous step' }).focus();
  await page.keyboard.press('Space');
  await expect(count).toHaveText(`Step 6 of ${STEPS}`);

  // A link reproduces the lecture's position.
  await page.waitForTimeout(400); // the URL is written with a debounce
  await page.reload();
  await expect(count).toHaveText(`Step 6 of ${STEPS}`);
  expect(await visibleStepNumbers(page)).toEqual([1, 2, 3, 4, 5, 6]);

  await page.getByRole('button', { name: 'Show all steps' }).click();
  await expect(count).toHaveText(`All ${STEPS} steps`);
  expect(await visibleStepNumbers(page)).toHaveLength(STEPS);
  await expect(page).not.toHaveURL(/steps=/);
});

test('the header links to the panel, and a #derivations link opens on it', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  await page.getByRole('link', { name: /see why the model is trained/ }).click();
  await expect(panel(page).getByRole('heading', { level: 2 })).toBeInViewport();
  await page.goto('./?e2e=1&backend=cpu&steps=1#derivations');
  await expect(page.getByTestId('step-count')).toHaveText(`Step 1 of ${STEPS}`);
  await expect(page.getByTestId('step-count')).toBeInViewport();
});

test('stepping to the last step disables "Next step"', async ({ page }) => {
  await openApp(page, `backend=cpu&steps=${STEPS - 1}`);
  const next = page.getByRole('button', { name: 'Next step' });
  await next.click();
  await expect(page.getByTestId('step-count')).toHaveText(`Step ${STEPS} of ${STEPS}`);
  await expect(next).toBeDisabled();
  await expect(page.getByTestId('steps-left')).toHaveCount(0);
});

test('the live numbers follow the slider and come from src/diffusion', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  const s = makeSchedule({ kind: 'linear', T: 1000 });
  const lambda = page.getByTestId('live-26');
  await lambda.scrollIntoViewIfNeeded();
  await expect(lambda).toContainText(digits(lossWeights(s).lambdaBeta[250]));

  // The toolbar's slider stays on screen while reading.
  await derivationSlider(page).fill('600');
  await expect(lambda).toContainText(digits(lossWeights(s).lambdaBeta[600]));
  await expect(lambda).toContainText(digits(lossWeights(s).lambdaBetaTilde[600]));
  await expect(panel(page).getByRole('heading', { level: 2 })).toContainText('t = 600');
  // Lines off screen kept their numbers, hidden from assistive technology while stale; they
  // catch up, and are read again, as they scroll into view.
  await expect(lambda).not.toHaveAttribute('aria-hidden');
  for (const [id, v] of [
    ['live-1', s.beta[600]],
    ['live-18', s.betaTilde[600]],
  ] as const) {
    await expect(page.getByTestId(id)).toHaveAttribute('aria-hidden', 'true');
    await page.getByTestId(id).scrollIntoViewIfNeeded();
    await expect(page.getByTestId(id)).toContainText(digits(v));
    await expect(page.getByTestId(id)).not.toHaveAttribute('aria-hidden');
  }

  // The explorer's controls change them too.
  await page.getByRole('combobox', { name: 'Schedule' }).selectOption('cosine');
  await setSliderValue(page, 640);
  await lambda.scrollIntoViewIfNeeded();
  const c = makeSchedule({ kind: 'cosine', T: 1000 });
  await expect(lambda).toContainText(digits(lossWeights(c).lambdaBeta[640]));
});

test('the toolbar has its own timestep slider, tied to the explorer', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  const own = derivationSlider(page);
  await expect(own).toHaveValue('250');
  await own.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(own).toHaveValue('252');
  await expect(slider(page)).toHaveValue('252');
  await expect(panel(page).getByRole('heading', { level: 2 })).toContainText('t = 252');
  await setSliderValue(page, 40);
  await expect(own).toHaveValue('40');
  await own.press('End');
  await expect(slider(page)).toHaveValue('1000');
});

test('clicking the L_T plot sets T', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  const plot = page.getByRole('img', { name: /Prior matching term/ });
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  // Halfway along the log axis from T = 1 to 10000 is T ≈ 100.
  const left = box.x + 54;
  const right = box.x + box.width - 22;
  await page.mouse.click((left + right) / 2, box.y + box.height / 2);
  await expect(page).toHaveURL(/T=(9\d|10\d)\b/);
});

test.describe('extreme settings never show NaN or ∞ and keep the layout', () => {
  for (const query of ['T=1&t=1', 'T=1&t=0', 'T=10000&t=10000', 'schedule=cosine&t=1000', 'schedule=sigmoid&T=2&t=2']) {
    test(query, async ({ page }) => {
      const errors = collectErrors(page);
      await openApp(page, `backend=cpu&${query}`);
      const text = await panel(page).innerText();
      expect(text).not.toMatch(/NaN|Infinity|∞/);
      await expect(panel(page).locator('.katex-error')).toHaveCount(0);
      // Nothing pushes the page sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(errors).toEqual([]);
    });
  }

  test('undefined values say why, at t = 0 and at t = 1', async ({ page }) => {
    await openApp(page, 'backend=cpu&t=0');
    await page.getByTestId('live-26').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('live-26')).toHaveText(REASON_T0);
    await derivationSlider(page).press('ArrowRight');
    await expect(page.getByTestId('live-26')).toContainText(REASON_T1_POINT_MASS);
    await expect(page.getByTestId('live-26')).toContainText('undefined');
    await page.getByTestId('live-18').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('live-18')).toContainText('β̃₁ = 0 because ᾱ₀ = 1');
  });
});

test('printing shows every step and hides the controls and the other panels', async ({ page }) => {
  await openApp(page, 'backend=cpu&steps=3');
  // Lines off screen keep their numbers until seen; printing brings them all up to date.
  await setSliderValue(page, 700);
  await expect(panel(page).getByRole('heading', { level: 2 })).toContainText('t = 700');
  const s = makeSchedule({ kind: 'linear', T: 1000 });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(page.getByTestId('live-26')).toContainText(digits(lossWeights(s).lambdaBeta[700]));
  await page.evaluate(() => {
    document.documentElement.dataset.print = 'derivations';
  });
  await page.emulateMedia({ media: 'print' });
  await expect(steps(page).nth(STEPS - 1)).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Step through the derivation' })).toBeHidden();
  await expect(page.locator('.explorer')).toBeHidden();
  await expect(page.getByTestId('derivation-plots')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expect(steps(page).nth(STEPS - 1)).toBeHidden();
});

test.describe('visual', () => {
  // Tall enough that the panel is not scrolled under its own sticky toolbar.
  test.use({ viewport: { width: 1360, height: 1600 } });

  test('derivations, first section while stepping', async ({ page }) => {
    await openApp(page, 'backend=cpu&steps=5');
    await expect(panel(page)).toHaveScreenshot('derivations-steps-5.png');
  });

  test('derivations, dark theme, at t = 1', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page, 'backend=cpu&steps=7&t=1&schedule=cosine');
    await expect(panel(page)).toHaveScreenshot('derivations-dark-t1.png');
  });

  test('derivations, tablet portrait: plots above the text', async ({ page }) => {
    await page.setViewportSize({ width: 820, height: 1600 });
    await openApp(page, 'backend=cpu&steps=2&schedule=sigmoid&t=700');
    await expect(panel(page)).toHaveScreenshot('derivations-tablet.png');
  });

  test('the posterior and ε sections', async ({ page }) => {
    await openApp(page, 'backend=cpu&t=40');
    for (const n of [18, 26]) await expect(steps(page).nth(n - 1)).toHaveScreenshot(`derivations-step-${n}.png`);
  });
});
