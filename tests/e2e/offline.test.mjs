// Offline use and updates (docs/hosting.md), in real headless Chromium against the built
// dist/ served under a sub-path: the service worker takes the page over on the first visit;
// with the network off and the site gone, a reload still opens the playground with the work
// and runs it; a new deployment (a copy of dist/ with one file changed, remade by the same
// script the build runs) is offered as an update, taken with Reload, and announced once; the
// handler sandbox frame, loaded unsandboxed, starts nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, mkdir, appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  serveDist, launch, openPage, byId, editorText, setEditorText, runExecution, outDir, root,
} from './harness.mjs';

/**
 * Waits until `fn` (run in the page; it may be async, which `page.waitForFunction` would not
 * wait for) gives a truthy value.
 */
async function until(page, fn, timeout = 60000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(fn).catch(() => false))) { // (fails while the page navigates)
    if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
    await page.waitForTimeout(200);
  }
}

/** Waits until a service worker controls the page and its build is fully cached. */
async function controlled(page) {
  await until(page, async () => navigator.serviceWorker.controller !== null
    && (await caches.keys()).some((k) => k.startsWith('asl-playground ')));
}

const build = (page) => page.evaluate(() => document.querySelector('meta[name="asl-playground-build"]').content);

test('after the first visit, the playground opens and runs offline with the work', async () => {
  const served = await serveDist();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser.context, served.url);
    assert.match(await build(page), /^[0-9a-f]{20}$/, 'the built page names its build');
    await controlled(page);
    assert.equal(await page.locator(byId('update-notice')).count(), 0, 'a first visit is no update');

    const input = '[{"who":"offline"},{"who":"plane"}]';
    const handler = 'exports.handler = async (event) => "Hello, " + event.who + "! from " + self.origin;';
    await setEditorText(page, 'input-editor', input);
    await setEditorText(page, 'function-editor', handler);
    await page.waitForTimeout(800); // autosave (400 ms after the last edit)

    served.stop();
    await browser.context.setOffline(true);
    await page.reload();
    await page.waitForSelector(`${byId('definition-editor')} .cm-content`, { timeout: 30000 });
    assert.equal(await editorText(page, 'input-editor'), input, 'the work is back');
    assert.match(await editorText(page, 'definition-editor'), /ExampleMapState/);
    assert.equal(await editorText(page, 'function-editor'), handler);
    assert.equal(await runExecution(page), 'SUCCEEDED', 'handlers run offline too');
    // ... in the sandbox: loaded through the service worker, its origin opaque all the same.
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()),
      ['Hello, offline! from null', 'Hello, plane! from null']);
    assert.equal(await page.locator(byId('handler-sandbox')).getAttribute('sandbox'),
      'allow-scripts allow-same-origin');
    assert.equal(await page.evaluate(() => {
      const frame = document.querySelector('[data-testid="handler-sandbox"]');
      try { return frame.contentWindow.document ? 'same origin' : 'none'; } catch { return 'opaque'; }
    }), 'opaque');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('asl-playground.v1.mixed-build-reload')), null,
      'the page and its worker run the same build');
    await page.screenshot({ path: join(outDir, 'offline.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    served.stop();
  }
});

