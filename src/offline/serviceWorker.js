// The service worker that makes the site work offline once it has been opened. The build
// (vite.config.ts, `offline` plugin) writes it to sw.js with PRECACHE prepended: the cache's name
// (a hash of every file) and the site's files, relative to this script. Everything the site
// loads comes from that cache first; nothing is fetched from elsewhere.
/* global PRECACHE */

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(PRECACHE.cache).then((cache) => cache.addAll(PRECACHE.files)));
});

// A new version waits until no page runs the old one (whose lazily loaded files the old cache
// still holds); then the old caches go.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('diffusion-playground-') && k !== PRECACHE.cache).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(PRECACHE.cache).then(async (cache) => (await cache.match(request, { ignoreSearch: true, ignoreVary: true })) ?? fetch(request)),
  );
});
