/**
 * The 2-D data sets' names and the plane they live on, apart from their generators, so that the
 * app state can name them without loading the data code (the 2-D lab loads that lazily).
 */

export const TOY_DATASETS = [
  'swissroll',
  'moons',
  'gaussians8',
  'checkerboard',
  'smiley',
  'ring',
  'gaussian',
] as const;
export type BuiltinToyDataset = (typeof TOY_DATASETS)[number];
export type ToyDatasetId = BuiltinToyDataset | 'drawn';

export const TOY_DATASET_LABELS: Record<ToyDatasetId, string> = {
  swissroll: 'Swiss roll',
  moons: 'Two moons',
  gaussians8: '8 Gaussians',
  checkerboard: 'Checkerboard',
  smiley: 'Smiley',
  ring: 'Ring',
  gaussian: 'Gaussian',
  drawn: 'Your drawing',
};

/** Half-width of the square plane every data set lives in and the lab draws: [−PLANE, PLANE]². */
export const PLANE = 3;
