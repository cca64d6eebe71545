// The workspace around an execution, in real headless Chromium: share links (round trip in
// a fresh browser, a bad link), the simulated IAM role (AccessDenied, "create a role for
// me"), a missing function, the execution list, JSON⇄YAML, Esc, real time kept with the
// workspace, dark theme and large font.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  openApp, openPage, launch, byId, editorText, setEditorText, runExecution, outDir, startRecorder,
} from './harness.mjs';

const HELLO_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction';

let app;
let page;
let errors;
/** A server on another port that records every request a handler manages to send. */
let recorder;

before(async () => {
  recorder = await startRecorder();
  app = await openApp();
  ({ page, errors } = app);
});

after(async () => {
  await app?.close();
  recorder?.close();
});

const text = async (p, id) => (await p.locator(byId(id)).textContent()).trim();
const outputJson = async (p = page) => JSON.parse(await text(p, 'execution-output'));

async function openSettings(p = page) {
  if (!(await p.locator(byId('settings-panel')).count())) await p.click(byId('settings-button'));
  await p.waitForSelector(`${byId('role-editor')} .cm-content`);
}

async function closeSettings(p = page) {
  if (await p.locator(byId('settings-panel')).count()) await p.click(byId('settings-close'));
}

test('a share link restores the workspace in a fresh browser, and runs nothing', async () => {
  // The handler would call the recording server if it could (the sandbox stops it when it
  // runs; and opening the link must not run it at all).
  const spy = `${recorder.url}shared`;
  const handler = `exports.handler = async (event) => { try { await fetch(${JSON.stringify(spy)} + "?who=" + event.who); } catch (e) {} return "Shared, " + event.who + " ✓"; };`;
  const input = '[{"who":"Zoë"},{"who":"李"}]';
  await setEditorText(page, 'function-editor', handler);
  await setEditorText(page, 'input-editor', input);
  const definition = await editorText(page, 'definition-editor');
  await page.click(byId('share-button'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.copied !== undefined,
    byId('share-status'));
  const link = await page.inputValue(byId('share-link'));
  assert.match(link, /#v1\.[A-Za-z0-9_-]+$/);
  assert.match(await text(page, 'share-status'), new RegExp(`${link.length} characters`));
  await page.screenshot({ path: join(outDir, 'share-popover.png') });
  await page.click(byId('share-button')); // closes the popover

  const other = await launch();
  try {
    const { page: p, errors: errs } = await openPage(other.context, link);
    assert.equal(await editorText(p, 'definition-editor'), definition);
    assert.equal(await editorText(p, 'function-editor'), handler);
    assert.equal(await editorText(p, 'input-editor'), input);
    // Nothing ran: no status, no history.
    assert.equal(await p.locator(byId('execution-status')).getAttribute('data-execution'), '');
    assert.equal(await text(p, 'execution-status'), '');
    assert.equal(await p.locator(byId('history-event')).count(), 0);
    assert.match(await text(p, 'notice'), /Opened a shared workspace/);
    assert.ok(!p.url().includes('#'), `the fragment is removed: ${p.url()}`);
    await p.screenshot({ path: join(outDir, 'share-opened.png') });
    await p.waitForTimeout(1000); // the handler sandbox is up (its Workers start ahead)
    assert.deepEqual(recorder.seen, [], 'opening the link ran nothing');
    // It runs as it did where it was shared (its request refused by the sandbox).
    assert.equal(await runExecution(p), 'SUCCEEDED');
    assert.deepEqual(await outputJson(p), ['Shared, Zoë ✓', 'Shared, 李 ✓']);
    assert.deepEqual(recorder.seen, [], 'the handler could not reach the server');
    // The previous work (here: the first-load example) comes back on request, even after a
    // reload (then from the settings).
    assert.equal(await p.locator(byId('restore-button')).count(), 1);
    await p.waitForTimeout(800); // autosave
    await p.reload();
    await p.waitForSelector(`${byId('function-editor')} .cm-content`);
    assert.equal(await editorText(p, 'function-editor'), handler);
    await openSettings(p);
    await p.click(byId('settings-restore-button'));
    assert.match(await editorText(p, 'function-editor'), /callback\(null, "Hello, "/);
    assert.equal(await p.locator(byId('settings-restore-button')).count(), 0);
    assert.deepEqual(errs, []);
  } finally {
    await other.close();
  }
});

test('a bad link says so and leaves the current work untouched', async () => {
  const before = await editorText(page, 'function-editor');
  await page.goto(`${app.url}#v1.this-is-not-deflate`);
  await page.locator(byId('notice')).waitFor();
  assert.match(await text(page, 'notice'), /Could not open the shared link\. This link is damaged/);
  assert.match(await text(page, 'notice'), /Your work is unchanged/);
  assert.equal(await editorText(page, 'function-editor'), before);
  assert.equal(await page.locator(byId('restore-button')).count(), 0);
  await page.click(byId('notice-dismiss'));
  assert.equal(await page.locator(byId('notice')).count(), 0);
  // Back to the tutorial's handler for what follows.
  await setEditorText(page, 'function-editor',
    'exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };');
  await setEditorText(page, 'input-editor', '[{"who":"bob"},{"who":"meg"},{"who":"joe"}]');
});

test('a role without lambda:InvokeFunction fails the Task with AccessDenied; create-role fixes it', async () => {
  await openSettings();
  assert.equal(await text(page, 'role-arn'), 'arn:aws:iam::123456789012:role/StepFunctions-MapLambda-role');
  await setEditorText(page, 'role-editor', JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Other' }],
  }, null, 2));
  await page.locator(byId('role-problems')).getByText(/may not invoke HelloFunction/).waitFor();
  await page.screenshot({ path: join(outDir, 'role-editor.png') });
  await closeSettings();
  assert.equal(await runExecution(page), 'FAILED');
  const error = await text(page, 'execution-error');
  assert.match(error, /Lambda\.AWSLambdaException/);
  assert.match(error, new RegExp(
    'User: arn:aws:sts::123456789012:assumed-role/StepFunctions-MapLambda-role/[A-Za-z]{32} is not authorized to perform: '
    + `lambda:InvokeFunction on resource: ${HELLO_ARN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} because no identity-based policy allows `
    + 'the lambda:InvokeFunction action \\(Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}; Proxy: null\\)'));
  const types = await page.locator(byId('history-event')).evaluateAll((rows) => rows.map((r) => r.dataset.type));
  assert.ok(types.includes('LambdaFunctionFailed'), types.join());
  await page.screenshot({ path: join(outDir, 'access-denied.png') });

  // The page offers the fix next to the error; the settings' button does the same.
  await page.click(byId('fix-role-button'));
  assert.equal(await page.locator(byId('role-hint')).count(), 0);
  await openSettings();
  await page.click(byId('create-role-button'));
  const policy = JSON.parse(await editorText(page, 'role-editor'));
  assert.deepEqual(policy.Statement[0].Resource, [HELLO_ARN, `${HELLO_ARN}:*`]);
  assert.equal(await page.locator(byId('role-problems')).count(), 0);
  await closeSettings();
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);
});

