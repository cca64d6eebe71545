// The AWS tutorial "Using a Map State to Call Lambda Multiple Times", driven through the page
// in real headless Chromium: first load, Start execution, tree and history, editing the
// handler and the input, a throwing handler, invalid JSON, autosave across a reload, and a
// handler that never returns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  openApp, byId, editorText, setEditorText, runExecution, outDir,
} from './harness.mjs';

const HELLO = 'exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };';
const INPUT = '[{"who":"bob"},{"who":"meg"},{"who":"joe"}]';

let app;
let page;
let errors;

before(async () => {
  app = await openApp();
  ({ page, errors } = app);
});

after(async () => app?.close());

const outputJson = async () => JSON.parse(await page.locator(byId('execution-output')).textContent());

test('first load shows the tutorial: MapLambda, HelloFunction verbatim, the input', async () => {
  const definition = JSON.parse(await editorText(page, 'definition-editor'));
  assert.deepEqual(definition, {
    StartAt: 'ExampleMapState',
    States: {
      ExampleMapState: {
        Type: 'Map',
        Iterator: {
          StartAt: 'CallLambda',
          States: {
            CallLambda: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
              End: true,
            },
          },
        },
        End: true,
      },
    },
  });
  assert.equal((await editorText(page, 'function-editor')).trim(), HELLO);
  assert.deepEqual(JSON.parse(await editorText(page, 'input-editor')), JSON.parse(INPUT));
  assert.match(await page.textContent('body'), /MapLambda/);
  assert.match(await page.textContent('body'), /HelloFunction/);
});

test('Start execution: SUCCEEDED with the combined Map output, tree and AWS history', async () => {
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);

  const types = await page.locator(`${byId('event-history')} ${byId('history-event')}`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
  const iteration = ['MapIterationStarted', 'TaskStateEntered', 'LambdaFunctionScheduled',
    'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'MapIterationSucceeded'];
  assert.deepEqual(types, [
    'ExecutionStarted', 'MapStateEntered', 'MapStateStarted',
    ...iteration, ...iteration, ...iteration,
    'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
  ]);

  const tree = page.locator(byId('execution-tree'));
  const treeText = await tree.textContent();
  assert.match(treeText, /ExampleMapState/);
  for (const i of [0, 1, 2]) assert.match(treeText, new RegExp(`Iteration ${i}\\b`), treeText);
  assert.equal((treeText.match(/CallLambda/g) ?? []).length >= 3, true, treeText);
  // Each invocation shows its input and output somewhere in the tree.
  for (const who of ['bob', 'meg', 'joe']) {
    assert.match(treeText, new RegExp(`Hello, ${who}!`));
  }
  assert.match(treeText, /\d+(\.\d+)?\s*ms/);

  const statuses = await page.locator(`${byId('graph')} ${byId('graph-state')}`)
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.state, e.dataset.status])));
  assert.equal(statuses.ExampleMapState, 'SUCCEEDED');
  assert.equal(statuses.CallLambda, 'SUCCEEDED');
  await page.screenshot({ path: join(outDir, 'tutorial-succeeded.png'), fullPage: true });
});

test('an async handler and a new input give the new result', async () => {
  await setEditorText(page, 'function-editor',
    'exports.handler = async (event) => `Hi ${event.who.toUpperCase()}`;');
  await setEditorText(page, 'input-editor', '[{"who":"ann"},{"who":"lee"}]');
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Hi ANN', 'Hi LEE']);
});

test('a thrown error fails the execution with its name and the Lambda error JSON as cause', async () => {
  await setEditorText(page, 'function-editor', [
    'class NotGreetable extends Error { constructor(m) { super(m); this.name = "NotGreetable"; } }',
    'exports.handler = async (event) => { throw new NotGreetable("cannot greet " + event.who); };',
  ].join('\n'));
  assert.equal(await runExecution(page), 'FAILED');
  const text = await page.locator(byId('execution-error')).textContent();
  assert.match(text, /NotGreetable/);
  assert.match(text, /"errorType":\s*"NotGreetable"/);
  assert.match(text, /"errorMessage":\s*"cannot greet ann"/);
  assert.match(text, /"trace"/);
  const types = await page.locator(byId('history-event'))
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
  assert.ok(types.includes('LambdaFunctionFailed'), types.join());
  assert.equal(types.at(-1), 'ExecutionFailed');
  await page.screenshot({ path: join(outDir, 'handler-failed.png'), fullPage: true });
});

test('invalid JSON is reported with line and column, and the text is kept', async () => {
  const broken = '[{"who":"ann"},\n {"who": }]';
  await setEditorText(page, 'input-editor', broken);
  await page.click(byId('run-button'));
  const diagnostics = page.locator(byId('diagnostics'));
  await diagnostics.getByText(/2:\d+/).first().waitFor({ timeout: 5000 });
  assert.match(await diagnostics.textContent(), /line 2|2:\d+/i);
  assert.equal(await editorText(page, 'input-editor'), broken);

  const def = await editorText(page, 'definition-editor');
  const brokenDef = def.replace('"End": true', '"End": tru');
  assert.notEqual(brokenDef, def);
  await setEditorText(page, 'definition-editor', brokenDef);
  await diagnostics.getByText(/\d+:\d+/).first().waitFor({ timeout: 5000 });
  assert.equal(await editorText(page, 'definition-editor'), brokenDef);
  await setEditorText(page, 'definition-editor', def);
  await setEditorText(page, 'input-editor', '[{"who":"ann"}]');
});

test('edits survive a reload (autosave)', async () => {
  const handler = 'exports.handler = async (event) => "Saved " + event.who;';
  await setEditorText(page, 'function-editor', handler);
  await setEditorText(page, 'input-editor', '[{"who":"kim"}]');
  await page.waitForTimeout(1200); // autosave is debounced
  await page.reload();
  await page.waitForSelector(`${byId('function-editor')} .cm-content`);
  assert.equal(await editorText(page, 'function-editor'), handler);
  assert.deepEqual(JSON.parse(await editorText(page, 'input-editor')), [{ who: 'kim' }]);
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Saved kim']);
});

test('a handler that never returns times out after 3 s and the page stays responsive', async () => {
  await setEditorText(page, 'function-editor', 'exports.handler = async () => { while (true) {} };');
  await setEditorText(page, 'input-editor', '[{"who":"x"}]');
  const t0 = Date.now();
  await page.click(byId('run-button'));
  // The page answers while the handler spins in its Worker.
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === 'RUNNING',
    byId('execution-status'), { timeout: 2000 });
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === 'FAILED',
    byId('execution-status'), { timeout: 15000 });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 2900 && elapsed < 12000, `timed out after ${elapsed} ms`);
  assert.match(await page.locator(byId('execution-error')).textContent(), /Sandbox\.Timedout/);
  assert.match(await page.locator(byId('execution-error')).textContent(), /Task timed out after 3\.00 seconds/);

  // A fresh Worker serves the next execution.
  await setEditorText(page, 'function-editor', HELLO);
  await setEditorText(page, 'input-editor', INPUT);
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);
  await page.screenshot({ path: join(outDir, 'playground.png') });
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, []);
});
