// The browser benchmark: ASL Playground against aws-local-stepfunctions 3.0.0's browser bundle,
// in one headless Chromium, on the AWS tutorial's machine (Map → Lambda HelloFunction).
//
//   node bench/browser/run.mjs [--reps N] [--rows 3,1000,3500,10000x] [--no-build] [--dist DIR]
//   node bench/browser/run.mjs --profile [--engine] [--rows 10000x] [--no-build] [--save FILE.cpuprofile]
//
// Rows are item counts; a trailing `x` makes the machine EXPRESS. For each row, medians of N
// runs (default 3) after one warm-up run of:
//   - the playground, clicked: the release build of the site (dist/), the input typed into the
//     input editor, Start execution clicked, until `execution-status` shows the final status
//     (timed in the page, from the click to the first frame that shows it); with the longest
//     main-thread task seen meanwhile (PerformanceObserver 'longtask');
//   - the engine alone: the same wasm and Worker pool, no views (`aslBenchEngine`, see
//     src/bindings/bench.rs);
//   - the peer: aws-local-stepfunctions 3.0.0's browser bundle running the same definition and
//     handler in the same browser (it renders nothing);
//   - a plain JavaScript loop calling the handler once per item;
//   - the floor under "engine alone": the transport alone (transport.html/.js), the same handler
//     Workers and batches with no interpreter, from the sandboxed frame as the playground
//     starts them, then on the page's own origin (what the isolation costs).
// Prints the Markdown tables of bench/RESULTS.md. With --profile, instead: one clicked run of the
// first row (with --engine: one engine-alone run) under Chromium's CPU profiler, the functions
// with the most self time (wasm functions by their Rust names), and the time the main thread
// spent in them. Builds the site first (`trunk build --release`) unless --no-build. These pages
// and this script are not part of dist/.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, setEditorText, byId } from '../../tests/e2e/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const reps = Number(option('--reps', '3'));
const rows = option('--rows', '3,1000,3500,10000x').split(',').map((r) => ({
  items: Number(r.replace(/x$/, '')),
  express: r.endsWith('x'),
}));

const peerDir = join(root, 'bench', 'node', 'node_modules', 'aws-local-stepfunctions', 'build');
if (!existsSync(peerDir)) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: join(root, 'bench', 'node'), stdio: 'inherit' });
}
if (!flag('--no-build') && !option('--dist', null)) {
  const env = { ...process.env, PATH: `${join(root, 'web', 'node_modules', '.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}`, TRUNK_SKIP_VERSION_CHECK: 'true' };
  execFileSync('trunk', ['build', '--release', '--public-url', './'], { cwd: root, stdio: 'inherit', env });
}

const definitionText = JSON.stringify({
  StartAt: 'ExampleMapState',
  States: {
    ExampleMapState: {
      Type: 'Map',
      Iterator: {
        StartAt: 'CallLambda',
        States: { CallLambda: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction', End: true } },
      },
      End: true,
    },
  },
}, null, 2);
const handlerSource = 'exports.handler = (event, context, callback) => {\n  callback(null, "Hello, " + event.who + "!");\n};\n';
const names = ['bob', 'meg', 'joe'];
const itemsOf = (n) => Array.from({ length: n }, (_, i) => ({ who: `${names[i % 3]}${i}` }));

// ------------------------------------------------------------------------------------------------
// One server: the site at /app/, this directory at /bench/, the peer's bundle at /peer/.

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
};
// --dist DIR: serve another build of the site (an earlier commit's, to compare; implies --no-build).
const mounts = [['/app/', option('--dist', join(root, 'dist'))], ['/bench/', here], ['/peer/', peerDir]];
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const mount = mounts.find(([prefix]) => path.startsWith(prefix));
  if (!mount) { res.writeHead(404).end(); return; }
  let rel = normalize(decodeURIComponent(path.slice(mount[0].length)));
  if (rel === '.' || rel === '' || rel.endsWith('/')) rel = join(rel, 'index.html');
  if (rel.startsWith('..')) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(join(mount[1], rel));
    res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launch();
const { context } = browser;

