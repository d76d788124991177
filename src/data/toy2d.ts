import { randomInt, randomLcg, randomNormal, randomUniform } from 'd3';
import type { BuiltinToyDataset, ToyDatasetId } from './toy2dNames';

/**
 * The 2-D data sets of the 2-D lab, sampled with d3's seeded generators.
 *
 * Every data set lives in one common scale: centred near 0 with a per-coordinate variance of
 * about 1, like the diffusion prior N(0, I), and well inside the square [−PLANE, PLANE]².
 * Two are defined directly in those coordinates so that their density is known exactly
 * ('gaussians8' and 'gaussian'). The others are built in their own "raw" coordinates and then
 * mapped by one fixed affine map per data set, p = (raw − centre) / scale, measured once on a
 * large reference sample (see `rawFrame`), so that samples of any size and seed share a frame.
 *
 * Points are interleaved x, y in a Float32Array of length 2n. For a given (data set, seed) the
 * first k points of an n-point sample are the k-point sample.
 */

export { PLANE, TOY_DATASETS, TOY_DATASET_LABELS, type BuiltinToyDataset, type ToyDatasetId } from './toy2dNames';

/** The parameters of the single-Gaussian data set: x_0 ~ N(mean, std² I). */
export const GAUSSIAN_DATA: { mean: readonly [number, number]; std: number } = { mean: [1, 0.5], std: 0.5 };

const GAUSSIANS8_STD = 0.1;

/**
 * The 8-Gaussian mixture: equal weights, centres on a circle of radius `radius` at the angles
 * kπ/4, each N(centre, std² I). The radius makes the per-coordinate variance radius²/2 + std²
 * exactly 1; neighbouring centres are 2·radius·sin(π/8) ≈ 10.8 std apart.
 */
export const GAUSSIANS8_DATA: { radius: number; std: number } = {
  radius: Math.sqrt(2 * (1 - GAUSSIANS8_STD ** 2)),
  std: GAUSSIANS8_STD,
};

/** Centres of the 8 Gaussians, at the angles kπ/4. */
const GAUSSIANS8_CENTRES = Array.from({ length: 8 }, (_, k) => {
  const a = (k * Math.PI) / 4;
  return [GAUSSIANS8_DATA.radius * Math.cos(a), GAUSSIANS8_DATA.radius * Math.sin(a)] as const;
});

// ---------------------------------------------------------------------------------------------
// Seeding

/**
 * d3's LCG for an integer seed. Consecutive integer seeds would start the LCG in neighbouring
 * states, whose first outputs differ by only 1664525 / 2³² ≈ 4e-4, so the seed is first spread
 * over [0, 1) by a multiplicative hash (as ../diffusion/forwardChain.ts does).
 */
function lcgFor(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return randomLcg((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0) / 2 ** 32);
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
}

// ---------------------------------------------------------------------------------------------
// Shapes in their raw coordinates. Each writes n points (interleaved) into a Float64Array.

type RawSampler = (lcg: () => number, n: number) => Float64Array;
type ShapeDataset = Exclude<BuiltinToyDataset, 'gaussians8' | 'gaussian'>;

/** Sohl-Dickstein et al. (2015): (u cos u, u sin u), u ~ U(1.5π, 4.5π), plus N(0, 0.3²) noise. */
const swissroll: RawSampler = (lcg, n) => {
  const u = randomUniform.source(lcg)(1.5 * Math.PI, 4.5 * Math.PI);
  const noise = randomNormal.source(lcg)(0, 0.3);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = u();
    out[2 * i] = t * Math.cos(t) + noise();
    out[2 * i + 1] = t * Math.sin(t) + noise();
  }
  return out;
};

/**
 * scikit-learn's make_moons: the upper half of the unit circle and the lower half of the unit
 * circle centred at (1, 0.5), θ ~ U(0, π) and each moon with probability ½, plus N(0, 0.05²).
 */
const moons: RawSampler = (lcg, n) => {
  const theta = randomUniform.source(lcg)(0, Math.PI);
  const which = randomInt.source(lcg)(0, 2);
  const noise = randomNormal.source(lcg)(0, 0.05);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = theta();
    const outer = which() === 0;
    out[2 * i] = (outer ? Math.cos(t) : 1 - Math.cos(t)) + noise();
    out[2 * i + 1] = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + noise();
  }
  return out;
};

/**
 * FFJORD's checkerboard (Grathwohl et al. 2019): uniform on the 8 squares of a 4 × 4 board on
 * [−2, 2]² whose integer corners (⌊x⌋, ⌊y⌋) have an even sum.
 */
const checkerboard: RawSampler = (lcg, n) => {
  const x = randomUniform.source(lcg)(-2, 2);
  const within = randomUniform.source(lcg)(0, 1);
  const half = randomInt.source(lcg)(0, 2);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const xi = x();
    const column = Math.floor(xi);
    // y's row is 0 or −2 in even columns and 1 or −1 in odd ones.
    out[2 * i] = xi;
    out[2 * i + 1] = within() - 2 * half() + (((column % 2) + 2) % 2);
  }
  return out;
};

