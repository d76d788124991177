import { expect, test } from '@playwright/test';
import { explorerClip, frameDrawn, openApp } from './helpers';

// Visual snapshots in the deterministic mode (?e2e=1: fixed seed, no transitions, fonts
// awaited). The cpu backend makes every pixel of x_t reproducible; WebGPU gets its own check of
// the canvas it draws.

test('explorer, desktop', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  await expect(page).toHaveScreenshot('explorer-desktop.png', { fullPage: true, clip: await explorerClip(page) });
});

test('explorer, tablet portrait, cosine, greyscale digit', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await openApp(page, 'backend=cpu&schedule=cosine&image=digit&grey=1&t=400');
  await expect(page).toHaveScreenshot('explorer-tablet.png', { fullPage: true, clip: await explorerClip(page) });
});

test('bad upload message', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  await page.getByLabel('Upload your own image (PNG, JPEG or WebP)').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('not an image'),
  });
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.locator('.explorer')).toHaveScreenshot('explorer-bad-upload.png');
});

test('x_t drawn by WebGPU on the software adapter', async ({ page }) => {
  await openApp(page, 'backend=webgpu&image=pattern&t=120');
  await frameDrawn(page);
  await expect(page.getByTestId('xt-canvas')).toHaveScreenshot('xt-webgpu-pattern-t120.png');
});

test('explorer, dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page, 'backend=cpu&schedule=quadratic&t=180');
  await expect(page).toHaveScreenshot('explorer-dark.png', { fullPage: true, clip: await explorerClip(page) });
});

test('embedded explorer in presentation type, image choice and noise hidden', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 900 });
  await page.goto('./?e2e=1&backend=cpu&embed=explorer&hide=images,noise&present=1&schedule=cosine&t=330');
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready);
  await expect(page).toHaveScreenshot('embed-explorer-present.png', { fullPage: true });
});

test('share dialog', async ({ page }) => {
  await openApp(page, 'backend=cpu');
  await page.getByRole('button', { name: 'Share / embed' }).click();
  await page.getByRole('combobox', { name: 'What to show' }).selectOption('schedules');
  await page.getByRole('checkbox', { name: 'Title and introduction' }).check();
  await expect(page.getByRole('dialog', { name: 'Share or embed' })).toHaveScreenshot('share-dialog.png');
});
