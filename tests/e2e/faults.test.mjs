// Fault injection in real headless Chromium: two injected Lambda.ServiceExceptions on the
// function, a Retry on them (the Step Functions guide's recommended retrier), the run succeeds
// on the third attempt with the two failures in the history and the graph having shown
// RETRIED; the faults travel in a share link; the function's log has CloudWatch's
// START/END/REPORT lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApp, openPage, launch, byId, setEditorText, outDir } from './harness.mjs';

const DEFINITION = JSON.stringify({
  StartAt: 'CallLambda',
  States: {
    CallLambda: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
      Retry: [{
        ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
        IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1,
      }],
      End: true,
    },
  },
}, null, 2);

const status = async (p) => (await p.locator(byId('execution-status')).textContent()).trim();

test('two injected ServiceExceptions are retried, the run succeeds, and the faults survive a share link', async () => {
  const app = await openApp();
  try {
    await retriedAndShared(app.page, app.errors);
  } finally {
    await app.close();
  }
});

async function retriedAndShared(page, errors) {
  await setEditorText(page, 'definition-editor', DEFINITION);
  await setEditorText(page, 'input-editor', '{"who":"bob"}');
  await page.waitForSelector(`${byId('graph')} [data-state="CallLambda"]`);

  // No faults until asked for.
  assert.equal(await page.locator(byId('function-faults-kind')).inputValue(), '');
  assert.equal(await page.locator(byId('function-faults-next')).count(), 0);
  await page.selectOption(byId('function-faults-kind'), 'Lambda.ServiceException');
  await page.waitForSelector(byId('function-faults-next'));
  assert.equal(await page.locator(byId('function-faults-mode')).inputValue(), 'next');
  await page.fill(byId('function-faults-next'), '2');
  await page.locator(byId('function-faults-next')).dispatchEvent('change');
  await page.locator(byId('function-faults')).screenshot({ path: join(outDir, 'function-faults.png') });

  // Real time, so that RETRIED shows while the retrier waits (1 s, twice).
  await page.check(byId('real-time-toggle'));
  await page.click(byId('run-button'));
  await page.waitForSelector(`${byId('graph')} [data-state="CallLambda"][data-status="RETRIED"]`, { timeout: 10000 });
  await page.locator(byId('graph')).screenshot({ path: join(outDir, 'graph-faults-retried.png') });
  await page.waitForFunction(() => /^(SUCCEEDED|FAILED)$/.test(
    document.querySelector('[data-testid="execution-status"]').textContent.trim()), null, { timeout: 20000 });
  await page.uncheck(byId('real-time-toggle'));
  assert.equal(await status(page), 'SUCCEEDED');
  assert.equal(await page.locator(`${byId('graph')} [data-state="CallLambda"]`).getAttribute('data-status'), 'SUCCEEDED');

  // The history: two LambdaFunctionFailed with AWS's error, then the success.
  const types = await page.locator(`${byId('event-history')} ${byId('history-event')}`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
  assert.deepEqual(types.filter((t) => t.startsWith('LambdaFunction')), [
    'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed',
    'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed',
    'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded',
  ]);
  // A failure's details (opened): AWS's error and cause.
  await page.locator(`${byId('event-history')} ${byId('history-event')}[data-type="LambdaFunctionFailed"]`).first().click();
  await page.waitForFunction((sel) => /Lambda\.ServiceException/.test(document.querySelector(sel).textContent), byId('event-history'));
  const history = await page.locator(byId('event-history')).textContent();
  assert.match(history, /ServiceException \(Service: AWSLambda; Status Code: 500; Error Code: ServiceException; Request ID: [0-9a-f-]{36}; Proxy: null\)/);
  assert.equal(JSON.parse(await page.locator(byId('execution-output')).textContent()), 'Hello, bob!');

  // The one invocation that ran logged as CloudWatch shows it (the state inspector's logs).
  await page.click(`${byId('graph')} [data-state="CallLambda"]`);
  await page.waitForSelector(byId('inspector-logs'));
  const tree = await page.locator(byId('inspector-logs')).textContent();
  assert.match(tree, /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
  assert.match(tree, /END RequestId: [0-9a-f-]{36}/);
  assert.match(tree, /REPORT RequestId: [0-9a-f-]{36}\s+Duration: \d+\.\d\d ms\s+Billed Duration: \d+ ms\s+Memory Size: 128 MB/);
  assert.doesNotMatch(tree, /Max Memory Used/, 'a Worker cannot measure its memory');

  // The faults travel with the workspace in a share link.
  await page.click(byId('share-button'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.value?.includes('#v1.'), byId('share-link'));
  const link = await page.inputValue(byId('share-link'));
  await page.click(byId('share-button'));
  const other = await launch();
  try {
    const { page: p, errors: errs } = await openPage(other.context, link);
    assert.equal(await p.locator(byId('function-faults-kind')).inputValue(), 'Lambda.ServiceException');
    assert.equal(await p.locator(byId('function-faults-next')).inputValue(), '2');
    assert.deepEqual(errs, []);
  } finally {
    await other.close();
  }

  // Turned off again: the next run calls the handler at once.
  await page.selectOption(byId('function-faults-kind'), '');
  await page.waitForFunction((sel) => !document.querySelector(sel), byId('function-faults-next'));
  assert.deepEqual(errors, []);
}