test('a Task calling a missing function, or one in another Region, names it', async () => {
  const def = await editorText(page, 'definition-editor');
  const missing = 'arn:aws:lambda:us-east-1:123456789012:function:NoSuchFunction';
  await setEditorText(page, 'definition-editor', def.replace(HELLO_ARN, missing));
  await openSettings();
  await page.click(byId('create-role-button'));
  await closeSettings();
  assert.equal(await runExecution(page), 'FAILED');
  let error = await text(page, 'execution-error');
  assert.match(error, /Lambda\.ResourceNotFoundException/);
  assert.match(error, /Function not found: arn:aws:lambda:us-east-1:123456789012:function:NoSuchFunction:\$LATEST/);

  const elsewhere = 'arn:aws:lambda:eu-west-1:123456789012:function:HelloFunction';
  await setEditorText(page, 'definition-editor', def.replace(HELLO_ARN, elsewhere));
  assert.equal(await runExecution(page), 'FAILED');
  error = await text(page, 'execution-error');
  assert.match(error, /Function not found: arn:aws:lambda:eu-west-1:123456789012:function:HelloFunction/);

  await setEditorText(page, 'definition-editor', def);
  await openSettings();
  await page.click(byId('create-role-button'));
  await closeSettings();
});

test('the execution list opens an older execution with its output, history and graph', async () => {
  await page.fill(byId('execution-name'), 'first-run');
  await setEditorText(page, 'input-editor', '[{"who":"one"}]');
  assert.equal(await runExecution(page), 'SUCCEEDED');
  const firstHistory = await page.locator(byId('history-event')).count();
  await page.fill(byId('execution-name'), 'second-run');
  await setEditorText(page, 'input-editor', '[{"who":"two"},{"who":"three"}]');
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Hello, two!', 'Hello, three!']);

  const items = page.locator(`${byId('execution-list')} ${byId('execution-item')}`);
  const names = await items.evaluateAll((els) => els.map((e) => e.dataset.execution));
  assert.deepEqual(names.slice(0, 2), ['second-run', 'first-run']);
  assert.ok(names.length >= 3, names.join());
  const row = await items.nth(1).textContent();
  assert.match(row, /SUCCEEDED/);
  assert.match(row, /\d\d:\d\d:\d\d/);
  await items.nth(1).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.execution === 'first-run',
    byId('execution-status'));
  assert.deepEqual(await outputJson(), ['Hello, one!']);
  assert.equal(await page.locator(byId('history-event')).count(), firstHistory);
  const status = await page.locator(`${byId('graph-state')}[data-state="CallLambda"]`).first().getAttribute('data-status');
  assert.equal(status, 'SUCCEEDED');
  await page.screenshot({ path: join(outDir, 'execution-list.png') });
  // A used name is refused.
  await page.fill(byId('execution-name'), 'first-run');
  await page.locator(byId('problems')).getByText(/already/).first().waitFor();
  await page.fill(byId('execution-name'), '');
});

