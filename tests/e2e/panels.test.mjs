// The panels' finer tools, in real headless Chromium: a function's saved test events
// (kept across a reload), the execution tree's status filter, timeline bars and attempts, the
// event history's type filter, a 1,000-iteration Map that keeps the page answering (the
// history and the tree are windowed, scrolling reveals later rows; the tree's keys and its
// selection following the inspector), and real time with a speed factor.
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
  // The log as the Lambda console's test shows it: START, the handler's lines, END, REPORT.
  const testLog = await page.locator(byId('function-logs')).textContent();
  assert.match(testLog, /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
  assert.match(testLog, /END RequestId: [0-9a-f-]{36}/);
  assert.match(testLog, /REPORT RequestId: [0-9a-f-]{36}\s+Duration: [\d.]+ ms\s+Billed Duration: \d+ ms\s+Memory Size: 128 MB/);
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

/** Starts recording, on every frame, the execution status and how many events the history has. */
function sampleHistorySizes() {
  return page.evaluate(() => {
    window.__shown = [];
    window.__stopSampling = false;
    const sample = () => {
      const status = document.querySelector('[data-testid="execution-status"]')?.textContent.trim();
      const rows = Number(document.querySelector('[data-testid="event-history"]')?.getAttribute('data-rows') ?? 0);
      window.__shown.push([status, rows]);
      if (!window.__stopSampling) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

/** Stops the recording; resolves with the [status, history size] of each frame recorded. */
function stopSampling() {
  return page.evaluate(() => { window.__stopSampling = true; return window.__shown; });
}

/** The distinct history sizes the page showed while RUNNING, between the first few and `all`. */
function historySizesWhileRunning(shown, all) {
  return [...new Set(shown.filter(([status]) => status === 'RUNNING').map(([, rows]) => rows))]
    .filter((rows) => rows > 3 && rows < all);
}

test('a 1,000-item Map completes, the page keeps answering, the history is windowed and scrolls', async () => {
  const items = Array.from({ length: 1000 }, (_, i) => ({ who: `p${i}` }));
  await setEditorText(page, 'input-editor', JSON.stringify(items));
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  });
  // What the history shows on each frame while the execution runs: the views are paced
  // (src/runtime/execution.rs), but must still show the run as it goes, not only its end.
  await sampleHistorySizes();
  const t0 = Date.now();
  assert.equal(await runExecution(page, 120000), 'SUCCEEDED');
  const toSucceeded = Date.now() - t0;
  // An output this long is shown in part (views::SHOWN_BYTES); Copy gives all of it.
  const shownOutput = await page.locator(byId('execution-output')).textContent();
  assert.ok(shownOutput.startsWith('[\n  "Hello, p0!",\n  "Hello, p1!",'), shownOutput.slice(0, 40));
  assert.ok(shownOutput.endsWith('(longer than 16 KiB: the rest is not shown)'), shownOutput.slice(-60));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.locator(byId('output-copy')).click();
  const output = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(output.length, 1000);
  assert.equal(output[999], 'Hello, p999!');
  // 7,006 events in all; while RUNNING the history showed some of them, not only the end (a
  // run that takes a while shows them growing: the next test).
  const shown = await stopSampling();
  const running = historySizesWhileRunning(shown, 7006);
  assert.ok(running.length >= 1, `history sizes shown while RUNNING: ${running.join(', ')}`);

  // The page answers: a frame comes quickly, and the longest main-thread task is reported.
  const f0 = Date.now();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
  const frame = Date.now() - f0;
  const long = await page.evaluate(() => ({
    longest: Math.round(Math.max(0, ...window.__long)), count: window.__long.length,
  }));
  console.log(`1,000-item Map: SUCCEEDED after ${toSucceeded} ms; longest task ${long.longest} ms `
    + `(${long.count} over 50 ms); next frame after ${frame} ms`);
  assert.ok(frame < 1000, `frame after ${frame} ms`);

  // The history is windowed: thousands of events, a bounded number of rows in the page.
  const history = page.locator(byId('event-history'));
  const total = Number(await history.getAttribute('data-rows'));
  assert.ok(total > 7000, `${total} events`);
  const drawn = await page.locator(byId('history-event')).count();
  assert.ok(drawn > 0 && drawn <= 200, `${drawn} rows drawn`);
  assert.equal(await page.locator(byId('history-event')).first().getAttribute('data-type'), 'ExecutionStarted');

  // Scrolling to the end draws the last events.
  await history.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector(`${byId('history-event')}[data-type="ExecutionSucceeded"]`, { timeout: 5000 });
  assert.ok(await page.locator(byId('history-event')).count() <= 200);
  // And the middle: event 3,500 is there when scrolled to.
  await history.evaluate((el) => { el.scrollTop = 3499 * 26; });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="history-event"] td:nth-child(2)')]
    .some((td) => td.textContent.trim() === '3500'), null, { timeout: 5000 });

  // The tree is windowed too: a bounded number of rows in the page, the rest drawn on scrolling,
  // and the longest main-thread task while using it stays short.
  await page.evaluate(() => { window.__long = []; });
  const tree = page.locator(byId('execution-tree'));
  const box = tree.locator('[role="tree"]');
  const treeRows = tree.locator(byId('tree-node'));
  const label = (text) => treeRows.filter({ has: page.locator('.tn-label', { hasText: new RegExp(`^${text}$`) }) });
  // Waits until the selected row is the one labelled `text`.
  const selected = (text) => page.waitForFunction((text) => document.querySelector(
    '[data-testid="execution-tree"] [aria-selected="true"] .tn-label')?.textContent === text, text, { timeout: 3000 });
  assert.equal(Number(await tree.getAttribute('data-rows')), 1002, 'the execution, the Map and its 1,000 iterations');
  const drawnNodes = await treeRows.count();
  assert.ok(drawnNodes > 0 && drawnNodes <= 120, `${drawnNodes} tree rows drawn`);
  assert.equal(await label('Iteration 999').count(), 0);
  const height = await box.evaluate((el) => el.scrollHeight);
  assert.ok(height > 1000 * 26, `scroll height ${height}`);
  await box.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await label('Iteration 999').waitFor({ timeout: 5000 });
  assert.equal(await label('Iteration 0').count(), 0);
  assert.ok(await treeRows.count() <= 120);

  // Inspect on iteration 999 opens its CallLambda entry, and the tree selects that entry.
  await label('Iteration 999').locator(byId('tree-inspect')).click();
  const inspector = page.locator(byId('state-inspector'));
  const entry = inspector.locator(byId('inspector-entry'));
  await entry.waitFor();
  assert.equal(await entry.inputValue(), '999');
  assert.match(await entry.locator('option:checked').textContent(), /Entry 1000 of 1000 \(iteration 999\)/);
  assert.deepEqual(JSON.parse(await inspector.locator(`${byId('inspector-step')}[data-step="input"] pre`).textContent()), { who: 'p999' });
  await selected('CallLambda');

  // Keys: up to iteration 999, up to 998, open it, down into its CallLambda, Enter inspects it.
  await box.focus();
  await page.keyboard.press('ArrowUp');
  await selected('Iteration 999');
  await page.keyboard.press('ArrowUp');
  await selected('Iteration 998');
  assert.equal(await label('Iteration 998').getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowRight');
  assert.equal(await label('Iteration 998').getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight');
  await selected('CallLambda');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-entry"]')?.value === '998');
  // The inspector moves, the tree follows: choosing entry 3 selects iteration 2's CallLambda,
  // opening iteration 2 and scrolling up to it.
  await entry.selectOption('2');
  await page.waitForFunction(() => {
    const row = document.querySelector('[data-testid="execution-tree"] [aria-selected="true"]');
    return row && row.querySelector('.tn-label').textContent === 'CallLambda'
      && row.previousElementSibling?.previousElementSibling?.textContent.includes('Iteration 2');
  }, null, { timeout: 5000 });
  // Home goes to the top; Left closes the execution, Right opens it again.
  await box.focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-tree"] [role="tree"]').scrollTop === 0);
  assert.equal(await treeRows.first().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await tree.getAttribute('data-rows'), '1');
  await page.keyboard.press('ArrowRight');
  assert.equal(Number(await tree.getAttribute('data-rows')), 1005, 'with iterations 2, 998 and 999 open');
  // The status filter still works on the windowed tree.
  await page.selectOption(byId('tree-filter'), 'FAILED');
  await page.waitForSelector(byId('tree-filter-empty'));
  await page.selectOption(byId('tree-filter'), 'SUCCEEDED');
  assert.equal(Number(await tree.getAttribute('data-rows')), 1005);
  await page.selectOption(byId('tree-filter'), 'all');
  const treeLong = await page.evaluate(() => Math.round(Math.max(0, ...window.__long)));
  console.log(`1,000-item Map tree: longest task ${treeLong} ms while scrolling, inspecting and using the keys`);
  assert.ok(treeLong < 1000, `a task took ${treeLong} ms`);
  await page.locator('.panel-history').screenshot({ path: join(outDir, 'panels-history-1000.png') });
  await page.locator(byId('tree-filter')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(outDir, 'panels-tree-1000.png') });
  assert.deepEqual(errors, []);
});

const FAILING = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Call' },
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }],
      End: true,
    },
  },
};

