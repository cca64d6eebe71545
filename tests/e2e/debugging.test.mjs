// The diagram and the debugger, in real headless Chromium: the layered graph (containers,
// Start/End, Choice labels, dashed Catch edges), statuses after a run (CAUGHT, RETRIED),
// zoom, breakpoints with Step and Continue, stepping one history event at a time (the page
// as of that event), the Map iteration viewer, and the SVG export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp, byId, runExecution, setEditorText, outDir } from './harness.mjs';

let app;
let page;
let errors;

before(async () => {
  app = await openApp(`${byId('graph')} ${byId('graph-state')}`);
  ({ page, errors } = app);
});

after(async () => app?.close());

const state = (name) => page.locator(`${byId('graph')} ${byId('graph-state')}[data-state="${name}"]`);
const statuses = () => page.locator(`${byId('graph')} ${byId('graph-state')}`)
  .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.state, e.dataset.status])));
const edges = () => page.locator(`${byId('graph')} ${byId('graph-edge')}`)
  .evaluateAll((els) => els.map((e) => ({ from: e.dataset.from, to: e.dataset.to, kind: e.dataset.kind,
    dash: getComputedStyle(e).strokeDasharray })));
const box = async (locator) => locator.locator('rect.g-box').first().boundingBox();
const inside = (outer, inner) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5
  && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;
const status = async () => (await page.locator(byId('execution-status')).textContent()).trim();
const treeText = () => page.locator(byId('execution-tree')).textContent();
const count = (text, re) => (text.match(re) ?? []).length;

async function loadExample(id) {
  await page.selectOption(byId('examples-menu'), id);
  await page.waitForFunction((id) => document.querySelector('[data-testid="machine-name"]')?.textContent
    && document.querySelectorAll('[data-testid="graph"] [data-testid="graph-state"]').length > 0, id);
}

test('the tutorial graph: Start, the Map container holding CallLambda, End, and arrows', async () => {
  const map = state('ExampleMapState');
  assert.equal(await map.getAttribute('data-type'), 'Map');
  assert.match(await map.getAttribute('class'), /g-container/);
  assert.ok(inside(await box(map), await box(state('CallLambda'))), 'CallLambda is drawn inside the Map');
  const terminals = await page.locator(`${byId('graph')} ${byId('graph-terminal')}`)
    .evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.deepEqual(terminals.sort(), ['end', 'start']);
  const e = await edges();
  assert.deepEqual(e.map((x) => `${x.from}->${x.to}`).sort(), ['ExampleMapState->End', 'Start->ExampleMapState']);
  for (const name of ['ExampleMapState', 'CallLambda']) assert.equal(await state(name).getAttribute('data-status'), 'NOT_RUN');

  // Zoom in, then fit again.
  const g = page.locator(`${byId('graph')} [data-viewport]`);
  const before = await g.getAttribute('transform');
  await page.click(byId('graph-zoom-in'));
  const zoomed = await g.getAttribute('transform');
  assert.notEqual(zoomed, before);
  await page.click(byId('graph-fit'));
  assert.equal(await g.getAttribute('transform'), before);
  // Ctrl + wheel zooms (not the page), dragging the background pans.
  const area = await page.locator(`${byId('graph')} .graph-viewport`).boundingBox();
  await page.mouse.move(area.x + 20, area.y + 20);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -240);
  await page.keyboard.up('Control');
  await page.waitForFunction((before) => document.querySelector('[data-testid="graph"] [data-viewport]')
    .getAttribute('transform') !== before, before);
  const wheeled = await g.getAttribute('transform');
  await page.mouse.down();
  await page.mouse.move(area.x + 80, area.y + 60, { steps: 4 });
  await page.mouse.up();
  assert.notEqual(await g.getAttribute('transform'), wheeled);
  await page.click(byId('graph-fit'));
  assert.equal(await g.getAttribute('transform'), before);
  await page.locator(byId('graph')).screenshot({ path: join(outDir, 'graph-tutorial.png') });
});

