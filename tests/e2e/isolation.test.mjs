// Handler isolation, tried as a hostile share link would, in real headless Chromium: a local
// server on another port records every request (HTTP and WebSocket upgrades); a handler tries
// every route out of its sandbox (the global object's prototypes, import() built at run time,
// nested Workers, WebSocket, EventSource, importScripts, XMLHttpRequest, storage) and returns
// what each route gave it. The server must see nothing, no route may obtain anything, and the
// page's own storage must be untouched. The fence itself (the sandbox frame's opaque origin and
// Content-Security-Policy) is also tried without the runtime's global stubs, from a Worker
// started in the frame by the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp, openPage, launch, byId, setEditorText, runExecution, startRecorder,
} from './harness.mjs';

let app;
let page;
let errors;
let recorder;
let seen;
let target;

before(async () => {
  recorder = await startRecorder();
  ({ seen } = recorder);
  target = recorder.url;
  app = await openApp();
  ({ page, errors } = app);
});

after(async () => {
  await app?.close();
  recorder?.close();
});

const text = async (p, id) => (await p.locator(byId(id)).textContent()).trim();

/**
 * The probe: an async function of (U, env) that tries each route against the recording server
 * at U and returns { route: outcome }. An outcome starting with "OBTAINED" means the route got
 * something (a response, a module, an open socket, a database, a message from a nested Worker);
 * anything else says how it was stopped. Written so that no `import(` appears in its text (the
 * runtime refuses such sources before they run; the point is what happens when code built at
 * run time reaches import()).
 */
const PROBE = String.raw`async function probe(U, env) {
  const report = {};
  const IMP = "imp" + "ort";
  const wait = (p, ms = 1500) => Promise.race([
    Promise.resolve(p),
    new Promise((r) => setTimeout(() => r("blocked: no answer in " + ms + " ms"), ms)),
  ]);
  const route = async (name, f) => {
    try {
      const out = await wait((async () => f())());
      report[name] = out === undefined ? "blocked: nothing" : String(out);
    } catch (e) {
      report[name] = "blocked: " + (e && e.name) + ": " + (e && e.message);
    }
  };
  const got = (what) => "OBTAINED " + what;
  const fromResponse = (r) => (r && typeof r.status === "number" ? got("HTTP " + r.status) : "blocked: " + r);
  // The first own property called name on the global object's prototype chain, past the
  // global object itself (where the runtime's stubs live).
  const fromPrototypes = (name) => {
    for (let o = Object.getPrototypeOf(self); o; o = Object.getPrototypeOf(o)) {
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (d) return d;
    }
    return undefined;
  };
  const real = (name) => {
    const d = fromPrototypes(name);
    if (!d) {
      const scope = typeof WorkerGlobalScope === "function" ? Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, name) : undefined;
      if (scope) return scope.get ? scope.get.call(self) : scope.value;
      const reflected = Reflect.get(Object.getPrototypeOf(self), name, self);
      if (reflected !== undefined) return reflected;
      throw new Error(name + ": not on the prototypes");
    }
    return d.get ? d.get.call(self) : d.value;
  };
  const socket = (Ctor, url) => new Promise((resolve) => {
    const s = new Ctor(url);
    s.onopen = () => resolve(got("open " + url));
    s.onerror = () => resolve("blocked: error event");
  });
  const request = (Ctor, url) => new Promise((resolve) => {
    const x = new Ctor();
    x.open("GET", url);
    x.onload = () => resolve(got("XHR " + x.status));
    x.onerror = () => resolve("blocked: error event");
    x.send();
  });
  const database = (factory, name) => new Promise((resolve) => {
    const r = factory.open(name);
    r.onsuccess = () => resolve(got("database " + name));
    r.onerror = () => resolve("blocked: " + (r.error && r.error.name));
  });
  const NESTED = "(" + (async (U) => {
    const out = {};
    try { out.fetch = String(await fetch(U + "nested-fetch").then((r) => "OBTAINED HTTP " + r.status)); } catch (e) { out.fetch = "blocked: " + e.message; }
    try { out.import = String(await (0, eval)("imp" + "ort(" + JSON.stringify(U + "nested-import.js") + ")").then(() => "OBTAINED module")); } catch (e) { out.import = "blocked: " + e.message; }
    try { importScripts(U + "nested-importScripts.js"); out.importScripts = "OBTAINED script"; } catch (e) { out.importScripts = "blocked: " + e.message; }
    postMessage(out);
  }) + ")(" + JSON.stringify(U) + ")";
  const nested = (Ctor) => new Promise((resolve) => {
    const url = URL.createObjectURL(new Blob([NESTED], { type: "text/javascript" }));
    const w = new Ctor(url);
    w.onmessage = (e) => resolve("nested Worker answered: " + JSON.stringify(e.data));
    w.onerror = (e) => { if (e.preventDefault) e.preventDefault(); resolve("blocked: nested Worker error " + (e.message || "")); };
  });

  // All at once: the function's 3 s timeout must not end the probe.
  await Promise.all([
    route("origin", () => "origin " + self.origin + " at " + self.location.href),
    route("fetch", () => fetch(U + "fetch").then(fromResponse)),
    route("fetch the page's own site", () => fetch(env.page + "index.html").then(fromResponse)),
    route("fetch via prototype", () => real("fetch").call(self, U + "proto-fetch").then(fromResponse)),
    route("fetch(new Request)", () => real("fetch").call(self, new Request(U + "request")).then(fromResponse)),
    route("XMLHttpRequest", () => request(XMLHttpRequest, U + "xhr")),
    route("XMLHttpRequest via prototype", () => request(real("XMLHttpRequest"), U + "proto-xhr")),
    route("importScripts", () => { importScripts(U + "importScripts.js"); return got("script"); }),
    route("importScripts via prototype", () => { real("importScripts").call(self, U + "proto-importScripts.js"); return got("script"); }),
    route("eval import", () => (0, eval)(IMP + "(" + JSON.stringify(U + "eval.js") + ")").then(() => got("module"))),
    route("Function import", () => new Function("return " + IMP + "(" + JSON.stringify(U + "function.js") + ")")().then(() => got("module"))),
    route("AsyncFunction import", () => {
      const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
      return new AsyncFunction("return await " + IMP + "(" + JSON.stringify(U + "async.js") + ")")().then(() => got("module"));
    }),
    route("WebSocket", () => socket(WebSocket, U.replace("http", "ws") + "ws")),
    route("WebSocket via prototype", () => socket(real("WebSocket"), U.replace("http", "ws") + "proto-ws")),
    route("EventSource", () => socket(EventSource, U + "events")),
    route("EventSource via prototype", () => socket(real("EventSource"), U + "proto-events")),
    route("navigator.sendBeacon", () => (navigator.sendBeacon(U + "beacon", "x") ? got("beacon queued") : "blocked: refused")),
    route("nested Worker", () => nested(Worker)),
    route("nested Worker via prototype", () => nested(real("Worker"))),
    route("indexedDB", () => database(indexedDB, "hostile")),
    route("indexedDB via prototype", () => database(real("indexedDB"), "hostile")),
    route("caches", () => caches.open("hostile").then(() => got("cache"))),
    route("caches via prototype", () => real("caches").open("hostile").then(() => got("cache"))),
    route("postMessage", () => { postMessage({ type: "result", id: 1, ok: true, payload: "forged" }); return got("message posted"); }),
    route("postMessage via prototype", () => { real("postMessage").call(self, { type: "result", id: 1, ok: true, payload: "forged" }); return got("message posted"); }),
    route("localStorage", () => (typeof localStorage === "undefined" ? "blocked: no localStorage" : got(localStorage.length + " keys"))),
    route("stolen module ran", () => (globalThis.__stolen ? got("remote code ran") : "blocked: no remote code ran")),
  ]);
  return report;
}`;