test('a run that takes a while shows its history growing while RUNNING: the paced views are not starved', async () => {
  // 400 iterations whose handler waits 8 ms of real time: over a second of running, two Workers.
  await setEditorText(page, 'function-editor',
    'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, 8)); return "Hello, " + event.who + "!"; };');
  await setEditorText(page, 'input-editor', JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ who: `s${i}` }))));
  await page.waitForTimeout(300);
  await sampleHistorySizes();
  assert.equal(await runExecution(page, 60000), 'SUCCEEDED');
  const shown = await stopSampling();
  const running = historySizesWhileRunning(shown, 2806);
  console.log(`400 slow iterations: history sizes shown while RUNNING: ${running.join(', ')}`);
  assert.ok(running.length >= 2, `history sizes shown while RUNNING: ${running.join(', ')}`);
  // Each size shown is at least the one before: the history only grows.
  const inOrder = shown.filter(([status]) => status === 'RUNNING').map(([, rows]) => rows);
  assert.deepEqual(inOrder, [...inOrder].sort((a, b) => a - b));
  assert.equal(Number(await page.locator(byId('event-history')).getAttribute('data-rows')), 2806);
});

test('the tree filter shows only failed nodes; attempts and timeline bars; the history filter', async () => {
  await setEditorText(page, 'definition-editor', JSON.stringify(FAILING, null, 2));
  await setEditorText(page, 'function-editor', 'exports.handler = async () => { throw new Error("boom"); };');
  await setEditorText(page, 'input-editor', '{}');
  assert.equal(await runExecution(page), 'FAILED');

  const tree = page.locator(byId('execution-tree'));
  const nodes = () => tree.locator(byId('tree-node')).evaluateAll((els) => els.map((e) => ({
    status: e.dataset.status, label: e.querySelector('.tn-label').textContent,
  })));
  assert.ok((await nodes()).some((n) => n.label === 'Prepare' && n.status === 'SUCCEEDED'));
  // Each attempt is its own invocation node, numbered, the first marked retried.
  assert.deepEqual(await tree.locator(byId('tree-attempt')).allTextContents(), ['attempt 1 of 2', 'attempt 2 of 2']);
  assert.equal(await tree.locator('.tn-retried').count(), 1);
  // Every node has a timeline bar with a position and width.
  const bars = await tree.locator(`${byId('tree-timeline')} .tn-bar-fill`).evaluateAll((els) => els.map((e) => e.style.width));
  assert.equal(bars.length, (await nodes()).length);
  assert.ok(bars.every((w) => /%$/.test(w)), bars.join());

  await page.selectOption(byId('tree-filter'), 'FAILED');
  const failed = await nodes();
  assert.ok(failed.length >= 3, JSON.stringify(failed));
  assert.ok(failed.every((n) => n.status === 'FAILED'), JSON.stringify(failed));
  assert.ok(!failed.some((n) => n.label === 'Prepare'));
  await page.locator(byId('tree-filter')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(outDir, 'panels-tree-failed.png') });
  await page.selectOption(byId('tree-filter'), 'SUCCEEDED');
  assert.ok((await nodes()).some((n) => n.label === 'Prepare'));
  await page.selectOption(byId('tree-filter'), 'all');

  const types = () => page.locator(byId('history-event')).evaluateAll((rows) => rows.map((r) => r.dataset.type));
  const all = await types();
  await page.selectOption(byId('history-filter'), 'LambdaFunctionFailed');
  assert.deepEqual(await types(), ['LambdaFunctionFailed', 'LambdaFunctionFailed']);
  await page.locator('.panel-history').screenshot({ path: join(outDir, 'panels-history-filter.png') });
  await page.selectOption(byId('history-filter'), '');
  assert.deepEqual(await types(), all);
  assert.deepEqual(errors, []);
});

test('real time with a speed factor: a 3 s Wait takes a tenth of it at 10×, the history still says 3 s', async () => {
  await setEditorText(page, 'definition-editor', '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3,"End":true}}}');
  assert.equal(await page.isDisabled(byId('speed-select')), true);
  await page.check(byId('real-time-toggle'));
  await page.selectOption(byId('speed-select'), '10');
  const t0 = Date.now();
  assert.equal(await runExecution(page), 'SUCCEEDED');
  const wall = Date.now() - t0;
  assert.ok(wall < 2500, `took ${wall} ms`);
  const elapsed = await page.locator(`${byId('history-event')}[data-type="WaitStateExited"] td:last-child`).textContent();
  const ms = Number(elapsed.replace(/[^0-9]/g, ''));
  assert.ok(ms >= 2900 && ms < 4500, elapsed);
  await page.uncheck(byId('real-time-toggle'));
  assert.deepEqual(errors, []);
});
