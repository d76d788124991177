/**
 * Keyboard shortcuts for the view's timestep, and their help on "?". The view's main timestep
 * control registers what Space (play or pause), the arrows (a step back or on; ten with Shift)
 * and Home/End (the first or last step) do; the shell listens and shows the help dialog. Keys
 * typed into a field, a select or a button keep their own meaning.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export interface TimestepShortcuts {
  /** What the arrows move, for the help ("t", "the reverse step"). */
  what: string;
  playPause: () => void;
  /** Moves by `delta` steps (±1, or ±10 with Shift). */
  step: (delta: number) => void;
  /** Jumps to the first or the last step. */
  jump: (to: 'start' | 'end') => void;
}

interface Registry {
  register: (shortcuts: TimestepShortcuts | null) => void;
  openHelp: () => void;
}
const Registry = createContext<Registry | null>(null);

/** Step and jump for a position 0 … max (read by `get`, written by `set`), stopping playback (`stop`) first. */
export function positionShortcuts(get: () => number, max: number, set: (v: number) => void, stop: () => void): Pick<TimestepShortcuts, 'step' | 'jump'> {
  return {
    step: (delta) => {
      stop();
      set(Math.max(0, Math.min(max, get() + delta)));
    },
    jump: (to) => {
      stop();
      set(to === 'start' ? 0 : max);
    },
  };
}

/** Registers the view's timestep shortcuts while the calling component is mounted (the latest handlers are used). */
export function useTimestepShortcuts(shortcuts: TimestepShortcuts): void {
  const register = useContext(Registry)?.register;
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    if (!register) return;
    register({
      get what() {
        return latest.current.what;
      },
      playPause: () => latest.current.playPause(),
      step: (delta) => latest.current.step(delta),
      jump: (to) => latest.current.jump(to),
    });
    return () => register(null);
  }, [register]);
}

/** Whether a key pressed in `target` belongs to it (typing, a select, a focused button's Space). */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return true;
  return key === ' ' && (target instanceof HTMLButtonElement || target.getAttribute('role') === 'button' || target instanceof HTMLAnchorElement || target.tagName === 'SUMMARY');
}

const KEYS: { keys: string[]; does: (what: string) => string }[] = [
  { keys: ['Space'], does: () => 'Play or pause' },
  { keys: ['←', '→'], does: (what) => `Move ${what} one step back or on` },
  { keys: ['Shift', '←  →'], does: (what) => `Move ${what} ten steps` },
  { keys: ['Home', 'End'], does: (what) => `Jump ${what} to the first or the last step` },
  { keys: ['Tab'], does: () => 'Go from control to control (every one works with the keyboard)' },
  { keys: ['?'], does: () => 'Show or hide these shortcuts' },
];

/** Listens for the shortcuts anywhere in the page and shows their help on "?". */
export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const current = useRef<TimestepShortcuts | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [what, setWhat] = useState('t');
  const [registry] = useState<Registry>(() => ({
    register: (s) => {
      current.current = s;
    },
    openHelp: () => {
      setWhat(current.current?.what ?? 't');
      dialog.current?.showModal();
    },
  }));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || ownsKey(e.target, e.key)) return;
      if (e.key === '?') {
        e.preventDefault();
        if (dialog.current?.open) dialog.current.close();
        else registry.openHelp();
        return;
      }
      const s = current.current;
      if (!s || document.querySelector('dialog[open]')) return; // not behind a dialog (this help, or sharing)
      const act: Record<string, () => void> = {
        ' ': s.playPause,
        ArrowLeft: () => s.step(e.shiftKey ? -10 : -1),
        ArrowRight: () => s.step(e.shiftKey ? 10 : 1),
        Home: () => s.jump('start'),
        End: () => s.jump('end'),
      };
      const run = act[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry]);

  return (
    <Registry.Provider value={registry}>
      {children}
      <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {KEYS.map(({ keys, does }) => (
              <tr key={keys.join()}>
                <th scope="row">
                  {keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </th>
                <td>{does(what)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="primary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </dialog>
    </Registry.Provider>
  );
}

/** A footer button that opens the help (the same as pressing "?"). */
export function ShortcutsHint() {
  const registry = useContext(Registry);
  return (
    <button type="button" className="link-button" onClick={registry?.openHelp}>
      Keyboard shortcuts (?)
    </button>
  );
}
