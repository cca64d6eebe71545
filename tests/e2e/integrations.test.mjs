// Tasks beyond Lambda in real headless Chromium: a human approval (an SNS publish
// .waitForTaskToken task, its token answered in the page with Send task success, Send task
// failure, and Let it time out), an activity given to a worker and answered, and a DynamoDB
// putItem mock (created from the missing-mocks hint, run in the handler Worker, its thrown
// error caught as DynamoDB.ConditionalCheckFailedException).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { openApp, byId, setEditorText, editorText, runExecution, outDir } from './harness.mjs';

const APPROVAL = JSON.stringify({
  StartAt: 'AskForApproval',
  States: {
    AskForApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
      Parameters: {
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:approvals',
        Message: { 'token.$': '$$.Task.Token', 'order.$': '$.order' },
      },
      TimeoutSeconds: 3600,
      Next: 'Review',
    },
    Review: {
      Type: 'Task',
      Resource: 'arn:aws:states:us-east-1:123456789012:activity:Review',
      End: true,
    },
  },
}, null, 2);

const SNS_MOCK = 'exports.handler = async (request) => ({ MessageId: "m-" + request.Message.order });';

const status = async (p) => (await p.locator(byId('execution-status')).textContent()).trim();
const historyTypes = (p) => p.locator(`${byId('event-history')} ${byId('history-event')}`)
  .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));

test('a task token and an activity are answered in the page', async () => {
  const app = await openApp();
  try {
    await approval(app.page);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

async function approval(page) {
  await setEditorText(page, 'definition-editor', APPROVAL);
  await setEditorText(page, 'input-editor', '{"order": "o-7"}');
  // The mock the definition needs is offered, one click away.
  const create = page.locator(`${byId('missing-functions')} [data-function="arn:aws:states:::sns:publish"]`);
  await create.waitFor();
  assert.match(await create.textContent(), /mock sns:publish/);
  await create.click();
  await page.waitForSelector(`${byId('function-item')}[data-function="arn:aws:states:::sns:publish"][aria-selected="true"]`);
  await setEditorText(page, 'function-editor', SNS_MOCK);

  // Run: it waits for the token, with the request the mock got.
  await page.click(byId('run-button'));
  const card = page.locator(`${byId('waiting-task')}[data-state="AskForApproval"]`);
  await card.waitFor({ timeout: 20000 });
  assert.equal(await status(page), 'RUNNING');
  assert.equal(await card.getAttribute('data-kind'), 'token');
  const token = (await card.locator(byId('task-token')).textContent()).trim();
  assert.ok(token.length > 40, token);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="history-event"]')]
    .some((r) => r.getAttribute('data-type') === 'TaskSubmitted'));
  assert.ok(await card.textContent().then((t) => t.includes('"order": "o-7"')), 'the request is shown');
  await page.locator(byId('waiting-tasks')).screenshot({ path: join(outDir, 'waiting-task-token.png') });

  // Output that is not JSON is refused where it was typed, nothing is sent.
  await card.locator(byId('answer-output')).fill('{"approved": ');
  await card.locator(byId('send-success')).click();
  assert.match(await card.locator(byId('answer-problem')).textContent(), /not JSON: 1:/);
  assert.equal(await status(page), 'RUNNING');
  await card.locator(byId('answer-output')).fill('{"approved": true}');
  await card.locator(byId('send-success')).click();

  // The activity waits next: a worker gets it, then it is answered.
  const activity = page.locator(`${byId('waiting-task')}[data-state="Review"]`);
  await activity.waitFor();
  assert.equal(await activity.getAttribute('data-kind'), 'activity');
  assert.equal(await card.count(), 0, 'the answered task no longer waits');
  await activity.locator(byId('get-activity-task')).click();
  await activity.locator(byId('answer-output')).waitFor();
  await activity.locator(byId('answer-output')).fill('{"reviewed": "ok"}');
  await activity.locator(byId('send-success')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'SUCCEEDED');
  assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()), { reviewed: 'ok' });
  assert.equal(await page.locator(byId('waiting-tasks')).count(), 0);
  const types = await historyTypes(page);
  assert.deepEqual(types.filter((t) => /^(Task|Activity)(Scheduled|Started|Submitted|Succeeded)$/.test(t)), [
    'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded',
    'ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded',
  ]);

  // Rejected: Send task failure with an error and a cause.
  await page.click(byId('run-button'));
  await card.waitFor({ timeout: 20000 });
  await card.locator(byId('failure-error')).fill('Rejected');
  await card.locator(byId('failure-cause')).fill('too expensive');
  await card.locator(byId('send-failure')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'FAILED');
  const error = await page.locator(byId('execution-error')).textContent();
  assert.match(error, /Rejected/);
  assert.match(error, /too expensive/);

  // Nobody answers: on the virtual clock, Let it time out ends it at its TimeoutSeconds.
  await page.click(byId('run-button'));
  await card.waitFor({ timeout: 20000 });
  await card.locator(byId('let-time-out')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'FAILED');
  assert.match(await page.locator(byId('execution-error')).textContent(), /States\.Timeout/);
  assert.ok((await historyTypes(page)).includes('TaskTimedOut'));
}

