// The development server's sw.js (`trunk serve`: no offline use; scripts/trunk-post-build
// copies this file there). The dev page registers no service worker, but one left at this
// address by a build served here earlier would go on answering with that build's cached page;
// its next update check finds this file instead: it takes over, deletes this scope's caches,
// unregisters, and reloads the open pages from the development server.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  const prefix = `asl-playground ${self.registration.scope} `;
  for (const key of await caches.keys()) if (key.startsWith(prefix)) await caches.delete(key);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