async function openApp() {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/app/`);
  await page.waitForSelector(`${byId('definition-editor')} .cm-content`, { timeout: 60000 });
  await page.waitForFunction(() => typeof window.wasmBindings?.aslBenchEngine === 'function');
  return { page, errors };
}

async function setType(page, express) {
  if (!(await page.locator(byId('settings-panel')).count())) await page.click(byId('settings-button'));
  await page.selectOption(byId('machine-type'), express ? 'EXPRESS' : 'STANDARD');
  await page.click(byId('settings-close'));
}

/** Clicks Start execution; resolves when a frame shows the new execution's final status. */
async function clickRun(page, timeoutMs) {
  return page.evaluate(([timeoutMs]) => new Promise((resolve, reject) => {
    const sel = '[data-testid="execution-status"]';
    const before = document.querySelector(sel)?.getAttribute('data-execution') ?? null;
    const longTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    const t0 = performance.now();
    document.querySelector('[data-testid="run-button"]').click();
    const check = () => {
      const el = document.querySelector(sel);
      const status = el?.textContent.trim();
      if (el && el.getAttribute('data-execution') !== before && /^(SUCCEEDED|FAILED|TIMED_OUT|ABORTED)$/.test(status)) {
        const ms = performance.now() - t0;
        // Long tasks are reported after they end: collect them a moment later.
        setTimeout(() => {
          observer.disconnect();
          resolve({ ms, status, longest: Math.max(0, ...longTasks), longTasks: longTasks.length });
        }, 100);
        return;
      }
      if (performance.now() - t0 > timeoutMs) {
        observer.disconnect();
        reject(new Error(`no final status after ${timeoutMs} ms (status ${status})`));
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }), [timeoutMs]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(label, run) {
  await run(); // warm-up
  const results = [];
  for (let i = 0; i < reps; i++) results.push(await run());
  const ms = median(results.map((r) => r.ms));
  process.stderr.write(`  ${label}: ${results.map((r) => r.ms.toFixed(1)).join(', ')} ms\n`);
  return { ms, results };
}

const { page: app, errors } = await openApp();

if (flag('--profile')) {
  const row = rows[0];
  await setEditorText(app, 'definition-editor', definitionText);
  await setEditorText(app, 'function-editor', handlerSource);
  await setEditorText(app, 'input-editor', JSON.stringify(itemsOf(row.items)));
  await setType(app, row.express);
  await app.bringToFront();
  await app.waitForTimeout(500);
  // --engine: profile the engine alone (aslBenchEngine: no views) instead of a clicked run.
  const engineOnly = flag('--engine');
  const runOnce = () => (engineOnly
    ? app.evaluate(([d, i, h, x]) => window.wasmBindings.aslBenchEngine(d, i, h, x),
      [definitionText, JSON.stringify(itemsOf(row.items)), JSON.stringify({ HelloFunction: handlerSource }), row.express])
      .then((e) => ({ ms: e.ms, longest: '(not observed)' }))
    : clickRun(app, 600000));
  await runOnce(); // warm-up
  await app.waitForTimeout(500);
  const cdp = await app.context().newCDPSession(app);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  // The renderer's own work (style, layout, paint) is not in a JavaScript profile: trace it.
  const traceEvents = [];
  cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...e.value));
  const traced = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  const r = await runOnce();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  const main = traceEvents.filter((e) => e.ph === 'X' && e.name === 'RunTask')
    .reduce((m, e) => m.set(e.tid, (m.get(e.tid) ?? 0) + e.dur), new Map());
  const mainTid = [...main].sort((a, b) => b[1] - a[1])[0]?.[0];
  // The renderer's own work (style, layout, paint, GC), and with it the tasks' JavaScript kinds.
  const rendererWork = ['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'HitTest', 'ParseHTML', 'MajorGC', 'MinorGC'];
  const mainThreadKinds = [...rendererWork, 'V8.GC_MC_BACKGROUND_MARKING', 'FunctionCall', 'RunTask', 'TimerFire', 'FireAnimationFrame', 'EventDispatch'];
  const renderer = new Map();
  for (const e of traceEvents) {
    if (e.ph !== 'X' || e.tid !== mainTid || !e.dur) continue;
    if (mainThreadKinds.includes(e.name)) {
      renderer.set(e.name, (renderer.get(e.name) ?? 0) + e.dur / 1000);
    }
  }
  const layouts = traceEvents.filter((e) => e.ph === 'X' && e.tid === mainTid && e.name === 'Layout');
  console.log(`layouts: ${layouts.length}; the longest: ${layouts.sort((a, b) => b.dur - a.dur).slice(0, 6)
    .map((e) => `${(e.dur / 1000).toFixed(1)} ms (${e.args?.beginData?.dirtyObjects ?? '?'} of ${e.args?.beginData?.totalObjects ?? '?'} objects)`).join(', ')}`);
  console.log('renderer main thread (trace):', [...renderer].sort((a, b) => b[1] - a[1]).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', '));
  // --save FILE: the profile itself (DevTools' Performance panel opens it)
  if (option('--save', null)) writeFileSync(option('--save', null), JSON.stringify(profile));
  // Per function, from the samples (each weighted by the time until the next sample): self
  // time (the sample's own frame) and total time (the function anywhere on the sample's stack,
  // once per sample). The profiler's pseudo-frames count as neither.
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frameName = (id) => {
    const f = nodeById.get(id).callFrame;
    if (['(idle)', '(program)', '(root)'].includes(f.functionName)) return null;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
  };
  const add = (m, name, dt) => m.set(name, (m.get(name) ?? 0) + dt);
  // The names on sample `i`'s stack, each once, that `keep` keeps.
  const stackNames = (i, keep = () => true) => {
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const name = frameName(id);
      if (name !== null && keep(name)) seen.add(name);
    }
    return seen;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const own = frameName(profile.samples[i]);
    if (own === null) continue;
    add(self, own, dt);
    total += dt;
    for (const name of stackNames(i)) add(inclusive, name, dt);
  }
  console.log(`${row.items} items${row.express ? ', EXPRESS' : ''}: clicked ${r.ms.toFixed(0)} ms, `
    + `${engineOnly ? '(engine alone) ' : ''}longest task ${r.longest} ms; main thread busy ${total.toFixed(0)} ms (sampled)`);
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${name.replace(/::h[0-9a-f]{16}/g, '').slice(0, 150)}`);
  console.log('\nself time:');
  console.log(top(self, 40).join('\n'));
  console.log('\ntotal time (the function or what it called):');
  console.log(top(inclusive, 80).join('\n'));
  // The main thread's tasks over 50 ms, each with the functions that took most of it (the
  // samples inside the task's span: the profile and the trace share one clock).
  const tasks = traceEvents.filter((e) => e.ph === 'X' && e.tid === mainTid && e.name === 'RunTask' && e.dur > 50000);
  // (a loop, not Math.min(...): a trace holds hundreds of thousands of events)
  let t0 = Infinity;
  for (const e of traceEvents) if (e.ts > 0 && e.ts < t0) t0 = e.ts;
  const stamps = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    stamps.push(t);
  }
  console.log(`\nmain-thread tasks over 50 ms: ${tasks.length}`);
  for (const task of tasks.sort((a, b) => a.ts - b.ts)) {
    const inTask = new Map();
    for (let i = 0; i < stamps.length; i++) {
      if (stamps[i] < task.ts || stamps[i] > task.ts + task.dur) continue;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const ours = (name) => !/^(real|js-to-wasm|wasm_bindgen|__wbg|handleError|\(anonymous\)|wasm-to-js|yew::scheduler|js_sys::futures)/.test(name);
      for (const name of stackNames(i, ours)) add(inTask, name, dt);
    }
    // The renderer's own work in the task, from the trace.
    const own = new Map();
    for (const e of traceEvents) {
      if (e.ph === 'X' && e.tid === mainTid && e.ts >= task.ts && e.ts < task.ts + task.dur && e !== task
        && rendererWork.includes(e.name)) {
        add(own, e.name, e.dur / 1000);
      }
    }
    console.log(`  at +${((task.ts - t0) / 1000).toFixed(0)} ms, ${(task.dur / 1000).toFixed(0)} ms; renderer: ${[...own].map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ') || 'none'}`);
    console.log(top(inTask, 12).map((l) => `    ${l}`).join('\n'));
  }
  await browser.close();
  server.close();
  process.exit(0);
}