const PUT_ITEM = JSON.stringify({
  StartAt: 'SaveOrder',
  States: {
    SaveOrder: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: {
        TableName: 'Orders',
        Item: { id: { 'S.$': '$.id' } },
        ConditionExpression: 'attribute_not_exists(id)',
      },
      Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'AlreadySaved' }],
      End: true,
    },
    AlreadySaved: { Type: 'Pass', End: true },
  },
}, null, 2);

const PUT_MOCK = `const saved = new Set(["o-1"]);
exports.handler = async (request) => {
  const id = request.Item.id.S;
  if (saved.has(id)) {
    const e = new Error("The conditional request failed");
    e.name = "ConditionalCheckFailedException";
    throw e;
  }
  return {};
};`;

test('a DynamoDB putItem mock answers, and its thrown error is the service error', async () => {
  const app = await openApp();
  try {
    const { page } = app;
    await setEditorText(page, 'definition-editor', PUT_ITEM);
    await setEditorText(page, 'input-editor', '{"id": "o-1"}');
    const create = page.locator(`${byId('missing-functions')} [data-function="arn:aws:states:::dynamodb:putItem"]`);
    await create.waitFor();

    // Without its mock the Task fails, naming the resource.
    assert.equal(await runExecution(page), 'FAILED');
    const missing = await page.locator(byId('execution-error')).textContent();
    assert.match(missing, /States\.Runtime/);
    assert.match(missing, /There is no mock for the resource 'arn:aws:states:::dynamodb:putItem'/);

    await create.click();
    await setEditorText(page, 'function-editor', PUT_MOCK);
    assert.equal(await runExecution(page), 'SUCCEEDED');
    const output = JSON.parse(await page.locator(byId('execution-output')).textContent());
    assert.equal(output.error.Error, 'DynamoDB.ConditionalCheckFailedException');
    assert.match(output.error.Cause, /^The conditional request failed \(Service: dynamodb, Status Code: 400, Error Code: ConditionalCheckFailedException/);

    await setEditorText(page, 'input-editor', '{"id": "o-2"}');
    assert.equal(await runExecution(page), 'SUCCEEDED');
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()), {});
    const types = await historyTypes(page);
    assert.deepEqual(types.filter((t) => t.startsWith('Task') && !t.includes('State')), ['TaskScheduled', 'TaskStarted', 'TaskSucceeded']);

    // A fixed answer instead of the code: a response, then an error.
    const bar = page.locator(byId('mock-answer-bar'));
    await bar.locator(byId('mock-answer')).selectOption('response');
    const response = bar.locator(byId('mock-response'));
    await response.fill('{"Attributes": ');
    await response.blur();
    assert.match(await bar.locator(byId('mock-answer-problem')).textContent(), /The response is not JSON: 1:/);
    assert.equal(await response.inputValue(), '{"Attributes": ', 'what was typed is kept');
    await response.fill('{"Attributes": {"id": {"S": "fixed"}}}');
    await response.blur();
    await page.waitForFunction(() => !document.querySelector('[data-testid="mock-answer-problem"]'));
    assert.equal(await runExecution(page), 'SUCCEEDED');
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()), { Attributes: { id: { S: 'fixed' } } });
    await bar.locator(byId('mock-answer')).selectOption('error');
    await bar.locator(byId('mock-error-name')).fill('ConditionalCheckFailedException');
    await bar.locator(byId('mock-error-name')).blur();
    await bar.locator(byId('mock-error-cause')).fill('It is there already');
    await bar.locator(byId('mock-error-cause')).blur();
    assert.equal(await runExecution(page), 'SUCCEEDED');
    const caught = JSON.parse(await page.locator(byId('execution-output')).textContent());
    assert.equal(caught.error.Error, 'DynamoDB.ConditionalCheckFailedException');
    assert.match(caught.error.Cause, /^It is there already \(Service: dynamodb/);
    await bar.screenshot({ path: join(outDir, 'mock-answer.png') });
    // Back to the code: it was kept.
    await bar.locator(byId('mock-answer')).selectOption('code');
    assert.equal(await runExecution(page), 'SUCCEEDED');
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()), {});
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

