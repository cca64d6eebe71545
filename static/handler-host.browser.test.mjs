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
  window.messages = [];
  window.ready = new Promise((resolve) => {
    worker.onmessage = (ev) => {
      const msg = typeof ev.data === "string" ? JSON.parse(ev.data) : ev.data;
      window.messages.push(msg);
      if (msg.type === "ready") resolve(true);
      for (const r of msg.type === "results" ? msg.results : []) {
        const w = waiting.get(r.id);
        if (w && w.secret === r.secret) { waiting.delete(r.id); w.resolve(r); }
      }
    };
  });
  let next = 1;
  const context = (id) => ({ functionName: "F", invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:F",
    awsRequestId: "r" + id, memoryLimitInMB: 128, functionVersion: "$LATEST", logGroupName: "/aws/lambda/F",
    logStreamName: "s", timeoutMs: 3000 });
  // One batch: code maps keys to sources, calls are [key, event] pairs; resolves with the results.
  window.batch = (code, calls) => {
    const invocations = calls.map(([fn, event]) => {
      const id = next++;
      return { id, secret: crypto.randomUUID(), fn, event, context: context(id) };
    });
    const results = invocations.map((inv) => new Promise((resolve) => waiting.set(inv.id, { secret: inv.secret, resolve })));
    worker.postMessage(JSON.stringify({ type: "invoke", code, invocations }));
    return Promise.all(results).then((rs) => ({ invocations, results: rs }));
  };
  window.invoke = async (code, event) => (await window.batch({ ["k" + next]: code }, [["k" + next, event]])).results[0];
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
    const parse = (d) => (typeof d === "string" ? JSON.parse(d) : d);
    w.onmessage = (ev) => onSelf.push(parse(ev.data).type);
    port1.onmessage = (ev) => {
      const data = parse(ev.data);
      onPort.push(data.type);
      if (data.type === "ready") {
        port1.postMessage({ type: "invoke", id: 7, code: "exports.handler = async (e) => e.n + 1;", event: { n: 41 },
          context: { functionName: "F", awsRequestId: "r", timeoutMs: 3000 } });
        // After the port, the Worker's own channel is not listened to.
        w.postMessage({ type: "invoke", id: 8, code: "exports.handler = async () => 'via self';", event: {}, context: { functionName: "F" } });
      }
      if (data.type === "result") setTimeout(() => { w.terminate(); resolve({ onSelf, onPort, result: data }); }, 300);
    };
    w.postMessage({ type: "connect" }, [port2]);
  }));
  assert.deepEqual(r.onSelf, ["ready"], "only the start-up ready, for a host that started it directly");
  assert.deepEqual(r.onPort, ["ready", "result"]);
  assert.equal(r.result.id, 7);
  assert.equal(r.result.payload, 42);
});

test("handlers cannot see other invocations' requests nor forge or alter their replies", { skip }, async () => {
  const hostile = `exports.handler = async () => {
    const seen = (globalThis.seen = []);
    const stringify = JSON.stringify, push = Array.prototype.push;
    const note = (what, v) => { let t; try { t = what + ":" + String(stringify(v)); } catch (e) { t = what; } seen[seen.length] = t; };
    const tries = [
      () => self.addEventListener("message", (ev) => note("listener", ev.data), true),
      () => self.addEventListener("message", (ev) => note("listener", ev.data)),
      () => { self.onmessage = (ev) => note("onmessage", ev.data); },
      () => EventTarget.prototype.addEventListener.call(self, "message", (ev) => note("proto listener", ev.data)),
      () => { const d = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data"); Object.defineProperty(MessageEvent.prototype, "data", { configurable: true, get() { const v = d.get.call(this); note("data getter", v); return v; } }); },
      () => { const p = JSON.parse; JSON.parse = (t) => { note("parse", t); return p(t); }; },
      () => { const s = JSON.stringify; JSON.stringify = (v) => { note("stringify", v); return s(v); }; },
      () => { const push = Array.prototype.push; Array.prototype.push = function (...a) { note("push", a); return Reflect.apply(push, this, a); }; },
      () => Object.defineProperty(Object.prototype, "secret", { configurable: true, set(v) { note("set secret", v); }, get() { note("get secret", this); return undefined; } }),
      () => Object.defineProperty(Object.prototype, "payload", { configurable: true, set(v) { note("set payload", v); } }),
      () => postMessage(JSON.stringify({ type: "results", results: [{ id: 2, secret: "guess", ok: true, payload: "forged", logs: [], durationMs: 0 }] })),
      () => DedicatedWorkerGlobalScope.prototype.postMessage.call(self, "{}"),
      () => self.dispatchEvent(new MessageEvent("message", { data: JSON.stringify({ type: "invoke", code: { x: "exports.handler = async () => 'forged'" }, invocations: [{ id: 2, secret: "guess", fn: "x", event: {} }] }) })),
    ];
    const out = [];
    for (const t of tries) { try { t(); out.push("ok"); } catch (e) { out.push(String(e.message)); } }
    return out;
  };`;
  const victim = "exports.handler = async (e, c) => { console.log('victim', e.v); return { got: e.v, id: c.awsRequestId }; };";
  const spy = "exports.handler = async () => globalThis.seen;";
  const first = await page.evaluate(([h, v]) => window.batch({ hostile: h, victim: v }, [["hostile", {}], ["victim", { v: "event-1" }]]), [hostile, victim]);
  // The next batch goes through the Worker's message channel after the patches.
  const second = await page.evaluate(([s]) => window.batch({ spy: s }, [["victim", { v: "event-2" }], ["victim", { v: "event-3" }], ["spy", {}]]), [spy]);
  assert.equal(first.results[0].ok, true, JSON.stringify(first.results[0]));
  const all = [...first.invocations, ...second.invocations];
  const victims = [[first, 1, "event-1"], [second, 0, "event-2"], [second, 1, "event-3"]];
  for (const [b, i, v] of victims) {
    assert.deepEqual(b.results[i].payload, { got: v, id: `r${b.invocations[i].id}` });
    assert.deepEqual(b.results[i].logs, [{ level: "log", message: `victim ${v}` }]);
  }
  const seen = second.results[2].payload.join("\n");
  for (const inv of all) assert.ok(!seen.includes(inv.secret), `the hostile handler saw a secret:\n${seen}`);
  for (const v of ["event-2", "event-3"]) assert.ok(!seen.includes(v), `the hostile handler saw ${v}:\n${seen}`);
  // No request reached the handler's listeners, its data getter or its JSON.parse.
  for (const line of second.results[2].payload) assert.doesNotMatch(line, /^(listener|proto listener|onmessage|data getter|parse):/, seen);
  // Nothing the page received claims to be another invocation without its secret.
  const messages = await page.evaluate(() => window.messages);
  for (const m of messages) for (const r of m.results || []) {
    const inv = all.find((i) => i.id === r.id);
    if (inv) assert.equal(r.secret, inv.secret, JSON.stringify(r));
    assert.notEqual(r.payload, "forged", JSON.stringify(r));
  }
});