const peer = await context.newPage();
await peer.goto(`${origin}/bench/peer.html`);
await peer.waitForFunction(() => window.peerReady === true);
const transportPage = await context.newPage();
await transportPage.goto(`${origin}/bench/transport.html`);
await transportPage.waitForFunction(() => window.transportReady === true);
const workerCount = await app.evaluate(() => Math.min(8, Math.max(2, navigator.hardwareConcurrency)));

const table = [];
for (const row of rows) {
  const items = itemsOf(row.items);
  const inputText = JSON.stringify(items);
  const expected = items.map((i) => `Hello, ${i.who}!`);
  const label = `${row.items.toLocaleString('en-US')} items, ${row.express ? 'EXPRESS' : 'STANDARD'}`;
  process.stderr.write(`${label}\n`);

  await setEditorText(app, 'definition-editor', definitionText);
  await setEditorText(app, 'function-editor', handlerSource);
  await setEditorText(app, 'input-editor', inputText);
  await setType(app, row.express);
  // A page in the background gets no frames and slowed timers: measure each in front.
  await app.bringToFront();
  await app.waitForTimeout(500);
  const clicked = await measure('playground, clicked', async () => {
    // A moment between runs, as a user takes: the next execution's Workers start meanwhile.
    await app.waitForTimeout(500);
    const r = await clickRun(app, 600000);
    if (r.status !== 'SUCCEEDED') throw new Error(`playground: ${r.status}`);
    return r;
  });
  const engine = await measure('engine alone', async () => {
    const r = await app.evaluate(([d, i, h, x]) => window.wasmBindings.aslBenchEngine(d, i, h, x),
      [definitionText, inputText, JSON.stringify({ HelloFunction: handlerSource }), row.express]);
    if (r.status !== 'SUCCEEDED') throw new Error(`engine: ${r.status}`);
    return r;
  });
  await peer.bringToFront();
  const peerRun = await measure('peer', async () => {
    const r = await peer.evaluate(([d, i, h]) => window.runPeer(d, i, h),
      [JSON.parse(definitionText), items, { HelloFunction: handlerSource }]);
    if (r.status !== 'SUCCEEDED' || JSON.stringify(r.output) !== JSON.stringify(expected)) {
      throw new Error(`peer: ${r.status}`);
    }
    return r;
  });
  const loop = await measure('plain loop', async () => {
    const r = await peer.evaluate(([s, i]) => window.runLoop(s, 'HelloFunction', i), [handlerSource, items]);
    if (JSON.stringify(r.output) !== JSON.stringify(expected)) throw new Error('loop: wrong output');
    return r;
  });
  // The floor under "engine alone": the same Workers and batches with no interpreter
  // (transport.js), from the sandboxed frame as the playground does, then on the page's origin.
  await transportPage.bringToFront();
  const transportRun = (isolated) => async () => {
    const r = await transportPage.evaluate(([s, i, w, iso]) => window.runTransport(s, i, { workers: w, isolated: iso }),
      [handlerSource, items, workerCount, isolated]);
    if (JSON.stringify(r.outputs) !== JSON.stringify(expected)) throw new Error('transport: wrong output');
    return r;
  };
  const transport = await measure('transport alone, sandboxed Workers', transportRun(true));
  const transportOpen = await measure('transport alone, same-origin Workers', transportRun(false));
  table.push({
    label,
    transport: transport.ms,
    transportOpen: transportOpen.ms,
    messages: transport.results[0].messages,
    events: engine.results[0].events,
    clicked: clicked.ms,
    longest: Math.max(...clicked.results.map((r) => r.longest)),
    engine: engine.ms,
    peer: peerRun.ms,
    peerMade: median(peerRun.results.map((r) => r.made)),
    loop: loop.ms,
  });
}