test('JSON ⇄ YAML toggle: the YAML definition runs the same, and converts back', async () => {
  const json = JSON.parse(await editorText(page, 'definition-editor'));
  await setEditorText(page, 'input-editor', '[{"who":"yaml"}]');
  await page.click(byId('format-toggle'));
  const yaml = await editorText(page, 'definition-editor');
  assert.ok(!yaml.trim().startsWith('{'), yaml);
  assert.match(yaml, /StartAt: ExampleMapState/);
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Hello, yaml!']);
  await page.click(byId('format-toggle'));
  assert.deepEqual(JSON.parse(await editorText(page, 'definition-editor')), json);
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(await outputJson(), ['Hello, yaml!']);
});

test('Esc stops a running execution', async () => {
  const before = await editorText(page, 'function-editor');
  await setEditorText(page, 'function-editor',
    'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 2500)); return e; };');
  await page.click(byId('run-button'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === 'RUNNING',
    byId('execution-status'), { timeout: 5000 });
  await page.keyboard.press('Escape');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === 'ABORTED',
    byId('execution-status'), { timeout: 5000 });
  await setEditorText(page, 'function-editor', before);
});

test('Express type, account and Region settings', async () => {
  await openSettings();
  await page.fill(byId('machine-name-input'), 'Bad Name');
  await page.press(byId('machine-name-input'), 'Enter');
  assert.match(await text(page, 'settings-problem'), /must not contain/);
  assert.equal(await text(page, 'machine-name'), 'MapLambda');
  await page.fill(byId('machine-name-input'), 'Grüße');
  await page.press(byId('machine-name-input'), 'Enter');
  assert.equal(await text(page, 'machine-name'), 'Grüße');
  assert.match(await text(page, 'machine-name-warning'), /CloudWatch|ASCII/i);
  await page.fill(byId('machine-name-input'), 'MapLambda');
  await page.press(byId('machine-name-input'), 'Enter');
  assert.equal(await page.locator(byId('settings-problem')).count(), 0);
  await page.selectOption(byId('machine-type'), 'EXPRESS');
  assert.equal(await text(page, 'machine-type-label'), 'Express');
  await page.fill(byId('account-id'), '12345');
  await page.press(byId('account-id'), 'Enter');
  await page.locator(byId('settings-problem')).waitFor();
  await page.fill(byId('account-id'), '111122223333');
  await page.press(byId('account-id'), 'Enter');
  await page.fill(byId('region'), 'eu-west-1');
  await page.press(byId('region'), 'Enter');
  assert.equal(await page.locator(byId('settings-problem')).count(), 0);
  assert.match(await editorText(page, 'definition-editor'), /arn:aws:lambda:eu-west-1:111122223333:function:HelloFunction/);
  assert.equal(await text(page, 'role-arn'), 'arn:aws:iam::111122223333:role/StepFunctions-MapLambda-role');
  await closeSettings();
  assert.equal(await runExecution(page), 'SUCCEEDED');
  // ExecutionStarted names the role.
  await page.locator(`${byId('history-event')}[data-type="ExecutionStarted"]`).click();
  assert.match(await text(page, 'event-history'),
    /"roleArn": "arn:aws:iam::111122223333:role\/StepFunctions-MapLambda-role"/);
  // Back to the defaults.
  await openSettings();
  await page.fill(byId('account-id'), '123456789012');
  await page.press(byId('account-id'), 'Enter');
  await page.fill(byId('region'), 'us-east-1');
  await page.press(byId('region'), 'Enter');
  await page.selectOption(byId('machine-type'), 'STANDARD');
  assert.match(await editorText(page, 'definition-editor'), new RegExp(HELLO_ARN));
});