test('a new deployment is offered, taken with Reload, and announced once', async () => {
  // Build B: dist/ with one file changed, its sw.js and build id remade as `trunk build` does.
  const distB = await mkdtemp(join(tmpdir(), 'aslplay-dist-b-'));
  await cp(join(root, 'dist'), distB, { recursive: true });
  const manifest = () => execFileSync(process.execPath, [join(root, 'scripts', 'offline-manifest.mjs'), distB]).toString();
  const idOf = (out) => out.match(/build ([0-9a-f]+)/)[1];
  const a0 = idOf(manifest());
  assert.match(await readFile(join(distB, 'index.html'), 'utf8'), new RegExp(`content="${a0}"`),
    'remaking the manifest of an unchanged build keeps its id');
  await appendFile(join(distB, 'handler-host.js'), '\n// build B\n');
  // ... and a course built into it (static/courses/ is copied to dist/courses/).
  await mkdir(join(distB, 'courses', 'demo'), { recursive: true });
  await writeFile(join(distB, 'courses', 'demo', 'course.json'), '{"title":"Demo"}\n');
  assert.notEqual(idOf(manifest()), a0);

  const served = await serveDist();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser.context, served.url);
    await controlled(page);
    const a = await build(page);
    assert.equal(a, a0);

    served.setDir(distB);
    // In the tab left open (it looks every hour; here at once): build B installs in the
    // background and waits, offered with Reload, while the page goes on running build A.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const notice = byId('update-notice');
    await page.waitForSelector(`${notice}[data-update="waiting"]`, { timeout: 60000 });
    assert.equal(await build(page), a, 'the page still runs build A, whole');
    assert.match(await page.locator(notice).textContent(), /new version/);
    await page.screenshot({ path: join(outDir, 'update-waiting.png') });

    // The next visit (a reload): still build A with the offer, or — when the browser let B take
    // over as the page reloaded — build B at once. Either way Reload (if offered) ends on B.
    await page.reload();
    await page.waitForSelector(`${notice}[data-update]`, { timeout: 60000 });
    if ((await page.locator(notice).getAttribute('data-update')) === 'waiting') {
      assert.equal(await build(page), a);
      await Promise.all([page.waitForEvent('load'), page.click(byId('update-reload'))]);
    }
    await page.waitForSelector(`${byId('update-notice')}[data-update="updated"]`, { timeout: 30000 });
    const b = await build(page);
    assert.notEqual(b, a, 'the page now runs build B');
    assert.match(await page.locator(byId('update-notice')).textContent(), /ASL Playground was updated/);
    assert.deepEqual(await page.evaluate(async () => (await caches.keys()).length), 1,
      'the older build\'s cache is gone');
    const host = await page.evaluate(async () => (await fetch('handler-host.js')).text());
    assert.match(host, /\/\/ build B\n$/, 'build B\'s files are served');

    await page.reload();
    await page.waitForSelector(`${byId('definition-editor')} .cm-content`, { timeout: 30000 });
    await page.waitForTimeout(500);
    assert.equal(await page.locator(byId('update-notice')).count(), 0, 'announced once');
    assert.equal(await build(page), b);

    // Build B's course is cached with it: it opens offline (the page with `?course=` too).
    served.stop();
    await browser.context.setOffline(true);
    assert.deepEqual(await page.evaluate(async () => (await fetch('courses/demo/course.json')).json()),
      { title: 'Demo' });
    await page.goto(`${served.url}?course=courses/demo/course.json`);
    await page.waitForSelector(`${byId('definition-editor')} .cm-content`, { timeout: 30000 });
    assert.equal(await build(page), b);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    served.stop();
    await rm(distB, { recursive: true, force: true });
  }
});

test('the sandbox frame starts nothing when its origin is not opaque', async () => {
  // Loaded at the site's own origin (no sandbox, no service worker yet: this profile never
  // opened the page), as it would be if a sandboxed load ever went wrong.
  const served = await serveDist();
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      window.messages = [];
      addEventListener('message', (e) => window.messages.push(e.data));
    });
    await page.goto(`${served.url}handler-frame.html`);
    assert.equal(await page.evaluate(() => self.origin), new URL(served.url).origin);
    await page.evaluate(() => postMessage({ type: 'source', text: 'self.postMessage("started")' }, '*'));
    await page.waitForTimeout(500);
    // Only the message this test sent: no "frame-ready", no Worker.
    assert.deepEqual(await page.evaluate(() => window.messages.map((m) => m.type)), ['source']);
  } finally {
    await browser.close();
    served.stop();
  }
});

test('the development server retires a worker left at its address by a build', async () => {
  // The development server's files: dist/ as the post_build hook leaves it under `trunk serve`
  // (its page carries Trunk's autoreload script: no build id, sw.js retires). Served as
  // `trunk serve` does: a missing file gets index.html (so, without the retiring sw.js, the
  // old worker's update check would fail and it would go on serving its build).
  const dev = await mkdtemp(join(tmpdir(), 'aslplay-dist-dev-'));
  await cp(join(root, 'dist'), dev, { recursive: true });
  const index = join(dev, 'index.html');
  const page0 = (await readFile(index, 'utf8'))
    .replace(/(<meta name="asl-playground-build" content=")[^"]*/, '$1')
    .replace('</body>', '<script>/* .well-known/trunk/ws */</script></body>');
  await writeFile(index, page0);
  execFileSync('sh', [join(root, 'scripts', 'trunk-post-build')], { cwd: root, env: { ...process.env, TRUNK_STAGING_DIR: dev } });

  const served = await serveDist();
  const browser = await launch();
  try {
    const { page } = await openPage(browser.context, served.url);
    await controlled(page);
    served.setDir(dev, { spa: true });
    await page.reload();
    await until(page, async () => document.querySelector('meta[name="asl-playground-build"]')?.content === ''
      && !(await navigator.serviceWorker.getRegistration()) && (await caches.keys()).length === 0);
    await page.waitForSelector(`${byId('definition-editor')} .cm-content`, { timeout: 30000 });
  } finally {
    await browser.close();
    served.stop();
    await rm(dev, { recursive: true, force: true });
  }
});
