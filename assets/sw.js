// The playground's service worker: after one visit the site opens and runs offline.
//
// Trunk copies this file next to index.html (the `copy-file` link in index.html), and
// assets/boot.js registers it by a relative URL, so its scope is the site's own folder, at a
// server's root or under a sub-path. It only ever sees requests for that folder, and only ever
// asks the site's own server: never another origin.
//
// - index.html (a navigation to the folder): network first, so a new deploy shows at once; the
//   copy kept from the last visit when the network fails.
// - Hashed files (`name-<hex digits>.ext`, written by Trunk: the wasm, its JS glue, boot.js,
//   the CSS, the icon): cache first, since a hashed name never changes content.
// - Anything else: straight to the network, untouched.
//
// Whenever index.html comes from the network (when this worker installs, then on every visit),
// the hashed files it names are fetched into the cache if missing, then the index itself is
// kept, then the hashed files it no longer names are dropped: one visit is enough to work
// offline, and a new build's files replace the old ones. Nothing else is stored.

/** The site's folder, e.g. `https://example.org/playground/`. */
const SCOPE = self.registration.scope;
/** One cache per deployment folder (folders on one origin share their caches' names). */
const CACHE = `playground-1 ${SCOPE}`;
/** Trunk's hashed file names. */
const HASHED = /-[0-9a-f]{8,16}(?:_bg)?\.[0-9a-z]+$/;

self.addEventListener('install', (event) => {
  // Best effort: if this fails, the next visit fills the cache.
  event.waitUntil(
    fetch(SCOPE, { cache: 'no-cache' })
      .then(keep)
      .catch(() => {}),
  );
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE && name.startsWith('playground-') && name.endsWith(` ${SCOPE}`)) {
          await caches.delete(name);
        }
      }
      // Take over the page that registered this worker, so it is covered from now on.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !url.href.startsWith(SCOPE)) return;
  const scopePath = new URL(SCOPE).pathname;
  if (request.mode === 'navigate' && [scopePath, `${scopePath}index.html`].includes(url.pathname)) {
    event.respondWith(networkFirst(event));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

/** index.html from the network (then kept, with its files), else the kept copy. */
async function networkFirst(event) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keep(response.clone()).catch(() => {}));
    return response;
  } catch (error) {
    const kept = await caches.match(SCOPE, { cacheName: CACHE });
    if (kept) return kept;
    throw error;
  }
}

/** A hashed file from the cache, else from the network (and then kept). */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

/**
 * Keeps a fresh index.html and the hashed files it names, and drops the hashed files it no
 * longer names (an older build's). The index is stored last, so the kept index never names a
 * file the cache lacks.
 */
async function keep(response) {
  if (!response.ok || response.redirected || response.type !== 'basic') return;
  const html = await response.clone().text();
  const wanted = new Set();
  for (const [, link] of html.matchAll(/(?:src|href|data-js|data-wasm)="([^"]+)"/g)) {
    const url = new URL(link, SCOPE);
    if (url.href.startsWith(SCOPE) && HASHED.test(url.pathname)) wanted.add(url.href);
  }
  const cache = await caches.open(CACHE);
  for (const url of wanted) {
    if (await cache.match(url)) continue;
    const file = await fetch(url);
    if (!file.ok) throw new Error(`${url}: HTTP ${file.status}`);
    await cache.put(url, file);
  }
  await cache.put(SCOPE, response);
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (HASHED.test(url.pathname) && !wanted.has(url.href)) await cache.delete(request);
  }
}
