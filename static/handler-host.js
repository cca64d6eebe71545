/*
 * ASL Playground handler host: runs Node.js-style AWS Lambda handlers.
 *
 * One file, two hosts:
 *   - the browser app runs it as a classic Web Worker started from a Blob URL of its text in
 *     the handler sandbox frame (see SANDBOX; a module Worker works too when started from a
 *     URL: the file has no import/export statements);
 *   - the CLI (`aslplay`) runs it with Node.js (`node handler-host.js`), in one child process or
 *     a few (a pool: see crates/aslplay/src/pool.rs).
 *
 * PROTOCOL (the same messages on both hosts; every runtime -> host message is JSON text)
 *   runtime -> host, once at startup:  {"type":"ready"}
 *   host -> runtime, a batch of invocations:
 *     {"type":"invoke",
 *      "code":{"<key>":"<handler source>",…},      sources this runtime has not been sent yet
 *      "contexts":{"<ckey>":{"functionName":"HelloFunction","functionVersion":"$LATEST",
 *                            "invokedFunctionArn":"arn:aws:lambda:…","memoryLimitInMB":128,
 *                            "logGroupName":"/aws/lambda/HelloFunction",
 *                            "logStreamName":"…","timeoutMs":3000},…},
 *      "invocations":[{"id":<number>,"secret":"<string>","fn":"<key>","event":<json>,
 *                      "ctx":"<ckey>","awsRequestId":"…"},…]}
 *     A key names one source for the life of the runtime (the host picks keys, e.g. the
 *     function's name and a hash of its source); an invocation whose key was never sent fails
 *     with Runtime.Unknown. Lambda's context fields that all the batch's invocations of one
 *     function share are sent once, under a context key of that message ("ctx"); the request
 *     id is the invocation's own. An invocation may instead carry its whole context,
 *     request id included: "context":{…all the fields above…, "awsRequestId":"…"}.
 *   runtime -> host, the results finished so far, at most one message per macrotask:
 *     {"type":"results","results":[
 *       {"id":<same>,"secret":<same>,"ok":true,"payload":<json>,"logs":[{"level":"log","message":"…"}],
 *        "durationMs":<float>},
 *       {"id":<same>,"secret":<same>,"ok":false,"error":{"errorType":"…","errorMessage":"…","trace":["…"]},
 *        "logs":[…],"durationMs":<float>},…]}
 *   A result may also carry, for the REPORT log line: "initDurationMs" (the handler's module
 *   was loaded by this invocation: a cold start; not part of durationMs) and "maxMemoryUsedMB"
 *   (Node.js only: the process's peak resident set; a Worker cannot measure its memory), and
 *   "answers": the task tokens the invocation answered through require("@aws-sdk/client-sfn")
 *   ([{"token":"…","action":"success","output":"<JSON text>"} | {…,"action":"failure",
 *   "error":"…","cause":"…"} | {…,"action":"heartbeat"}], in the order sent).
 *   Log levels: log, info, warn, error, debug, trace.
 *   The invocations run one after another in the order received (console capture is global);
 *   each result is queued as its invocation ends and the queue is sent once the microtasks are
 *   done: a batch of synchronous (or promise-only) handlers comes back in one message, and a
 *   handler waiting for a timer does not hold back the results finished before it.
 *   The host accepts a result only with the id AND secret of an invocation it sent to THIS
 *   runtime and has not had an answer for; anything else is dropped. Handlers never see the
 *   secret: the dispatch keeps it in its own closures, and from startup on uses only built-ins
 *   it captured then (Reflect.apply, JSON.parse/stringify, Promise.prototype.then, the real
 *   postMessage and MessageEvent data getter), so a handler that replaces built-ins cannot read
 *   other invocations' messages nor alter their replies. (Handlers of one runtime still share
 *   one JavaScript realm, as a warm Lambda container does: what one changes in the globals, the
 *   next one run there sees. The page gives each execution its own Workers.)
 *   A result may instead be {"id","secret","retry":true}: the invocation did not run, because a
 *   handler changed built-ins the runtime relies on (a `then` or `toJSON` on Object.prototype,
 *   Promise.prototype.then…); the host runs it on another runtime and retires this one.
 *   The older single-invocation request is still answered (the CLI used it):
 *     {"type":"invoke","id":<number>,"code":"<handler source>","event":<json>,"context":{…}}
 *     -> {"type":"result","id":<same>,"ok":…,…as above, without "secret"}
 *
 * CHANNELS
 *   Worker: host -> runtime, postMessage of a JSON string (or of a plain object); runtime ->
 *   host, postMessage of a JSON string. Started by the page's handler sandbox
 *   (static/handler-frame.html), the Worker's first message is {"type":"connect"} carrying one
 *   MessagePort: from then on requests come and responses ("ready" first) go through that port
 *   only, straight between the page and the Worker (the frame never sees them). Started
 *   directly (new Worker(url), as tests and benchmarks do), it says "ready" and answers on its
 *   own postMessage; its message listener is then the first one, in the capture phase, and
 *   stops the event: listeners a handler adds never see a request.
 *   Node.js: newline-delimited JSON, requests on stdin, responses on stdout (one JSON object per
 *   line). Handler output never reaches the real stdout: console.* is captured, and
 *   process.stdout.write / process.stderr.write are replaced by capturing functions, so only this
 *   host writes protocol lines. Lines on stdout that are not a JSON object with "type" must be
 *   ignored by the host. Diagnostics of the host itself go to stderr. The CLI pipelines: it
 *   writes each batch of invocations it has (one `invoke` line) without waiting for answers;
 *   each read of stdin is split into lines here (a line may span reads). The CLI times the
 *   running invocation from the answer before it and kills the process past the function's
 *   timeout; since a handler that blocks the runtime also holds back the results finished
 *   just before it (they wait for the macrotask), the CLI then runs each invocation that was
 *   in flight again, alone, and only one that times out alone is timed out.
 *
 * SEMANTICS (mimicking Lambda's Node.js runtime, aws-lambda-nodejs-runtime-interface-client)
 *   - One invocation at a time (console capture is global); further invocations queue up.
 *   - Handler forms: exports.handler / module.exports.handler / module.exports = { handler }
 *     (CommonJS, run with new Function; require() throws), and ES modules
 *     (export const handler / export async function handler; imported from a Blob URL in the
 *     browser, a data: URL in Node.js). A source that does not compile as CommonJS is tried as an
 *     ES module. A loaded module is kept per (function name, source): a warm container.
 *   - The handler is called as handler(event, context, callback), as Lambda's runtime client
 *     (aws-lambda-nodejs-runtime-interface-client, Runtime.js and CallbackContext.js) does: the
 *     first of callback / context.succeed / fail / done / the returned promise (thenable)
 *     answers, later ones are ignored. callback(null, result) waits until the event loop is
 *     empty (no pending timers) while context.callbackWaitsForEmptyEventLoop is true, the
 *     default; false (or an error, or context.succeed/fail/done, or a promise) answers at once.
 *     When the event loop empties and nothing has answered, a sync or callback handler ends with
 *     null (a sync handler's return value is ignored) and an async function whose promise never
 *     settled fails with Runtime.NodeJsExit.
 *   - Once an invocation has answered, its pending timers are frozen for good (cancelled): on
 *     AWS they would stay frozen with the environment; here they never run, so nothing they
 *     log reaches a later invocation.
 *   - Errors become {errorType: err.name, errorMessage: err.message, trace: err.stack lines}
 *     (only the frames of the handler's own code, named /var/task/index.js or index.mjs, are kept); a thrown non-Error gives errorType typeof value
 *     ("string", "number", "object"…) and an empty trace; rejecting with null/undefined gives
 *     errorType "string", errorMessage "handled", as Lambda does.
 *   - The result goes through a JSON round trip (undefined -> null); a value that cannot be
 *     serialised fails with Runtime.JSONStringifyError; more than 6 MB fails with
 *     Function.ResponseSizeTooLarge.
 *   - TIMEOUTS ARE THE HOST'S JOB: a handler that blocks (while (true) {}) blocks this runtime;
 *     the browser terminates and replaces the Worker, the CLI kills and respawns node.
 *
 * SANDBOX
 *   Browser: the fence is where the Worker runs, not this file. The page starts it from a hidden
 *   <iframe sandbox="allow-scripts"> (static/handler-frame.html, no allow-same-origin: an opaque
 *   origin, so self.origin is "null" and the page's storage, cookies and DOM are out of reach)
 *   as a classic Worker from a Blob URL of this file's text, and the Worker inherits the frame's
 *   Content-Security-Policy: connect-src 'none' (no fetch, XMLHttpRequest, WebSocket,
 *   EventSource, nested Worker's fetch either), script-src blob: 'unsafe-eval' (handler modules
 *   imported from Blob URLs made here, handlers compiled with new Function; no script from any
 *   server, so import() built at run time by eval or new Function fails too), no frames, no
 *   forms. Tried route by route in tests/e2e/isolation.test.mjs.
 *   The stubs below are for clear messages, not the fence.
 *   Both hosts: a source with an import declaration, `export … from` or import() is refused
 *   before it runs (Runtime.ImportModuleError; a textual check, so such words inside strings or
 *   comments are refused too); require() throws.
 *   Worker: fetch, XMLHttpRequest, WebSocket, WebSocketStream, EventSource, WebTransport,
 *   BroadcastChannel, Worker, SharedWorker, importScripts, indexedDB, caches, cookieStore,
 *   navigator.storage/locks/serviceWorker, self.postMessage and self.close are replaced by
 *   stubs that throw "… is not available in ASL Playground handlers" (and removed from the
 *   global object's prototypes).
 *   Node.js: besides, a module resolve hook (where Node supports module.register) refuses
 *   every import from handler modules;
 *   process.env holds Lambda's variables instead of the CLI's environment (a plain object: a
 *   value a handler assigns stays as given, where Node.js would turn it into a string; the real
 *   environment is emptied but for TZ=:UTC).
 */