const ORDER = JSON.stringify({
  StartAt: 'CheckSize',
  States: {
    CheckSize: {
      Type: 'Choice',
      Choices: [{ Variable: '$.quantity', NumericGreaterThan: 10, Next: 'Save' }],
      Default: 'Small',
    },
    Save: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 'Orders', Item: { id: { 'S.$': '$.id' } } },
      Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'Duplicate' }],
      End: true,
    },
    Duplicate: { Type: 'Pass', End: true },
    Small: { Type: 'Succeed' },
  },
}, null, 2);

test('TestState runs a Choice and a Task with a mocked error from the state inspector', async () => {
  const app = await openApp();
  try {
    const { page } = app;
    await setEditorText(page, 'definition-editor', ORDER);
    await setEditorText(page, 'input-editor', '{"id": "o-9", "quantity": 12}');
    await page.waitForSelector(`${byId('graph')} [data-state="CheckSize"]`);

    // The Choice, before any execution: the input offered is the execution input.
    await page.click(`${byId('graph')} [data-state="CheckSize"]`);
    const panel = page.locator(byId('test-state'));
    await panel.locator('summary').click();
    assert.deepEqual(JSON.parse(await panel.locator(byId('test-state-input')).inputValue()), { id: 'o-9', quantity: 12 });
    assert.equal(await panel.locator(byId('test-state-mock')).count(), 0, 'a Choice has no mock');
    await panel.locator(byId('test-state-run')).click();
    const result = panel.locator(byId('test-state-result'));
    await result.waitFor();
    assert.equal(await result.getAttribute('data-status'), 'SUCCEEDED');
    assert.equal(await panel.locator(byId('test-state-next')).getAttribute('data-next'), 'Save');
    await panel.locator(byId('test-state-input')).fill('{"quantity": 2}');
    await panel.locator(byId('test-state-run')).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="test-state-next"]')?.getAttribute('data-next') === 'Small');

    // The Task with a mocked error: the catcher takes it.
    await page.click(`${byId('graph')} [data-state="Save"]`);
    await panel.locator(byId('test-state-mock')).waitFor();
    await panel.locator(byId('test-state-input')).fill('{"id": "o-9"}');
    await panel.locator(byId('test-state-mock')).selectOption('error');
    await panel.locator(byId('test-state-mock-error')).fill('DynamoDB.ConditionalCheckFailedException');
    await panel.locator(byId('test-state-mock-cause')).fill('already there');
    await panel.locator(byId('test-state-run')).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="test-state-result"]')?.getAttribute('data-status') === 'CAUGHT_ERROR');
    assert.equal(await panel.locator(byId('test-state-next')).getAttribute('data-next'), 'Duplicate');
    assert.deepEqual(JSON.parse(await panel.locator(byId('test-state-output')).textContent()), {
      id: 'o-9', error: { Error: 'DynamoDB.ConditionalCheckFailedException', Cause: 'already there' },
    });
    const inspection = panel.locator(byId('test-state-inspection'));
    assert.deepEqual(JSON.parse(await inspection.locator('[data-step="afterParameters"] pre').textContent()),
      { TableName: 'Orders', Item: { id: { S: 'o-9' } } });
    assert.deepEqual(JSON.parse(await inspection.locator('[data-step="errorDetails"] pre').textContent()), { catchIndex: 0 });
    await panel.screenshot({ path: join(outDir, 'test-state.png') });

    // Without a mock the Task calls the mock function of the workspace, in a Worker.
    await panel.locator(byId('test-state-mock')).selectOption('none');
    await panel.locator(byId('test-state-run')).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="test-state-result"]')?.getAttribute('data-status') === 'FAILED');
    assert.match(await panel.locator(byId('test-state-error')).textContent(), /There is no mock for the resource 'arn:aws:states:::dynamodb:putItem'/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

const ROWS = 100_000;

const OVER_CSV = JSON.stringify({
  StartAt: 'EachRow',
  States: {
    EachRow: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: 'playground-data', Key: 'orders.csv' },
      },
      ItemBatcher: { MaxItemsPerBatch: 1000 },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Total',
        States: {
          Total: { Type: 'Pass', Parameters: { 'count.$': 'States.ArrayLength($.Items)', 'first.$': '$.Items[0].id' }, End: true },
        },
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'playground-data', Prefix: 'results' },
      },
      End: true,
    },
  },
}, null, 2);

