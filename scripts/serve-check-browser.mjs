// The second half of `scripts/serve-check --browser`: opens the page `trunk serve` serves in
// headless Chromium and runs the default example (the AWS tutorial) there, so the development
// server's page — its autoreload script, its Content-Security-Policy, the handler sandbox —
// is checked as a user meets it, not only that its files are served.
//
//   node scripts/serve-check-browser.mjs http://127.0.0.1:8080/
import assert from 'node:assert/strict';
import { launch, openPage, runExecution, byId } from '../tests/e2e/harness.mjs';

const url = process.argv[2];
assert.ok(url, 'usage: node scripts/serve-check-browser.mjs URL');
const browser = await launch();
try {
  const { page, errors } = await openPage(browser.context, url);
  const status = await runExecution(page, 60000);
  assert.equal(status, 'SUCCEEDED', 'the default example runs to SUCCEEDED');
  const output = JSON.parse(await page.locator(byId('execution-output')).textContent());
  assert.deepEqual(output, ['Hello, bob!', 'Hello, meg!', 'Hello, joe!']);
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  assert.match(csp, /connect-src 'self'/, 'the served page keeps its Content-Security-Policy');
  assert.deepEqual(errors, [], 'no errors (or policy violations) on the served page');
  console.log(`serve-check: ${url} runs the tutorial in Chromium (SUCCEEDED, no console errors)`);
} finally {
  await browser.close();
}
