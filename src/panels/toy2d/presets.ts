/** The 2-D lab's pretrained presets (models/toy2d, made by `npm run pretrain`), fetched on demand. */
import { parseModelFile, type ModelSnapshot } from '../../engine/modelFile';

const URLS = import.meta.glob('../../../models/toy2d/*.json', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

const byDataset = new Map(Object.entries(URLS).map(([path, url]) => [path.replace(/^.*\/(\w+)\.json$/, '$1'), url]));

export function hasPreset(dataset: string): boolean {
  return byDataset.has(dataset);
}

export async function fetchPreset(dataset: string): Promise<ModelSnapshot> {
  const url = byDataset.get(dataset);
  if (!url) throw new Error(`there is no pretrained model for ${dataset}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the pretrained model for ${dataset} did not load (HTTP ${response.status})`);
  return parseModelFile(await response.text());
}