// performance.now() is coarsened to 0.1 ms (no cross-origin isolation).
const fmt = (ms) => (ms < 0.1 ? '< 0.1 ms' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const ratio = (a, b) => (a < 0.1 || b < 0.1 ? 'n/a' : `${(a / b).toFixed(2)}×`);
const version = await app.evaluate(() => navigator.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent);
const commit = (() => {
  try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim(); } catch { return '?'; }
})();
const cpu = cpus()[0]?.model ?? '?';
console.log(`date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; commit: ${commit}`);
console.log(`machine: ${cpus().length} CPUs, ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; browser: ${version}; hardwareConcurrency ${await app.evaluate(() => navigator.hardwareConcurrency)}`);
console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; medians of ${reps} after a warm-up`);
console.log();
console.log('| workload | history events | playground, clicked | longest main-thread task | engine alone (wasm + Workers) | peer (aws-local-stepfunctions 3.0.0), run | peer, machine made + run | plain JS loop | peer (made + run) / clicked | peer (run) / clicked | peer (run) / engine | engine / loop |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of table) {
  console.log(`| tutorial Map → Lambda, ${r.label} | ${r.events} | ${fmt(r.clicked)} | ${fmt(r.longest)} | ${fmt(r.engine)} | ${fmt(r.peer)} | ${fmt(r.peerMade)} | ${fmt(r.loop)} | ${ratio(r.peerMade, r.clicked)} | ${ratio(r.peer, r.clicked)} | ${ratio(r.peer, r.engine)} | ${ratio(r.engine, r.loop)} |`);
}
console.log();
console.log('The floor under "engine alone": the same Workers and batches, no interpreter (bench/browser/transport.js)');
console.log();
console.log('| workload | batch messages | transport alone, sandboxed Workers (as the playground) | transport alone, same-origin Workers | engine alone | peer, run | peer (run) / transport (sandboxed) | transport (sandboxed) / loop |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of table) {
  console.log(`| ${r.label} | ${r.messages} | ${fmt(r.transport)} | ${fmt(r.transportOpen)} | ${fmt(r.engine)} | ${fmt(r.peer)} | ${ratio(r.peer, r.transport)} | ${ratio(r.transport, r.loop)} |`);
}
if (errors.length) console.log(`\npage errors: ${errors.join('; ')}`);

await browser.close();
server.close();