test('a breakpoint on CallLambda pauses the run; Step runs one state, Continue the rest', async () => {
  await state('CallLambda').locator(byId('breakpoint-toggle')).click();
  assert.equal(await state('CallLambda').locator(byId('breakpoint-toggle')).getAttribute('data-on'), 'true');
  await page.click(byId('run-button'));
  await page.waitForSelector(`${byId('graph')} [data-state="CallLambda"][data-paused="true"]`);
  assert.equal(await status(), 'RUNNING');
  assert.match(await page.locator(byId('debug-status')).textContent(), /Paused before CallLambda/);
  assert.ok(await page.locator(byId('stop-button')).isVisible());
  assert.equal(count(await treeText(), /Hello, /g), 0);
  await page.locator('.column-results').screenshot({ path: join(outDir, 'debug-paused.png') });

  await page.click(byId('step-button'));
  await page.waitForFunction(() => /Hello, bob!/.test(document.querySelector('[data-testid="execution-tree"]').textContent));
  assert.equal(await status(), 'RUNNING');
  assert.equal(count(await treeText(), /Hello, (meg|joe)!/g), 0);

  await page.click(byId('step-button'));
  await page.waitForFunction(() => /Hello, meg!/.test(document.querySelector('[data-testid="execution-tree"]').textContent));
  assert.equal(await status(), 'RUNNING');

  await page.click(byId('continue-button'));
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'SUCCEEDED');
  assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()),
    ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);
  assert.equal(await page.locator(`${byId('graph')} [data-paused="true"]`).count(), 0);

  // B on a focused state toggles its breakpoint. Without breakpoints, Step starts a run
  // paused before the first state; Stop ends it.
  await state('CallLambda').focus();
  await page.keyboard.press('b');
  assert.equal(await state('CallLambda').locator(byId('breakpoint-toggle')).getAttribute('data-on'), 'false');
  await page.click(byId('step-button'));
  await page.waitForSelector(`${byId('graph')} [data-state="ExampleMapState"][data-paused="true"]`);
  await page.click(byId('stop-button'));
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'ABORTED');
});

// The tutorial's history, event by event (27 events: three iterations of seven).
const ITERATION = ['MapIterationStarted', 'TaskStateEntered', 'LambdaFunctionScheduled',
  'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'MapIterationSucceeded'];
const TUTORIAL_EVENTS = ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted',
  ...ITERATION, ...ITERATION, ...ITERATION, 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded'];
const rowTypes = () => page.locator(`${byId('event-history')} ${byId('history-event')}`)
  .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
const debugStatus = () => page.locator(byId('debug-status')).textContent();
const treeNodes = () => page.locator(`${byId('execution-tree')} ${byId('tree-node')}`).count();

/** Waits until the history shows exactly `n` rows (and stays so: later events are held back). */
async function waitForRows(n) {
  await page.waitForFunction((n) => document
    .querySelectorAll('[data-testid="event-history"] [data-testid="history-event"]').length === n, n);
  await page.waitForTimeout(60);
  const types = await rowTypes();
  assert.deepEqual(types, TUTORIAL_EVENTS.slice(0, n), `after event ${n}`);
}

test('Step event shows the tutorial one history event at a time: history, graph and tree as of that event', async () => {
  assert.equal(await page.locator(byId('step-event-button')).isEnabled(), true);
  assert.match(await page.locator(byId('step-event-button')).getAttribute('title'), /F11/);
  assert.match(await page.locator(byId('step-button')).getAttribute('title'), /F10/);
  assert.match(await page.locator(byId('continue-button')).getAttribute('title'), /F9/);
  // With nothing running, Step event starts the execution paused at its first event.
  await page.click(byId('step-event-button'));
  await waitForRows(1);
  await page.waitForSelector(`${byId('graph')} [data-state="ExampleMapState"][data-paused="true"]`);
  assert.match(await debugStatus(), /Paused before ExampleMapState/);
  assert.equal(await status(), 'RUNNING');
  const expected = {
    // event number → [ExampleMapState, CallLambda] as the graph shows them after it
    1: ['NOT_RUN', 'NOT_RUN'], 2: ['IN_PROGRESS', 'NOT_RUN'], 4: ['IN_PROGRESS', 'NOT_RUN'],
    5: ['IN_PROGRESS', 'IN_PROGRESS'], 8: ['IN_PROGRESS', 'IN_PROGRESS'], 9: ['IN_PROGRESS', 'SUCCEEDED'],
    11: ['IN_PROGRESS', 'SUCCEEDED'], 12: ['IN_PROGRESS', 'IN_PROGRESS'],
  };
  const nodes = [await treeNodes()];
  for (let n = 1; n <= 12; n++) {
    if (n > 1) {
      // The buttons and F11 do the same.
      if (n % 2) await page.keyboard.press('F11');
      else await page.click(byId('step-event-button'));
      await waitForRows(n);
    }
    const s = await statuses();
    const want = expected[n];
    if (want) assert.deepEqual([s.ExampleMapState, s.CallLambda], want, `graph after event ${n}`);
    nodes.push(await treeNodes());
    assert.equal(await status(), 'RUNNING');
    if (n === 3) assert.match(await debugStatus(), /^Paused after event 3 of 4 recorded: MapStateStarted \(ExampleMapState\)$/);
    if (n === 7) {
      assert.match(await debugStatus(), /^Paused after event 7 of 11 recorded: LambdaFunctionStarted \(CallLambda\)$/);
      assert.equal(await page.locator(`${byId('graph')} [data-paused="true"]`).count(), 0, 'nothing waits as of event 7');
      await page.locator('.column-results').screenshot({ path: join(outDir, 'debug-step-event.png') });
    }
  }
  // The tree grows with the events: the Map at event 2, its first iteration at event 4.
  assert.ok(nodes.every((c, k) => k === 0 || c >= nodes[k - 1]), nodes.join(','));
  assert.ok(nodes[2] > nodes[1] && nodes[4] > nodes[3], nodes.join(','));

  // Continue (F9) shows everything and runs to the end.
  await page.keyboard.press('F9');
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'SUCCEEDED');
  assert.deepEqual(await rowTypes(), TUTORIAL_EVENTS);
  assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()),
    ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);
  const s = await statuses();
  assert.deepEqual([s.ExampleMapState, s.CallLambda], ['SUCCEEDED', 'SUCCEEDED']);
  assert.equal(await page.locator(byId('debug-status')).count(), 0);
  assert.equal(await page.locator(byId('continue-button')).isEnabled(), false);
});

