/**
 * The shell's embed mode: which panels a view renders, the style that hides controls, the height
 * an embedded page reports to the page around it, and the link back to the full playground.
 */
import { useEffect } from 'react';
import { paramsFromState } from '../../state/appState';
import { DEFAULT_EMBED, HEIGHT_MESSAGE, hidingCss, type PanelId } from '../../state/embed';
import { IMAGE_FRAGMENT } from '../../state/sharedImage';
import { useStore } from '../../state/store';

/** Whether a view renders `panel`: every panel, or only the embedded one. */
export function useShows(): (panel: PanelId) => boolean {
  const only = useStore().state.embed.panel;
  return (panel) => only === null || only === panel;
}

/**
 * Applies the URL's embed settings to the document: `hide` as a style sheet, `present` and
 * embedding as classes on <html>; an embedded page in a frame posts its height to its parent
 * whenever it changes, so that the frame can fit it.
 */
export function EmbedEffects() {
  const { panel, hide, present } = useStore().state.embed;
  const embedded = panel !== null;

  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('present', present);
    root.classList.toggle('embedded', embedded);
  }, [present, embedded]);

  useEffect(() => {
    if (!embedded || window.parent === window) return;
    let last = -1;
    const report = () => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
    };
    const observer = new ResizeObserver(report);
    observer.observe(document.documentElement);
    report();
    return () => observer.disconnect();
  }, [embedded]);

  const css = hidingCss(hide);
  return css ? <style data-testid="hidden-controls">{css}</style> : null;
}

/** Under an embedded panel: a link that opens the same settings in the full playground. */
export function EmbedCredit() {
  const { state } = useStore();
  const full = paramsFromState({ ...state, embed: DEFAULT_EMBED }, new URLSearchParams());
  const query = full.toString();
  return (
    <p className="embed-credit">
      <a href={`${location.pathname}${query ? `?${query}` : ''}${location.hash.startsWith(IMAGE_FRAGMENT) ? location.hash : ''}`} target="_blank" rel="noopener">
        Open in the Diffusion Playground ↗
      </a>
    </p>
  );
}
