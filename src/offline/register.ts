/**
 * Registers the service worker (see serviceWorker.js) in the built site, so that it works offline
 * once opened. Not in the dev server, which has no sw.js, nor in the deterministic test mode,
 * where every test starts from the network (the offline test opens the site without it).
 */
import { testMode } from '../testMode';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || testMode || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // No offline copy (a private window, say): the site works online as before.
    });
  });
}
