/** The MNIST digits for the digits lab, loaded once per page (1.6 MB, inflated in the browser). */
import { useEffect, useState } from 'react';
import { loadMnist, toModelRange, type Mnist } from '../../data/mnist';

export interface DigitsData {
  mnist: Mnist;
  /** The training digits in the model's range [−1, 1], [N, 28, 28, 1] flattened. */
  train: Float32Array;
}

let loading: Promise<DigitsData> | null = null;

function load(): Promise<DigitsData> {
  loading ??= loadMnist().then((mnist) => ({ mnist, train: toModelRange(mnist.train) }));
  loading.catch(() => (loading = null));
  return loading;
}

export function useDigitsData(): { data: DigitsData | null; error: string | null } {
  const [state, setState] = useState<{ data: DigitsData | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (e: unknown) => live && setState({ data: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
