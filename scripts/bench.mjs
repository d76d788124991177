/**
 * npm run bench — how fast x_t follows the timestep slider, in Debian's Chromium with WebGPU on
 * the SwiftShader software adapter (the CI browser; a real GPU is used where there is one).
 *
 * 1. The draw path alone (src/bench/index.html, a bare page): per backend, the fused renderer the app
 *    uses, the naive tfjs path (elementwise ops + tf.browser.toPixels) and the plain-JS floor
 *    (one typed-array loop + putImageData), on the same 256×256 RGB image, in one run.
 * 2. The whole app: slider input events, one per animation frame as in a drag, each timed from
 *    the event to the GPU having finished that frame of x_t, with every panel on screen.
 * 3. The same, scrolled to the derivations panel and dragging its own timestep slider, so the
 *    KaTeX steps and their live numbers are on screen (they re-render when the slider settles
 *    and at least twice a second while it moves).
 *
 * Environment: BENCH_FRAMES (default 200), BENCH_VIEWPORT (default 1360x1000), CHROMIUM_PATH,
 * BENCH_BACKENDS (in-app backends, default webgpu,webgl,cpu), BENCH_IN_APP_ONLY=1 (skip table 1).
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import chromiumConfig from '../e2e/chromium.json' with { type: 'json' };

const FRAMES = Number(process.env.BENCH_FRAMES ?? 200);
const WARMUP = 20;
const [VW, VH] = (process.env.BENCH_VIEWPORT ?? '1360x1000').split('x').map(Number);
const PORT = 4174;
const BASE = `http://127.0.0.1:${PORT}/`;
const ms = (x) => x.toFixed(2);

async function drawPath(browser) {
  const page = await browser.newPage({ viewport: { width: VW, height: VH } });
  await page.goto(`${BASE}src/bench/index.html?frames=${FRAMES}`);
  const result = await page.waitForFunction(() => window.__benchResult, null, { timeout: 600_000 }).then((h) => h.jsonValue());
  await page.close();
  if (result.error) throw new Error(result.error);
  return [
    ...result.rows.map((r) =>
      r.error
        ? { path: r.backend, error: r.error }
        : [
            { path: `${r.backend} fused renderer`, 'median ms': ms(r.fused.median), 'p95 ms': ms(r.fused.p95), 'max ms': ms(r.fused.max), 'tensors Δ': r.tensorDelta },
            { path: `${r.backend} naive toPixels`, 'median ms': ms(r.naive.median), 'p95 ms': ms(r.naive.p95), 'max ms': ms(r.naive.max) },
          ],
    ),
    { path: 'plain-JS floor', 'median ms': ms(result.floor.median), 'p95 ms': ms(result.floor.p95), 'max ms': ms(result.floor.max) },
  ].flat();
}

/** Drags a range input (the explorer's, or the one `sliderSelector` names) for FRAMES frames. */
async function inApp(browser, backend, { scrollTo, sliderSelector = 'input[type=range]' } = {}) {
  const page = await browser.newPage({ viewport: { width: VW, height: VH } });
  await page.goto(`${BASE}?e2e=1&backend=${backend}`);
  await page.waitForSelector('[data-testid=xt-canvas][data-ready=true]', { timeout: 120_000 });
  await page.waitForSelector('[data-testid=noising-strip][data-ready=true]', { timeout: 120_000 });
  const adapter = (await page.getAttribute('[data-testid=backend-badge] .adapter', 'title')) ?? '';
  if (scrollTo) {
    await page.locator(scrollTo).scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
  }
  const r = await page.evaluate(
    async ({ frames, warmup, sliderSelector }) => {
      const hook = window.__diffusionPlayground;
      const input = document.querySelector(sliderSelector);
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const T = Number(input.max);
      const times = [];
      const tensorsBefore = hook.numTensors();
      for (let i = 0; i < frames + warmup; i++) {
        await new Promise((res) => requestAnimationFrame(res));
        const start = performance.now();
        setValue.call(input, String(Math.round((T / 2) * (1 + Math.sin(i / 15)))));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await hook.frameDrawn();
        if (i >= warmup) times.push(performance.now() - start);
      }
      const s = times.sort((a, b) => a - b);
      const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
      return { median: q(0.5), p95: q(0.95), max: s[s.length - 1], tensorDelta: hook.numTensors() - tensorsBefore };
    },
    { frames: FRAMES, warmup: WARMUP, sliderSelector },
  );
  await page.close();
  return { backend, adapter: adapter.slice(0, 48), 'median ms': ms(r.median), 'p95 ms': ms(r.p95), 'max ms': ms(r.max), 'tensors Δ': r.tensorDelta };
}

const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
  stdio: 'ignore',
  detached: true,
});
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(BASE)).ok) break;
    } catch {
      if (i > 150) throw new Error('vite preview did not start');
      await sleep(200);
    }
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? chromiumConfig.executablePath,
    args: chromiumConfig.args,
  });
  if (process.env.BENCH_IN_APP_ONLY !== '1') {
    console.log(`\n1. Draw path alone (bare page): 256×256 RGB x_t, animation frame → GPU done; ${FRAMES} frames after ${WARMUP} warm-up.`);
    console.table(await drawPath(browser));
  }
  const backends = (process.env.BENCH_BACKENDS ?? 'webgpu,webgl,cpu').split(',');
  const rows = [];
  for (const backend of backends) rows.push(await inApp(browser, backend));
  console.log(`\n2. In the app, every panel on screen (${VW}×${VH}): slider input → x_t drawn on the GPU; ${FRAMES} frames.`);
  console.table(rows);
  const derivationRows = [];
  for (const backend of backends)
    derivationRows.push(
      await inApp(browser, backend, { scrollTo: '[data-step="16"]', sliderSelector: '.derivation-toolbar input[type=range]' }),
    );
  console.log(`\n3. In the app, scrolled to the derivations, dragging their timestep slider; ${FRAMES} frames.`);
  console.table(derivationRows);
  await browser.close();
} finally {
  process.kill(-server.pid);
}
