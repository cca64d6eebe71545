// Export and import in real headless Chromium: the tutorial exported as a SAM template
// (the download caught), imported back after the workspace changed (the same definition and
// function code come back, the previous work restorable), and an execution history recorded
// on AWS (from ../shared/conformance, read at run time) imported and shown in the tree, the
// history and the graph — and said not to match when the definition differs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, byId, editorText, setEditorText, root, outDir } from './harness.mjs';

/** A recording made on AWS: a Pass state, then a Map of Pass states (variables assigned). */
const CASE = join(root, '..', 'shared', 'conformance', 'cases', 'variables_assign',
  'test_assign_base__test_base_cases_BASE_SCOPE_MAP_cb693749');

let app;
let page;
let errors;
let tmp;

before(async () => {
  app = await openApp();
  ({ page, errors } = app);
  tmp = await mkdtemp(join(tmpdir(), 'aslplay-transfer-'));
});

after(async () => {
  await app?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const text = async (id) => (await page.locator(byId(id)).textContent()).trim();
const json = (t) => JSON.parse(t);

/** Chooses `file` in the Import picker and waits for the notice it gives. */
async function importFile(file) {
  const before = await page.locator(byId('notice')).count() ? await text('notice') : null;
  await page.setInputFiles(byId('import-file'), file);
  await page.waitForFunction(([sel, before]) => {
    const el = document.querySelector(sel);
    return el && el.textContent.trim() !== before;
  }, [byId('notice'), before]);
  return text('notice');
}

test('the tutorial exported as SAM comes back the same after the workspace changed', async () => {
  const definition = await editorText(page, 'definition-editor');
  const code = await editorText(page, 'function-editor');
  const download = page.waitForEvent('download');
  await page.selectOption(byId('export-menu'), 'sam');
  const file = await download;
  assert.equal(file.suggestedFilename(), 'template.yaml');
  const saved = join(tmp, 'template.yaml');
  await file.saveAs(saved);
  const template = await readFile(saved, 'utf8');
  assert.match(template, /^# An AWS SAM template exported from ASL Playground/);
  assert.match(template, /sam deploy --guided/);
  assert.match(template, /aws stepfunctions start-execution --state-machine-arn "\$ARN" --input file:\/\/input\.json/);
  assert.match(template, /Type: AWS::Serverless::StateMachine/);
  assert.match(template, /HelloFunction/);

  // Change the workspace, then import the template.
  const changedDefinition = '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}';
  const changedCode = 'exports.handler = async () => "changed";';
  await setEditorText(page, 'definition-editor', changedDefinition);
  await setEditorText(page, 'function-editor', changedCode);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, `${byId('graph')} ${byId('graph-state')}`);
  const notice = await importFile(saved);
  assert.match(notice, /Imported template\.yaml: 1 state machine\(s\), 1 function\(s\)/);
  assert.deepEqual(json(await editorText(page, 'definition-editor')), json(definition));
  assert.equal(await editorText(page, 'function-editor'), code);
  assert.equal(await text('machine-name'), 'MapLambda');
  await page.screenshot({ path: join(outDir, 'transfer-imported-template.png') });

  // What the user had typed is one click away.
  await page.click(byId('restore-button'));
  await page.waitForFunction((sel) => !document.querySelector(sel), byId('notice'));
  assert.deepEqual(json(await editorText(page, 'definition-editor')), json(changedDefinition));
  assert.equal(await editorText(page, 'function-editor'), changedCode);
});

test('the definition alone downloads as JSON and as YAML', async () => {
  for (const [kind, name] of [['json', /\.asl\.json$/], ['yaml', /\.asl\.yaml$/]]) {
    const download = page.waitForEvent('download');
    await page.selectOption(byId('export-menu'), kind);
    const file = await download;
    assert.match(file.suggestedFilename(), name);
    const body = await readFile(await file.path(), 'utf8');
    assert.match(body, /StartAt/);
  }
});

test('an execution history recorded on AWS shows in the tree, the history and the graph', { skip: !existsSync(CASE) && 'no ../shared/conformance' }, async () => {
  // Its definition first (imported as a file too), then its history.
  let notice = await importFile(join(CASE, 'definition.json'));
  assert.match(notice, /Imported the definition definition\.json/);
  notice = await importFile(join(CASE, 'history.json'));
  assert.match(notice, /Imported the execution history history\.json/);
  assert.doesNotMatch(notice, /does not match/);
  assert.equal(await text('execution-status'), 'SUCCEEDED');
  const recorded = json(await readFile(join(CASE, 'history.json'), 'utf8'));
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > 0 && n > 0,
    [`${byId('event-history')} ${byId('history-event')}`, recorded.length]);
  const firstTypes = await page.locator(`${byId('event-history')} ${byId('history-event')}`)
    .evaluateAll((rows) => rows.slice(0, 3).map((r) => r.dataset.type));
  assert.deepEqual(firstTypes, recorded.slice(0, 3).map((e) => e.type));
  const tree = page.locator(`${byId('execution-tree')} ${byId('tree-node')}`);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 3, `${byId('execution-tree')} ${byId('tree-node')}`);
  const labels = await tree.evaluateAll((rows) => rows.map((r) => r.querySelector('.tn-label')?.textContent.trim()));
  assert.ok(labels.includes('State0') && labels.includes('State1'), labels.join(', '));
  const statuses = await page.locator(`${byId('graph')} ${byId('graph-state')}`)
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.state, e.dataset.status])));
  assert.equal(statuses.State0, 'SUCCEEDED');
  assert.equal(statuses.State2, 'SUCCEEDED');
  assert.equal(await page.locator(byId('execution-status')).getAttribute('data-execution'), 'history.json');
  await page.screenshot({ path: join(outDir, 'transfer-imported-history.png') });

  // Against another definition it still shows, and says so.
  await setEditorText(page, 'definition-editor', '{"StartAt":"Other","States":{"Other":{"Type":"Pass","End":true}}}');
  notice = await importFile(join(CASE, 'history.json'));
  assert.match(notice, /does not match the current definition, which has no state State0, State1/);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 3, `${byId('execution-tree')} ${byId('tree-node')}`);
  // Both imports are in the executions list.
  const items = await page.locator(byId('execution-item')).evaluateAll((els) => els.map((e) => e.dataset.execution));
  assert.deepEqual(items, ['history.json', 'history.json']);
});

test('a file dropped on Import is imported', async () => {
  const definition = '{"StartAt":"Dropped","States":{"Dropped":{"Type":"Pass","End":true}}}';
  await page.locator(byId('import-button')).evaluate((label, text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.asl.json', { type: 'application/json' }));
    label.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    label.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, definition);
  await page.waitForFunction((sel) => /dropped\.asl\.json/.test(document.querySelector(sel)?.textContent ?? ''), byId('notice'));
  assert.equal(await editorText(page, 'definition-editor'), definition);
});

test('a file that is nothing the playground knows is refused, with where', async () => {
  const before = await editorText(page, 'definition-editor');
  const bad = join(tmp, 'bad.json');
  await writeFile(bad, '{"StartAt": "A",\n "States": }');
  const notice = await importFile(bad);
  assert.match(notice, /Could not import bad\.json: line 2, column 12: Not valid JSON/);
  assert.equal(await editorText(page, 'definition-editor'), before);
  assert.deepEqual(errors, []);
});
