// The floor under "engine alone": the handler Workers' transport with nothing else on the
// page. `window.runTransport(handlerSource, events, options)` sends one invocation of the
// handler per event to the same handler runtime the playground uses (dist/handler-host.js), the way the
// page's Worker pool does (src/runtime/pool.rs): at most `window` (an inline Map's 40)
// invocations in flight, those ready in one turn sent together as one batch message per free
// Worker (JSON text with the shared context fields once, a 128-bit secret per invocation), the
// next ones made ready as results come back. No interpreter, no history, no views: what is
// left is the messages and the runtime's work. `isolated` (the default) starts the Workers as
// the playground does, from the sandboxed, opaque-origin frame (dist/handler-frame.html), each
// with a MessagePort to this page; `isolated: false` starts them on this page's own origin
// (`new Worker(url)`), to show what the isolation costs.

const APP = '/app/';

/** Starts `count` handler Workers; resolves with their ports (each with `post` and `onText`). */
async function startWorkers(count, isolated) {
  const ready = [];
  const ports = [];
  if (isolated) {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.style.display = 'none';
    const frameReady = new Promise((ok) => {
      addEventListener('message', function once(ev) {
        if (ev.source === frame.contentWindow && ev.data?.type === 'frame-ready') {
          removeEventListener('message', once);
          ok();
        }
      });
    });
    frame.src = `${APP}handler-frame.html`;
    document.body.append(frame);
    await frameReady;
    const text = await (await fetch(`${APP}handler-host.js`)).text();
    frame.contentWindow.postMessage({ type: 'source', text }, '*');
    for (let i = 0; i < count; i++) {
      const channel = new MessageChannel();
      frame.contentWindow.postMessage({ type: 'start', id: i }, '*', [channel.port2]);
      ports.push({ post: (t) => channel.port1.postMessage(t), target: channel.port1, close: () => frame.remove() });
    }
  } else {
    for (let i = 0; i < count; i++) {
      const w = new Worker(`${APP}handler-host.js`);
      ports.push({ post: (t) => w.postMessage(t), target: w, close: () => w.terminate() });
    }
  }
  for (const p of ports) {
    ready.push(new Promise((ok) => {
      p.target.onmessage = (ev) => {
        const m = typeof ev.data === 'string' ? JSON.parse(ev.data) : ev.data;
        if (m.type === 'ready') ok();
        else p.onText?.(m);
      };
    }));
  }
  await Promise.all(ready);
  return ports;
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Runs `handlerSource` once per event of `events` through `workers` handler Workers, at most
 * `window` in flight. Resolves with {ms, messages, outputs}.
 */
window.runTransport = async function runTransport(handlerSource, events, { workers = 2, window: limit = 40, isolated = true } = {}) {
  const ports = await startWorkers(workers, isolated);
  const n = events.length;
  const context = JSON.stringify({
    functionName: 'HelloFunction', functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
    memoryLimitInMB: 128, logGroupName: '/aws/lambda/HelloFunction',
    logStreamName: '2026/12/04/[$LATEST]0123456789abcdef0123456789abcdef', timeoutMs: 3000,
  });
  const outputs = new Array(n);
  let messages = 0;
  const t0 = performance.now();
  await new Promise((done, fail) => {
    let next = 0; // the next item to make ready
    let finished = 0;
    const ready = [];
    const pending = new Map(); // item -> [the Worker it was sent to, its secret]
    const outstanding = new Array(workers).fill(0); // sent to each Worker, not answered yet
    const sentCode = new Array(workers).fill(false);
    let flushQueued = false;
    const makeReady = () => {
      while (next < n && pending.size + ready.length < limit) ready.push(next++);
    };
    const flush = () => {
      flushQueued = false;
      const free = [];
      for (let w = 0; w < workers; w++) if (outstanding[w] === 0) free.push(w);
      if (!ready.length || !free.length) return;
      const k = Math.min(free.length, Math.max(1, Math.ceil(ready.length / 32)));
      const share = Math.ceil(ready.length / k);
      for (let j = 0; j < k && ready.length; j++) {
        const w = free[j];
        const items = ready.splice(0, share);
        const secrets = new Uint8Array(16 * items.length);
        crypto.getRandomValues(secrets);
        let text = '{"type":"invoke","code":{';
        if (!sentCode[w]) {
          text += `"f1":${JSON.stringify(handlerSource)}`;
          sentCode[w] = true;
        }
        text += `},"contexts":{"c0":${context}},"invocations":[`;
        items.forEach((item, i) => {
          const secret = hex(secrets.subarray(16 * i, 16 * i + 16));
          pending.set(item, [w, secret]);
          text += `${i ? ',' : ''}{"id":${item},"secret":"${secret}","fn":"f1","event":${JSON.stringify(events[item])},"ctx":"c0","awsRequestId":"${crypto.randomUUID()}"}`;
        });
        text += ']}';
        outstanding[w] += items.length;
        messages++;
        ports[w].post(text);
      }
    };
    const schedule = () => {
      if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(flush);
      }
    };
    ports.forEach((p, w) => {
      // A Worker is free again once it has answered everything it was sent.
      p.onText = (m) => {
        if (m.type !== 'results') return;
        for (const r of m.results) {
          const entry = pending.get(r.id);
          if (!entry || entry[1] !== r.secret || !r.ok) {
            fail(new Error(`transport: a wrong result ${JSON.stringify(r).slice(0, 200)}`));
            return;
          }
          if (entry[0] !== w) {
            fail(new Error(`transport: a result from another Worker (${r.id})`));
            return;
          }
          pending.delete(r.id);
          outputs[r.id] = r.payload;
          outstanding[w]--;
          finished++;
        }
        if (finished === n) {
          done();
          return;
        }
        makeReady();
        schedule();
      };
    });
    makeReady();
    schedule();
  });
  const ms = performance.now() - t0;
  for (const p of ports) p.close();
  return { ms, messages, outputs };
};

window.transportReady = true;