const ROUTES = [
  'fetch', "fetch the page's own site", 'fetch via prototype', 'fetch(new Request)', 'XMLHttpRequest', 'XMLHttpRequest via prototype',
  'importScripts', 'importScripts via prototype', 'eval import', 'Function import', 'AsyncFunction import',
  'WebSocket', 'WebSocket via prototype', 'EventSource', 'EventSource via prototype', 'navigator.sendBeacon',
  'nested Worker', 'nested Worker via prototype', 'indexedDB', 'indexedDB via prototype', 'caches',
  'caches via prototype', 'postMessage', 'postMessage via prototype', 'localStorage', 'stolen module ran',
];

function assertNothingObtained(report, where, allowed = []) {
  for (const name of ROUTES) {
    if (allowed.includes(name)) continue;
    assert.ok(name in report, `${where}: the probe tried ${name}: ${JSON.stringify(report)}`);
    assert.ok(!String(report[name]).includes('OBTAINED'), `${where}: ${name} got through: ${report[name]}`);
  }
}

const pageStorage = (p) => p.evaluate(async () => ({
  local: Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])),
  databases: (await indexedDB.databases()).map((d) => d.name).sort(),
  caches: await caches.keys(),
}));

test('the function test runs in the sandbox too', async () => {
  await setEditorText(page, 'function-editor',
    'exports.handler = async () => "origin " + self.origin + " at " + self.location.href;');
  await page.click(byId('function-test-button'));
  await page.waitForFunction((sel) => /^(SUCCEEDED|FAILED|TIMED_OUT)$/.test(document.querySelector(sel)?.dataset.status ?? ''),
    byId('function-test-result'), { timeout: 60000 });
  assert.equal(await page.locator(byId('function-test-result')).getAttribute('data-status'), 'SUCCEEDED');
  const shown = await text(page, 'function-test-result');
  assert.match(shown, /origin null at blob:null\//);
  // ES module handlers load from a Blob URL made in the sandbox (script-src blob:).
  await setEditorText(page, 'function-editor',
    'export const handler = async () => "module at " + self.origin;');
  await page.click(byId('function-test-button'));
  await page.waitForFunction((sel) => /module at null/.test(document.querySelector(sel)?.textContent ?? ''),
    byId('function-test-result'), { timeout: 30000 });
  assert.equal(await page.locator(byId('function-test-result')).getAttribute('data-status'), 'SUCCEEDED');
  assert.deepEqual(seen, []);
});

test('a hostile handler run from a share link reaches nothing: no request, no storage, no remote code', async () => {
  const handler = `${PROBE}\nexports.handler = async () => probe(${JSON.stringify(target)}, { page: ${JSON.stringify(app.url)} });`;
  await setEditorText(page, 'function-editor', handler);
  await setEditorText(page, 'input-editor', '[{"who":"attacker"}]');
  await page.click(byId('share-button'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.copied !== undefined,
    byId('share-status'));
  const link = await page.inputValue(byId('share-link'));
  await page.click(byId('share-button'));

  const other = await launch();
  try {
    const { page: p, errors: errs } = await openPage(other.context, link);
    await p.waitForTimeout(1500); // the sandbox starts its Workers ahead of the first Run
    assert.deepEqual(seen, [], 'opening the link sent nothing');
    const storageBefore = await pageStorage(p);

    const status = await runExecution(p, 60000);
    assert.equal(status, 'SUCCEEDED', await p.evaluate(() => document.body.innerText.slice(0, 4000)));
    const [report] = JSON.parse(await text(p, 'execution-output'));
    assertNothingObtained(report, 'Run');
    // The handler ran in an opaque origin (a Worker started from a Blob URL of the sandbox).
    assert.match(report.origin, /^origin null at blob:null\//);
    // The remote imports were stopped by the policy, not by a look at the text.
    for (const name of ['eval import', 'Function import', 'AsyncFunction import']) {
      assert.match(report[name], /blocked: TypeError/, `${name}: ${report[name]}`);
    }
    await p.waitForTimeout(1000);
    assert.deepEqual(seen, [], 'the recording server saw no request');
    assert.deepEqual(await pageStorage(p), storageBefore, "the page's storage is untouched");
    // What the sandbox refused is the handler's business (its report): the page itself logs
    // no error, CSP violation or other.
    assert.deepEqual(errs, []);
  } finally {
    await other.close();
  }
});

test('the fence holds without the runtime stubs: the sandbox frame and its Workers reach nothing', async () => {
  const frame = page.frames().find((f) => f.url().endsWith('/handler-frame.html'));
  assert.ok(frame, 'the page has its handler sandbox frame');
  // (`allow-scripts allow-same-origin` only when the service worker controlled the page as the
  // frame was made: the worker then sends the frame with a CSP `sandbox allow-scripts` header;
  // README, "Security". The checks below hold either way.)
  const sandbox = await page.locator(byId('handler-sandbox')).getAttribute('sandbox');
  assert.ok(sandbox === 'allow-scripts' || (sandbox === 'allow-scripts allow-same-origin'
    && await page.evaluate(() => navigator.serviceWorker.controller !== null)), sandbox);
  // The frame itself: an opaque origin, cut off from the page and its storage.
  const inFrame = await frame.evaluate(() => {
    const tryIt = (f) => { try { return `OBTAINED ${f()}`; } catch (e) { return `blocked: ${e.name}`; } };
    return {
      origin: self.origin,
      parentDocument: tryIt(() => parent.document.title),
      parentStorage: tryIt(() => parent.localStorage.length),
      localStorage: tryIt(() => localStorage.length),
    };
  });
  assert.equal(inFrame.origin, 'null');
  for (const k of ['parentDocument', 'parentStorage', 'localStorage']) assert.match(inFrame[k], /^blocked/, k);
  // A Worker of the frame with none of handler-host.js's stubs: only the policy and the
  // opaque origin stand in the way.
  const report = await frame.evaluate(([probe, U, P]) => new Promise((resolve, reject) => {
    const code = `${probe}\nprobe(${JSON.stringify(U)}, { page: ${JSON.stringify(P)} }).then((r) => postMessage(r), (e) => postMessage({ failed: String(e) }));`;
    const w = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    w.onmessage = (e) => (e.data && e.data.type === 'result' ? undefined : resolve(e.data));
    w.onerror = (e) => reject(new Error(e.message));
  }), [PROBE, target, app.url]);
  // A Worker may always message whoever started it: here the test's own Worker in the frame.
  assertNothingObtained(report, 'raw Worker', ['postMessage', 'postMessage via prototype']);
  // The refusals come from the fence itself here, not from stubs.
  assert.match(report.fetch, /blocked: TypeError/);
  assert.match(report["fetch the page's own site"], /blocked: TypeError/);
  assert.match(report.indexedDB, /blocked: (SecurityError|InvalidStateError)|blocked: \w+Error/);
  assert.match(report.caches, /blocked: (SecurityError|ReferenceError)/);
  assert.match(report['nested Worker'], /nested Worker answered: .*"fetch":"blocked/);
  await page.waitForTimeout(1000);
  assert.deepEqual(seen, [], 'the recording server saw no request');
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, []);
});
