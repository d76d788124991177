import { expect, test } from '@playwright/test';
import { openApp, slider } from './helpers';

// The timestep shortcuts (Space, arrows, Shift+arrows, Home, End) in every view, and their help on "?".

test('explorer: Home, End, the arrows and Space drive t and play; "?" shows the shortcuts', async ({ page }) => {
  await openApp(page);
  await page.locator('h1').click();
  await page.keyboard.press('End');
  await expect(slider(page)).toHaveValue('1000');
  await page.keyboard.press('Home');
  await expect(slider(page)).toHaveValue('0');
  await page.keyboard.press('ArrowRight');
  await expect(slider(page)).toHaveValue('1');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(slider(page)).toHaveValue('11');
  await expect(page).toHaveURL(/[?&]t=11\b/);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(slider(page)).toHaveValue('1');

  const play = page.getByRole('button', { name: /the timestep animation/ });
  await page.keyboard.press('Space');
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(play).toHaveAttribute('aria-pressed', 'false');

  // Keys typed into a field stay there.
  const T = page.getByRole('spinbutton', { name: 'Number of diffusion steps T' });
  await T.focus();
  const t = await slider(page).inputValue();
  await page.keyboard.press('Home');
  await expect(slider(page)).toHaveValue(t);

  await page.locator('h1').click();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Move t one step back or on');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByRole('button', { name: 'Keyboard shortcuts (?)' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});

test('the labs: the arrows step the 2-D lab’s t and the digits lab’s reverse step', async ({ page }) => {
  await page.goto('./?e2e=1&view=toy2d&trainBackend=wasm&toy.t=30');
  await expect(page.getByTestId('reverse-plane')).toBeVisible({ timeout: 60_000 });
  const lab = page.getByRole('slider', { name: 'Timestep t of the 2-D lab' });
  await page.locator('h1').click();
  await page.keyboard.press('ArrowLeft');
  await expect(lab).toHaveValue('29');
  await page.keyboard.press('End');
  await expect(lab).toHaveValue('100');
  await expect(page).toHaveURL(/toy\.t=100/);

  await page.goto('./?e2e=1&view=digits&trainBackend=webgl&digits.frame=10');
  const viewer = page.getByRole('slider', { name: /Reverse timestep/ });
  await expect(viewer).toHaveValue('10', { timeout: 90_000 });
  await page.locator('h1').click();
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toHaveValue('11');
  await page.keyboard.press('Home');
  await expect(viewer).toHaveValue('0');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Move the reverse step one step back or on');
});
