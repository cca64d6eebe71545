// The panels' finer tools, in real headless Chromium: a function's saved test events
// (kept across a reload), the execution tree's status filter, timeline bars and attempts, the
// event history's type filter, a 1,000-iteration Map that keeps the page answering (the
// history is windowed, scrolling reveals later events), and real time with a speed factor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApp, byId, setEditorText, runExecution, outDir } from './harness.mjs';

let app;
let page;
let errors;

before(async () => {
  app = await openApp();
  ({ page, errors } = app);
});

after(async () => app?.close());

const optionLabels = (testid) => page.locator(`${byId(testid)} option`).allTextContents();

test('test events: the tutorial has one; create, rename, edit, test, and they survive a reload', async () => {
  assert.deepEqual(await optionLabels('test-event-select'), ['HelloFunction']);
  assert.equal(await page.inputValue(byId('test-event-name')), 'HelloFunction');
  assert.deepEqual(JSON.parse(await page.inputValue(byId('function-test-event'))), { who: 'AWS Step Functions' });

  await page.click(byId('test-event-add'));
  assert.equal(await page.inputValue(byId('test-event-name')), 'MyEvent1');
  await page.fill(byId('test-event-name'), 'Meg');
  await page.press(byId('test-event-name'), 'Enter');
  await page.fill(byId('function-test-event'), '{"who":"meg"}');
  await page.click(byId('function-test-button'));
  await page.waitForSelector(`${byId('function-test-result')}[data-status="SUCCEEDED"]`);
  assert.match(await page.locator(byId('function-test-result')).textContent(), /Hello, meg!/);
  assert.deepEqual(await optionLabels('test-event-select'), ['HelloFunction', 'Meg']);

  // A duplicate name is refused with a message.
  await page.fill(byId('test-event-name'), 'HelloFunction');
  await page.press(byId('test-event-name'), 'Enter');
  assert.match(await page.locator(byId('test-event-problem')).textContent(), /already/);
  assert.deepEqual(await optionLabels('test-event-select'), ['HelloFunction', 'Meg']);

  // The other event is unchanged, and testing it gives its own result.
  await page.selectOption(byId('test-event-select'), { label: 'HelloFunction' });
  assert.deepEqual(JSON.parse(await page.inputValue(byId('function-test-event'))), { who: 'AWS Step Functions' });
  await page.click(byId('function-test-button'));
  await page.waitForFunction(() => /Hello, AWS Step Functions!/.test(
    document.querySelector('[data-testid="function-test-result"]')?.textContent ?? ''));
  await page.locator('.fn-test').screenshot({ path: join(outDir, 'panels-test-events.png') });

  await page.waitForTimeout(700); // autosave
  await page.reload();
  await page.waitForSelector(byId('test-event-select'), { timeout: 30000 });
  assert.deepEqual(await optionLabels('test-event-select'), ['HelloFunction', 'Meg']);
  await page.selectOption(byId('test-event-select'), { label: 'Meg' });
  assert.equal(await page.inputValue(byId('function-test-event')), '{"who":"meg"}');

  // Delete it; the last one stays (Delete is disabled).
  await page.click(byId('test-event-delete'));
  assert.deepEqual(await optionLabels('test-event-select'), ['HelloFunction']);
  assert.equal(await page.isDisabled(byId('test-event-delete')), true);
  assert.deepEqual(errors, []);
});