test('a Distributed Map over an uploaded 100,000-line CSV, batched, its results written to S3', async () => {
  const app = await openApp();
  try {
    const { page } = app;
    await setEditorText(page, 'definition-editor', OVER_CSV);
    await setEditorText(page, 'input-editor', '{}');
    const panel = page.locator(byId('s3-objects'));
    await panel.waitFor();
    let csv = 'id,amount\n';
    for (let i = 0; i < ROWS; i++) csv += `o-${i},${i % 97}\n`;
    await panel.locator(byId('s3-upload')).setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await panel.locator(`${byId('s3-object')}[data-key="orders.csv"]`).waitFor();

    // Long tasks on the main thread while it runs (the page must keep responding).
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
        .observe({ type: 'longtask', buffered: false });
    });
    const started = Date.now();
    assert.equal(await runExecution(page, 120000), 'SUCCEEDED');
    const took = Date.now() - started;
    const longest = await page.evaluate(() => window.__longest);
    console.log(`100,000-row Distributed Map: ${took} ms clicked to SUCCEEDED, longest main-thread task ${Math.round(longest)} ms`);

    const out = JSON.parse(await page.locator(byId('execution-output')).textContent());
    const manifestKey = out.ResultWriterDetails.Key;
    assert.match(manifestKey, /^results\/[0-9a-f-]{36}\/manifest\.json$/);
    const succeededKey = manifestKey.replace('manifest.json', 'SUCCEEDED_0.json');
    const row = panel.locator(`${byId('s3-object')}[data-key="${succeededKey}"]`);
    await row.waitFor();
    await panel.locator(`${byId('s3-object')}[data-key="${manifestKey}"]`).waitFor();
    // Its content: 100 child executions of 1,000 items each.
    // The Map Run's own view: counts by status, the items of each child execution.
    const mapRun = page.locator(byId('map-run'));
    assert.equal(await mapRun.getAttribute('data-status'), 'SUCCEEDED');
    assert.equal(await mapRun.getAttribute('data-state'), 'EachRow');
    const cell = async (kind, st) => Number(await mapRun.locator(`${byId('map-run-count')}[data-kind="${kind}"][data-status="${st}"]`).textContent());
    assert.equal(await cell('items', 'succeeded'), ROWS);
    assert.equal(await cell('items', 'total'), ROWS);
    assert.equal(await cell('items', 'resultsWritten'), ROWS);
    assert.equal(await cell('items', 'failed'), 0);
    assert.equal(await cell('executions', 'total'), 100);
    assert.equal(await cell('executions', 'succeeded'), 100);
    const children = mapRun.locator(byId('map-run-execution'));
    assert.equal(await children.count(), 100);
    const sizes = await children.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-items'))));
    assert.ok(sizes.every((n) => n === 1000), sizes.join());
    await mapRun.locator(byId('map-run-filter')).selectOption('FAILED');
    assert.equal(await children.count(), 0);
    await mapRun.screenshot({ path: join(outDir, 'map-run.png') });
    // Over what the browser keeps across a reload: the panel says so.
    assert.match(await panel.locator(byId('s3-not-saved')).textContent(), /last until the page is closed/);
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator(byId('s3-download')).click()]);
    assert.equal(download.suggestedFilename(), 'SUCCEEDED_0.json');
    const text = await readFile(await download.path(), 'utf8');
    const records = JSON.parse(text);
    assert.equal(records.length, 100);
    assert.deepEqual(JSON.parse(records[0].Output), { count: 1000, first: 'o-0' });
    assert.equal(records[0].Status, 'SUCCEEDED');
    const manifestRow = panel.locator(`${byId('s3-object')}[data-key="${manifestKey}"]`);
    await manifestRow.locator(byId('s3-view')).click();
    const manifest = JSON.parse(await manifestRow.locator(byId('s3-content')).textContent());
    assert.deepEqual(manifest.ResultFiles.SUCCEEDED, [{ Key: succeededKey, Size: text.length }]);
    assert.equal(manifest.MapRunArn, out.MapRunArn);
    await page.locator(byId('s3-objects')).screenshot({ path: join(outDir, 's3-objects.png') });
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test("a handler answers its own task token in the page (the SDK's SendTaskSuccess, in a Worker)", async () => {
  const app = await openApp();
  try {
    const { page } = app;
    await setEditorText(page, 'definition-editor', JSON.stringify({
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'HelloFunction', Payload: { 'token.$': '$$.Task.Token', 'who.$': '$.who' } },
          End: true,
        },
      },
    }, null, 2));
    await setEditorText(page, 'input-editor', '{"who": "meg"}');
    await setEditorText(page, 'function-editor', `const { SFNClient, SendTaskSuccessCommand } = require("@aws-sdk/client-sfn");
const sfn = new SFNClient({});
exports.handler = async (event) => {
  await sfn.send(new SendTaskSuccessCommand({ taskToken: event.token, output: JSON.stringify({ approvedBy: event.who }) }));
  return "asked";
};`);
    assert.equal(await runExecution(page), 'SUCCEEDED');
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()), { approvedBy: 'meg' });
    const types = await historyTypes(page);
    assert.deepEqual(types.filter((t) => t.startsWith('Task') && !t.includes('State')), ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

// A workspace of two machines: the tutorial's machine starts a second one with
// startExecution.sync (its Lambda task runs in the Worker); the child execution is listed
// under the parent's and opens with its own machine, graph and history; both machines
// survive a reload.
const CHILD = JSON.stringify({
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
      End: true,
    },
  },
}, null, 2);

