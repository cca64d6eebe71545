// Courses in real headless Chromium (docs/exercises.md): the built-in course opened from the
// Examples menu, its first exercise failed with the starter and solved, solved still after a
// reload with the work kept; moving between exercises keeps each one's work; Reset exercise;
// sharing a solution; a course from a URL relative to the site (and one that is missing);
// exercise files picked by the user, one of them broken. Check my work runs the handlers in
// the page's real Worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  serveDist, launch, openPage, byId, editorText, setEditorText, outDir,
} from './harness.mjs';

const COURSE = 'courses/intro/course.json';
const SOLVED_DEFINITION = JSON.stringify({
  StartAt: 'ExampleMapState',
  States: {
    ExampleMapState: {
      Type: 'Map',
      Iterator: {
        StartAt: 'CallLambda',
        States: {
          CallLambda: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
            End: true,
          },
        },
      },
      End: true,
    },
  },
}, null, 2);

let served;
let browser;
before(async () => {
  served = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  served?.server.close();
});

const text = async (p, id) => (await p.locator(byId(id)).first().textContent()).trim();

/** Clicks Check my work and waits for the verdicts; returns the summary. */
async function checkWork(page) {
  const before = await page.locator(byId('exercise-attempts')).count()
    ? await text(page, 'exercise-attempts') : '';
  await page.click(byId('check-work'));
  await page.waitForFunction(([id, before]) => {
    const a = document.querySelector(`[data-testid="${id}"]`);
    return a && a.textContent.trim() !== before
      && !document.querySelector('[data-testid="check-work"]').disabled;
  }, ['exercise-attempts', before], { timeout: 30000 });
  return text(page, 'check-summary');
}

async function results(page) {
  return page.locator(byId('check-result')).evaluateAll((els) => els.map((e) => ({
    passed: e.dataset.passed === 'true', hidden: e.dataset.hidden === 'true', text: e.textContent,
  })));
}

test('the built-in course: the starter fails, the solution passes, solved after a reload', async () => {
  const { page, errors } = await openPage(browser.context, served.url);
  page.on('dialog', (d) => d.accept());
  await page.selectOption(byId('examples-menu'), `course:${COURSE}`);
  await page.waitForSelector(byId('course-panel'));
  assert.equal(await text(page, 'course-title'), 'Introduction to Step Functions');
  assert.equal(await text(page, 'exercise-title'), 'Call a Lambda function for each item');
  assert.equal(await text(page, 'course-progress'), '0 of 12 solved');
  assert.match(page.url(), /\?course=courses%2Fintro%2Fcourse\.json/);
  assert.match(await text(page, 'notice'), /Opened the course .Introduction to Step Functions.\. Your previous work is kept\./);
  // The instructions are Markdown: the code block is a <pre>, the emphasis an <em>.
  assert.equal(await page.locator(`${byId('exercise-instructions')} pre`).count(), 1);
  assert.match(await text(page, 'exercise-instructions'), /Using a Map State to Call Lambda Multiple Times/);
  assert.match(await editorText(page, 'definition-editor'), /"Type": "Pass"/);

  // The starter fails: the greetings are missing, CallLambda is no Task, the hidden check fails.
  assert.equal(await checkWork(page), '1 of 4 checks pass');
  let r = await results(page);
  assert.deepEqual(r.map((x) => x.passed), [false, true, false, false]);
  assert.match(r[0].text, /the output differs at \/0: expected "Hello, bob!", got \{"who":"bob"\}/);
  assert.match(r[0].text, /history event \d+/);
  assert.match(r[2].text, /CallLambda is a Pass state; expected a Task state/);
  assert.equal(r[3].hidden, true);
  assert.equal(r[3].text.trim(), '✗A hidden check fails');
  assert.equal(await page.locator(byId('exercise-solved')).count(), 0);

  // Solved: the Pass state becomes a Task calling HelloFunction.
  await setEditorText(page, 'definition-editor', SOLVED_DEFINITION);
  assert.equal(await checkWork(page), 'All 4 checks pass: solved!');
  r = await results(page);
  assert.deepEqual(r.map((x) => x.passed), [true, true, true, true]);
  assert.match(r[3].text, /The function is invoked once per item \(hidden\)/);
  assert.match(r[3].text, /4 LambdaFunctionScheduled events of state CallLambda/);
  await page.waitForSelector(byId('exercise-solved'));
  assert.equal(await text(page, 'course-progress'), '1 of 12 solved');
  assert.equal(await text(page, 'exercise-attempts'), '2 attempts');
  await page.screenshot({ path: join(outDir, 'course-solved.png') });

  // The solution as a link for the instructor: the workspace, without the course.
  await page.click(byId('share-solution'));
  const link = await page.inputValue(byId('share-solution-link'));
  assert.match(link, /#v1\.[A-Za-z0-9_-]+$/);
  assert.doesNotMatch(link, /course=/);

  // After a reload: the course, the work and "solved" are still there.
  await page.waitForTimeout(600); // autosave
  await page.reload();
  await page.waitForSelector(byId('exercise-solved'));
  assert.equal(await text(page, 'course-progress'), '1 of 12 solved');
  assert.match(await editorText(page, 'definition-editor'), /"Type": "Task"/);
  assert.equal(await page.locator(byId('notice')).count(), 0);

  // The next exercise opens its starter; coming back gives the work on the first.
  await page.click(byId('course-next'));
  await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.includes('ResultPath'), 'exercise-title');
  assert.match(await editorText(page, 'definition-editor'), /"Greet"/);
  assert.equal(await page.locator(byId('check-summary')).count(), 0);
  await page.click(byId('course-prev'));
  await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.includes('Call a Lambda'), 'exercise-title');
  assert.match(await editorText(page, 'definition-editor'), /"Type": "Task"/);
  const options = await page.locator(`${byId('course-exercise')} option`).allTextContents();
  assert.equal(options.length, 12);
  assert.equal(options[0], '✓ 1. Call a Lambda function for each item');
  assert.equal(options[11], '12. Write it in JSONata');

  // Reset exercise puts the starter back (after the confirmation); solved stays.
  await page.click(byId('reset-exercise'));
  await page.waitForFunction(async () => true);
  await page.waitForFunction(() => document.querySelector('[data-testid="definition-editor"] .cm-content')?.textContent.includes('"Pass"'));
  assert.equal(await page.locator(byId('exercise-solved')).count(), 1);

  // Closing the course leaves the workspace; a reload no longer opens it.
  await page.click(byId('course-close'));
  assert.equal(await page.locator(byId('course-panel')).count(), 0);
  assert.doesNotMatch(page.url(), /course=/);
  await page.reload();
  await page.waitForSelector(`${byId('definition-editor')} .cm-content`);
  await page.waitForTimeout(300);
  assert.equal(await page.locator(byId('course-panel')).count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a course opens from a URL relative to the site; a missing one says why', async () => {
  const fresh = await launch();
  try {
    const { page, errors } = await openPage(fresh.context, `${served.url}?course=${encodeURIComponent(COURSE)}`,
      byId('course-panel'));
    assert.equal(await text(page, 'course-title'), 'Introduction to Step Functions');
    assert.equal(await page.locator(`${byId('course-exercise')} option`).count(), 12);
    // Exercise 5 (Choice, no functions): the starter's run checks fail on the threshold.
    await page.selectOption(byId('course-exercise'), '4');
    await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent.includes('Choice'), 'exercise-title');
    assert.equal(await checkWork(page), '2 of 4 checks pass');
    const r = await results(page);
    assert.match(r[0].text, /the output differs at \/lane: expected "priority", got "standard"/);
    assert.deepEqual(errors, []);

    const missing = await openPage(fresh.context, `${served.url}?course=courses/nope/course.json`, byId('course-error'));
    assert.match(await text(missing.page, 'course-error'), /Could not open the course courses\/nope\/course\.json: .*HTTP 404/);
    assert.equal(await missing.page.locator(byId('course-panel')).count(), 0);
  } finally {
    await fresh.close();
  }
});