test('real time and its speed are kept across a reload and travel in a share link', async () => {
  const settings = (p) => p.evaluate(() => ({
    on: document.querySelector('[data-testid="real-time-toggle"]').checked,
    speed: document.querySelector('[data-testid="speed-select"]').value,
    disabled: document.querySelector('[data-testid="speed-select"]').disabled,
  }));
  await closeSettings();
  assert.deepEqual(await settings(page), { on: false, speed: '1', disabled: true });
  await page.check(byId('real-time-toggle'));
  await page.selectOption(byId('speed-select'), '60');
  await page.waitForTimeout(700); // autosave
  await page.reload();
  await page.waitForSelector(`${byId('definition-editor')} .cm-content`);
  assert.deepEqual(await settings(page), { on: true, speed: '60', disabled: false });

  await page.click(byId('share-button'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.copied !== undefined, byId('share-status'));
  const link = await page.inputValue(byId('share-link'));
  await page.click(byId('share-button'));
  const other = await launch();
  try {
    const { page: p, errors: errs } = await openPage(other.context, link);
    assert.deepEqual(await settings(p), { on: true, speed: '60', disabled: false });
    assert.deepEqual(errs, []);
  } finally {
    await other.close();
  }

  // Back to virtual time, which is kept too.
  await page.uncheck(byId('real-time-toggle'));
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector(`${byId('definition-editor')} .cm-content`);
  assert.deepEqual(await settings(page), { on: false, speed: '60', disabled: true });
  await page.check(byId('real-time-toggle'));
  await page.selectOption(byId('speed-select'), '1');
  await page.uncheck(byId('real-time-toggle'));
});

test('dark theme and large font, kept across a reload', async () => {
  await openSettings();
  await page.check(byId('dark-theme-toggle'));
  await page.check(byId('large-font-toggle'));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.screenshot({ path: join(outDir, 'dark-large-settings.png') });
  await closeSettings();
  await page.reload();
  await page.waitForSelector(`${byId('definition-editor')} .cm-content`);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.font), 'large');
  assert.equal(await runExecution(page), 'SUCCEEDED');
  await page.screenshot({ path: join(outDir, 'dark-large.png') });
  await openSettings();
  await page.uncheck(byId('large-font-toggle'));
  await closeSettings();
  await page.screenshot({ path: join(outDir, 'dark.png') });
  await openSettings();
  await page.uncheck(byId('dark-theme-toggle'));
  await closeSettings();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, []);
});
