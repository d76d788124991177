import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

/**
 * The shell's one notice area (role=status): the URL's problems and whatever the current view
 * needs to say (a backend that fell back, say). Views add theirs with `useNotice`.
 */
const NoticeContext = createContext<((key: string, text: string | null) => void) | null>(null);

export function NoticeProvider({ fixed, children }: { fixed: string[]; children: (notices: string[]) => ReactNode }) {
  const [byKey, setByKey] = useState<Record<string, string>>({});
  const [set] = useState(() => (key: string, text: string | null) =>
    setByKey((prev) => {
      if ((prev[key] ?? null) === text) return prev;
      const next = { ...prev };
      if (text === null) delete next[key];
      else next[key] = text;
      return next;
    }),
  );
  return <NoticeContext.Provider value={set}>{children([...fixed, ...Object.values(byKey)])}</NoticeContext.Provider>;
}

/** Shows `text` in the shell's notices while the calling component is mounted (null: nothing). */
export function useNotice(key: string, text: string | null | undefined): void {
  const set = useContext(NoticeContext);
  useEffect(() => {
    set?.(key, text ?? null);
    return () => set?.(key, null);
  }, [set, key, text]);
}

/** A lab's dismissible message (a divergence, a file that did not load) and why its trainer could not start. */
export function LabMessages({ message, error, onDismiss }: { message: string | null; error: string | null; onDismiss: () => void }) {
  return (
    <>
      {message && (
        <div className="image-error lab-message" role="alert">
          <span>{message}</span>
          <button type="button" aria-label="Dismiss the message" onClick={onDismiss}>
            ×
          </button>
        </div>
      )}
      {error !== null && (
        <div className="panel-error" role="alert">
          <p>The trainer could not start: {error}</p>
        </div>
      )}
    </>
  );
}