test('mixed: a breakpoint, then step events, then Step shows up to the next state, F10 runs one', async () => {
  await state('CallLambda').locator(byId('breakpoint-toggle')).click();
  await page.keyboard.press('Control+Enter');
  await waitForRows(4);
  await page.waitForSelector(`${byId('graph')} [data-state="CallLambda"][data-paused="true"]`);
  assert.match(await debugStatus(), /^Paused before CallLambda \(\+2 waiting\)$/);

  await page.click(byId('step-event-button'));
  await waitForRows(5);
  assert.equal((await statuses()).CallLambda, 'IN_PROGRESS');
  assert.match(await debugStatus(), /^Paused after event 5 of 11 recorded: TaskStateEntered \(CallLambda\)$/);
  await page.keyboard.press('Shift+F10');
  await waitForRows(6);
  // The Map viewer and the state inspector are as of event 6 too: one iteration, one entry.
  assert.equal(await page.locator(`${byId('map-iteration-select')} option`).count(), 1);
  await state('CallLambda').click();
  await page.waitForSelector(`${byId('state-inspector')} ${byId('inspector-step')}`);
  assert.equal(await page.locator(byId('inspector-entry')).count(), 0, 'one entry as of event 6');
  await page.screenshot({ path: join(outDir, 'debug-step-as-of-event-6.png'), fullPage: true });

  // Step: the rest of iteration 0 was recorded; it is shown, up to the pause before iteration 1's CallLambda.
  await page.click(byId('step-button'));
  await waitForRows(11);
  assert.match(await debugStatus(), /^Paused before CallLambda \(\+1 waiting\)$/);
  assert.equal((await statuses()).CallLambda, 'SUCCEEDED');
  assert.equal(await page.locator(`${byId('map-iteration-select')} option`).count(), 2);
  assert.equal(await page.locator(`${byId('inspector-entry')} option`).count(), 0, 'iteration 1 has not entered CallLambda yet');

  // F10 (Step) runs iteration 1's CallLambda and pauses before iteration 2's.
  await page.keyboard.press('F10');
  await waitForRows(18);
  assert.match(await debugStatus(), /^Paused before CallLambda$/);
  assert.equal(await page.locator(`${byId('inspector-entry')} option`).count(), 2);
  await page.locator('.column-results').screenshot({ path: join(outDir, 'debug-step-mixed.png') });

  await page.click(byId('continue-button'));
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'SUCCEEDED');
  assert.deepEqual(await rowTypes(), TUTORIAL_EVENTS);
  assert.equal(await page.locator(`${byId('inspector-entry')} option`).count(), 3);
  await state('CallLambda').click();
  await page.waitForSelector(byId('state-inspector'), { state: 'detached' });
  await state('CallLambda').locator(byId('breakpoint-toggle')).click();
  assert.equal(await state('CallLambda').locator(byId('breakpoint-toggle')).getAttribute('data-on'), 'false');
});

