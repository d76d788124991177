/**
 * The digits lab's U-Net as data: its spec, the size presets, the limits a file or the URL may
 * set, and the name and shape of every weight. Free of tfjs, so the app state, the model-file
 * check and scripts/pretrain-digits.py (which mirrors unet.ts in PyTorch) share one description.
 */

export interface UnetSpec {
  kind: 'unet';
  /** Height and width of the (one-channel) images, a multiple of 4: two 2× poolings. */
  side: number;
  /** Channels C at full resolution; the two coarser levels have 2C. */
  channels: number;
  /** GroupNorm groups (must divide C). */
  groups: number;
}

export type UnetPreset = 'tiny' | 'small' | 'base';

/**
 * tiny: for tests on the software GPU and a first try on a weak device; small: trains in the tab
 * on a real GPU; base: the shipped pretrained model (trained with scripts/pretrain-digits.py).
 */
export const UNET_PRESETS: Record<UnetPreset, UnetSpec> = {
  tiny: { kind: 'unet', side: 28, channels: 8, groups: 4 },
  small: { kind: 'unet', side: 28, channels: 16, groups: 8 },
  base: { kind: 'unet', side: 28, channels: 24, groups: 8 },
};

export const UNET_PRESET_LABELS: Record<UnetPreset, string> = { tiny: 'Tiny', small: 'Small', base: 'Base (shipped)' };

export const UNET_LIMITS = { side: [4, 64], channels: [4, 128], groups: [1, 32] } as const;

/** Why a spec is not a valid U-Net, or null when it is. */
export function unetSpecProblem(spec: UnetSpec): string | null {
  for (const key of ['side', 'channels', 'groups'] as const) {
    const [lo, hi] = UNET_LIMITS[key];
    const v = spec[key];
    if (!Number.isInteger(v) || v < lo || v > hi) return `${key} must be a whole number from ${lo} to ${hi}, not ${v}`;
  }
  if (spec.side % 4 !== 0) return `side must be a multiple of 4 (two 2× poolings), not ${spec.side}`;
  if (spec.channels % spec.groups !== 0) return `the ${spec.groups} groups must divide the ${spec.channels} channels`;
  if (spec.channels % 2 !== 0) return `channels must be even (they size the sinusoidal timestep embedding), not ${spec.channels}`;
  return null;
}

/** A residual block: its name and its input and output channels. */
export interface ResBlockShape {
  name: string;
  inputs: number;
  outputs: number;
}

/** The residual blocks from input to output: down at 28, down at 14, middle at 7, up at 14, up at 28. */
export function unetBlocks(spec: UnetSpec): ResBlockShape[] {
  const c = spec.channels;
  return [
    { name: 'down0', inputs: c, outputs: c },
    { name: 'down1', inputs: c, outputs: 2 * c },
    { name: 'mid', inputs: 2 * c, outputs: 2 * c },
    // The up blocks read their input concatenated with the skip from the same resolution.
    { name: 'up1', inputs: 2 * c + 2 * c, outputs: 2 * c },
    { name: 'up0', inputs: 2 * c + c, outputs: c },
  ];
}

/** Width of the timestep embedding after its MLP. */
export const timeWidth = (spec: UnetSpec) => 4 * spec.channels;

/**
 * The name and shape of every weight, in the order unet.ts makes them. Layouts are tfjs': a conv
 * kernel is [kh, kw, in, out], a dense one [in, out]; GroupNorm has gamma and beta per channel.
 */
export function unetWeightShapes(spec: UnetSpec): { name: string; shape: number[] }[] {
  const c = spec.channels;
  const e = timeWidth(spec);
  const out: { name: string; shape: number[] }[] = [];
  const dense = (name: string, i: number, o: number) => out.push({ name: `${name}.w`, shape: [i, o] }, { name: `${name}.b`, shape: [o] });
  const conv = (name: string, k: number, i: number, o: number) => out.push({ name: `${name}.w`, shape: [k, k, i, o] }, { name: `${name}.b`, shape: [o] });
  const norm = (name: string, ch: number) => out.push({ name: `${name}.gamma`, shape: [ch] }, { name: `${name}.beta`, shape: [ch] });
  dense('time.dense1', c, e);
  dense('time.dense2', e, e);
  conv('inConv', 3, 1, c);
  for (const b of unetBlocks(spec)) {
    norm(`${b.name}.norm1`, b.inputs);
    conv(`${b.name}.conv1`, 3, b.inputs, b.outputs);
    dense(`${b.name}.time`, e, b.outputs);
    norm(`${b.name}.norm2`, b.outputs);
    conv(`${b.name}.conv2`, 3, b.outputs, b.outputs);
    if (b.inputs !== b.outputs) conv(`${b.name}.skip`, 1, b.inputs, b.outputs);
  }
  norm('out.norm', c);
  conv('out.conv', 3, c, 1);
  return out;
}

/** Number of trainable parameters. */
export const unetParameters = (spec: UnetSpec) => unetWeightShapes(spec).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
