// The definition editor teaches, in real headless Chromium: completion offers what the
// interpreter accepts where the cursor is (state names after Next, a Task's fields), hovering
// a field explains it with a link to AWS's guide, and quick fixes repair common problems
// (add End: true, rename to the closest state or field, create the missing function).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byId, setEditorText, editorText } from './harness.mjs';

let app;
let page;
let errors;

before(async () => {
  app = await openApp();
  ({ page, errors } = app);
});

after(async () => app?.close());

const definition = `{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
      "Next": "Done"
    },
    "Done": {
      "Type": "Pass"
    }
  }
}`;

const editor = `${byId('definition-editor')}`;

/** Puts the cursor in the definition editor at the end of the first line holding `text`, then `left` characters back. */
async function cursorInLine(text, left = 0) {
  await page.locator(`${editor} .cm-line`, { hasText: text }).first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < left; i++) await page.keyboard.press('ArrowLeft');
}

const optionLabels = () => page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents();

async function problemCodes() {
  return page.locator(`${byId('problems')} ${byId('problem')}`).evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
}

/** Hovers the lint mark of this severity and clicks the quick fix named `name`. */
async function applyFix(severity, name) {
  const mark = page.locator(`${editor} .cm-lintRange-${severity}`).first();
  await mark.hover();
  const button = page.locator('.cm-tooltip-lint .cm-diagnosticAction', { hasText: name });
  await button.waitFor({ timeout: 5000 });
  await button.click();
}

test('completion offers state names after Next and a Task state its fields', async () => {
  await setEditorText(page, 'definition-editor', definition);
  // Next: replace "Done" by typing its first letter
  await cursorInLine('"Next": "Done"', 5);
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Delete');
  await page.keyboard.type('D');
  await page.waitForSelector('.cm-tooltip-autocomplete');
  assert.deepEqual(await optionLabels(), ['Done']);
  // (CodeMirror ignores Enter for 75 ms after the list opens: a click accepts at once)
  await page.locator('.cm-tooltip-autocomplete li', { hasText: /^Done/ }).first().click();
  assert.match(await editorText(page, 'definition-editor'), /"Next": "Done"\n/);

  // a new field in the Task state: Retry is offered, Result (a Pass field) is not
  await cursorInLine('function:HelloFunction",');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"Re');
  await page.waitForSelector('.cm-tooltip-autocomplete');
  const labels = await optionLabels();
  assert.ok(labels.includes('Retry'), `offered: ${labels}`);
  assert.ok(!labels.includes('Result'), `offered: ${labels}`);
  assert.ok(!labels.includes('Resource'), `already there: ${labels}`);
  await page.locator('.cm-tooltip-autocomplete li', { hasText: /^Retry/ }).first().click();
  assert.match(await editorText(page, 'definition-editor'), /\n\s*"Retry": \s*\n\s*"Next"/);
});

test('in YAML too: a Task state is offered its fields, ErrorEquals the error names', async () => {
  const yaml = [
    'StartAt: Call',
    'States:',
    '  Call:',
    '    Type: Task',
    '    Resource: arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
    '    End: true',
    '',
  ].join('\n');
  await setEditorText(page, 'definition-editor', yaml);
  await cursorInLine('    Type: Task');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ret');
  await page.waitForSelector('.cm-tooltip-autocomplete');
  assert.ok((await optionLabels()).includes('Retry'));
  await page.locator('.cm-tooltip-autocomplete li', { hasText: /^Retry/ }).first().click();
  await page.keyboard.press('Enter');
  await page.keyboard.type('- ErrorEquals: [States.T');
  await page.waitForSelector('.cm-tooltip-autocomplete');
  const labels = await optionLabels();
  assert.ok(labels.includes('States.TaskFailed') && labels.includes('States.Timeout'), `offered: ${labels}`);
  await page.keyboard.press('Escape');
  assert.match(await editorText(page, 'definition-editor'), /\n {4}Retry: \n/);
});

test('hovering a field explains it, with a link to the Developer Guide', async () => {
  await setEditorText(page, 'definition-editor', definition);
  await page.keyboard.press('Escape');
  const key = page.locator(`${editor} .cm-line`, { hasText: '"Resource"' }).first();
  const box = await key.boundingBox();
  await page.mouse.move(box.x + 60, box.y + box.height / 2);
  const hover = page.locator(byId('definition-hover'));
  await hover.waitFor({ timeout: 5000 });
  assert.match(await hover.textContent(), /Resource.*Lambda function ARN/s);
  const href = await hover.locator('a').getAttribute('href');
  assert.match(href, /^https:\/\/docs\.aws\.amazon\.com\/step-functions\/latest\/dg\/state-task\.html$/);
});

test('quick fixes: add End, rename to the closest state or field, create the missing function', async () => {
  await setEditorText(page, 'definition-editor', definition);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="problem"]')]
    .some((p) => p.getAttribute('data-code') === 'NO_TRANSITION'));
  await applyFix('error', 'Add End: true');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="problem"]').length === 0);
  assert.equal(JSON.parse(await editorText(page, 'definition-editor')).States.Done.End, true);

  // a misspelt Next: renamed to the closest state
  await cursorInLine('"Next": "Done"', 3);
  await page.keyboard.press('Delete');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="problem"]')]
    .some((p) => p.getAttribute('data-code') === 'MISSING_TRANSITION_TARGET'));
  await applyFix('error', 'Rename to Done');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="problem"]').length === 0);
  assert.equal(JSON.parse(await editorText(page, 'definition-editor')).States.Call.Next, 'Done');
  assert.deepEqual(await problemCodes(), []);

  // a misspelt field: renamed to the closest field a Task state has
  await setEditorText(page, 'definition-editor', definition.replace('"Next": "Done"', '"Nxet": "Done"').replace('"Type": "Pass"', '"Type": "Pass", "End": true'));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="problem"]')]
    .some((p) => p.getAttribute('data-code') === 'UNKNOWN_FIELD'));
  const line = page.locator(`${editor} .cm-line`, { hasText: '"Nxet"' }).first();
  const box = await line.boundingBox();
  await page.mouse.move(box.x + 60, box.y + box.height / 2);
  const rename = page.locator('.cm-tooltip-lint .cm-diagnosticAction', { hasText: 'Rename to Next' });
  await rename.waitFor({ timeout: 5000 });
  await rename.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="problem"]').length === 0);
  assert.equal(JSON.parse(await editorText(page, 'definition-editor')).States.Call.Next, 'Done');

  // a function the workspace lacks: created from the Resource
  const text = (await editorText(page, 'definition-editor')).replace('function:HelloFunction', 'function:Greeter');
  await setEditorText(page, 'definition-editor', text);
  await page.keyboard.press('Escape');
  await page.waitForSelector(`${editor} .cm-lintRange-info`);
  await applyFix('info', 'Create function Greeter');
  await page.waitForSelector(`${byId('function-item')}[data-function="Greeter"]`);
  await page.waitForFunction(() => !document.querySelector('[data-testid="definition-editor"] .cm-lintRange-info'));
  assert.deepEqual(errors, []);
});
