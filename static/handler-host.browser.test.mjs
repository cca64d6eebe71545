// handler-host.js as the browser loads it: a module Web Worker in headless Chromium
// (run: node --test static/). Skipped when Chromium or playwright-core (web/node_modules) is
// missing; scripts/setup --browser installs both.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CHROMIUM = "/usr/bin/chromium";
const HOST_JS = readFileSync(new URL("./handler-host.js", import.meta.url));
const PAGE = `<!doctype html><link rel="icon" href="data:,"><script>
  const worker = new Worker("/handler-host.js", { type: "module" });
  const waiting = new Map();
  window.ready = new Promise((resolve) => {
    worker.onmessage = (ev) => {
      if (ev.data.type === "ready") resolve(true);
      if (ev.data.type === "result") { waiting.get(ev.data.id)(ev.data); waiting.delete(ev.data.id); }
    };
  });
  let next = 1;
  window.invoke = (code, event) => new Promise((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    worker.postMessage({ type: "invoke", id, code, event, context: { functionName: "F",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:F", awsRequestId: "r" + id,
      memoryLimitInMB: 128, functionVersion: "$LATEST", logGroupName: "/aws/lambda/F", logStreamName: "s", timeoutMs: 3000 } });
  });
</script>`;

let playwright = null;
try {
  playwright = createRequire(new URL("../web/package.json", import.meta.url))("playwright-core");
} catch (_e) {
  playwright = null;
}
const skip = !existsSync(CHROMIUM) || !playwright ? "needs Chromium and web/node_modules/playwright-core" : false;

let server, context, page, profile;
before(async () => {
  if (skip) return;
  server = createServer((req, res) => {
    if (req.url === "/handler-host.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(HOST_JS);
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(PAGE);
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  profile = mkdtempSync(join(tmpdir(), "handler-host-chromium-"));
  context = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  assert.equal(await page.evaluate(() => window.ready), true);
});
after(async () => {
  if (context) await context.close();
  if (server) server.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const invoke = (code, event = {}) => page.evaluate(([c, e]) => window.invoke(c, e), [code, event]);

test("the tutorial handler and ES modules run in a module Worker", { skip }, async () => {
  const hello = await invoke('exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };', { who: "meg" });
  assert.equal(hello.ok, true);
  assert.equal(hello.payload, "Hello, meg!");
  const esm = await invoke("export const handler = async (event, context) => ({ n: event.n, fn: context.functionName });", { n: 2 });
  assert.deepEqual(esm.payload, { n: 2, fn: "F" });
});

test("console is captured and errors have Lambda's shape", { skip }, async () => {
  const r = await invoke("exports.handler = async () => {\n  console.log('x', { a: [1, 'b'] });\n  const e = new Error('boom'); e.name = 'Custom';\n  throw e;\n};");
  assert.equal(r.ok, false);
  assert.deepEqual(r.logs, [{ level: "log", message: "x { a: [ 1, 'b' ] }" }]);
  assert.equal(r.error.errorType, "Custom");
  assert.equal(r.error.errorMessage, "boom");
  assert.match(r.error.trace[1], /\/var\/task\/index\.js:3:\d+/);
});

test("handlers cannot reach the network or storage", { skip }, async () => {
  const r = await invoke(
    "exports.handler = async () => { const out = []; for (const f of [() => fetch('/'), () => new XMLHttpRequest(), () => new WebSocket('ws://x'), () => indexedDB.open('d'), () => caches.open('c'), () => importScripts('/x.js'), () => postMessage({})]) { try { await f(); out.push('reached'); } catch (e) { out.push(String(e.message)); } } return out; };",
  );
  assert.equal(r.ok, true, JSON.stringify(r));
  for (const m of r.payload) assert.match(m, /not available in ASL Playground handlers/);
});

test("ES modules cannot import from the network", { skip }, async () => {
  for (const code of [
    "import x from 'https://example.invalid/x.js';\nexport const handler = async () => x;",
    "export const handler = async () => (await import('/handler-host.js')).default;",
  ]) {
    const r = await invoke(code);
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.error.errorType, "Runtime.ImportModuleError");
    assert.match(r.error.errorMessage, /is not available in ASL Playground handlers/);
  }
});

test("callback semantics in the Worker: null on an empty event loop, callbackWaitsForEmptyEventLoop", { skip }, async () => {
  const never = await invoke("exports.handler = (e, c, cb) => { setTimeout(() => console.log('ran'), 10); };");
  assert.equal(never.ok, true, JSON.stringify(never));
  assert.equal(never.payload, null);
  assert.deepEqual(never.logs.map((l) => l.message), ["ran"]);

  const waits = await invoke("exports.handler = (e, c, cb) => { setTimeout(() => console.log('waited'), 20); cb(null, 'w'); };");
  assert.equal(waits.payload, "w");
  assert.deepEqual(waits.logs.map((l) => l.message), ["waited"]);

  const frozen = await invoke("exports.handler = (e, c, cb) => { c.callbackWaitsForEmptyEventLoop = false; setTimeout(() => console.log('leaked'), 20); cb(null, 'f'); };");
  assert.equal(frozen.payload, "f");
  assert.deepEqual(frozen.logs, []);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const next = await invoke("exports.handler = async () => 'n';");
  assert.deepEqual(next.logs, []);
  // A Worker cannot measure its memory: no Max Memory Used; the cold start has an Init Duration.
  assert.equal(next.maxMemoryUsedMB, undefined);
  assert.equal(typeof next.initDurationMs, "number");
});

test("started by the sandbox frame: the Worker talks through the MessagePort of its first message only", { skip }, async () => {
  const r = await page.evaluate(() => new Promise((resolve) => {
    const w = new Worker("/handler-host.js", { type: "module" });
    const onSelf = [];
    const onPort = [];
    const { port1, port2 } = new MessageChannel();
    w.onmessage = (ev) => onSelf.push(ev.data.type);
    port1.onmessage = (ev) => {
      onPort.push(ev.data.type);
      if (ev.data.type === "ready") {
        port1.postMessage({ type: "invoke", id: 7, code: "exports.handler = async (e) => e.n + 1;", event: { n: 41 },
          context: { functionName: "F", awsRequestId: "r", timeoutMs: 3000 } });
        // After the port, the Worker's own channel is not listened to.
        w.postMessage({ type: "invoke", id: 8, code: "exports.handler = async () => 'via self';", event: {}, context: { functionName: "F" } });
      }
      if (ev.data.type === "result") setTimeout(() => { w.terminate(); resolve({ onSelf, onPort, result: ev.data }); }, 300);
    };
    w.postMessage({ type: "connect" }, [port2]);
  }));
  assert.deepEqual(r.onSelf, ["ready"], "only the start-up ready, for a host that started it directly");
  assert.deepEqual(r.onPort, ["ready", "result"]);
  assert.equal(r.result.id, 7);
  assert.equal(r.result.payload, 42);
});
