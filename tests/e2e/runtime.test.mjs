// The page's handler runtime, in real headless Chromium: invocations go to the Workers in
// batches; a handler that blocks its Worker times out alone (the invocations sent behind it on
// that Worker run on another one); a handler that tampers with the runtime's built-ins gets
// its Worker retired without touching the others' results; and the next execution gets fresh
// Workers (what a handler left in its globals is gone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byId, setEditorText, runExecution } from './harness.mjs';

let app;
let page;

before(async () => {
  app = await openApp();
  ({ page } = app);
});

after(async () => {
  await app?.close();
});

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction';

/** A Map over $.items calling HelloFunction, a function timeout (Lambda's Sandbox.Timedout) caught as "timed out". */
const MAP = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 0,
      Iterator: {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: ARN,
            Catch: [{ ErrorEquals: ['Sandbox.Timedout'], Next: 'TimedOut' }],
            End: true,
          },
          TimedOut: { Type: 'Pass', Result: 'timed out', End: true },
        },
      },
      End: true,
    },
  },
};

const output = async () => JSON.parse((await page.locator(byId('execution-output')).textContent()).trim());

async function setup(handler, items, timeoutS = 3) {
  await setEditorText(page, 'definition-editor', JSON.stringify(MAP, null, 2));
  await setEditorText(page, 'function-editor', handler);
  await page.fill(byId('function-timeout'), String(timeoutS));
  await page.locator(byId('function-timeout')).blur();
  await setEditorText(page, 'input-editor', JSON.stringify({ items }));
}

test('a handler that blocks its Worker times out alone; the invocations behind it run on another Worker', async () => {
  const items = Array.from({ length: 16 }, (_, n) => (n === 0 ? { n, block: true } : { n }));
  await setup('exports.handler = async (e) => { if (e.block) { while (true) {} } return e.n * 2; };', items, 1);
  const started = Date.now();
  assert.equal(await runExecution(page, 30000), 'SUCCEEDED');
  const ms = Date.now() - started;
  assert.deepEqual(await output(), items.map((e) => (e.block ? 'timed out' : e.n * 2)));
  // One timeout (1 s), not one per invocation queued behind the blocked one.
  assert.ok(ms < 8000, `took ${ms} ms`);
});

test("a handler that hooks the runtime's built-ins retires its Worker; the others' results are intact", async () => {
  const items = Array.from({ length: 16 }, (_, n) => (n === 0 ? { n, hostile: true } : { n }));
  const handler = `exports.handler = async (e) => {
  if (e.hostile) {
    // Every promise resolved with an object would go through this, others' results included.
    Object.defineProperty(Object.prototype, 'then', { configurable: true, get() { return (ok) => ok('forged'); } });
    const stringify = JSON.stringify;
    JSON.stringify = () => stringify({ forged: true });
    return 'hostile';
  }
  return { n: e.n, seen: typeof Object.prototype.then };
};`;
  await setup(handler, items);
  assert.equal(await runExecution(page, 30000), 'SUCCEEDED');
  const out = await output();
  assert.equal(out[0], 'hostile');
  for (let n = 1; n < items.length; n++) assert.deepEqual(out[n], { n, seen: 'undefined' }, JSON.stringify(out));
});

test('each execution gets fresh Workers: what a handler left in its globals is gone', async () => {
  const handler = 'exports.handler = async (e) => { const before = globalThis.__left || null; globalThis.__left = e.n; return before; };';
  await setup(handler, [{ n: 1 }]);
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await output(), [null]);
  await setEditorText(page, 'input-editor', JSON.stringify({ items: [{ n: 2 }] }));
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await output(), [null]);
});
