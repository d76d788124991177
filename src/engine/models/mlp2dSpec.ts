/**
 * The 2-D MLP's architecture as data: its spec, the default (see mlp2d.ts for why), and the
 * limits the lab, the URL and a model file may set. Free of tfjs, so the app state can hold it
 * without loading the model code.
 */

export interface Mlp2dSpec {
  kind: 'mlp2d';
  /** Hidden units per layer. */
  width: number;
  /** Residual blocks after the input layer. */
  depth: number;
  /** Dimensions of the timestep embedding (even). */
  timeEmbedding: number;
  /** Octaves of Fourier features of x and y (0: feed the raw point only). */
  octaves: number;
}

export const MLP2D_DEFAULT: Mlp2dSpec = { kind: 'mlp2d', width: 48, depth: 2, timeEmbedding: 16, octaves: 4 };

/** Limits the lab (and a loaded file) may set. */
export const MLP2D_LIMITS = {
  width: [8, 512],
  depth: [0, 8],
  timeEmbedding: [2, 128],
  octaves: [0, 10],
} as const;

/** Why a spec is not a valid MLP, or null when it is. */
export function mlp2dSpecProblem(spec: Mlp2dSpec): string | null {
  for (const key of ['width', 'depth', 'timeEmbedding', 'octaves'] as const) {
    const [lo, hi] = MLP2D_LIMITS[key];
    const v = spec[key];
    if (!Number.isInteger(v) || v < lo || v > hi) return `${key} must be a whole number from ${lo} to ${hi}, not ${v}`;
  }
  if (spec.timeEmbedding % 2 !== 0) return `timeEmbedding must be even, not ${spec.timeEmbedding}`;
  return null;
}

/** The name and shape of every weight of an MLP with this spec, in the order mlp2d.ts makes them. */
export function mlp2dWeightShapes(spec: Mlp2dSpec): { name: string; shape: number[] }[] {
  const inputs = 2 + 4 * spec.octaves + spec.timeEmbedding;
  const layers: [string, number, number][] = [
    ['input', inputs, spec.width],
    ...Array.from({ length: spec.depth }, (_, i): [string, number, number] => [`block${i}`, spec.width, spec.width]),
    ['output', spec.width, 2],
  ];
  return layers.flatMap(([name, i, o]) => [
    { name: `${name}.w`, shape: [i, o] },
    { name: `${name}.b`, shape: [o] },
  ]);
}
