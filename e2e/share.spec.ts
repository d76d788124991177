import { expect, test, type Page } from '@playwright/test';
import { collectErrors, makePng, openApp } from './helpers';

// Links and embeds: every view's settings round-trip through the URL; the share dialog builds a
// link and an iframe snippet; an embedded panel shows alone, hides what it is told to, and
// reports its height to the page around it.

/** The URL's parameters as sorted pairs, without the test-mode ones. */
function paramsOf(url: string): string[] {
  return [...new URL(url).searchParams].filter(([k]) => k !== 'e2e' && k !== 'trainBackend').map(([k, v]) => `${k}=${v}`).sort();
}

const ROUND_TRIPS = [
  {
    view: 'forward',
    query: 'schedule=cosine&T=500&t=123&image=digit&seed=7&grey=1&px=10,20&ch=2&steps=3',
    ready: async (page: Page) => {
      await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
      await expect(page.getByRole('slider', { name: 'Timestep t', exact: true })).toHaveValue('123');
      await expect(page.getByRole('combobox', { name: 'Schedule' })).toHaveValue('cosine');
      await expect(page.getByRole('spinbutton', { name: 'Number of diffusion steps T' })).toHaveValue('500');
      await expect(page.getByRole('checkbox', { name: 'Greyscale' })).toBeChecked();
      await expect(page.getByText('seed 7')).toBeVisible();
    },
  },
  {
    view: 'toy2d',
    query: 'view=toy2d&toy.data=moons&toy.n=500&toy.schedule=cosine&toy.T=50&toy.t=20&toy.width=32&toy.depth=3&toy.octaves=2&toy.lr=0.003&toy.batch=64&toy.seed=9&toy.sampler=ddim&toy.steps=10&toy.eta=0.5&toy.show=trails,x0&toy.r=0.5,-0.25,0.4',
    ready: async (page: Page) => {
      await expect(page.getByTestId('forward-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
      await expect(page.getByRole('slider', { name: 'Timestep t of the 2-D lab' })).toHaveValue('20');
      await expect(page.getByRole('radio', { name: 'Two moons' })).toBeChecked();
    },
  },
  {
    view: 'digits',
    query: 'view=digits&digits.model=tiny&digits.lr=0.001&digits.batch=8&digits.seed=5&digits.digit=42&digits.sampler=ddpm&digits.steps=12&digits.var=beta&digits.frame=6',
    ready: async (page: Page) => {
      await expect(page.getByTestId('digits-grid')).toBeVisible({ timeout: 90_000 });
      await expect(page.getByRole('slider', { name: /timestep/i }).first()).toHaveValue('6');
    },
  },
] as const;

for (const { view, query, ready } of ROUND_TRIPS) {
  test(`${view}: a link with every setting reproduces the view, and the app writes the same link back`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(`./?e2e=1&trainBackend=webgl&${query}`);
    await ready(page);
    await expect(page.getByRole('status').filter({ hasText: 'Ignored' })).toHaveCount(0);
    // The store rewrites the URL from the state a moment after it settles: nothing may be lost or added.
    await page.waitForTimeout(600);
    expect(paramsOf(page.url())).toEqual(paramsOf(`http://x/?${query}`));
    expect(errors).toEqual([]);
  });
}

test('the share dialog builds a link and an iframe snippet that hide what is ticked, and copies them', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, 'schedule=cosine&t=400');
  await page.getByRole('button', { name: 'Share / embed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share or embed' });
  await expect(dialog).toBeVisible();
  // Only the controls this view has are offered; the link back only for one panel.
  await expect(dialog.getByRole('checkbox', { name: 'Data set and drawing' })).toHaveCount(0);
  await expect(dialog.getByRole('checkbox', { name: 'Link to the full playground' })).toHaveCount(0);

  await dialog.getByRole('combobox', { name: 'What to show' }).selectOption('strip');
  await dialog.getByRole('checkbox', { name: 'Download buttons' }).check();
  await dialog.getByRole('checkbox', { name: 'Title and introduction' }).check();
  await dialog.getByRole('checkbox', { name: 'Presentation: larger type, for a projector' }).check();
  const link = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(paramsOf(link)).toEqual(['embed=strip', 'hide=title,downloads', 'present=1', 'schedule=cosine', 't=400']);

  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  await dialog.getByRole('button', { name: 'Copy embed code' }).click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain(`src="${link.replace(/&/g, '&amp;')}"`);
  expect(snippet).toContain('title="Diffusion Playground: Noising strip');

  // Escape closes the dialog; the page's own URL is untouched by what the dialog built.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(paramsOf(page.url())).toEqual(['schedule=cosine', 't=400']);
});