test('the Map iteration viewer shows iteration 1 and the combined output', async () => {
  assert.equal(await runExecution(page), 'SUCCEEDED');
  await page.selectOption(byId('map-iteration-select'), '1');
  assert.deepEqual(JSON.parse(await page.locator(byId('map-iteration-input')).textContent()), { who: 'meg' });
  assert.equal(JSON.parse(await page.locator(byId('map-iteration-output')).textContent()), 'Hello, meg!');
  assert.equal(await page.locator(`${byId('map-iteration-graph')} ${byId('map-iteration-state')}[data-state="CallLambda"]`)
    .getAttribute('data-status'), 'SUCCEEDED');
  assert.deepEqual(JSON.parse(await page.locator(byId('map-output')).textContent()),
    ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);
  // Clicking a state in the diagram opens the state inspector on it.
  await state('CallLambda').click();
  await page.waitForSelector(`${byId('state-inspector')} ${byId('inspector-step')}`);
  assert.match(await page.locator(byId('state-inspector')).textContent(), /CallLambda/);
  await state('CallLambda').click();
  await page.waitForSelector(byId('state-inspector'), { state: 'detached' });
  await page.check(byId('map-failed-only'));
  assert.equal(await page.locator(`${byId('map-iteration-select')} option`).first().textContent(), 'No failed iterations');
  await page.uncheck(byId('map-failed-only'));
  await page.locator(byId('map-iterations')).screenshot({ path: join(outDir, 'map-iterations.png') });
});

test('the SVG export is a valid, self-contained SVG of the diagram', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byId('graph-export'))]);
  assert.match(download.suggestedFilename(), /\.svg$/);
  const text = await readFile(await download.path(), 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      viewBox: doc.documentElement.getAttribute('viewBox'),
      states: [...doc.querySelectorAll('[data-state]')].map((e) => `${e.getAttribute('data-state')}:${e.getAttribute('data-status')}`),
      style: doc.querySelector('style')?.textContent.length ?? 0,
      toggles: doc.querySelectorAll('.no-export').length,
    };
  }, text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
  assert.match(parsed.viewBox, /^0 0 \d+ \d+$/);
  assert.deepEqual(parsed.states.sort(), ['CallLambda:SUCCEEDED', 'ExampleMapState:SUCCEEDED']);
  assert.ok(parsed.style > 500, 'styles travel with the file');
  assert.equal(parsed.toggles, 0);
});

test('a failed iteration: "Failed only" lists it, with its error, and the graph shows FAILED', async () => {
  await setEditorText(page, 'function-editor', [
    'exports.handler = async (event) => {',
    '  if (event.who === "meg") { const e = new Error("no meg today"); e.name = "NoMeg"; throw e; }',
    '  return "Hello, " + event.who + "!";',
    '};',
  ].join('\n'));
  assert.equal(await runExecution(page), 'FAILED');
  assert.equal((await statuses()).CallLambda, 'FAILED');
  await page.check(byId('map-failed-only'));
  const options = await page.locator(`${byId('map-iteration-select')} option`).allTextContents();
  assert.match(options[0], /^Iteration 1 · failed/);
  assert.equal(await page.locator(byId('map-iteration')).getAttribute('data-index'), '1');
  assert.match(await page.locator(byId('map-iteration')).textContent(), /NoMeg/);
  assert.equal(await page.locator(`${byId('map-iteration-graph')} ${byId('map-iteration-state')}[data-state="CallLambda"]`)
    .getAttribute('data-status'), 'FAILED');
  await page.locator(byId('map-iterations')).screenshot({ path: join(outDir, 'map-iteration-failed.png') });
  await page.uncheck(byId('map-failed-only'));
});

