/** The digits lab's shipped model (models/digits, made by scripts/pretrain-digits.py), fetched on demand. */
import { parseModelFile, type ModelSnapshot } from '../../engine/modelFile';

const URLS = import.meta.glob('../../../models/digits/unet-*.json', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

const byPreset = new Map(Object.entries(URLS).map(([path, url]) => [path.replace(/^.*\/unet-(\w+)\.json$/, '$1'), url]));

export function hasPretrained(preset: string): boolean {
  return byPreset.has(preset);
}

export async function fetchPretrained(preset: string): Promise<ModelSnapshot> {
  const url = byPreset.get(preset);
  if (!url) throw new Error(`there is no pretrained ${preset} model`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the pretrained model did not load (HTTP ${response.status})`);
  return parseModelFile(await response.text());
}
