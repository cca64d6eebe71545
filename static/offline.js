// Offline support on the page (docs/hosting.md, "Offline and updates"): registers the service
// worker `sw.js` next to this page (so the site works from any sub-path) and tells the app
// when a new build is waiting. A file, not an inline script: the page's
// Content-Security-Policy allows scripts from 'self' only (and `worker-src 'self'` for sw.js).
//
// The build's id is in `<meta name="asl-playground-build">` (written by
// scripts/offline-manifest.mjs on `trunk build`). Without one (the development server,
// `trunk serve`) no worker is registered, and one left by a build served earlier at the same
// address is unregistered, so development never sees a cached page.
//
// For the app (src/bindings/offline.rs): `globalThis.AslOffline` with
// - `build`: this page's build id ('' under `trunk serve`);
// - `updateWaiting`: whether a newer build is ready (its worker installed and waiting);
// - `applyUpdate()`: activates that build and reloads the page;
// - `controlled`: whether the service worker answers this page's requests (the handler
//   sandbox frame is then loaded through it: src/bindings/sandbox.rs, static/sw.js);
// and the window event `asl-playground-update` whenever `updateWaiting` becomes true.
const build = document.querySelector('meta[name="asl-playground-build"]')?.content ?? '';
const sw = navigator.serviceWorker;
let waiting = null;
let updateWaiting = false;
let reloading = false;

function announce(worker) {
  waiting = worker;
  updateWaiting = true;
  dispatchEvent(new Event('asl-playground-update'));
}

globalThis.AslOffline = {
  build,
  get updateWaiting() { return updateWaiting; },
  get controlled() { return Boolean(build && sw?.controller); },
  applyUpdate() {
    reloading = true;
    if (waiting && waiting.state === 'installed') {
      waiting.postMessage({ type: 'skip-waiting' });
      // `controllerchange` reloads; in case it never comes, reload anyway.
      setTimeout(() => location.reload(), 3000);
    } else {
      location.reload();
    }
  },
};

async function register() {
  const registration = await sw.register('sw.js');
  const track = (worker) => {
    if (!worker) return;
    const check = () => {
      if (worker.state === 'installed' && sw.controller) announce(worker);
    };
    check();
    worker.addEventListener('statechange', check);
  };
  track(registration.waiting);
  track(registration.installing);
  registration.addEventListener('updatefound', () => track(registration.installing));
  // Look for a new sw.js now (the browser also does after a navigation, but may put it off
  // while busy), and every hour in a tab left open (a workshop's day).
  const update = () => registration.update().catch(() => {});
  if (registration.active) update();
  setInterval(update, 60 * 60 * 1000);
}

/** The build of the worker controlling this page (null: none, or it does not say). */
function controllerBuild() {
  const controller = sw.controller;
  if (!controller) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(typeof e.data === 'string' ? e.data : null);
    controller.postMessage({ type: 'build' }, [channel.port2]);
    setTimeout(() => resolve(null), 5000);
  });
}

// A page must run one build only. The browser may activate a newer build's worker while this
// page loads (when it had installed in the background and no other tab was open): the files
// this page has yet to fetch would then come from the newer build. Reload into it at once (the
// app has barely started; the work is autosaved), once: then only offer the reload.
async function checkBuild() {
  const theirs = await controllerBuild();
  if (theirs === null || theirs === build) return;
  const key = 'asl-playground.v1.mixed-build-reload';
  if (sessionStorage.getItem(key) !== build) {
    sessionStorage.setItem(key, build);
    location.reload();
  } else {
    announce(null);
  }
}

if (sw) {
  let controlled = Boolean(sw.controller);
  sw.addEventListener('controllerchange', () => {
    if (reloading) {
      location.reload();
    } else if (controlled) {
      // Another tab activated a newer build: this page is still the older one.
      announce(null);
    }
    controlled = true;
  });
  if (build) {
    checkBuild().catch(() => {});
    const start = () => register().catch((e) => console.warn('ASL Playground works online only:', e));
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
  } else {
    sw.getRegistration('./').then(async (r) => {
      if (!r) return;
      await r.unregister();
      const prefix = `asl-playground ${r.scope} `;
      for (const key of await caches.keys()) if (key.startsWith(prefix)) await caches.delete(key);
    }).catch(() => {});
  }
}
