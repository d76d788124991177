import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// An automated accessibility audit (axe-core, WCAG 2.1 A and AA) of every view in the light and
// the dark theme, and of the share dialog and an embedded panel: no serious or critical violation.

async function audit(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 3).join(' ')}`));
}

const VIEWS = [
  { name: 'forward process', query: '', ready: (page: Page) => expect(page.getByTestId('noising-strip')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 }) },
  { name: '2-D lab', query: 'view=toy2d&trainBackend=wasm', ready: (page: Page) => expect(page.getByTestId('reverse-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 }) },
  { name: 'digits lab', query: 'view=digits&trainBackend=webgl', ready: (page: Page) => expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 }) },
];

for (const scheme of ['light', 'dark'] as const) {
  for (const view of VIEWS) {
    test(`${view.name}, ${scheme} theme: no serious or critical accessibility violation`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`./?e2e=1${view.query ? `&${view.query}` : ''}`);
      await view.ready(page);
      expect(await audit(page)).toEqual([]);
    });
  }
}

test('the share dialog and an embedded panel: no serious or critical accessibility violation', async ({ page }) => {
  await page.goto('./?e2e=1');
  await VIEWS[0].ready(page);
  await page.getByRole('button', { name: 'Share / embed' }).click();
  await page.getByRole('combobox', { name: 'What to show' }).selectOption('strip');
  expect(await audit(page)).toEqual([]);
  await page.goto('./?e2e=1&embed=schedules&hide=title&present=1');
  await expect(page.locator('[data-panel="schedules"] svg').first()).toBeVisible();
  expect(await audit(page)).toEqual([]);
});
