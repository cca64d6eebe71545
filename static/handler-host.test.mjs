// Tests of handler-host.js, the Lambda handler runtime (run: node --test static/).
// The Node.js host is driven through its real protocol (a child process, NDJSON on stdin/stdout);
// the Worker host is driven in a vm context that looks like a worker global scope.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import util from "node:util";
import vm from "node:vm";

const HOST = fileURLToPath(new URL("./handler-host.js", import.meta.url));
const ARN = "arn:aws:lambda:us-east-1:123456789012:function:F";

/** Lambda's context fields for invocation `id`. */
const context = (id) => ({ functionName: "F", functionVersion: "$LATEST", invokedFunctionArn: ARN, memoryLimitInMB: 128,
  awsRequestId: `req-${id}`, logGroupName: "/aws/lambda/F", logStreamName: "2026/11/25/[$LATEST]abc", timeoutMs: 3000 });

/** A running Node.js handler host. */
class NodeHost {
  constructor() {
    this.proc = spawn(process.execPath, [HOST], { stdio: ["pipe", "pipe", "inherit"] });
    this.waiting = new Map();
    this.nextId = 1;
    this.lines = [];
    this.ready = new Promise((resolve) => {
      createInterface({ input: this.proc.stdout }).on("line", (line) => {
        this.lines.push(line);
        const msg = JSON.parse(line);
        if (msg.type === "ready") resolve();
        if (msg.type === "result") {
          const w = this.waiting.get(msg.id);
          this.waiting.delete(msg.id);
          if (w) w(msg);
        }
        if (msg.type === "results") {
          this.batches.push(msg.results.map((r) => r.id));
          for (const r of msg.results) {
            const w = this.waiting.get(r.id);
            this.waiting.delete(r.id);
            if (w) w(r);
          }
        }
      });
    });
    /** The ids of each `results` message, in order. */
    this.batches = [];
  }

  /**
   * Sends one batch: `code` maps keys to sources (only new ones), `calls` are [key, event] pairs.
   * Resolves with the results in call order (each with the id and secret it was sent with).
   */
  batch(code, calls) {
    const invocations = calls.map(([fn, event]) => {
      const id = this.nextId++;
      return { id, secret: `s-${id}-${Math.random().toString(36).slice(2)}`, fn, event, context: context(id) };
    });
    const results = invocations.map((inv) => new Promise((resolve) => this.waiting.set(inv.id, resolve)));
    this.proc.stdin.write(JSON.stringify({ type: "invoke", code, invocations }) + "\n");
    return Promise.all(results).then((rs) => ({ invocations, results: rs }));
  }

  invoke(code, event = {}, context_ = {}) {
    const id = this.nextId++;
    const msg = {
      type: "invoke",
      id,
      code,
      event,
      context: { ...context(id), ...context_ },
    };
    const p = new Promise((resolve) => this.waiting.set(id, resolve));
    this.proc.stdin.write(JSON.stringify(msg) + "\n");
    return p;
  }

  close() {
    this.proc.kill();
  }
}