(() => {
  "use strict";

  const G = globalThis;
  const IS_WORKER =
    (typeof G.WorkerGlobalScope === "function" && G instanceof G.WorkerGlobalScope) ||
    (typeof G.importScripts === "function" && typeof G.postMessage === "function" && typeof G.process === "undefined");
  const IS_NODE =
    !IS_WORKER && typeof G.process === "object" && G.process !== null && !!(G.process.versions && G.process.versions.node);
  /** Set by tests before loading this file: receives the internals instead of starting a host. */
  const TEST_HOOK = G.__ASL_HANDLER_HOST_TEST__;

  const MAX_LOG_LINES = 10000;
  const MAX_LOG_CHARS = 1 << 20;
  const MAX_RESPONSE_BYTES = 6291556;
  const TASK_ROOT = "/var/task";

  // ---------------------------------------------------------------------------------------------
  // Real timers, kept before handlers can see the tracked ones.
  const realSetTimeout = G.setTimeout.bind(G);
  const realClearTimeout = G.clearTimeout.bind(G);
  const realSetInterval = G.setInterval.bind(G);
  const realClearInterval = G.clearInterval.bind(G);
  const realSetImmediate = typeof G.setImmediate === "function" ? G.setImmediate.bind(G) : null;
  const realClearImmediate = typeof G.clearImmediate === "function" ? G.clearImmediate.bind(G) : null;
  /** A monotonic clock in ms: the real performance.now, kept at startup (read for every invocation). */
  const now = G.performance && typeof G.performance.now === "function" ? G.performance.now.bind(G.performance) : Date.now;

  // Primordials: the built-ins the host uses once handlers may have run, kept before any handler
  // can replace them (see DISPATCH below).
  const $apply = Reflect.apply;
  const $Promise = Promise;
  const $then = Promise.prototype.then;
  const $parse = JSON.parse;
  const $stringify = JSON.stringify;
  const $hasOwn = Object.prototype.hasOwnProperty;
  const $isArray = Array.isArray;
  const $String = String;
  const $defineProperty = Reflect.defineProperty;
  const $keys = Object.keys;
  const $ObjectProto = Object.prototype;
  const $ArrayProto = Array.prototype;
  const $FunctionProto = Function.prototype;
  const $PromiseProto = Promise.prototype;

  /** Calls the `fn` of each record of a linked list (`{fn, next}`); one that throws goes to `onError`. */
  function runCallbacks(item, onError) {
    while (item) {
      const fn = item.fn;
      item = item.next;
      try {
        fn();
      } catch (e) {
        onError(e);
      }
    }
  }

  /**
   * Runs `fn` in a later macrotask, after every microtask queued now: a task of the Worker's
   * scheduler (`scheduler.postTask`, ~8 µs in Chromium), else a MessageChannel message (~18 µs;
   * neither is clamped as nested timers are), setImmediate in Node.js. The callbacks queued in
   * one turn share one task or immediate (an invocation queues two or so). A callback handler
   * waits for one before it answers, so this is paid once per invocation.
   */
  const macrotask = (() => {
    const node = IS_NODE && realSetImmediate;
    if (node || (IS_WORKER && typeof G.MessageChannel === "function")) {
      // Callbacks due, a linked list of null-prototype records (no Array methods).
      let head = null;
      let tail = null;
      const runDue = () => {
        const item = head;
        head = tail = null;
        runCallbacks(item, (e) =>
          node
            ? onUncaught(e, "exception")
            : realSetTimeout(() => {
                throw e;
              }, 0),
        );
      };
      let post;
      const sched = IS_WORKER ? G.scheduler : null;
      if (node) {
        post = () => realSetImmediate(runDue);
      } else if (sched && typeof sched.postTask === "function") {
        const postTask = sched.postTask.bind(sched);
        post = () => postTask(runDue);
      } else {
        const channel = new G.MessageChannel();
        post = channel.port2.postMessage.bind(channel.port2, null);
        channel.port1.onmessage = runDue;
      }
      return (fn) => {
        const item = { __proto__: null, fn, next: null };
        if (tail) tail.next = item;
        else {
          head = item;
          post();
        }
        tail = item;
      };
    }
    return (fn) => realSetTimeout(fn, 0);
  })();

  // ---------------------------------------------------------------------------------------------
  // Formatting, like Node's util.format (the real one in Node.js, an approximation elsewhere).

  const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

  function quote(s) {
    let q = "'";
    if (s.includes("'")) q = !s.includes('"') ? '"' : !s.includes("`") && !s.includes("${") ? "`" : "'";
    const esc = s.replace(/[\\\n\r\t\b\f\v\0]/g, (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\0": "\\0" })[c]);
    return q + (q === "'" ? esc.replace(/'/g, "\\'") : esc) + q;
  }

  function fnLabel(fn) {
    const src = Function.prototype.toString.call(fn);
    if (/^class[\s{]/.test(src)) return fn.name ? `[class ${fn.name}]` : "[class (anonymous)]";
    const kind = fn.constructor && fn.constructor.name && fn.constructor.name !== "Function" ? fn.constructor.name : "Function";
    return fn.name ? `[${kind}: ${fn.name}]` : `[${kind} (anonymous)]`;
  }

  function isErrorValue(v) {
    return v instanceof Error || Object.prototype.toString.call(v) === "[object Error]";
  }

  /** An approximation of util.inspect(value, { depth }) for the browser. */
  function inspect(value, depth = 2) {
    const seen = [];
    let circular = false;
    function fmt(v, level, indent) {
      switch (typeof v) {
        case "string":
          return level === 0 ? v : quote(v);
        case "number":
          return Object.is(v, -0) ? "-0" : String(v);
        case "bigint":
          return `${v}n`;
        case "boolean":
        case "undefined":
          return String(v);
        case "symbol":
          return v.toString();
        case "function":
          return fnLabel(v);
        default:
          break;
      }
      if (v === null) return "null";
      if (seen.includes(v)) {
        circular = true;
        return "[Circular *1]";
      }
      if (isErrorValue(v)) {
        const s = v.stack ? String(v.stack) : `[${String(v)}]`;
        return level === 0 ? s : s.split("\n").join("\n" + " ".repeat(indent + 2));
      }
      if (v instanceof Date) return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
      if (v instanceof RegExp) return String(v);
      if (typeof Promise !== "undefined" && v instanceof Promise) return "Promise { <pending> }";
      const isArr = Array.isArray(v);
      const proto = Object.getPrototypeOf(v);
      const ctor = proto === null ? null : proto && proto.constructor && proto.constructor.name;
      let prefix = "";
      let braces = ["{", "}"];
      const entries = [];
      const child = (x) => fmt(x, level + 1, indent + 2);
      if (level > depth) {
        if (isArr) return "[Array]";
        return `[${ctor || "Object"}]`;
      }
      seen.push(v);
      try {
        if (isArr) {
          braces = ["[", "]"];
          if (ctor !== "Array") prefix = `${ctor}(${v.length})`;
          const n = Math.min(v.length, 100);
          for (let i = 0; i < n; i++) entries.push(i in v ? child(v[i]) : "<1 empty item>");
          if (v.length > n) entries.push(`... ${v.length - n} more item${v.length - n > 1 ? "s" : ""}`);
        } else if (v instanceof Map) {
          prefix = `${ctor || "Map"}(${v.size})`;
          for (const [k, x] of v) entries.push(`${child(k)} => ${child(x)}`);
        } else if (v instanceof Set) {
          prefix = `${ctor || "Set"}(${v.size})`;
          for (const x of v) entries.push(child(x));
        } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
          braces = ["[", "]"];
          prefix = `${ctor}(${v.length})`;
          for (let i = 0; i < Math.min(v.length, 100); i++) entries.push(String(v[i]));
        } else {
          if (proto === null) prefix = "[Object: null prototype]";
          else if (ctor && ctor !== "Object") prefix = ctor;
        }
        if (!(v instanceof Map) && !(v instanceof Set)) {
          for (const k of Object.keys(v)) {
            if (isArr && /^(0|[1-9][0-9]*)$/.test(k)) continue;
            if (ArrayBuffer.isView(v) && /^(0|[1-9][0-9]*)$/.test(k)) continue;
            const key = IDENT.test(k) ? k : quote(k);
            entries.push(`${key}: ${child(v[k])}`);
          }
        }
      } finally {
        seen.pop();
      }
      if (entries.length === 0) return `${prefix ? prefix + " " : ""}${braces[0]}${braces[1]}`;
      const start = entries.length + indent + braces[0].length + prefix.length + 10;
      const total = entries.reduce((a, e) => a + e.length, entries.length + start);
      const single = total + entries.length <= 80 && !entries.some((e) => e.includes("\n"));
      const head = prefix ? prefix + " " : "";
      if (single) return `${head}${braces[0]} ${entries.join(", ")} ${braces[1]}`;
      const pad = "\n" + " ".repeat(indent);
      return `${head}${braces[0]}${pad}  ${entries.join(`,${pad}  `)}${pad}${braces[1]}`;
    }
    const out = fmt(value, typeof value === "string" ? 1 : 0, 0);
    return circular ? `<ref *1> ${out}` : out;
  }

  function inspectTop(v, depth) {
    return typeof v === "string" ? v : inspect(v, depth);
  }

  function hasOwnToString(v) {
    for (let p = v; p && p !== Object.prototype && p !== Array.prototype; p = Object.getPrototypeOf(p)) {
      if (Object.prototype.hasOwnProperty.call(p, "toString")) return true;
    }
    return false;
  }

  /** An approximation of util.format(...args) for the browser. */
  function format(...args) {
    if (args.length === 0) return "";
    let out = "";
    let i = 0;
    if (typeof args[0] === "string") {
      const f = args[0];
      i = 1;
      let last = 0;
      for (let p = 0; p < f.length - 1; p++) {
        if (f[p] !== "%") continue;
        const c = f[p + 1];
        let rep = null;
        if (c === "%") {
          rep = "%";
        } else if ("sdifjoOc".includes(c)) {
          if (i >= args.length) {
            p++;
            continue;
          }
          const a = args[i++];
          switch (c) {
            case "s":
              if (typeof a === "bigint") rep = `${a}n`;
              else if (typeof a === "symbol") rep = a.toString();
              else if (typeof a === "number" && Object.is(a, -0)) rep = "-0";
              else if (a !== null && typeof a === "object" && !isErrorValue(a) && !hasOwnToString(a)) rep = inspect(a, 0);
              else if (isErrorValue(a)) rep = inspect(a);
              else rep = String(a);
              break;
            case "d":
              rep = typeof a === "bigint" ? `${a}n` : typeof a === "symbol" || (a !== null && typeof a === "object") ? "NaN" : (Object.is(Number(a), -0) ? "-0" : String(Number(a)));
              break;
            case "i":
              rep = typeof a === "bigint" ? `${a}n` : typeof a === "symbol" ? "NaN" : String(parseInt(a, 10));
              break;
            case "f":
              rep = typeof a === "symbol" ? "NaN" : String(parseFloat(a));
              break;
            case "j":
              try {
                rep = JSON.stringify(a);
              } catch (e) {
                rep = "[Circular]";
              }
              if (rep === undefined) rep = "undefined";
              break;
            case "o":
            case "O":
              rep = inspect(a, c === "o" ? 4 : 2);
              break;
            case "c":
              rep = "";
              break;
            default:
              break;
          }
        }
        if (rep !== null) {
          out += f.slice(last, p) + rep;
          last = p + 2;
          p++;
        }
      }
      out += f.slice(last);
    }
    for (; i < args.length; i++) {
      const a = args[i];
      out += (out.length || i > 0 ? " " : "") + inspectTop(a);
    }
    return out;
  }

  let formatArgs = format;
  let inspectValue = inspect;

  // ---------------------------------------------------------------------------------------------
  // Console capture.

  let logs = [];
  /** What takeLogs gives for an invocation that logged nothing (read only, never appended to). */
  const NO_LOGS = Object.freeze([]);
  let logChars = 0;
  let logsTruncated = false;
  let groupIndent = "";
  const timers = new Map();
  const counters = new Map();

  function pushLog(level, message) {
    if (logsTruncated) return;
    let msg = groupIndent ? message.split("\n").map((l) => groupIndent + l).join("\n") : message;
    if (logs.length >= MAX_LOG_LINES || logChars + msg.length > MAX_LOG_CHARS) {
      logsTruncated = true;
      append(logs, { level: "warn", message: "[ASL Playground] further log output of this invocation was dropped (limit reached)" });
      return;
    }
    logChars += msg.length;
    append(logs, { level, message: msg });
  }

  /** `array.push(value)` without Array.prototype.push or setters a handler may have added. */
  function append(array, value) {
    $defineProperty(array, array.length, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
  }

  function takeLogs() {
    const out = logs;
    if (out.length === 0 && !logsTruncated) return NO_LOGS;
    logs = [];
    logChars = 0;
    logsTruncated = false;
    return out;
  }

  const captureConsole = {
    log: (...a) => pushLog("log", formatArgs(...a)),
    info: (...a) => pushLog("info", formatArgs(...a)),
    warn: (...a) => pushLog("warn", formatArgs(...a)),
    error: (...a) => pushLog("error", formatArgs(...a)),
    debug: (...a) => pushLog("debug", formatArgs(...a)),
    trace: (...a) => {
      const stack = cleanTrace(String(new Error().stack || "")).slice(1);
      pushLog("trace", ["Trace" + (a.length ? ": " + formatArgs(...a) : ""), ...stack].join("\n"));
    },
    dir: (v) => pushLog("log", inspectValue(v)),
    dirxml: (...a) => pushLog("log", formatArgs(...a)),
    table: (...a) => pushLog("log", formatArgs(...a)),
    assert: (cond, ...a) => {
      if (!cond) pushLog("error", a.length ? "Assertion failed: " + formatArgs(...a) : "Assertion failed");
    },
    count: (label = "default") => {
      const n = (counters.get(String(label)) || 0) + 1;
      counters.set(String(label), n);
      pushLog("info", `${label}: ${n}`);
    },
    countReset: (label = "default") => counters.delete(String(label)),
    time: (label = "default") => timers.set(String(label), now()),
    timeLog: (label = "default", ...a) => {
      const t = timers.get(String(label));
      if (t !== undefined) pushLog("info", [`${label}: ${(now() - t).toFixed(3)}ms`, ...a.map((x) => inspectTop(x))].join(" "));
    },
    timeEnd: (label = "default") => {
      const t = timers.get(String(label));
      if (t !== undefined) {
        timers.delete(String(label));
        pushLog("info", `${label}: ${(now() - t).toFixed(3)}ms`);
      }
    },
    group: (...a) => {
      if (a.length) pushLog("log", formatArgs(...a));
      groupIndent += "  ";
    },
    groupCollapsed: (...a) => captureConsole.group(...a),
    groupEnd: () => {
      groupIndent = groupIndent.slice(2);
    },
    clear: () => {},
  };

  // ---------------------------------------------------------------------------------------------
  // Timer tracking: approximates "the event loop is empty" for handlers that neither return a
  // promise nor call back.

  /** Pending timers of the running invocation: handle → how to cancel it. */
  const liveTimers = new Map();
  /** Callbacks waiting for the event loop to empty: a linked list of null-prototype records. */
  let idleHead = null;
  let idleTail = null;
  /** A checkIdle is queued (one serves every waiter added before it runs). */
  let idleCheckQueued = false;

  function timerSettled(handle) {
    if (liveTimers.delete(handle) && liveTimers.size === 0 && idleHead) {
      queueIdleCheck();
    }
  }

  function queueIdleCheck() {
    if (idleCheckQueued) return;
    idleCheckQueued = true;
    macrotask(checkIdle);
  }

  function checkIdle() {
    idleCheckQueued = false;
    if (liveTimers.size !== 0) return;
    const item = idleHead;
    idleHead = idleTail = null;
    runCallbacks(item, (e) => onUncaught(e, "exception"));
  }

  /**
   * Calls `fn` (in a later macrotask, after every microtask queued now) once the invocation's
   * event loop is empty (no pending timers). A plain callback, no promise: every callback
   * handler waits for this once or twice.
   */
  function whenIdle(fn) {
    const item = { __proto__: null, fn, next: null };
    if (idleTail) idleTail.next = item;
    else idleHead = item;
    idleTail = item;
    queueIdleCheck();
  }

  /**
   * The invocation has answered: its pending timers are frozen for good (cancelled), so work
   * left behind never runs, and never logs into a later invocation.
   */
  function freezePending() {
    if (liveTimers.size !== 0) {
      for (const cancel of liveTimers.values()) cancel();
      liveTimers.clear();
    }
    idleHead = idleTail = null;
  }

  function trackedTimeout(fn, ms, ...args) {
    let handle = null;
    handle = realSetTimeout(() => {
      try {
        if (typeof fn === "function") fn(...args);
      } finally {
        timerSettled(handle);
      }
    }, ms);
    liveTimers.set(handle, () => realClearTimeout(handle));
    return handle;
  }

  function trackedInterval(fn, ms, ...args) {
    const handle = realSetInterval(() => {
      if (typeof fn === "function") fn(...args);
    }, ms);
    liveTimers.set(handle, () => realClearInterval(handle));
    return handle;
  }

  G.setTimeout = trackedTimeout;
  G.setInterval = trackedInterval;
  G.clearTimeout = (h) => {
    realClearTimeout(h);
    timerSettled(h);
  };
  G.clearInterval = (h) => {
    realClearInterval(h);
    timerSettled(h);
  };
  if (realSetImmediate) {
    G.setImmediate = (fn, ...args) => {
      let handle = null;
      handle = realSetImmediate(() => {
        try {
          if (typeof fn === "function") fn(...args);
        } finally {
          timerSettled(handle);
        }
      });
      liveTimers.set(handle, () => realClearImmediate(handle));
      return handle;
    };
    G.clearImmediate = (h) => {
      realClearImmediate(h);
      timerSettled(h);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Errors, as Lambda's Node.js runtime reports them.

  function cleanTrace(stack) {
    const lines = String(stack).split("\n");
    // Keep the message lines and the frames of the handler's own code (named /var/task/…).
    let inFrames = false;
    return lines.filter((line, i) => {
      const frame = /^\s+at\s/.test(line) || (i > 0 && /^[^\s]*@\S+:\d+:\d+$/.test(line));
      inFrames = inFrames || frame;
      if (!inFrames) return true;
      return frame && line.includes(TASK_ROOT);
    });
  }

  let cjsLineOffset = 0;

  function fixLines(line) {
    if (!cjsLineOffset) return line;
    return line.replace(/(\/var\/task\/index\.js:)(\d+)/g, (_, p, n) => p + Math.max(1, Number(n) - cjsLineOffset));
  }

  function runtimeError(name, message) {
    const e = new Error(message);
    e.name = name;
    return e;
  }

  function isNativeError(v) {
    return isErrorValue(v);
  }

  function isErrorLike(o) {
    return !!(o && o.name && o.message && o.stack && typeof o.name === "string" && typeof o.message === "string" && typeof o.stack === "string");
  }

  /** Lambda's toRapidResponse: the error object an invocation fails with. */
  function toLambdaError(error) {
    try {
      if (isNativeError(error) || isErrorLike(error)) {
        const stack = typeof error.stack === "string" ? error.stack : `${error.name}: ${error.message}`;
        return {
          errorType: String(error.name),
          errorMessage: String(error.message),
          trace: cleanTrace(stack).map(fixLines),
        };
      }
      return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
    } catch (_e) {
      return {
        errorType: "handled",
        errorMessage:
          "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
        trace: [],
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loading handler modules.

  // The invocation running now (its answers to task tokens go back with its result).
  let activeRec = null;

  /**
   * A Step Functions client for answering task tokens from a handler, shaped like the AWS SDK
   * for JavaScript v3's `@aws-sdk/client-sfn`: `new SFNClient({}).send(new
   * SendTaskSuccessCommand({taskToken, output}))` (also SendTaskFailureCommand with `error`
   * and `cause`, SendTaskHeartbeatCommand). An answer goes back with the result of the
   * invocation that sent it; the waiting task takes it as the Step Functions API would.
   */
  function sfnModule() {
    const command = (action) =>
      function Command(input) {
        this.action = action;
        this.input = input;
      };
    const SendTaskSuccessCommand = command("success");
    const SendTaskFailureCommand = command("failure");
    const SendTaskHeartbeatCommand = command("heartbeat");
    const fail = (name, message) => {
      const e = new Error(message);
      e.name = name;
      return $Promise.reject(e);
    };
    function SFNClient() {}
    SFNClient.prototype.send = function send(cmd) {
      const action = cmd && own(cmd, "action");
      const input = (cmd && own(cmd, "input")) || { __proto__: null };
      if (action !== "success" && action !== "failure" && action !== "heartbeat") {
        return fail("UnknownOperationException", "ASL Playground's SFNClient sends SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat only");
      }
      const token = own(input, "taskToken");
      if (typeof token !== "string" || token === "") {
        return fail("InvalidToken", "taskToken: a task token (a string) is required");
      }
      const rec = activeRec;
      if (!rec) {
        return fail("InvalidToken", "a task token can only be answered while an invocation runs");
      }
      let body = `"token":${jsonString(token)},"action":"${action}"`;
      if (action === "success") {
        const output = own(input, "output");
        if (typeof output !== "string") return fail("InvalidOutput", "output: the JSON text of the task's output (a string) is required");
        try {
          $parse(output);
        } catch {
          return fail("InvalidOutput", "output is not valid JSON text");
        }
        body += `,"output":${jsonString(output)}`;
      } else if (action === "failure") {
        const error = own(input, "error");
        const cause = own(input, "cause");
        if (error !== undefined) body += `,"error":${jsonString($String(error))}`;
        if (cause !== undefined) body += `,"cause":${jsonString($String(cause))}`;
      }
      rec.answers = (rec.answers ? rec.answers + "," : "") + `{${body}}`;
      return $Promise.resolve({ __proto__: null, $metadata: { httpStatusCode: 200 } });
    };
    return { SFNClient, SendTaskSuccessCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand };
  }

  const REQUIRE = function require(name) {
    if (name === "@aws-sdk/client-sfn") return sfnModule();
    const e = new Error(`require('${String(name)}') is not available in ASL Playground handlers`);
    e.name = "Runtime.ImportModuleError";
    throw e;
  };

  const cache = new Map();
  let esmCounter = 0;

  // The line offset new Function adds in front of the body (2 in V8), measured, not assumed.
  try {
    new Function("throw new Error('probe')\n//# sourceURL=/var/task/index.js")();
  } catch (e) {
    const m = /\/var\/task\/index\.js:(\d+)/.exec(String(e.stack || ""));
    if (m) cjsLineOffset = Number(m[1]) - 1;
  }

  function looksLikeEsm(code) {
    return /(^|[\n;])\s*(export\s+(default|const|let|var|async|function|class|\{|\*)|import\s*[\w{*'"])/.test(code) || /\bimport\.meta\b/.test(code);
  }

  async function importEsm(code) {
    const text = `${code}\n//# sourceURL=file://${TASK_ROOT}/index.mjs\n// ${++esmCounter}`;
    if (IS_NODE) {
      return import("data:text/javascript;charset=utf-8," + encodeURIComponent(text));
    }
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    try {
      return await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  /** The module's `handler` export, or Lambda's Runtime.HandlerNotFound error. */
  function resolveHandler(userApp) {
    const name = "index.handler";
    const fn = userApp && userApp.handler;
    if (!fn) throw runtimeError("Runtime.HandlerNotFound", `${name} is undefined or not exported`);
    if (typeof fn !== "function") throw runtimeError("Runtime.HandlerNotFound", `${name} is not a function`);
    return fn;
  }

  /**
   * Refuses module imports before any code runs: a Blob-URL module in the Worker could import
   * from the network, and import() works from any code. A look at the text, not a parse: an
   * `import(` inside a string or comment is refused too.
   */
  function refuseImports(code) {
    const patterns = [
      /(?:^|[\n;])\s*import\s*(?:[\w*{$][^;'"`]*?\bfrom\s*)?(['"])([^'"]*)\1/,
      /(?:^|[\n;])\s*export\s*(?:\*|\{[^}]*\})\s*(?:as\s+[\w$]+\s*)?from\s*(['"])([^'"]*)\1/,
      /(?:^|[^.\w$])import\s*\(\s*(?:(['"`])([^'"`]*)\1)?/,
    ];
    for (const re of patterns) {
      const m = re.exec(code);
      if (m) {
        const what = m[2] !== undefined ? `import '${m[2]}'` : "import()";
        const err = runtimeError("Runtime.ImportModuleError", `Error: ${what} is not available in ASL Playground handlers`);
        err.stack = `${err.name}: ${err.message}`;
        throw err;
      }
    }
  }

  /** The last cache key made, and of what: the same (name, source) is asked for again and again. */
  let lastKeyName = null;
  let lastKeyCode = null;
  let lastKey = "";

  /** The module cache's key of a function's source (flattened and hashed once, then reused). */
  function cacheKey(functionName, code) {
    if (functionName !== lastKeyName || code !== lastKeyCode) {
      lastKeyName = functionName;
      lastKeyCode = code;
      lastKey = functionName + "\u0000" + code;
    }
    return lastKey;
  }

  async function loadHandler(code, functionName) {
    const key = cacheKey(functionName, code);
    const hit = cache.get(key);
    if (hit) return hit;
    refuseImports(code);
    let compiled = null;
    let syntaxError = null;
    try {
      compiled = new Function("exports", "module", "require", "console", "__filename", "__dirname", `${code}\n//# sourceURL=${TASK_ROOT}/index.js`);
    } catch (e) {
      syntaxError = e;
    }
    let handler;
    if (compiled) {
      const module = { exports: {}, id: ".", filename: `${TASK_ROOT}/index.js`, loaded: false, require: REQUIRE };
      compiled.call(module.exports, module.exports, module, REQUIRE, captureConsole, `${TASK_ROOT}/index.js`, TASK_ROOT);
      module.loaded = true;
      handler = resolveHandler(module.exports);
    } else {
      if (!looksLikeEsm(code) && !/\bawait\b/.test(code)) throw userCodeSyntaxError(syntaxError);
      let ns;
      try {
        ns = await importEsm(code);
      } catch (e) {
        if (e && e.name === "SyntaxError") throw userCodeSyntaxError(e);
        if (e && (e.code === "ERR_ASL_PLAYGROUND_IMPORT" || e.code === "ERR_MODULE_NOT_FOUND" || /is not available in ASL Playground/.test(String(e.message)))) {
          const err = runtimeError("Runtime.ImportModuleError", `Error: ${String(e.message)}`);
          err.stack = `${err.name}: ${err.message}`;
          throw err;
        }
        throw e;
      }
      handler = resolveHandler(ns);
    }
    if (cache.size >= 64) cache.delete(cache.keys().next().value);
    cache.set(key, handler);
    return handler;
  }

  function userCodeSyntaxError(e) {
    const err = runtimeError("Runtime.UserCodeSyntaxError", String(e));
    err.stack = e && e.stack ? String(e.stack) : `${err.name}: ${err.message}`;
    if (!/\n\s+at /.test(err.stack)) err.stack = `${String(e)}\n    at ${TASK_ROOT}/index.js`;
    return err;
  }

  // ---------------------------------------------------------------------------------------------
  // Invocations.

  function makeContext(c, requestId, deadline, settle) {
    const fnName = String(c.functionName || "function");
    const logStream = c.logStreamName || `${new Date().toISOString().slice(0, 10).replace(/-/g, "/")}/[$LATEST]${randomHex(32)}`;
    const ctx = {
      functionName: fnName,
      functionVersion: String(c.functionVersion || "$LATEST"),
      invokedFunctionArn: String(c.invokedFunctionArn || ""),
      memoryLimitInMB: String(c.memoryLimitInMB == null ? 128 : c.memoryLimitInMB),
      awsRequestId: String(requestId || c.awsRequestId || ""),
      logGroupName: String(c.logGroupName || `/aws/lambda/${fnName}`),
      logStreamName: String(logStream),
      identity: undefined,
      clientContext: undefined,
      getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - Date.now())),
      succeed: (result) => settle.done(null, result),
      fail: (err) => settle.done(err === undefined || err === null ? "handled" : err, null),
      done: (err, result) => settle.done(err, result),
      // A data property (Lambda's runtime client has an accessor over a variable: the same to
      // read and write, and an accessor in the literal cost ~2 µs per invocation); the callback
      // reads it from the context.
      callbackWaitsForEmptyEventLoop: true,
    };
    return ctx;
  }

  function randomHex(n) {
    let s = "";
    const c = G.crypto;
    if (c && typeof c.getRandomValues === "function") {
      const b = new Uint8Array(Math.ceil(n / 2));
      c.getRandomValues(b);
      for (const x of b) s += x.toString(16).padStart(2, "0");
      return s.slice(0, n);
    }
    while (s.length < n) s += Math.floor(Math.random() * 16).toString(16);
    return s;
  }

  /** The region of the last ARN seen, and that ARN (split once, not per invocation). */
  let lastArn = null;
  let lastRegion = "us-east-1";

  function setLambdaEnv(c) {
    const env = G.process && G.process.env;
    if (!env) return;
    const name = String(c.functionName || "function");
    const arn = String(c.invokedFunctionArn || "");
    if (arn !== lastArn) {
      lastArn = arn;
      lastRegion = arn.split(":")[3] || "us-east-1";
    }
    const region = lastRegion;
    // Property by property (no temporary object for Object.assign): run for every invocation.
    env.AWS_REGION = region;
    env.AWS_DEFAULT_REGION = region;
    env.AWS_EXECUTION_ENV = "AWS_Lambda_nodejs20.x";
    env.AWS_LAMBDA_FUNCTION_NAME = name;
    env.AWS_LAMBDA_FUNCTION_VERSION = String(c.functionVersion || "$LATEST");
    env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE = String(c.memoryLimitInMB == null ? 128 : c.memoryLimitInMB);
    env.AWS_LAMBDA_LOG_GROUP_NAME = String(c.logGroupName || `/aws/lambda/${name}`);
    env.AWS_LAMBDA_LOG_STREAM_NAME = String(c.logStreamName || "");
    env.LAMBDA_TASK_ROOT = TASK_ROOT;
    env.LAMBDA_RUNTIME_DIR = "/var/runtime";
    env.TZ = ":UTC";
    env.LANG = "en_US.UTF-8";
    env.PATH = "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin";
    env.NODE_PATH = "/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task";
  }

  function utf8Length(s) {
    if (typeof G.Buffer === "function") return G.Buffer.byteLength(s, "utf8");
    return new TextEncoder().encode(s).length;
  }

  /** The active invocation's error sink (uncaught exceptions, unhandled rejections). */
  let activeFail = null;

  /**
   * Runs one invocation; resolves with its outcome (never rejects): a record with a null
   * prototype (so resolving a promise with it never looks up a `then` a handler may have put on
   * Object.prototype), `{ok, payloadJson | error, logs, durationMs}`; `payloadJson` is the
   * handler's result as JSON text, already through Lambda's JSON round trip.
   */
  function invoke(msg) {
    const c = (msg && msg.context) || {};
    const timeoutMs = Number(c.timeoutMs) > 0 ? Number(c.timeoutMs) : 3000;
    const t0 = now();
    const deadline = Date.now() + timeoutMs;
    setLambdaEnv(c);
    groupIndent = "";
    const code = String((msg && msg.code) || "");
    const cold = !cache.has(cacheKey(String(c.functionName || ""), code));
    const end = (outcome) => {
      activeFail = null;
      freezePending();
      const t1 = now();
      const durationMs = t1 - t0;
      // The module's loading is the cold start's Init Duration; the handler's run is Duration.
      const init = cold && outcome.initMs !== undefined;
      const initMs = init ? outcome.initMs : 0;
      return {
        __proto__: null,
        ok: !!outcome.ok,
        payloadJson: outcome.ok ? outcome.payloadJson : undefined,
        error: outcome.ok ? undefined : outcome.error,
        logs: takeLogs(),
        durationMs: Math.max(0, durationMs - initMs),
        initDurationMs: init ? initMs : undefined,
        maxMemoryUsedMB: maxMemoryUsedMB(t1),
      };
    };
    return new $Promise((resolve) => {
      let p;
      try {
        p = runHandler(msg, c, deadline);
      } catch (e) {
        resolve(end({ __proto__: null, ok: false, error: toLambdaError(e) }));
        return;
      }
      $apply($then, p, [(o) => resolve(end(o)), (e) => resolve(end({ __proto__: null, ok: false, error: toLambdaError(e) }))]);
    });
  }

  /** The last Max Memory Used sample (MB) and when it was taken (now()). */
  let memoryMB;
  let memorySampledAt = 0;
  const MEMORY_SAMPLE_MS = 4;

  /**
   * The most memory this runtime has used, in MB (REPORT's Max Memory Used): the process's
   * peak resident set in Node.js; undefined in a Worker, which cannot measure its own memory.
   */
  function maxMemoryUsedMB(at) {
    const proc = G.process;
    if (!IS_NODE || !proc || typeof proc.resourceUsage !== "function") return undefined;
    // process.resourceUsage() costs ~13 µs (a getrusage call and a new object) and the peak
    // only grows: a sample taken less than MEMORY_SAMPLE_MS ago serves the invocations ending
    // since (a batch of short handlers): their figure is at most that many ms old.
    if (memoryMB !== undefined && at - memorySampledAt < MEMORY_SAMPLE_MS) return memoryMB;
    try {
      memoryMB = Math.ceil(proc.resourceUsage().maxRSS / 1024);
      memorySampledAt = at;
      return memoryMB;
    } catch (_e) {
      return undefined;
    }
  }

  /** Lambda's error for an async handler whose promise is still pending when the loop empties. */
  function nodeJsExit() {
    const e = runtimeError(
      "Runtime.NodeJsExit",
      "The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled.",
    );
    e.stack = `${e.name}: ${e.message}`;
    return e;
  }

  function isAsyncFunction(fn) {
    return Object.prototype.toString.call(fn) === "[object AsyncFunction]";
  }

  function runHandler(msg, c, deadline) {
    let initMs;
    return new $Promise((resolveOutcome, reject) => {
      // Outcomes are null-prototype records: setting initMs runs no setter a handler added.
      const resolve = (outcome) => {
        outcome.initMs = initMs;
        resolveOutcome(outcome);
      };
      let finished = false;
      const finishOk = (result) => {
        if (finished) return;
        finished = true;
        let text;
        try {
          text = $apply($stringify, JSON, [result === undefined ? null : result]);
        } catch (e) {
          resolve({ __proto__: null, ok: false, error: toLambdaError(runtimeError("Runtime.JSONStringifyError", "Unable to stringify response body")) });
          return;
        }
        if (text === undefined) text = "null";
        // A UTF-16 unit is at most 3 UTF-8 bytes: only a long text needs counting.
        if (text.length * 3 > MAX_RESPONSE_BYTES && utf8Length(text) > MAX_RESPONSE_BYTES) {
          resolve({
            __proto__: null,
            ok: false,
            error: {
              errorType: "Function.ResponseSizeTooLarge",
              errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
              trace: [],
            },
          });
          return;
        }
        resolve({ __proto__: null, ok: true, payloadJson: text });
      };
      const finishErr = (err) => {
        if (finished) return;
        finished = true;
        resolve({ __proto__: null, ok: false, error: toLambdaError(err) });
      };
      const done = (err, result) => {
        if (err !== undefined && err !== null) finishErr(err);
        else finishOk(result);
      };
      activeFail = finishErr;
      const loadStart = now();
      const onHandler = (handler) => {
        initMs = now() - loadStart;
        if (finished) return;
        // As Lambda's runtime client: only the first of callback, context.succeed/fail/done
        // and the returned promise answers.
        let answered = false;
        const first = (fn) => (err, result) => {
          if (answered) return;
          answered = true;
          fn(err, result);
        };
        const context = makeContext(c, msg.requestId, deadline, { done: first(done) });
        // callback(null, result) waits for the event loop to empty while
        // context.callbackWaitsForEmptyEventLoop is true (the default); an error answers at once.
        const callback = first((err, result) => {
          if ((err === undefined || err === null) && context.callbackWaitsForEmptyEventLoop) {
            whenIdle(() => done(null, result));
          } else {
            done(err, result);
          }
        });
        let result;
        try {
          result = handler(msg.event === undefined ? null : msg.event, context, callback);
        } catch (e) {
          callback(e, undefined);
          return;
        }
        if (result && typeof result.then === "function") {
          const settle = first(done);
          const onOk = (v) => settle(null, v);
          const onErr = (e) => settle(e === undefined || e === null ? "handled" : e, null);
          // A native promise settles through the real `then` (a handler may have replaced
          // Promise.prototype.then to see other invocations' results); other thenables as is.
          let attached = false;
          try {
            $apply($then, result, [onOk, onErr]);
            attached = true;
          } catch (_e) {
            attached = false;
          }
          if (!attached) {
            try {
              result.then(onOk, onErr);
            } catch (e) {
              settle(e, undefined);
            }
          }
        }
        // Nothing answered by the time the event loop is empty: a sync or callback handler ends
        // with null (Lambda ignores a sync handler's return value); an async handler whose
        // promise never settled fails with Runtime.NodeJsExit.
        whenIdle(() => {
          if (answered) return;
          answered = true;
          if (isAsyncFunction(handler)) done(nodeJsExit(), null);
          else done(null, null);
        });
      };
      $apply($then, loadHandler(String((msg && msg.code) || ""), String(c.functionName || "")), [onHandler, reject]);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // DISPATCH: batches of invocations in, batches of results out (see PROTOCOL at the top).
  //
  // This code runs after handlers may have replaced built-ins (JSON.stringify,
  // Array.prototype.push, Promise.prototype.then, setters or `then`/`toJSON` on
  // Object.prototype, addEventListener…). So it uses only the primordials kept at startup, keeps
  // each invocation (its secret, its event) in its own closures and null-prototype records,
  // never hands a handler anything but its own event and context, and writes reply messages as
  // text, from strings and numbers only.

  /** Sources sent by the host so far, by key (a null-prototype dictionary). */
  const sources = { __proto__: null };
  /** Queued invocations, a linked list of records (no Array methods). */
  let queueHead = null;
  let queueTail = null;
  let running = false;
  /** Finished results not sent yet: JSON text of the `results` array's items, and where to. */
  let outbox = "";
  let outboxSend = null;
  /** When the oldest result of the outbox was queued (now()). */
  let outboxSince = 0;
  let flushQueued = false;
  const FLUSH_WAIT_MS = 16;
  let drainWaiters = null;

  // Node.js's queueMicrotask makes an AsyncResource per call (~1-2 µs, once per invocation): a
  // reaction on a settled promise is the same microtask queue's entry, for less.
  const settled = $Promise.resolve();
  const microtask = typeof G.queueMicrotask === "function" && !IS_NODE ? G.queueMicrotask.bind(G) : (fn) => $apply($then, settled, [fn]);

  /** `o[key]` if `o` has it as its own property (inherited getters never run). */
  function own(o, key) {
    return o !== null && typeof o === "object" && $apply($hasOwn, o, [key]) ? o[key] : undefined;
  }

  /** A JSON string literal of `s` (a string, or anything turned into one). */
  function jsonString(s) {
    return $apply($stringify, JSON, [typeof s === "string" ? s : $String(s)]);
  }

  /** A JSON number (null for NaN and the infinities, as JSON.stringify writes them). */
  function jsonNumber(n) {
    return typeof n === "number" && n - n === 0 ? "" + n : "null";
  }

  /**
   * A duration in ms as JSON, to the microsecond (REPORT shows hundredths): written from
   * integers, since writing a double's shortest form cost ~2 µs per result.
   */
  function jsonMs(ms) {
    if (typeof ms !== "number" || !(ms >= 0) || ms > 1e12) return jsonNumber(ms);
    const us = Math.round(ms * 1000);
    const frac = us % 1000;
    return `${(us - frac) / 1000}.${frac < 10 ? "00" : frac < 100 ? "0" : ""}${frac}`;
  }

  /** The JSON of a list of strings, element by element. */
  function jsonStrings(list) {
    let out = "[";
    const n = $isArray(list) ? list.length : 0;
    for (let i = 0; i < n; i++) out += (i ? "," : "") + jsonString(list[i]);
    return out + "]";
  }

  /** The JSON of an outcome's fields, after the id (and secret): `"ok":…,…,"durationMs":…`. */
  function outcomeJson(o) {
    let out = `"ok":${o.ok ? "true" : "false"}`;
    if (o.ok) {
      out += `,"payload":${typeof o.payloadJson === "string" ? o.payloadJson : "null"}`;
    } else {
      const e = o.error || { __proto__: null };
      out += `,"error":{"errorType":${jsonString(own(e, "errorType") ?? "Error")},"errorMessage":${jsonString(own(e, "errorMessage") ?? "")},"trace":${jsonStrings(own(e, "trace"))}}`;
    }
    out += ',"logs":[';
    const logs = o.logs;
    const n = $isArray(logs) ? logs.length : 0;
    for (let i = 0; i < n; i++) {
      const l = logs[i];
      out += `${i ? "," : ""}{"level":${jsonString(own(l, "level") ?? "log")},"message":${jsonString(own(l, "message") ?? "")}}`;
    }
    out += `],"durationMs":${jsonMs(o.durationMs)}`;
    if (typeof o.initDurationMs === "number") out += `,"initDurationMs":${jsonMs(o.initDurationMs)}`;
    if (typeof o.maxMemoryUsedMB === "number") out += `,"maxMemoryUsedMB":${jsonNumber(o.maxMemoryUsedMB)}`;
    if (typeof o.answersJson === "string") out += `,"answers":[${o.answersJson}]`;
    return out;
  }

  /**
   * Whether a handler changed the built-ins through which the engine itself hands values around:
   * a `then` on Object.prototype or Function.prototype (every promise resolved with an object or
   * function would go through it), `toJSON` on Object.prototype or Array.prototype (every
   * result's serialisation would), Promise.prototype.then or .constructor (every `await`). From
   * then on this runtime runs nothing more: the invocations still queued are answered with
   * `"retry":true`, and the host runs them on a fresh runtime.
   */
  function tampered() {
    return (
      $apply($hasOwn, $ObjectProto, ["then"]) ||
      $apply($hasOwn, $FunctionProto, ["then"]) ||
      $apply($hasOwn, $ObjectProto, ["toJSON"]) ||
      $apply($hasOwn, $ArrayProto, ["toJSON"]) ||
      !$apply($hasOwn, $PromiseProto, ["then"]) ||
      $PromiseProto.then !== $then ||
      $PromiseProto.constructor !== $Promise
    );
  }
  let poisoned = false;

  /** An outcome for a failure of the runtime itself (not of a handler). */
  function runtimeFailure(e) {
    return { __proto__: null, ok: false, error: toLambdaError(e), logs: takeLogs(), durationMs: 0 };
  }

  /**
   * Sends the finished results, one `results` message. While the invocation running now only
   * waits for its event loop to empty (a callback handler: one macrotask), results wait a
   * little longer, up to FLUSH_WAIT_MS, so a batch of such handlers comes back in one message;
   * one waiting for a timer lets them go at once.
   */
  function flush() {
    if (running && outbox && liveTimers.size === 0 && now() - outboxSince < FLUSH_WAIT_MS) {
      macrotask(flush);
      return;
    }
    flushQueued = false;
    const text = outbox;
    const send = outboxSend;
    outbox = "";
    outboxSend = null;
    if (text && send) send(`{"type":"results","results":[${text}]}`);
    if (!running && !queueHead && drainWaiters) {
      const waiters = drainWaiters;
      drainWaiters = null;
      for (let i = 0; i < waiters.length; i++) waiters[i]();
    }
  }

  /** Hands one finished invocation's result to its host (`null`: run it elsewhere). */
  function deliver(rec, outcome) {
    if (rec.legacy) {
      rec.send(`{"type":"result","id":${jsonNumber(rec.id)},${outcomeJson(outcome)}}`);
      return;
    }
    if (outboxSend !== rec.send && outbox) flush();
    outboxSend = rec.send;
    if (!outbox) outboxSince = now();
    const body = outcome ? outcomeJson(outcome) : '"retry":true';
    outbox += `${outbox ? "," : ""}{"id":${jsonNumber(rec.id)},"secret":${jsonString(rec.secret)},${body}}`;
    if (!flushQueued) {
      flushQueued = true;
      macrotask(flush);
    }
  }

  /** Runs the next queued invocation, if none is running. */
  function pump() {
    if (running || !queueHead) return;
    const rec = queueHead;
    queueHead = rec.next;
    if (!queueHead) queueTail = null;
    running = true;
    let finished = false;
    const finish = (outcome) => {
      if (finished) return;
      finished = true;
      running = false;
      activeRec = null;
      if (outcome && rec.answers) outcome.answersJson = rec.answers;
      if (!poisoned && tampered()) poisoned = true;
      deliver(rec, outcome);
      // The next one in a microtask: a batch of synchronous handlers needs no deep stack.
      microtask(pump);
      if (!queueHead && !flushQueued && drainWaiters) macrotask(flush);
    };
    if (poisoned && !rec.legacy) {
      finish(null);
      return;
    }
    if (rec.failure) {
      finish(runtimeFailure(rec.failure));
      return;
    }
    let p;
    try {
      activeRec = rec;
      // The record itself is the request (null prototype; invoke reads code, event, context).
      p = invoke(rec);
      $apply($then, p, [finish, (e) => finish(runtimeFailure(e))]);
    } catch (e) {
      finish(runtimeFailure(e));
    }
  }

  function queue(rec) {
    if (queueTail) queueTail.next = rec;
    else queueHead = rec;
    queueTail = rec;
    if (!running) pump();
  }

  /**
   * Takes one host message (parsed JSON, or JSON text) and queues its invocations; their results
   * go to `send` as JSON text (a `results` message per macrotask; a `result` for the older
   * single-invocation request). Other messages are ignored; text that is not JSON gives false.
   */
  function enqueue(msg, send) {
    if (typeof msg === "string") {
      try {
        msg = $apply($parse, JSON, [msg]);
      } catch (_e) {
        return false;
      }
    }
    if (own(msg, "type") !== "invoke") return;
    const code = own(msg, "code");
    const invocations = own(msg, "invocations");
    if (!$isArray(invocations)) {
      // The single-invocation request: {"type":"invoke","id","code":"<source>","event","context"}.
      const id = own(msg, "id");
      queue({
        __proto__: null,
        next: null,
        legacy: true,
        send,
        id: typeof id === "number" ? id : 0,
        secret: "",
        code: typeof code === "string" ? code : "",
        event: own(msg, "event"),
        context: own(msg, "context"),
        requestId: null,
        failure: null,
      });
      return;
    }
    if (code !== null && typeof code === "object") {
      const keys = $keys(code);
      for (let i = 0; i < keys.length; i++) {
        const source = own(code, keys[i]);
        if (typeof source === "string") sources[keys[i]] = source;
      }
    }
    const contexts = own(msg, "contexts");
    const n = invocations.length;
    for (let i = 0; i < n; i++) {
      const inv = invocations[i];
      // Its own context, or the one its batch shares under "ctx" (with its own request id).
      let context = own(inv, "context");
      let requestId = null;
      if (context === undefined) {
        const ckey = own(inv, "ctx");
        context = typeof ckey === "string" ? own(contexts, ckey) : undefined;
        const r = own(inv, "awsRequestId");
        requestId = typeof r === "string" ? r : null;
      }
      const id = own(inv, "id");
      const secret = own(inv, "secret");
      const key = own(inv, "fn");
      const source = typeof key === "string" ? sources[key] : undefined;
      queue({
        __proto__: null,
        next: null,
        legacy: false,
        send,
        id: typeof id === "number" ? id : 0,
        secret: typeof secret === "string" ? secret : "",
        code: typeof source === "string" ? source : "",
        event: own(inv, "event"),
        context,
        requestId,
        failure: typeof source === "string" ? null : runtimeError("Runtime.Unknown", `no handler source was sent for function key ${jsonString(key)}`),
      });
    }
  }

  /** Calls `fn` once every queued invocation has run and its result was sent. */
  function whenDrained(fn) {
    if (!running && !queueHead && !flushQueued) {
      fn();
      return;
    }
    append((drainWaiters ||= []), fn);
  }

  /**
   * The data of a `message` event, through the real MessageEvent getter (a handler may have
   * replaced it); the event goes no further (stopImmediatePropagation). Events a handler
   * dispatched itself (not trusted) give NO_DATA.
   */
  const NO_DATA = { __proto__: null };
  const eventGetter = (name) => {
    const proto = typeof G.MessageEvent === "function" ? G.MessageEvent.prototype : null;
    const d = proto && Object.getOwnPropertyDescriptor(proto, name);
    return d && typeof d.get === "function" ? d.get : null;
  };
  const messageData = eventGetter("data");
  const messagePorts = eventGetter("ports");
  const stopImmediate = typeof G.Event === "function" ? G.Event.prototype.stopImmediatePropagation : null;
  function eventData(ev) {
    if (stopImmediate) {
      try {
        $apply(stopImmediate, ev, []);
      } catch (_e) {
        /* not a real event */
      }
    }
    if (own(ev, "isTrusted") === false) return NO_DATA;
    try {
      return messageData ? $apply(messageData, ev, []) : ev.data;
    } catch (_e) {
      return ev && ev.data;
    }
  }
  function eventPorts(ev) {
    try {
      return messagePorts ? $apply(messagePorts, ev, []) : ev.ports;
    } catch (_e) {
      return ev && ev.ports;
    }
  }

  function onUncaught(err, kind) {
    const fail = activeFail;
    if (kind === "rejection") {
      const reason = isErrorValue(err) ? `${err.name}: ${err.message}` : String(err);
      const e = runtimeError("Runtime.UnhandledPromiseRejection", reason);
      e.stack = `Runtime.UnhandledPromiseRejection: ${reason}` + (isErrorValue(err) && err.stack ? "\n" + cleanTrace(err.stack).slice(1).join("\n") : "");
      err = e;
    }
    if (fail) fail(err);
    else pushLog("error", `Uncaught ${isErrorValue(err) ? err.stack || err : formatArgs(err)}`);
  }

  // ---------------------------------------------------------------------------------------------
  // Hosts.

  const internals = { format, inspect, invoke, enqueue, whenDrained, toLambdaError, loadHandler, cleanTrace };

  function stub(name) {
    return function blocked() {
      throw new Error(`${name} is not available in ASL Playground handlers (no network, no page, no storage)`);
    };
  }

  function stubObject(name) {
    const fn = stub(name);
    return new Proxy(
      {},
      {
        get: (_t, prop) => {
          if (prop === Symbol.toPrimitive || prop === "toString") return () => `[blocked ${name}]`;
          fn();
          return undefined;
        },
      },
    );
  }

  function shadow(target, name, value) {
    for (let o = target; o; o = Object.getPrototypeOf(o)) {
      if (Object.prototype.hasOwnProperty.call(o, name) && o !== target) {
        try {
          delete o[name];
        } catch (_e) {
          /* best effort */
        }
      }
    }
    try {
      Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: false });
    } catch (_e) {
      /* best effort */
    }
  }

  function startWorker() {
    const selfPost = G.postMessage.bind(G);
    const realAdd = G.addEventListener.bind(G);
    formatArgs = format;
    inspectValue = inspect;
    /** Where replies go: the page's MessagePort once connected, else whoever started us. */
    let realPost = selfPost;
    let port = null;
    const send = (text) => realPost(text);
    // The first listener, in the capture phase: it runs before any a handler adds, and stops the
    // event from reaching them.
    realAdd(
      "message",
      (ev) => {
        const data = eventData(ev);
        if (port !== null || data === NO_DATA) return;
        // The sandbox frame hands over the page's end of a MessageChannel once, first; from then
        // on the page talks to this Worker through that port only.
        const ports = eventPorts(ev);
        if (own(data, "type") === "connect" && ports && ports.length === 1) {
          port = ports[0];
          realPost = port.postMessage.bind(port);
          port.onmessage = (e) => {
            const d = eventData(e);
            if (d !== NO_DATA) enqueue(d, send);
          };
          realPost('{"type":"ready"}');
          return;
        }
        enqueue(data, send);
      },
      true,
    );
    realAdd("error", (ev) => {
      if (ev && typeof ev.preventDefault === "function") ev.preventDefault();
      onUncaught(ev && ev.error !== undefined ? ev.error : ev && ev.message, "exception");
    });
    realAdd("unhandledrejection", (ev) => {
      if (ev && typeof ev.preventDefault === "function") ev.preventDefault();
      onUncaught(ev && ev.reason, "rejection");
    });
    const fns = ["fetch", "XMLHttpRequest", "WebSocket", "WebSocketStream", "EventSource", "WebTransport", "BroadcastChannel", "Worker", "SharedWorker", "importScripts", "postMessage", "close", "FileReaderSync", "requestFileSystem", "webkitRequestFileSystem"];
    for (const n of fns) if (n in G) shadow(G, n, stub(n));
    for (const n of ["indexedDB", "caches", "cookieStore"]) if (n in G) shadow(G, n, stubObject(n));
    if (G.navigator) {
      for (const n of ["storage", "locks", "serviceWorker"]) if (n in G.navigator) shadow(G.navigator, n, stubObject(`navigator.${n}`));
    }
    shadow(G, "console", captureConsole);
    if (typeof G.process === "undefined") {
      G.process = {
        env: {},
        platform: "linux",
        version: "v20.0.0",
        versions: {},
        nextTick: (fn, ...args) => Promise.resolve().then(() => fn(...args)),
      };
    }
    // Started directly (tests, benchmarks): ready at once on the Worker's own channel. Started
    // by the sandbox frame: the frame ignores this, and "ready" follows on the port.
    selfPost('{"type":"ready"}');
  }

  async function startNode() {
    const proc = G.process;
    const util = await import("node:util");
    let mod = null;
    try {
      mod = await import("node:module");
    } catch (_e) {
      mod = null;
    }
    formatArgs = (...a) => util.format(...a);
    inspectValue = (v) => util.inspect(v);
    const realOut = proc.stdout.write.bind(proc.stdout);
    const realErr = proc.stderr.write.bind(proc.stderr);
    // One write per message, at once: the CLI times the running invocation from the answer
    // before it, so an answer must never wait behind the next handler (which may block). The
    // dispatch hands over JSON text.
    const send = (text) => realOut(text + "\n");
    const capture = (level) =>
      function write(chunk, encoding, cb) {
        const s = typeof chunk === "string" ? chunk : chunk && typeof chunk.toString === "function" ? chunk.toString(typeof encoding === "string" ? encoding : "utf8") : String(chunk);
        pushLog(level, s.replace(/\n$/, ""));
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") realSetImmediate(done);
        return true;
      };
    proc.stdout.write = capture("log");
    proc.stderr.write = capture("error");
    G.console = captureConsole;
    // Lambda's environment, not the CLI user's: the real one is emptied (but for TZ, which
    // Node.js reads from it), and process.env becomes a plain object, so that setting Lambda's
    // variables for each invocation costs nothing (the real one calls setenv for each, a Proxy
    // turning values into strings ~5 µs). A value a handler assigns is kept as given.
    for (const k of Object.keys(proc.env)) delete proc.env[k];
    proc.env.TZ = ":UTC";
    proc.env = {};
    setLambdaEnv({});
    proc.on("uncaughtException", (e) => onUncaught(e, "exception"));
    proc.on("unhandledRejection", (e) => onUncaught(e, "rejection"));
    // Refuse imports from handler modules (data: URLs); the host itself has loaded all it needs.
    if (mod && typeof mod.register === "function") {
      const hooks =
        "export async function resolve(specifier, context, next) {" +
        "  if (specifier.startsWith('data:') && !(context.parentURL || '').startsWith('data:')) return next(specifier, context);" +
        "  const e = new Error(\"import '\" + specifier + \"' is not available in ASL Playground handlers\");" +
        "  e.code = 'ERR_ASL_PLAYGROUND_IMPORT'; e.name = 'Runtime.ImportModuleError'; throw e; }";
      try {
        mod.register("data:text/javascript," + encodeURIComponent(hooks));
      } catch (e) {
        realErr(`handler-host: module hooks unavailable: ${e}\n`);
      }
    }
    // Requests arrive in batches (the CLI writes all it has at once): every complete line of
    // a read is handled in turn, without a line reader in between.
    let partial = "";
    const onLine = (line) => {
      if (enqueue(line, send) === false && line.length) realErr("handler-host: ignoring a line that is not JSON\n");
    };
    proc.stdin.setEncoding("utf8");
    proc.stdin.on("data", (chunk) => {
      const text = partial + chunk;
      const last = text.lastIndexOf("\n");
      if (last < 0) {
        partial = text;
        return;
      }
      partial = text.slice(last + 1);
      let start = 0;
      while (start <= last) {
        const end = text.indexOf("\n", start);
        onLine(text.slice(start, end));
        start = end + 1;
      }
    });
    proc.stdin.on("end", () => {
      if (partial) onLine(partial);
      partial = "";
      whenDrained(() => proc.exit(0));
    });
    send('{"type":"ready"}');
  }


  if (TEST_HOOK && typeof TEST_HOOK === "object") {
    Object.assign(TEST_HOOK, internals, { captureConsole });
    return;
  }
  if (IS_WORKER) startWorker();
  else if (IS_NODE) startNode().catch((e) => G.process.stderr.write(`handler-host: cannot start: ${e && e.stack}\n`));
})();
