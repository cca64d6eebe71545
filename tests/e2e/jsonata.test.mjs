// JSONata in the page, in real headless Chromium: the JSONata example (the AWS tutorial's
// machine written in JSONata, with a variable) gives the tutorial's output, its `{% %}` are
// highlighted in the definition editor, the inspector shows the variable it assigned, and
// the inspector's JSONata scratch pane answers live with the entry's $states and variables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApp, byId, runExecution, outDir } from './harness.mjs';

let app;
let page;
let errors;

before(async () => {
  app = await openApp(`${byId('graph')} ${byId('graph-state')}`);
  ({ page, errors } = app);
});

after(async () => app?.close());

const state = (name) => page.locator(`${byId('graph')} ${byId('graph-state')}[data-state="${name}"]`);

test('the JSONata example runs to the tutorial output, highlighted, inspectable', async () => {
  await page.selectOption(byId('examples-menu'), 'map-lambda-jsonata');
  await page.waitForFunction(() => /HelloJSONata/.test(document.querySelector('[data-testid="machine-name"]')?.textContent
    ?? document.querySelector('[data-testid="machine-name"]')?.value ?? ''));
  await page.waitForSelector(`${byId('definition-editor')} .cm-jsonata-fn`);
  const fns = await page.locator(`${byId('definition-editor')} .cm-jsonata-fn`).allTextContents();
  assert.ok(fns.includes('$count'), `functions highlighted: ${fns}`);
  const delims = await page.locator(`${byId('definition-editor')} .cm-jsonata-delim`).count();
  assert.ok(delims >= 8, `each {% and %} is marked (${delims})`);
  // The marks colour the text itself (the innermost element around it), not the JSON string's
  // colour: functions blue, variables amber.
  const colours = await page.evaluate(() => {
    const inner = (cls) => {
      let el = document.querySelector(`[data-testid="definition-editor"] .${cls}`);
      while (el.firstElementChild) el = el.firstElementChild;
      return getComputedStyle(el).color;
    };
    return [inner('cm-jsonata-fn'), inner('cm-jsonata-var')];
  });
  assert.deepEqual(colours, ['rgb(29, 78, 216)', 'rgb(180, 83, 9)']);

  assert.equal(await runExecution(page), 'SUCCEEDED');
  assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()),
    ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);

  // The Map's Assign is recorded and shown.
  await state('ExampleMapState').locator('rect.g-box').first().click({ position: { x: 6, y: 6 } });
  const inspector = page.locator(byId('state-inspector'));
  const assigned = inspector.locator(byId('inspector-assigned'));
  await assigned.waitFor();
  assert.deepEqual(JSON.parse(await assigned.locator('pre').textContent()), { greeted: 3 });

  // The scratch pane, on CallLambda's latest entry (joe's): $states.input is bound.
  await state('CallLambda').click();
  const scratch = inspector.locator(byId('inspector-jsonata'));
  const result = inspector.locator(byId('inspector-jsonata-result'));
  await scratch.waitFor();
  assert.equal(await result.getAttribute('data-outcome'), 'value');
  assert.deepEqual(JSON.parse(await result.textContent()), { who: 'joe' });
  // A JSONata Task's steps as TestState names them: its Arguments are "After Arguments".
  const args = inspector.locator(`${byId('inspector-step')}[data-step="afterArguments"]`);
  assert.match(await args.textContent(), /^After Arguments/);
  assert.deepEqual(JSON.parse(await args.locator('pre').textContent()), { who: 'joe' });
  await scratch.fill('"Hi, " & $uppercase($states.input.who)');
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-jsonata-result"]')?.textContent === '"Hi, JOE"');
  await scratch.fill('$states.input.(');
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-jsonata-result"]')?.dataset.outcome === 'error');
  assert.match(await result.textContent(), /^S0\d{3} at position \d+: /);
  await scratch.fill('$states.input.nobody');
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-jsonata-result"]')?.dataset.outcome === 'undefined');
  // What was typed stays while another entry is chosen.
  await inspector.locator(byId('inspector-entry')).selectOption('0');
  await scratch.fill('$states.input.who');
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-jsonata-result"]')?.textContent === '"bob"');
  await page.screenshot({ path: join(outDir, 'jsonata-example.png'), fullPage: true });
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, []);
});