/**
 * A smiling face, y up: the unit circle (half the points), two round eyes N((±0.35, 0.3),
 * 0.07² I) (an eighth each) and a mouth (a quarter): the lower arc of a circle of radius 0.55
 * centred at (0, 0.05), from 0.5 rad below the horizontal on one side to the other. The outline
 * and the mouth carry N(0, 0.025²) noise.
 */
const smiley: RawSampler = (lcg, n) => {
  const part = randomUniform.source(lcg)(0, 1);
  const angle = randomUniform.source(lcg)(0, 2 * Math.PI);
  const mouthAngle = randomUniform.source(lcg)(Math.PI + 0.5, 2 * Math.PI - 0.5);
  const lineNoise = randomNormal.source(lcg)(0, 0.025);
  const eye = randomNormal.source(lcg)(0, 0.07);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p = part();
    let x: number;
    let y: number;
    if (p < 0.5) {
      const a = angle();
      x = Math.cos(a) + lineNoise();
      y = Math.sin(a) + lineNoise();
    } else if (p < 0.75) {
      const a = mouthAngle();
      x = 0.55 * Math.cos(a) + lineNoise();
      y = 0.05 + 0.55 * Math.sin(a) + lineNoise();
    } else {
      x = (p < 0.875 ? -0.35 : 0.35) + eye();
      y = 0.3 + eye();
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
};

/** The unit circle with N(0, 0.05²) radial noise. */
const ring: RawSampler = (lcg, n) => {
  const angle = randomUniform.source(lcg)(0, 2 * Math.PI);
  const radial = randomNormal.source(lcg)(0, 0.05);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = angle();
    const r = 1 + radial();
    out[2 * i] = r * Math.cos(a);
    out[2 * i + 1] = r * Math.sin(a);
  }
  return out;
};

const RAW_SAMPLERS: Record<ShapeDataset, RawSampler> = { swissroll, moons, checkerboard, smiley, ring };

// ---------------------------------------------------------------------------------------------
// The common frame

/** Size and seed of the reference sample that fixes each shape's affine map. */
const FRAME_SAMPLE_SIZE = 20000;
const FRAME_SEED = 2015;

export interface RawFrame {
  centre: readonly [number, number];
  scale: number;
}

const frames = new Map<BuiltinToyDataset, RawFrame>();

/**
 * The affine map from a data set's raw coordinates (as its construction above describes them)
 * to the common scale: p = (raw − centre) / scale. The centre is the mean of a fixed-seed
 * reference sample of 20 000 points and the scale makes that sample's mean per-coordinate
 * variance ½(var x + var y) equal to 1; a single scale for both axes keeps the shape's
 * proportions. The exact data sets are defined in the common scale already (centre 0, scale 1).
 */
export function rawFrame(id: BuiltinToyDataset): RawFrame {
  let frame = frames.get(id);
  if (!frame) {
    if (id === 'gaussians8' || id === 'gaussian') {
      frame = { centre: [0, 0], scale: 1 };
    } else {
      const raw = RAW_SAMPLERS[id](lcgFor(FRAME_SEED), FRAME_SAMPLE_SIZE);
      let [sx, sy] = [0, 0];
      for (let i = 0; i < raw.length; i += 2) [sx, sy] = [sx + raw[i], sy + raw[i + 1]];
      const [cx, cy] = [sx / FRAME_SAMPLE_SIZE, sy / FRAME_SAMPLE_SIZE];
      let ss = 0;
      for (let i = 0; i < raw.length; i += 2) ss += (raw[i] - cx) ** 2 + (raw[i + 1] - cy) ** 2;
      frame = { centre: [cx, cy], scale: Math.sqrt(ss / (2 * FRAME_SAMPLE_SIZE)) };
    }
    frames.set(id, frame);
  }
  return frame;
}

// ---------------------------------------------------------------------------------------------
// Sampling

/**
 * n points of a built-in data set, interleaved x, y (length 2n), in the common scale. `seed` is
 * any integer.
 */
export function sampleToyDataset(id: BuiltinToyDataset, n: number, seed: number): Float32Array {
  checkCount(n);
  const lcg = lcgFor(seed);
  const out = new Float32Array(2 * n);
  if (id === 'gaussians8') {
    const component = randomInt.source(lcg)(0, 8);
    const noise = randomNormal.source(lcg)(0, GAUSSIANS8_DATA.std);
    for (let i = 0; i < n; i++) {
      const [cx, cy] = GAUSSIANS8_CENTRES[component()];
      out[2 * i] = cx + noise();
      out[2 * i + 1] = cy + noise();
    }
  } else if (id === 'gaussian') {
    const { mean, std } = GAUSSIAN_DATA;
    const noise = randomNormal.source(lcg)(0, std);
    for (let i = 0; i < n; i++) {
      out[2 * i] = mean[0] + noise();
      out[2 * i + 1] = mean[1] + noise();
    }
  } else {
    const { centre, scale } = rawFrame(id);
    const raw = RAW_SAMPLERS[id](lcg, n);
    for (let i = 0; i < raw.length; i += 2) {
      out[i] = (raw[i] - centre[0]) / scale;
      out[i + 1] = (raw[i + 1] - centre[1]) / scale;
    }
  }
  return out;
}

