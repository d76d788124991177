/**
 * What the user made, kept in the browser across reloads: a tiny promise wrapper over one
 * IndexedDB object store (drawings, model checkpoints). Failures (private mode, quota) reject,
 * and callers say so without losing what is on screen.
 */
const DB_NAME = 'diffusion-playground';
const STORE = 'kept';

let opening: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('this browser has no IndexedDB'));
      return;
    }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB did not open'));
  });
  opening.catch(() => (opening = null));
  return opening;
}

function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return db().then(
    (d) =>
      new Promise<T>((resolve, reject) => {
        const request = act(d.transaction(STORE, mode).objectStore(STORE));
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      }),
  );
}

export const kept = {
  get: <T>(key: string) => run<T | undefined>('readonly', (s) => s.get(key)),
  put: (key: string, value: unknown) => run<IDBValidKey>('readwrite', (s) => s.put(value, key)).then(() => undefined),
  delete: (key: string) => run<undefined>('readwrite', (s) => s.delete(key)),
};