test('exercise files picked by the user open as a course; a broken one is located', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aslplay-course-'));
  const fresh = await launch();
  try {
    const good = join(dir, 'double.json');
    await writeFile(good, JSON.stringify({
      title: 'Double it',
      instructions: 'Make the output **twice** the input. <script>window.__pwned = 1</script>',
      starter: {
        definition: '{"StartAt":"Double","States":{"Double":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Double","End":true}}}',
        input: '{"n": 2}',
        functions: [{ name: 'Double', code: 'exports.handler = async (e) => ({ n: e.n + 1 });' }],
      },
      checks: [
        { title: 'Doubles 21', run: { input: { n: 21 } }, expect: { status: 'SUCCEEDED', output: { n: 42 } } },
        { title: 'Calls Double once', run: { input: { n: 1 } }, expect: { events: [{ type: 'LambdaFunctionScheduled', exactly: 1 }] } },
      ],
    }));
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'title: Broken\nstarter: {definition: x}\nchecks:\n  - title: c\n    definition: {usess: Map}\n');
    const { page, errors } = await openPage(fresh.context, served.url);
    await page.setInputFiles(byId('course-file'), [good, broken]);
    await page.waitForSelector(byId('course-panel'));
    assert.equal(await text(page, 'exercise-title'), 'Double it');
    // Raw HTML in the instructions is text, never markup.
    assert.match(await text(page, 'exercise-instructions'), /<script>window.__pwned = 1<\/script>/);
    assert.equal(await page.locator(`${byId('exercise-instructions')} strong`).count(), 1);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await checkWork(page), '1 of 2 checks pass');
    assert.match((await results(page))[0].text, /the output differs at \/n: expected 42, got 22/);
    // The function edited in the page (the Worker runs the new code).
    await page.locator(`${byId('function-editor')} .cm-content`).click();
    await setEditorText(page, 'function-editor', 'exports.handler = async (e) => ({ n: e.n * 2 });');
    assert.equal(await checkWork(page), 'All 2 checks pass: solved!');
    await page.selectOption(byId('course-exercise'), '1');
    await page.waitForSelector(byId('exercise-error'));
    assert.match(await text(page, 'exercise-error'), /broken\.yaml:5:\d+: unknown field "usess".*\(at \/checks\/0\/definition\/usess\)/);
    assert.deepEqual(errors, []);
  } finally {
    await fresh.close();
    await rm(dir, { recursive: true, force: true });
  }
});