describe("Node.js host", () => {
  let host;
  before(async () => {
    host = new NodeHost();
    await host.ready;
  });
  after(() => host.close());

  const ok = async (code, event, expected) => {
    const r = await host.invoke(code, event);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.payload, expected);
    assert.equal(typeof r.durationMs, "number");
    return r;
  };
  const fails = async (code, errorType, errorMessage) => {
    const r = await host.invoke(code);
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.error.errorType, errorType);
    if (errorMessage !== undefined) assert.equal(r.error.errorMessage, errorMessage);
    assert.ok(Array.isArray(r.error.trace));
    return r;
  };

  test("the tutorial's callback handler", () =>
    ok('exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };', { who: "bob" }, "Hello, bob!"));
  test("exports.handler async", () => ok("exports.handler = async (e) => e.n + 1;", { n: 1 }, 2));
  test("module.exports.handler", () => ok("module.exports.handler = async (e) => [e];", 5, [5]));
  test("module.exports = { handler }", () => ok("async function handler(e) { return { e }; }\nmodule.exports = { handler };", "x", { e: "x" }));
  test("ESM export const", () => ok("export const handler = async (event) => event.a;", { a: [1] }, [1]));
  test("ESM export async function", () => ok("export async function handler(event) { return event; }", null, null));
  test("ESM with top-level await", () => ok("const v = await Promise.resolve(3);\nexport const handler = async () => v;", {}, 3));
  test("non-async handler returning a promise", () => ok("exports.handler = (e) => new Promise((r) => setTimeout(() => r('later'), 5));", {}, "later"));
  test("non-async handler returning a value gives null, as in Lambda", () => ok("exports.handler = (e) => 42;", {}, null));
  test("callback from a timer", () => ok("exports.handler = (e, c, cb) => { setTimeout(() => cb(null, 'tick'), 5); };", {}, "tick"));
  test("the first of callback and returned promise wins", () =>
    ok("exports.handler = async (e, c, cb) => { cb(null, 'callback'); return 'promise'; };", {}, "callback"));
  test("context.succeed / context.done", async () => {
    await ok("exports.handler = (e, c) => { c.succeed('s'); };", {}, "s");
    await ok("exports.handler = (e, c) => { c.done(null, 'd'); };", {}, "d");
  });
  test("undefined becomes null; the result goes through JSON", async () => {
    await ok("exports.handler = async () => undefined;", {}, null);
    await ok("exports.handler = async () => ({ d: new Date(0), f() {}, u: undefined, n: NaN });", {}, { d: "1970-01-01T00:00:00.000Z", n: null });
  });
  test("context fields", () =>
    ok(
      "exports.handler = async (e, c) => ({ n: c.functionName, v: c.functionVersion, arn: c.invokedFunctionArn, m: c.memoryLimitInMB, id: c.awsRequestId, g: c.logGroupName, s: c.logStreamName, left: c.getRemainingTimeInMillis() > 2000 && c.getRemainingTimeInMillis() <= 3000, w: c.callbackWaitsForEmptyEventLoop, env: process.env.AWS_LAMBDA_FUNCTION_NAME });",
      {},
      { n: "F", v: "$LATEST", arn: ARN, m: "128", id: `req-${host.nextId}`, g: "/aws/lambda/F", s: "2026/11/25/[$LATEST]abc", left: true, w: true, env: "F" },
    ));

  test("a thrown Error: name, message and the handler's own stack frames", async () => {
    const r = await fails("exports.handler = async () => {\n  throw new TypeError('bad thing');\n};", "TypeError", "bad thing");
    assert.equal(r.error.trace[0], "TypeError: bad thing");
    assert.match(r.error.trace[1], /^\s+at .*\/var\/task\/index\.js:2:\d+\)?$/);
    assert.ok(r.error.trace.every((l) => !l.includes("handler-host")), r.error.trace.join("\n"));
  });
  test("a custom error name", () =>
    fails("exports.handler = async () => { const e = new Error('x'); e.name = 'CustomException'; throw e; };", "CustomException", "x"));
  test("an error class", () =>
    fails("class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }\nexports.handler = async () => { throw new MyError('m'); };", "MyError", "m"));
  test("thrown non-errors follow Lambda: errorType is typeof", async () => {
    const r = await fails("exports.handler = async () => { throw 'just a string'; };", "string", "just a string");
    assert.deepEqual(r.error.trace, []);
    await fails("exports.handler = async () => { throw 42; };", "number", "42");
    await fails("exports.handler = async () => { throw { a: 1 }; };", "object", "[object Object]");
    await fails("exports.handler = async () => Promise.reject(null);", "string", "handled");
  });
  test("callback with an error", () => fails("exports.handler = (e, c, cb) => cb(new RangeError('r'));", "RangeError", "r"));
  test("callback with a string error", () => fails("exports.handler = (e, c, cb) => cb('nope');", "string", "nope"));
  test("a sync throw in a callback handler", () => fails("exports.handler = (e, c, cb) => { null.x; };", "TypeError"));
  test("an exception thrown in a timer fails the invocation", () =>
    fails("exports.handler = (e, c, cb) => { setTimeout(() => { throw new Error('late'); }, 1); };", "Error", "late"));
  test("require is not available", async () => {
    const r = await fails("const fs = require('fs');\nexports.handler = async () => 1;", "Runtime.ImportModuleError");
    assert.match(r.error.errorMessage, /require\('fs'\) is not available in ASL Playground handlers/);
  });
  test("ES module imports are refused", async () => {
    const r = await fails("import fs from 'node:fs';\nexport const handler = async () => 1;", "Runtime.ImportModuleError");
    assert.match(r.error.errorMessage, /not available in ASL Playground handlers/);
  });
  test("import() is refused too, before the code runs", async () => {
    const r = await fails("exports.handler = async () => (await import('node:fs')).readFileSync('/etc/passwd', 'utf8');", "Runtime.ImportModuleError");
    assert.equal(r.error.errorMessage, "Error: import 'node:fs' is not available in ASL Playground handlers");
    await fails("export { readFileSync as handler } from 'node:fs';", "Runtime.ImportModuleError");
  });
  test("syntax errors", () => fails("exports.handler = async (e) => {", "Runtime.UserCodeSyntaxError"));
  test("no handler exported", async () => {
    await fails("exports.other = async () => 1;", "Runtime.HandlerNotFound", "index.handler is undefined or not exported");
    await fails("exports.handler = 5;", "Runtime.HandlerNotFound", "index.handler is not a function");
  });
  test("a result that cannot be serialised", () =>
    fails("exports.handler = async () => { const o = {}; o.o = o; return o; };", "Runtime.JSONStringifyError"));

  test("console output is captured per invocation with levels, never on stdout", async () => {
    const before = host.lines.length;
    const r = await host.invoke(
      "exports.handler = async () => { console.log('a %s %d', 'b', 3, { x: [1] }); console.info('i'); console.warn('w'); console.error(new Error('e').message); console.debug('d'); process.stdout.write('raw\\n'); return 1; };",
    );
    assert.deepEqual(
      r.logs.map((l) => [l.level, l.message]),
      [["log", "a b 3 { x: [ 1 ] }"], ["info", "i"], ["warn", "w"], ["error", "e"], ["debug", "d"], ["log", "raw"]],
    );
    for (const line of host.lines.slice(before)) assert.doesNotThrow(() => JSON.parse(line), line);
    const next = await host.invoke("exports.handler = async () => 2;");
    assert.deepEqual(next.logs, []);
  });

  test("the module stays loaded between invocations (a warm container)", async () => {
    const code = "let n = 0;\nexports.handler = async () => ++n;";
    assert.equal((await host.invoke(code)).payload, 1);
    assert.equal((await host.invoke(code)).payload, 2);
  });

  test("invocations queue up and answer with their own ids", async () => {
    const rs = await Promise.all([1, 2, 3].map((n) => host.invoke("exports.handler = (e) => new Promise((r) => setTimeout(() => r(e), 10 - e));", n)));
    assert.deepEqual(rs.map((r) => r.payload), [1, 2, 3]);
  });

  test("process.env is Lambda's, not the caller's", async () => {
    const r = await host.invoke("exports.handler = async () => [process.env.HOME, process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE];");
    assert.deepEqual(r.payload, [null, "us-east-1", "128"]);
  });

  test("process.env is a plain object of Lambda's strings, and the clock is UTC", async () => {
    const r = await host.invoke(
      "exports.handler = async () => { process.env.B = 'x'; delete process.env.B; return [typeof process.env.AWS_REGION, Object.getPrototypeOf(process.env) === Object.prototype, 'B' in process.env, new Date(0).getHours(), new Date(0).getTimezoneOffset()]; };",
    );
    assert.deepEqual(r.payload, ["string", true, false, 0, 0]);
  });

  test("requests written in one batch, or split mid-line, are each answered", async () => {
    const lines = [10, 11, 12, 13].map((n) => {
      const id = host.nextId++;
      const msg = { type: "invoke", id, code: "exports.handler = async (e) => e * 2;", event: n, context: { functionName: "F", invokedFunctionArn: ARN, awsRequestId: `req-${id}` } };
      return [id, JSON.stringify(msg) + "\n"];
    });
    const answers = lines.map(([id]) => new Promise((resolve) => host.waiting.set(id, resolve)));
    const text = lines.map(([, l]) => l).join("");
    const cut = Math.floor(text.length / 2) + 3;
    host.proc.stdin.write(text.slice(0, cut));
    await new Promise((r) => setTimeout(r, 20));
    host.proc.stdin.write(text.slice(cut));
    const rs = await Promise.all(answers);
    assert.deepEqual(rs.map((r) => r.payload), [20, 22, 24, 26]);
  });
});