test('an embedded panel shows alone, without the page chrome, hiding what hide= lists', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./?e2e=1&embed=explorer&hide=images,noise,downloads&schedule=cosine&t=400&present=1');
  await expect(page.getByTestId('xt-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.locator('[data-panel]')).toHaveCount(1);
  await expect(page.locator('[data-panel="explorer"]')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Diffusion Playground' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);
  // Hidden: the image choice and the noise row; kept: the slider (and the keyboard drives it).
  await expect(page.getByRole('button', { name: 'New noise ε' })).toBeHidden();
  await expect(page.getByText('Or drop a PNG')).toBeHidden();
  const timestep = page.getByRole('slider', { name: 'Timestep t', exact: true });
  await expect(timestep).toHaveValue('400');
  await page.locator('body').press('End');
  await expect(timestep).toHaveValue('1000');
  // Larger type for a projector.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('19px');
  // The link back opens the same settings in the whole app.
  const back = page.getByRole('link', { name: 'Open in the Diffusion Playground ↗' });
  expect(paramsOf(new URL((await back.getAttribute('href'))!, page.url()).href)).toEqual(['schedule=cosine', 't=1000']);
  expect(errors).toEqual([]);
});

test('a hidden title still names its panel; a lab panel embeds alone too', async ({ page }) => {
  await page.goto('./?e2e=1&trainBackend=webgl&embed=planes&hide=title,dataset,sampler,link');
  await expect(page.getByTestId('reverse-plane')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.locator('[data-panel]')).toHaveCount(1);
  const title = page.locator('#lab-title');
  await expect(title).toHaveCSS('position', 'absolute');
  expect(await title.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
  await expect(page.getByRole('region', { name: /Swiss roll/ })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Data set' })).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Sampler' })).toBeHidden();
  await expect(page.getByRole('link', { name: /Open in the Diffusion Playground/ })).toBeHidden();
  await expect(page.getByRole('slider', { name: 'Timestep t of the 2-D lab' })).toBeVisible();
});

test('an embedded panel reports its height, so the snippet’s iframe fits it', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Share / embed' }).click();
  await page.getByRole('combobox', { name: 'What to show' }).selectOption('schedules');
  const snippet = await page.getByRole('textbox', { name: /Embed code/ }).inputValue();
  // A lecturer's page with the snippet, on the same server (so the test needs no second origin).
  await page.route('**/lecture.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><body style="margin:0"><h1>Lecture 7</h1>${snippet}<p>After</p></body>` }),
  );
  await page.goto('./lecture.html');
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('[data-panel="schedules"]')).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(async () => {
      const [iframe, inner] = await Promise.all([
        page.locator('iframe').evaluate((f: HTMLIFrameElement) => f.getBoundingClientRect().height),
        frame.locator('html').evaluate((el) => el.getBoundingClientRect().height),
      ]);
      return Math.abs(iframe - inner);
    })
    .toBeLessThanOrEqual(1);
  // No scroll bar inside: the frame is as tall as its page.
  expect(await frame.locator('html').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
});

test('bad embed parameters get a notice, and the whole view is shown', async ({ page }) => {
  await openApp(page, 'embed=admin&hide=title,<b>x</b>&present=2');
  const status = page.getByRole('status');
  await expect(status).toContainText('Ignored embed=“admin”');
  await expect(status).toContainText('Ignored hide=“title,<b>x</b>”: kept title');
  await expect(status).toContainText('Ignored present=“2”');
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  await expect(page.locator('[data-panel]')).toHaveCount(6);
});

test('a link can carry the user’s own image, which opens with it; choosing another image drops it', async ({ page, browser }) => {
  await openApp(page, 'backend=cpu&t=0&schedule=cosine');
  await page.getByLabel('Upload your own image (PNG, JPEG or WebP)').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: makePng(300, 200, [200, 60, 40]) });
  await expect(page.getByText('Your image: red.png')).toBeVisible();
  await page.getByRole('button', { name: 'Share / embed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share or embed' });
  const include = dialog.getByRole('checkbox', { name: /^Put your image in the link \(\d+ kB/ });
  await expect(include).toBeChecked();
  const link = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(link).toContain('#image=data:image/jpeg;base64,');
  await include.uncheck();
  expect(await dialog.getByRole('textbox', { name: 'Link' }).inputValue()).not.toContain('#image=');

  // Opened elsewhere, the link shows the image (a JPEG of it: close to the colour).
  const other = await browser.newPage();
  const errors = collectErrors(other);
  await other.goto(link.replace('?', '?e2e=1&backend=cpu&'));
  await expect(other.getByRole('radio', { name: 'Your image' })).toHaveAttribute('aria-checked', 'true', { timeout: 60_000 });
  const centre = () =>
    other.getByTestId('xt-canvas').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(128, 128, 1, 1).data.slice(0, 3)));
  await expect.poll(async () => (await centre()).every((v, i) => Math.abs(v - [200, 60, 40][i]) <= 6)).toBe(true);
  // Choosing a built-in image takes the image out of the URL, so a reload shows what is chosen.
  await other.getByRole('radio', { name: /Digit/ }).click();
  await expect.poll(() => new URL(other.url()).hash).toBe('');
  expect(errors).toEqual([]);
  await other.close();
});

test('a link whose image is not an image data URL gets a message, and the built-in image', async ({ page }) => {
  await page.goto('./?e2e=1#image=data:image/svg+xml;base64,PHN2Zz4=');
  await expect(page.getByRole('alert')).toContainText('The image in the link is not a PNG, JPEG or WebP data URL');
  await expect(page.getByRole('radio', { name: /Landscape/ })).toHaveAttribute('aria-checked', 'true');
  await page.goto('./?e2e=1&t=1#image=data:image/png;base64,AAAA'); // another query: a new document, not a jump within one
  await expect(page.getByRole('alert')).toContainText('The image in the link could not be decoded');
});