test('Choice, Parallel, Map, Retry and Catch: containers, labels, dashed catch edges, CAUGHT and RETRIED', async () => {
  await loadExample('order-pipeline');
  const fulfil = state('Fulfil');
  assert.match(await fulfil.getAttribute('class'), /g-container/);
  const packItems = state('PackItems');
  assert.ok(inside(await box(fulfil), await box(packItems)));
  assert.ok(inside(await box(packItems), await box(state('Pack'))));
  assert.ok(inside(await box(fulfil), await box(state('Charge'))));
  const e = await edges();
  const catchEdge = e.find((x) => x.kind === 'catch');
  assert.deepEqual([catchEdge.from, catchEdge.to], ['Fulfil', 'PaymentFailed']);
  assert.notEqual(catchEdge.dash, 'none');
  assert.ok(e.some((x) => x.kind === 'choice' && x.to === 'ManualReview'));
  assert.ok(e.some((x) => x.kind === 'default' && x.to === 'Fulfil'));
  const labels = await page.locator(`${byId('graph')} .g-label`).allTextContents();
  assert.ok(labels.includes('$.total > 500'), labels.join('|'));
  assert.ok(labels.includes('Default'));
  assert.ok(labels.some((l) => /PaymentDeclined/.test(l)));
  await page.locator(byId('graph')).screenshot({ path: join(outDir, 'graph-order-pipeline.png') });

  // Real time: the retry waits 1 s, long enough to see RETRIED.
  await page.check(byId('real-time-toggle'));
  await page.click(byId('run-button'));
  await page.waitForSelector(`${byId('graph')} [data-state="Validate"][data-status="RETRIED"]`, { timeout: 10000 });
  await page.locator(byId('graph')).screenshot({ path: join(outDir, 'graph-retried.png') });
  await page.waitForFunction(() => /^(SUCCEEDED|FAILED)$/.test(document.querySelector('[data-testid="execution-status"]').textContent.trim()), null, { timeout: 20000 });
  await page.uncheck(byId('real-time-toggle'));
  assert.equal(await status(), 'SUCCEEDED');
  const s = await statuses();
  assert.equal(s.Validate, 'SUCCEEDED');
  assert.equal(s.CheckTotal, 'SUCCEEDED');
  assert.equal(s.ManualReview, 'NOT_RUN');
  assert.equal(s.Fulfil, 'CAUGHT');
  assert.equal(s.Charge, 'FAILED');
  assert.equal(s.PaymentFailed, 'SUCCEEDED');
  assert.equal(s.Confirm, 'NOT_RUN');
  await page.locator(byId('graph')).screenshot({ path: join(outDir, 'graph-order-caught.png') });

  // The happy path: the Map's iterations in the viewer, the Parallel SUCCEEDED.
  await setEditorText(page, 'input-editor', '{"orderId":"B-7","total":80,"items":["pen","cup"],"card":"visa"}');
  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.equal((await statuses()).Fulfil, 'SUCCEEDED');
  assert.equal((await statuses()).Confirm, 'SUCCEEDED');
  await page.selectOption(byId('map-iteration-select'), '1');
  assert.equal(JSON.parse(await page.locator(byId('map-iteration-output')).textContent()), 'cup packed');
  assert.deepEqual(JSON.parse(await page.locator(byId('map-output')).textContent()), ['pen packed', 'cup packed']);
  await page.screenshot({ path: join(outDir, 'order-pipeline-page.png'), fullPage: true });
});

test('Step event through Choice, Parallel, Map and Retry: each press shows exactly one more event, to the end', async () => {
  // The order pipeline with its happy input (left by the test before): a Parallel whose
  // second branch waits for the first one's events, a Map of two items.
  assert.equal(await page.locator(byId('machine-name')).textContent(), 'OrderPipeline');
  const rows = () => page.locator(`${byId('event-history')} ${byId('history-event')}`).count();
  const seen = [];
  for (let n = 1; n <= 100; n++) {
    await page.click(byId('step-event-button'));
    await page.waitForFunction((n) => document
      .querySelectorAll('[data-testid="event-history"] [data-testid="history-event"]').length >= n, n);
    await page.waitForTimeout(40);
    assert.equal(await rows(), n, `one event per press (press ${n})`);
    const newest = await page.locator(`${byId('event-history')} ${byId('history-event')}`).last().getAttribute('data-type');
    seen.push(newest);
    if (newest === 'ParallelStateSucceeded') {
      assert.match(await debugStatus(), new RegExp(`^Paused after event ${n} of \\d+ recorded: ParallelStateSucceeded \\(Fulfil\\)$`));
    }
    if (await status() !== 'RUNNING') break;
  }
  assert.equal(await status(), 'SUCCEEDED');
  assert.equal(seen.at(-1), 'ExecutionSucceeded');
  assert.ok(seen.includes('ParallelStateSucceeded') && seen.includes('MapIterationSucceeded'), seen.join(','));
  assert.equal((await statuses()).Confirm, 'SUCCEEDED');
});