const PARENT = JSON.stringify({
  StartAt: 'StartGreeter',
  States: {
    StartGreeter: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync',
      Parameters: {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Greeter',
        Name: 'greet-bob',
        Input: { 'who.$': '$.who' },
      },
      ResultSelector: { 'greeting.$': 'States.StringToJson($.Output)', 'status.$': '$.Status' },
      End: true,
    },
  },
}, null, 2);

test('a nested .sync execution runs another machine of the workspace and opens', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    const machineName = async () => (await page.locator(byId('machine-name')).textContent()).trim();
    // A second machine, renamed in the settings.
    await page.selectOption(byId('machine-menu'), '+ new');
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'StateMachine2');
    await page.click(byId('settings-button'));
    const nameField = page.locator(byId('machine-name-input'));
    await nameField.fill('Greeter');
    await nameField.press('Enter');
    await nameField.blur();
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'Greeter');
    await page.click(byId('settings-button'));
    await setEditorText(page, 'definition-editor', CHILD);

    // Back to the tutorial's machine: its definition starts the Greeter.
    await page.selectOption(byId('machine-menu'), 'MapLambda');
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'MapLambda');
    await setEditorText(page, 'definition-editor', PARENT);
    await setEditorText(page, 'input-editor', '{"who": "bob"}');
    assert.equal(await runExecution(page), 'SUCCEEDED');
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()),
      { greeting: 'Hello, bob!', status: 'SUCCEEDED' });
    const types = await historyTypes(page);
    assert.deepEqual(types.filter((t) => t.startsWith('Task')),
      ['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited']);

    // The child is listed, and opens with its machine.
    const child = page.locator(`${byId('nested-executions')} ${byId('nested-execution')}`);
    assert.equal(await child.count(), 1);
    assert.equal(await child.getAttribute('data-machine'), 'Greeter');
    assert.equal(await child.getAttribute('data-execution'), 'greet-bob');
    assert.equal(await child.getAttribute('data-status'), 'SUCCEEDED');
    await page.locator('.panel-execution').screenshot({ path: join(outDir, 'nested-executions.png') });
    await child.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'Greeter');
    assert.equal(await page.locator(byId('execution-status')).getAttribute('data-execution'), 'greet-bob');
    assert.equal(await status(page), 'SUCCEEDED');
    assert.equal(JSON.parse(await page.locator(byId('execution-output')).textContent()), 'Hello, bob!');
    const childTypes = await historyTypes(page);
    assert.equal(childTypes[0], 'ExecutionStarted');
    assert.ok(childTypes.includes('LambdaFunctionSucceeded'), childTypes.join());
    assert.equal(await page.locator(`${byId('graph-state')}[data-state="Greet"]`).getAttribute('data-status'), 'SUCCEEDED');

    // Both machines are kept across a reload.
    await page.waitForTimeout(700); // autosave
    await page.reload();
    await page.waitForSelector(`${byId('definition-editor')} .cm-content`, { timeout: 30000 });
    assert.equal(await machineName(), 'Greeter');
    const options = await page.locator(`${byId('machine-menu')} option`).evaluateAll((os) => os.map((o) => o.value));
    assert.ok(options.includes('MapLambda'), options.join());
    await page.selectOption(byId('machine-menu'), 'MapLambda');
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'MapLambda');
    assert.match(await editorText(page, 'definition-editor'), /startExecution\.sync/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('the human-approval and nested-workflow examples run from the Examples menu', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    // Human approval: the function asks, the page answers.
    await page.selectOption(byId('examples-menu'), 'human-approval');
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'HumanApproval');
    await page.click(byId('run-button'));
    const card = page.locator(`${byId('waiting-task')}[data-state="RequestApproval"]`);
    await card.waitFor({ timeout: 20000 });
    await card.locator(byId('answer-output')).fill('{"approvedBy": "Mary"}');
    await card.locator(byId('send-success')).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent.trim() === 'SUCCEEDED', null, { timeout: 20000 });
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()), { order: 'A-1001', approvedBy: 'Mary' });
    // A small order is approved by the function itself (the SDK in the Worker).
    await setEditorText(page, 'input-editor', '{"order": "A-2", "amount": 20}');
    assert.equal(await runExecution(page), 'SUCCEEDED');
    assert.deepEqual(JSON.parse(await page.locator(byId('execution-output')).textContent()), { order: 'A-2', approvedBy: 'auto-approval' });

    // Nested workflow: two machines; the child is listed and opens.
    await page.selectOption(byId('examples-menu'), 'nested-workflow');
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'PlaceOrder');
    assert.equal(await runExecution(page), 'SUCCEEDED');
    const out = JSON.parse(await page.locator(byId('execution-output')).textContent());
    assert.deepEqual(out.shipping.shipment, { carrier: 'An Post', order: 'A-1001', status: 'DELIVERED' });
    const child = page.locator(byId('nested-execution'));
    assert.equal(await child.getAttribute('data-machine'), 'ShipOrder');
    await child.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="machine-name"]').textContent.trim() === 'ShipOrder');
    assert.equal(await page.locator(`${byId('graph-state')}[data-state="LocalPost"]`).getAttribute('data-status'), 'SUCCEEDED');
    assert.equal(await page.locator(`${byId('graph-state')}[data-state="Courier"]`).getAttribute('data-status'), 'NOT_RUN');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