/**
 * n points resampled from a user's drawn points (interleaved x, y): each picks a drawn point
 * uniformly at random and adds isotropic Gaussian jitter of std `jitter` (held-out data of a
 * drawing).
 */
export function resampleDrawn(points: Float32Array, n: number, seed: number, jitter: number): Float32Array {
  checkCount(n);
  if (points.length % 2 !== 0) {
    throw new RangeError(`points must be interleaved x, y pairs, got length ${points.length}`);
  }
  const m = points.length / 2;
  if (m === 0) throw new RangeError('The drawing has no points: draw some before resampling it');
  if (!(jitter >= 0)) throw new RangeError(`jitter must be ≥ 0, got ${jitter}`);
  const lcg = lcgFor(seed);
  const pick = randomInt.source(lcg)(0, m);
  const noise = randomNormal.source(lcg)(0, jitter);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const j = pick();
    out[2 * i] = points[2 * j] + noise();
    out[2 * i + 1] = points[2 * j + 1] + noise();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Densities and entropies of the exact data sets

function gaussians8LogDensity(x: number, y: number): number {
  const { std } = GAUSSIANS8_DATA;
  // log p = log Σ_k exp(−d_k² / (2 std²)) − log 8 − log(2π std²), d_k = ‖p − c_k‖, summed as a
  // log-sum-exp around the nearest centre so that points far from every centre stay finite.
  let d2Min = Infinity;
  for (const [cx, cy] of GAUSSIANS8_CENTRES) d2Min = Math.min(d2Min, (x - cx) ** 2 + (y - cy) ** 2);
  let sum = 0;
  for (const [cx, cy] of GAUSSIANS8_CENTRES) {
    sum += Math.exp(-((x - cx) ** 2 + (y - cy) ** 2 - d2Min) / (2 * std * std));
  }
  return -d2Min / (2 * std * std) + Math.log(sum) - Math.log(8) - Math.log(2 * Math.PI * std * std);
}

function gaussianLogDensity(x: number, y: number): number {
  const { mean, std } = GAUSSIAN_DATA;
  const variance = std * std;
  return -((x - mean[0]) ** 2 + (y - mean[1]) ** 2) / (2 * variance) - Math.log(2 * Math.PI * variance);
}

/**
 * log density (natural log) for data sets whose density is known in closed form (gaussians8,
 * gaussian), else null.
 */
export function logDensity(id: ToyDatasetId): ((x: number, y: number) => number) | null {
  if (id === 'gaussians8') return gaussians8LogDensity;
  if (id === 'gaussian') return gaussianLogDensity;
  return null;
}

/**
 * H = −∫ p log p of the 8-Gaussian mixture by the midpoint rule on a grid of spacing h ≈ std / 4
 * over the box |x|, |y| ≤ radius + 12 std (beyond it p is below e⁻⁷² of its peak). The
 * integrand is smooth and decays like a Gaussian, for which the midpoint rule's error falls like
 * exp(−2π² std² / h²) (here e⁻³¹⁶), so only rounding is left: grids of std / 2 … std / 10 agree
 * to 1e-12 nats. (The result lies 2.2e-7 nats below the separated-blob limit.)
 */
function gaussians8EntropyByQuadrature(): number {
  const { radius, std } = GAUSSIANS8_DATA;
  const half = radius + 12 * std;
  const cells = Math.ceil((2 * half) / (std / 4));
  const h = (2 * half) / cells;
  let sum = 0;
  for (let i = 0; i < cells; i++) {
    const x = -half + (i + 0.5) * h;
    for (let j = 0; j < cells; j++) {
      const lp = gaussians8LogDensity(x, -half + (j + 0.5) * h);
      sum -= Math.exp(lp) * lp;
    }
  }
  return sum * h * h;
}

let gaussians8Entropy: number | undefined;

/**
 * Differential entropy H = −E log p(x) of the data in nats (2-D total) where the density is
 * known: log(2πe std²) for 'gaussian'; for 'gaussians8' numerical quadrature (see
 * gaussians8EntropyByQuadrature), close to log 8 + log(2πe std²) because the blobs barely
 * overlap. null otherwise.
 */
export function differentialEntropy(id: ToyDatasetId): number | null {
  if (id === 'gaussian') return Math.log(2 * Math.PI * Math.E * GAUSSIAN_DATA.std ** 2);
  if (id === 'gaussians8') return (gaussians8Entropy ??= gaussians8EntropyByQuadrature());
  return null;
}