test('the state inspector: entry selector, a tree node opens its entry, logs, and Assign variables', async () => {
  await loadExample('map-lambda');
  assert.equal(await runExecution(page), 'SUCCEEDED');
  await state('CallLambda').click();
  const inspector = page.locator(byId('state-inspector'));
  const entry = inspector.locator(byId('inspector-entry'));
  await entry.waitFor();
  assert.equal(await entry.locator('option').count(), 3);
  assert.equal(await entry.inputValue(), '2', 'the latest entry by default');
  assert.match(await entry.locator('option').nth(1).textContent(), /Entry 2 of 3 \(iteration 1\)/);
  await entry.selectOption('1');
  const inputStep = inspector.locator(`${byId('inspector-step')}[data-step="input"] pre`);
  await page.waitForFunction(() => /meg/.test(document.querySelector('[data-testid="state-inspector"] [data-testid="inspector-step"][data-step="input"] pre')?.textContent ?? ''));
  assert.deepEqual(JSON.parse(await inputStep.textContent()), { who: 'meg' });
  assert.equal(await inspector.locator(byId('inspector-logs')).count(), 1);

  // The execution tree's Inspect on the first CallLambda entry opens that entry.
  await page.locator(`${byId('execution-tree')} ${byId('tree-node')}`, { has: page.locator('.tn-label', { hasText: /^CallLambda$/ }) })
    .first().locator(byId('tree-inspect')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-entry"]')?.value === '0');
  assert.deepEqual(JSON.parse(await inputStep.textContent()), { who: 'bob' });

  // Assign: the variablesOnEntry step shows what was in scope on entry, inspector-assigned
  // what the state assigned, the variables step (TestState's) the variables after it.
  await setEditorText(page, 'definition-editor', JSON.stringify({
    StartAt: 'Greet',
    States: {
      Greet: { Type: 'Pass', Assign: { 'greeting.$': '$.who' }, Next: 'Done' },
      Done: { Type: 'Pass', Parameters: { 'g.$': '$greeting' }, End: true },
    },
  }));
  await setEditorText(page, 'input-editor', '{"who":"ann"}');
  await state('Greet').waitFor();
  assert.equal(await runExecution(page), 'SUCCEEDED');
  await state('Greet').click();
  const vars = inspector.locator(`${byId('inspector-step')}[data-step="variablesOnEntry"] pre`);
  const after = inspector.locator(`${byId('inspector-step')}[data-step="variables"] pre`);
  await vars.waitFor();
  assert.deepEqual(JSON.parse(await vars.textContent()), {});
  assert.deepEqual(JSON.parse(await after.textContent()), { greeting: 'ann' });
  assert.deepEqual(JSON.parse(await inspector.locator(`${byId('inspector-assigned')} pre`).textContent()), { greeting: 'ann' });
  assert.equal(await inspector.locator(byId('inspector-entry')).count(), 0, 'one entry: no selector');
  await state('Done').click();
  await page.waitForFunction(() => /greeting/.test(document.querySelector(
    '[data-testid="state-inspector"] [data-testid="inspector-step"][data-step="variablesOnEntry"] pre')?.textContent ?? ''));
  assert.deepEqual(JSON.parse(await vars.textContent()), { greeting: 'ann' });
  assert.deepEqual(JSON.parse(await after.textContent()), { greeting: 'ann' });
});

test('a Parallel and a Map retried, then caught, are drawn CAUGHT; the failed branch state FAILED', async () => {
  const retry = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }];
  const fail = { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'no' } } };
  await setEditorText(page, 'definition-editor', JSON.stringify({
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'Fine', States: { Fine: { Type: 'Pass', End: true } } }, fail],
        Retry: retry,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Each' }],
        Next: 'Each',
      },
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { StartAt: 'Bust', States: { Bust: { Type: 'Fail', Error: 'Bust' } } },
        Retry: retry,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
        End: true,
      },
      Done: { Type: 'Pass', End: true },
    },
  }));
  await setEditorText(page, 'input-editor', '{"items":[1]}');
  await state('Both').waitFor();
  assert.equal(await runExecution(page), 'SUCCEEDED');
  const s = await statuses();
  assert.deepEqual(
    [s.Both, s.Fine, s.Boom, s.Each, s.Bust, s.Done],
    ['CAUGHT', 'SUCCEEDED', 'FAILED', 'CAUGHT', 'FAILED', 'SUCCEEDED'],
  );
  await page.locator(byId('graph')).screenshot({ path: join(outDir, 'graph-retried-caught.png') });
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, []);
});