describe("Node.js host: batches", () => {
  let host;
  before(async () => {
    host = new NodeHost();
    await host.ready;
  });
  after(() => host.close());

  test("one message carries many invocations; their results come back in one message, with their ids and secrets", async () => {
    const code = { hello: 'exports.handler = (event, context, callback) => { context.callbackWaitsForEmptyEventLoop = false; callback(null, "Hello, " + event.who + "!"); };',
      add: "exports.handler = async (e, c) => { console.log('n', e.n); return { n: e.n + 1, id: c.awsRequestId }; };" };
    const before = host.batches.length;
    const calls = [];
    for (let i = 0; i < 50; i++) calls.push(i % 2 ? ["add", { n: i }] : ["hello", { who: `w${i}` }]);
    const { invocations, results } = await host.batch(code, calls);
    assert.equal(host.batches.length - before, 1, `one results message: ${JSON.stringify(host.batches.slice(before))}`);
    results.forEach((r, i) => {
      assert.equal(r.id, invocations[i].id);
      assert.equal(r.secret, invocations[i].secret);
      assert.equal(r.ok, true, JSON.stringify(r));
      if (i % 2) {
        assert.deepEqual(r.payload, { n: i + 1, id: `req-${invocations[i].id}` });
        assert.deepEqual(r.logs, [{ level: "log", message: `n ${i}` }]);
      } else {
        assert.equal(r.payload, `Hello, w${i}!`);
        assert.deepEqual(r.logs, []);
      }
      assert.equal(typeof r.durationMs, "number");
    });
  });

  test("a batch's shared contexts: each invocation gets its function's fields and its own request id", async () => {
    const code = { who: "exports.handler = async (e, c) => ({ n: c.functionName, id: c.awsRequestId, left: c.getRemainingTimeInMillis() > 5000, s: c.logStreamName, env: process.env.AWS_LAMBDA_FUNCTION_NAME });" };
    const invocations = [1, 2, 3].map((i) => ({ id: host.nextId++, secret: `c-${i}`, fn: "who", event: {}, ctx: i === 3 ? "c1" : "c0", awsRequestId: `shared-${i}` }));
    const contexts = {
      c0: { ...context(0), functionName: "G", logGroupName: "/aws/lambda/G", timeoutMs: 3000 },
      c1: { ...context(0), functionName: "H", logGroupName: "/aws/lambda/H", timeoutMs: 9000 },
    };
    delete contexts.c0.awsRequestId;
    delete contexts.c1.awsRequestId;
    const results = invocations.map((inv) => new Promise((resolve) => host.waiting.set(inv.id, resolve)));
    host.proc.stdin.write(JSON.stringify({ type: "invoke", code, contexts, invocations }) + "\n");
    const rs = await Promise.all(results);
    assert.deepEqual(rs.map((r) => r.payload), [
      { n: "G", id: "shared-1", left: false, s: "2026/11/25/[$LATEST]abc", env: "G" },
      { n: "G", id: "shared-2", left: false, s: "2026/11/25/[$LATEST]abc", env: "G" },
      { n: "H", id: "shared-3", left: true, s: "2026/11/25/[$LATEST]abc", env: "H" },
    ]);
  });

  test("a handler answers task tokens with require('@aws-sdk/client-sfn'); the answers come with its result", async () => {
    const code = {
      sfn: `const { SFNClient, SendTaskSuccessCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand } = require("@aws-sdk/client-sfn");
const client = new SFNClient({ region: "us-east-1" });
exports.handler = async (event) => {
  await client.send(new SendTaskHeartbeatCommand({ taskToken: event.t }));
  await new Promise((r) => setTimeout(r, 5));
  if (event.fail) return client.send(new SendTaskFailureCommand({ taskToken: event.t, error: "No", cause: "because" }));
  let refused = "";
  try { await client.send(new SendTaskSuccessCommand({ taskToken: event.t, output: "{not json" })); } catch (e) { refused = e.name; }
  const r = await client.send(new SendTaskSuccessCommand({ taskToken: event.t, output: JSON.stringify({ ok: 1 }) }));
  return { refused, status: r.$metadata.httpStatusCode };
};`,
    };
    const { results } = await host.batch(code, [["sfn", { t: "tok-1" }], ["sfn", { t: "tok-2", fail: true }]]);
    assert.deepEqual(results[0].payload, { refused: "InvalidOutput", status: 200 });
    assert.deepEqual(results[0].answers, [
      { token: "tok-1", action: "heartbeat" },
      { token: "tok-1", action: "success", output: '{"ok":1}' },
    ]);
    assert.deepEqual(results[1].answers, [
      { token: "tok-2", action: "heartbeat" },
      { token: "tok-2", action: "failure", error: "No", cause: "because" },
    ]);
    // Other packages are still refused.
    const other = await host.batch({ pkg: 'exports.handler = async () => require("lodash");' }, [["pkg", {}]]);
    assert.equal(other.results[0].error.errorType, "Runtime.ImportModuleError");
  });

  test("callback handlers that wait for the empty event loop come back batched too", async () => {
    const code = { tutorial: 'exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };' };
    await host.batch(code, [["tutorial", { who: "warm" }]]);
    const before = host.batches.length;
    const calls = [];
    for (let i = 0; i < 200; i++) calls.push(["tutorial", { who: `w${i}` }]);
    const { results } = await host.batch({}, calls);
    assert.deepEqual(results.map((r) => r.payload), calls.map(([, e]) => `Hello, ${e.who}!`));
    const messages = host.batches.length - before;
    assert.ok(messages <= 20, `${messages} results messages for 200 invocations`);
  });

  test("sources are sent once: later batches name them by key; an unknown key fails that invocation only", async () => {
    await host.batch({ k1: "let n = 0;\nexports.handler = async () => ++n;" }, [["k1", {}]]);
    const { results } = await host.batch({}, [["k1", {}], ["nope", {}], ["k1", {}]]);
    assert.deepEqual(results.map((r) => r.payload), [2, undefined, 3]);
    assert.equal(results[1].ok, false);
    assert.equal(results[1].error.errorType, "Runtime.Unknown");
    assert.match(results[1].error.errorMessage, /"nope"/);
  });

  test("a handler waiting for a timer does not hold back results finished before it", async () => {
    const code = { fast: "exports.handler = async (e) => e;", slow: "exports.handler = (e) => new Promise((r) => setTimeout(() => r(e), 60));" };
    const before = host.batches.length;
    const { invocations, results } = await host.batch(code, [["fast", 1], ["fast", 2], ["slow", 3], ["fast", 4]]);
    assert.deepEqual(results.map((r) => r.payload), [1, 2, 3, 4]);
    const ids = invocations.map((i) => i.id);
    assert.deepEqual(host.batches.slice(before), [[ids[0], ids[1]], [ids[2], ids[3]]]);
  });

  test("invocations of a batch run one after another, in order", async () => {
    const code = { t: "let log = [];\nexports.handler = (e) => new Promise((r) => { log.push('start ' + e); setTimeout(() => { log.push('end ' + e); r(log.slice()); }, 5); });" };
    const { results } = await host.batch(code, [["t", 1], ["t", 2], ["t", 3]]);
    assert.deepEqual(results[2].payload, ["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  test("a handler that replaces built-ins cannot read the other invocations' messages nor alter their replies", async () => {
    // Runs first in its batch; patches what a host would naturally use, and records whatever it
    // is handed; then a spy invocation (on a fresh host, below) is not needed: the patches
    // report into a global that the last handler of the batch returns.
    const hostile = `exports.handler = async () => {
      const seen = (globalThis.seen = []);
      const note = (what, v) => { try { seen[seen.length] = what + ":" + String(JSON.__realStringify(v)); } catch (e) { seen[seen.length] = what; } };
      JSON.__realStringify = JSON.stringify;
      const realParse = JSON.parse;
      JSON.stringify = function (v) { note("stringify", v); return '{"type":"results","results":[{"id":1,"secret":"x","ok":true,"payload":"forged"}]}'; };
      JSON.parse = function (t) { note("parse", t); return realParse(t); };
      const push = Array.prototype.push;
      Array.prototype.push = function (...a) { note("push", a); return push.apply(this, a); };
      for (const k of ["secret", "payload", "id", "ok", "results", "event", "logs", "invocations", "next"]) {
        Object.defineProperty(Object.prototype, k, { configurable: true, set(v) { note("set " + k, v); }, get() { note("get " + k, this); return undefined; } });
      }
      Object.defineProperty(Object.prototype, Symbol.iterator, { configurable: true, get() { note("iterator", this); return undefined; } });
      return "patched";
    };`;
    const victim = "exports.handler = async (e, c) => { console.log('victim', e.v); return { got: e.v, list: [1, 2], id: c.awsRequestId }; };";
    const spy = "exports.handler = async () => globalThis.seen.slice();";
    const { invocations, results } = await host.batch({ hostile, victim, spy }, [["hostile", {}], ["victim", { v: "secret-event-1" }], ["victim", { v: "secret-event-2" }], ["spy", {}]]);
    assert.equal(results[0].payload, "patched");
    for (const i of [1, 2]) {
      assert.equal(results[i].ok, true, JSON.stringify(results[i]));
      assert.deepEqual(results[i].payload, { got: `secret-event-${i}`, list: [1, 2], id: `req-${invocations[i].id}` });
      assert.deepEqual(results[i].logs, [{ level: "log", message: `victim secret-event-${i}` }]);
      assert.equal(results[i].secret, invocations[i].secret);
    }
    const seen = results[3].payload.join("\n");
    for (const inv of invocations) assert.ok(!seen.includes(inv.secret), `the hostile handler saw a secret:\n${seen}`);
    assert.ok(!seen.includes("secret-event-2"), `the hostile handler saw another invocation's event:\n${seen}`);
  });

  const hooks = {
    "Object.prototype.then": "Object.defineProperty(Object.prototype, 'then', { configurable: true, get() { note(this); return undefined; } });",
    "Object.prototype.toJSON": "Object.prototype.toJSON = function () { note(this); return 'forged'; };",
    "Promise.prototype.then": "const then = Promise.prototype.then; Promise.prototype.then = function (a, b) { return then.call(this, (v) => { note(v); return a ? a('forged') : v; }, b); };",
    "Promise.prototype.constructor": "Promise.prototype.constructor = function Fake(ex) { return new Promise(ex); };",
  };
  for (const [what, patch] of Object.entries(hooks)) {
    test(`a handler that hooks ${what} retires the runtime: the rest of the batch is sent back to run elsewhere`, async () => {
      const h = new NodeHost();
      await h.ready;
      try {
        const hostile = `const note = (v) => { try { (globalThis.seen ||= []).length; globalThis.seen[globalThis.seen.length] = String(JSON.stringify(v)); } catch (e) {} };\nexports.handler = async () => { ${patch} return 1; };`;
        const victim = "exports.handler = async (e) => ({ v: e });";
        const { invocations, results } = await h.batch({ hostile, victim }, [["victim", "before"], ["hostile", {}], ["victim", "after"], ["victim", "after2"]]);
        assert.deepEqual(results[0].payload, { v: "before" });
        assert.equal(results[1].ok, true, JSON.stringify(results[1]));
        for (const i of [2, 3]) {
          assert.deepEqual(results[i], { id: invocations[i].id, secret: invocations[i].secret, retry: true });
        }
        const later = await h.batch({}, [["victim", "later"]]);
        assert.equal(later.results[0].retry, true);
      } finally {
        h.close();
      }
    });
  }
});

/** handler-host.js in a vm context that looks like a Web Worker's global scope. */
function workerHost() {
  const src = readFileSync(HOST, "utf8");
  const posted = [];
  const listeners = {};
  const scope = {
    setTimeout, clearTimeout, setInterval, clearInterval, performance, URL, Blob, TextEncoder, crypto,
    postMessage: (m) => posted.push(typeof m === "string" ? JSON.parse(m) : structuredClone(m)),
    addEventListener: (t, f) => (listeners[t] ||= []).push(f),
    importScripts: () => {},
    fetch: async () => "network!",
    XMLHttpRequest: class {},
    indexedDB: { open() {} },
  };
  scope.self = scope;
  vm.runInContext(src, vm.createContext(scope), { filename: "http://localhost/handler-host.js" });
  const results = () => posted.filter((m) => m.type === "results").flatMap((m) => m.results);
  const waitFor = (ids) =>
    new Promise((resolve) => {
      const check = () => {
        const rs = ids.map((id) => results().find((r) => r.id === id));
        if (rs.every(Boolean)) resolve(rs);
        else setTimeout(check, 2);
      };
      check();
    });
  let next = 1000;
  /** Sends one batch as a JSON string (as the page does); resolves with the results in order. */
  const batch = (code, calls) => {
    const invocations = calls.map(([fn, event]) => {
      const id = next++;
      return { id, secret: `w-${id}`, fn, event, context: { functionName: "W", invokedFunctionArn: ARN, awsRequestId: `r${id}` } };
    });
    listeners.message[0]({ data: JSON.stringify({ type: "invoke", code, invocations }) });
    return waitFor(invocations.map((i) => i.id));
  };
  const invoke = async (code, event = {}) => (await batch({ f: code }, [["f", event]]))[0];
  return { posted, invoke, batch, results };
}

describe("Worker host", () => {
  test("says ready, runs handlers, captures console with the built-in formatter", async () => {
    const w = workerHost();
    assert.deepEqual(w.posted[0], { type: "ready" });
    assert.equal(w.posted.length, 1);
    const r = await w.invoke("exports.handler = async (e, c) => { console.log('hi', { a: [1, 'two'] }); return [e, c.functionName]; };", { x: 1 });
    assert.equal(r.ok, true);
    assert.deepEqual(r.payload, [{ x: 1 }, "W"]);
    assert.deepEqual(r.logs, [{ level: "log", message: "hi { a: [ 1, 'two' ] }" }]);
  });

  test("blocks the network, storage and the message channel", async () => {
    const w = workerHost();
    const r = await w.invoke(
      "exports.handler = async () => { const out = []; for (const f of [() => fetch('http://x'), () => new XMLHttpRequest(), () => indexedDB.open('db'), () => postMessage({ type: 'result' }), () => importScripts('x.js')]) { try { f(); out.push('reached'); } catch (e) { out.push(e.message); } } return out; };",
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    for (const m of r.payload) assert.match(m, /is not available in ASL Playground handlers/);
  });

  test("errors have Lambda's shape", async () => {
    const w = workerHost();
    const r = await w.invoke("exports.handler = async () => { const e = new Error('boom'); e.name = 'Custom'; throw e; };");
    assert.equal(r.ok, false);
    assert.equal(r.error.errorType, "Custom");
    assert.equal(r.error.errorMessage, "boom");
    assert.match(r.error.trace[1], /\/var\/task\/index\.js:1:\d+/);
  });
});

describe("the browser's util.format approximation", () => {
  const hook = {};
  before(async () => {
    globalThis.__ASL_HANDLER_HOST_TEST__ = hook;
    // Loaded under another URL so the module cache gives a fresh copy that sees the hook.
    await import(new URL("./handler-host.js?internals", import.meta.url).href);
    delete globalThis.__ASL_HANDLER_HOST_TEST__;
  });

  const cases = [
    ["plain", "text"],
    ["substitutions", "%s|%d|%i|%f|%j|%%|%c!", "a", "42", 4.7, "1.5", { a: 1 }, "css"],
    ["extra arguments", "x", 1, "two", [3], { four: 4 }, null, undefined, true],
    ["nested objects", { a: { b: { c: { d: 1 } } } }],
    ["quotes", ["it's", 'say "hi"', "plain"]],
    ["keys", { "a-b": 1, c: "d\ne", $ok: 2 }],
    ["empty", {}, [], ""],
    ["numbers", -0, 10n, 1.5, NaN],
    ["functions", function foo() {}, () => 1, class A {}],
    ["dates and regexps", new Date(0), /re/g],
    ["maps and sets", new Map([["k", 1]]), new Set([1, "a"])],
    ["circular", (() => { const o = { a: 1 }; o.self = o; return o; })()],
    ["long objects break lines", { aaaaaaaaaa: 1111111111, bbbbbbbbbbbb: 2222222222222, ccccccccccc: 33333333333, dddddddddd: 4444444444 }],
    ["%s of an object", "%s", { a: { b: 1 } }],
    ["class instances", new (class Foo { constructor() { this.x = 1; } })()],
    ["null prototype", Object.create(null)],
    ["missing arguments", "%s and %s", "one"],
  ];
  for (const [name, ...args] of cases) {
    test(name, () => assert.equal(hook.format(...args), util.format(...args)));
  }
});

// Callback semantics, as Lambda's runtime client (aws-lambda-nodejs-runtime-interface-client,
// src/Runtime.js and src/CallbackContext.js) implements them, and the REPORT line's metrics.
describe("Node.js host: callbacks, the empty event loop and REPORT metrics", () => {
  let host;
  before(async () => {
    host = new NodeHost();
    await host.ready;
  });
  after(() => host.close());

  test("a callback handler that never calls back ends with null when its event loop empties", async () => {
    const t0 = Date.now();
    const r = await host.invoke("exports.handler = (event, context, callback) => { console.log('no callback'); };");
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.payload, null);
    assert.ok(Date.now() - t0 < 1000, "not a timeout");
    assert.deepEqual(r.logs.map((l) => l.message), ["no callback"]);
    // ... after its timers have run.
    const late = await host.invoke("exports.handler = (e, c, cb) => { setTimeout(() => console.log('timer ran'), 20); };");
    assert.equal(late.payload, null);
    assert.deepEqual(late.logs.map((l) => l.message), ["timer ran"]);
    assert.ok(late.durationMs >= 15, String(late.durationMs));
  });

  test("callbackWaitsForEmptyEventLoop (true by default): the result waits for pending timers", async () => {
    const r = await host.invoke("exports.handler = (e, c, cb) => { setTimeout(() => console.log('after the callback'), 30); cb(null, 'done'); };");
    assert.equal(r.payload, "done");
    assert.deepEqual(r.logs.map((l) => l.message), ["after the callback"]);
    assert.ok(r.durationMs >= 25, String(r.durationMs));
  });

  test("callbackWaitsForEmptyEventLoop = false: the result comes at once, pending work is frozen", async () => {
    const r = await host.invoke(
      "exports.handler = (e, c, cb) => { c.callbackWaitsForEmptyEventLoop = false; setTimeout(() => console.log('leaked'), 30); cb(null, 'now'); };",
    );
    assert.equal(r.payload, "now");
    assert.deepEqual(r.logs, []);
    assert.ok(r.durationMs < 25, String(r.durationMs));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const next = await host.invoke("exports.handler = async () => 'next';");
    assert.deepEqual(next.logs, [], "the frozen timer's log does not reach the next invocation");
  });

  test("an error answers at once even when waiting for the event loop", async () => {
    const r = await host.invoke("exports.handler = (e, c, cb) => { setTimeout(() => console.log('x'), 200); cb(new Error('now')); };");
    assert.equal(r.ok, false);
    assert.equal(r.error.errorMessage, "now");
    assert.ok(r.durationMs < 150, String(r.durationMs));
  });

  test("an async handler's answer does not wait, and its leftover timers do not leak", async () => {
    const r = await host.invoke("exports.handler = async () => { setTimeout(() => console.log('left behind'), 20); return 1; };");
    assert.equal(r.payload, 1);
    assert.deepEqual(r.logs, []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual((await host.invoke("exports.handler = async () => 2;")).logs, []);
  });

  test("only the first answer counts: callback, then context.succeed", async () => {
    const r = await host.invoke("exports.handler = (e, c, cb) => { cb(null, 'first'); c.succeed('second'); };");
    assert.equal(r.payload, "first");
  });

  test("an async handler whose promise never settles fails with Runtime.NodeJsExit", async () => {
    const r = await host.invoke("exports.handler = async () => { await new Promise(() => {}); };");
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.error.errorType, "Runtime.NodeJsExit");
  });

  test("a cold start reports Init Duration once; Max Memory Used is the process's peak", async () => {
    const code = "const big = Array.from({ length: 1000 }, (_, i) => i);\nexports.handler = async () => big.length;";
    const cold = await host.invoke(code);
    const warm = await host.invoke(code);
    assert.equal(typeof cold.initDurationMs, "number");
    assert.ok(cold.initDurationMs >= 0);
    assert.equal(warm.initDurationMs, undefined);
    for (const r of [cold, warm]) {
      assert.ok(Number.isInteger(r.maxMemoryUsedMB) && r.maxMemoryUsedMB > 10, String(r.maxMemoryUsedMB));
    }
  });
});
