// Shared set-up for the end-to-end tests: serves dist/ under a sub-path (as a static host
// would), launches Debian's Chromium through playwright-core with a fresh profile, and
// offers small helpers for CodeMirror editors found by data-testid.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

/** Where screenshots go (gitignored). */
export const outDir = join(here, 'out');
/** The sub-path the app is served from, as on a static site host. */
export const base = '/asl-playground/';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon',
};

/**
 * Serves `dist/` (or `dir`) at `base` on 127.0.0.1 with a random port. `setDir(d)` serves
 * another directory from then on (a new deployment; with `{ spa: true }` a missing file gets
 * index.html, as `trunk serve` answers); `stop()` closes the server and its open connections
 * (the site is gone: only a service worker's cache can answer).
 */
export async function serveDist({ dir = join(root, 'dist') } = {}) {
  let dist = dir;
  let spa = false;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(base)) { res.writeHead(404).end(); return; }
    let rel = normalize(decodeURIComponent(url.pathname.slice(base.length)));
    if (rel === '.' || rel === '' || rel.endsWith('/')) rel = join(rel, 'index.html');
    if (rel.startsWith('..')) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(join(dist, rel));
      res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      if (spa) {
        res.writeHead(200, { 'content-type': types['.html'] }).end(await readFile(join(dist, 'index.html')));
      } else {
        res.writeHead(404).end();
      }
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    server,
    url: `http://127.0.0.1:${server.address().port}${base}`,
    setDir(d, options = {}) { dist = d; spa = Boolean(options.spa); },
    stop() { server.close(); server.closeAllConnections(); },
  };
}

/** A fresh Chromium profile (so nothing is saved from earlier runs). */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'aslplay-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(outDir, { recursive: true });
  return {
    context,
    async close() { await context.close(); await rm(profile, { recursive: true, force: true }); },
  };
}

/** Collects page errors and console errors, so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

const byId = (id) => `[data-testid="${id}"]`;
export { byId };

/** The text of the CodeMirror editor inside the element with this test id. */
export async function editorText(page, testid) {
  return page.locator(`${byId(testid)} .cm-content`).evaluate((el) => {
    const view = el.cmView?.view ?? el.closest('.cm-editor')?.cmView?.view;
    if (view) return view.state.doc.toString();
    return [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n');
  });
}

/** Replaces the whole text of a CodeMirror editor the way a user does: select all, type. */
export async function setEditorText(page, testid, text) {
  const content = page.locator(`${byId(testid)} .cm-content`);
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/**
 * Clicks Start execution and waits until a *new* execution (its name is the status element's
 * `data-execution` attribute) reaches a final status; returns that status.
 */
export async function runExecution(page, timeout = 20000) {
  const sel = byId('execution-status');
  const before = await page.evaluate((sel) => document.querySelector(sel)?.getAttribute('data-execution') ?? null, sel);
  await page.click(byId('run-button'));
  await page.waitForFunction(([sel, before]) => {
    const el = document.querySelector(sel);
    return el && el.getAttribute('data-execution') && el.getAttribute('data-execution') !== before
      && /^(SUCCEEDED|FAILED|TIMED_OUT|ABORTED)$/.test(el.textContent.trim());
  }, [sel, before], { timeout });
  return (await page.locator(sel).textContent()).trim();
}

/**
 * Opens the app at `url` in a new page of `context` and waits until `ready` (a selector:
 * by default the definition editor) is there. Errors on the page are collected in `errors`.
 */
export async function openPage(context, url, ready = `${byId('definition-editor')} .cm-content`) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 30000 });
  return { page, errors };
}

/**
 * Serves dist/, launches Chromium and opens the app (see `openPage`); `close()` ends both.
 * `url` is where the app is served.
 */
export async function openApp(ready) {
  const served = await serveDist();
  const browser = await launch();
  const { page, errors } = await openPage(browser.context, served.url, ready);
  return {
    page,
    errors,
    url: served.url,
    async close() { await browser.close(); served.server.close(); },
  };
}

/**
 * A server on 127.0.0.1 (another port than the app's) that records every request it gets,
 * HTTP or WebSocket upgrade, and answers JavaScript to any of them: where a handler that
 * escaped its sandbox would send things. `seen` lists "METHOD /path" per request.
 */
export async function startRecorder() {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' })
      .end('globalThis.__stolen = true; export const pwned = true;');
  });
  server.on('upgrade', (req, socket) => { seen.push(`UPGRADE ${req.url}`); socket.destroy(); });
  server.on('connect', (req, socket) => { seen.push(`CONNECT ${req.url}`); socket.destroy(); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { seen, url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}
