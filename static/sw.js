// The service worker: ASL Playground offline (docs/hosting.md, "Offline and updates").
//
// This file is a template: scripts/offline-manifest.mjs (run by the Trunk post_build hook on
// `trunk build`) writes `dist/sw.js` from it, replacing the MANIFEST line with the build's id
// and every file of the build with its SHA-256. The development server (`trunk serve`) gets
// no service worker.
//
// - install: fetches every file of the build, checks each one's SHA-256 against the manifest
//   and puts them all in one cache named after the build; a file that is missing or is not
//   that build's (a deployment under way, a stale CDN copy) fails the install, and the browser
//   tries again on a later visit. So a cache holds one whole build or nothing.
// - fetch: a file of the build is answered from that cache (cache-first; the scope's root and
//   any query of it, e.g. `?course=…`, get index.html); anything else (other paths, other
//   origins, files placed next to the site after the build) goes to the network as usual.
// - The new build's worker waits while pages of the old one are open; the page offers
//   "Reload" (static/offline.js), which sends `skip-waiting`. activate: deletes the older
//   builds' caches of this scope and takes control of the open pages.
/* MANIFEST */ const BUILD = 'dev'; const FILES = {};

const PREFIX = `asl-playground ${self.registration.scope} `;
const CACHE = PREFIX + BUILD;
const here = new URL('./', self.location.href);

const TYPES = {
  html: 'text/html; charset=utf-8', js: 'text/javascript', mjs: 'text/javascript',
  wasm: 'application/wasm', css: 'text/css', svg: 'image/svg+xml', json: 'application/json',
  png: 'image/png', ico: 'image/x-icon', txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8',
};

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function precache() {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(Object.entries(FILES).map(async ([path, sha256]) => {
      const url = new URL(path, here);
      // Revalidated, never taken from the HTTP cache unchecked.
      const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      const body = await response.arrayBuffer();
      const digest = hex(await crypto.subtle.digest('SHA-256', body));
      if (digest !== sha256) {
        throw new Error(`${path} is not the file of build ${BUILD} (a deployment under way?)`);
      }
      const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
      const type = TYPES[ext] ?? response.headers.get('content-type') ?? 'application/octet-stream';
      await cache.put(url, new Response(body, { status: 200, headers: { 'content-type': type } }));
    }));
  } catch (e) {
    await caches.delete(CACHE);
    throw e;
  }
}

self.addEventListener('install', (event) => event.waitUntil(precache()));

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
  }
  await self.clients.claim();
})()));

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
  // The page checks that it runs this worker's build (static/offline.js).
  if (event.data?.type === 'build') event.ports[0]?.postMessage(BUILD);
});

/**
 * The handler sandbox's document. Chromium sends the navigation of an
 * `<iframe sandbox="allow-scripts">` past service workers, so offline the page loads it with
 * `sandbox="allow-scripts allow-same-origin"` (src/bindings/sandbox.rs) and this worker makes
 * its origin opaque again with the `sandbox` directive of a Content-Security-Policy header,
 * whatever answered (the cache or the network). The frame's own script starts nothing unless
 * its origin is opaque (static/handler-frame.html).
 */
const FRAME = 'handler-frame.html';

function sandboxed(response) {
  const headers = new Headers(response.headers);
  headers.append('content-security-policy', 'sandbox allow-scripts');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The build's file a request asks for (a path relative to this worker), or null. */
function fileOf(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== here.origin || !url.pathname.startsWith(here.pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(here.pathname.length));
  } catch {
    return null;
  }
  if (path === '') path = 'index.html';
  return Object.hasOwn(FILES, path) ? path : null;
}

self.addEventListener('fetch', (event) => {
  const path = fileOf(event.request);
  if (path === null) return; // the network, as without a service worker
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const response = (await cache.match(new URL(path, here))) ?? await fetch(event.request);
    return path === FRAME ? sandboxed(response) : response;
  })());
});
