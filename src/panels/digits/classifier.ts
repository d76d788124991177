/** The digit classifier of the quality scores (models/digits/classifier.json), fetched once, on first use. */
import { parseClassifier, type ClassifierFile } from '../../engine/metrics/digitClassifier';
import url from '../../../models/digits/classifier.json?url';

let loading: Promise<ClassifierFile> | null = null;

export function fetchClassifier(): Promise<ClassifierFile> {
  loading ??= fetch(url)
    .then((r) => {
      if (!r.ok) throw new Error(`the digit classifier did not load (HTTP ${r.status})`);
      return r.text();
    })
    .then(parseClassifier);
  loading.catch(() => (loading = null));
  return loading;
}
