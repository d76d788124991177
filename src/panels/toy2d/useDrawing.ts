/**
 * The user's drawn data set: points sprayed with a brush (mouse, pen or touch), erased, cleared,
 * undone. It is kept in IndexedDB, so it survives a reload and a trip to the other data sets.
 */
import { useCallback, useEffect, useRef, useState, useMemo } from 'react';
import { PLANE } from '../../data/toy2d';
import { kept } from '../../state/storage';

const KEY = 'toy2d:drawing';
const MAX_POINTS = 5000;
const MAX_UNDO = 50;

export interface Drawing {
  points: Float32Array;
  /** Bumps whenever the points change. */
  version: number;
  /** Whether the saved drawing has been read back. */
  loaded: boolean;
  /** Why the drawing could not be kept, if it could not. */
  storageProblem: string | null;
  canUndo: boolean;
  /** Starts a stroke (one undo step). */
  begin(): void;
  /** Sprays `count` points around (x, y) with spread `radius`. */
  spray(x: number, y: number, radius: number, count: number): void;
  /** Removes the points within `radius` of (x, y). */
  erase(x: number, y: number, radius: number): void;
  clear(): void;
  undo(): void;
}

/** A standard normal draw (Box–Muller); the spray is the user's gesture, not a seeded experiment. */
const gauss = () => Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());

export function useDrawing(): Drawing {
  const [points, setPoints] = useState<Float32Array>(() => new Float32Array(0));
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [storageProblem, setStorageProblem] = useState<string | null>(null);
  const undoStack = useRef<Float32Array[]>([]);
  const [canUndo, setCanUndo] = useState(false);
  const current = useRef(points);
  current.current = points;

  useEffect(() => {
    kept
      .get<Float32Array>(KEY)
      .then((saved) => {
        if (saved instanceof Float32Array && saved.length % 2 === 0) {
          setPoints(saved);
          setVersion((v) => v + 1);
        }
      })
      .catch((e: Error) => setStorageProblem(`Your drawing cannot be kept in this browser (${e.message}).`))
      .finally(() => setLoaded(true));
  }, []);

  // Keep every change (after the saved drawing has been read, so it is never overwritten by the empty start).
  useEffect(() => {
    if (!loaded) return;
    const id = setTimeout(() => {
      kept.put(KEY, points).catch((e: Error) => setStorageProblem(`Your drawing cannot be kept in this browser (${e.message}).`));
    }, 300);
    return () => clearTimeout(id);
  }, [points, loaded]);

  const change = useCallback((next: Float32Array) => {
    setPoints(next);
    setVersion((v) => v + 1);
  }, []);

  const begin = useCallback(() => {
    undoStack.current.push(current.current);
    if (undoStack.current.length > MAX_UNDO) undoStack.current.shift();
    setCanUndo(true);
  }, []);

  const spray = useCallback(
    (x: number, y: number, radius: number, count: number) => {
      const old = current.current;
      const room = Math.max(0, MAX_POINTS - old.length / 2);
      const n = Math.min(count, room);
      if (n === 0) return;
      const next = new Float32Array(old.length + 2 * n);
      next.set(old);
      for (let i = 0; i < n; i++) {
        next[old.length + 2 * i] = Math.max(-PLANE, Math.min(PLANE, x + radius * gauss()));
        next[old.length + 2 * i + 1] = Math.max(-PLANE, Math.min(PLANE, y + radius * gauss()));
      }
      current.current = next;
      change(next);
    },
    [change],
  );

  const erase = useCallback(
    (x: number, y: number, radius: number) => {
      const old = current.current;
      const keep: number[] = [];
      for (let i = 0; i < old.length; i += 2) if ((old[i] - x) ** 2 + (old[i + 1] - y) ** 2 > radius * radius) keep.push(old[i], old[i + 1]);
      if (keep.length === old.length) return;
      const next = Float32Array.from(keep);
      current.current = next;
      change(next);
    },
    [change],
  );

  const clear = useCallback(() => {
    if (current.current.length === 0) return;
    begin();
    current.current = new Float32Array(0);
    change(current.current);
  }, [begin, change]);

  const undo = useCallback(() => {
    const prev = undoStack.current.pop();
    setCanUndo(undoStack.current.length > 0);
    if (!prev) return;
    current.current = prev;
    change(prev);
  }, [change]);

  // One object while nothing in it changes: the dataset controls re-render only when it does.
  return useMemo(
    () => ({ points, version, loaded, storageProblem, canUndo, begin, spray, erase, clear, undo }),
    [points, version, loaded, storageProblem, canUndo, begin, spray, erase, clear, undo],
  );
}
