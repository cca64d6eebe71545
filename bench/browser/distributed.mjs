// The Distributed Map benchmark: the page reading its items from a CSV in the playground's S3
// (ItemReader), running one child execution per batch of 1,000 rows (or per row), writing
// its results (ResultWriter), in headless Chromium.
//
//   node bench/browser/distributed.mjs [--reps N] [--rows 10000,30000,100000,10000u] [--no-build]
//
// Rows are CSV rows; a trailing `u` runs one child execution per row (no ItemBatcher). For
// each row count: the CSV is uploaded through the S3 panel, then, after one warm-up run,
// medians of N runs (default 3) of Start execution clicked → the first animation frame that
// shows SUCCEEDED (timed in the page), with the longest main-thread task seen meanwhile
// (PerformanceObserver 'longtask'). The peer (aws-local-stepfunctions) has no ItemReader, so
// there is no side-by-side here. Prints a Markdown table for bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, serveDist, openPage, setEditorText, byId } from '../../tests/e2e/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const reps = Number(option('--reps', '3'));
const rows = option('--rows', '10000,30000,100000,10000u,30000u').split(',').map((r) => ({
  count: Number(r.replace(/u$/, '')),
  batched: !r.endsWith('u'),
}));

if (!args.includes('--no-build')) {
  const env = { ...process.env, PATH: `${join(root, 'web', 'node_modules', '.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}`, TRUNK_SKIP_VERSION_CHECK: 'true' };
  execFileSync('trunk', ['build', '--release', '--public-url', './'], { cwd: root, stdio: 'inherit', env });
}

const definition = (batched) => JSON.stringify({
  StartAt: 'EachRow',
  States: {
    EachRow: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: 'playground-data', Key: 'orders.csv' },
      },
      ...(batched ? { ItemBatcher: { MaxItemsPerBatch: 1000 } } : {}),
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Total',
        States: {
          Total: batched
            ? { Type: 'Pass', Parameters: { 'count.$': 'States.ArrayLength($.Items)', 'first.$': '$.Items[0].id' }, End: true }
            : { Type: 'Pass', Parameters: { 'id.$': '$.id' }, End: true },
        },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'playground-data', Prefix: 'results' } },
      End: true,
    },
  },
}, null, 2);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const served = await serveDist();
const out = [];
try {
  // A fresh browser for each row count (its S3 panel holds only that CSV).
  for (const row of rows) {
    const browser = await launch();
    const { page } = await openPage(browser.context, served.url);
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    await setEditorText(page, 'definition-editor', definition(row.batched));
    await setEditorText(page, 'input-editor', '{}');
    const panel = page.locator(byId('s3-objects'));
    await panel.waitFor();
    let csv = 'id,amount\n';
    for (let i = 0; i < row.count; i++) csv += `o-${i},${i % 97}\n`;
    await panel.locator(byId('s3-upload')).setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForTimeout(500);
    const times = [];
    const longest = [];
    for (let k = 0; k <= reps; k++) {
      await page.waitForTimeout(500);
      const r = await page.evaluate(() => new Promise((ok, fail) => {
        const status = () => document.querySelector('[data-testid="execution-status"]');
        const before = status()?.getAttribute('data-execution') ?? '';
        window.__longest = 0;
        const t0 = performance.now();
        document.querySelector('[data-testid="run-button"]').click();
        const tick = () => {
          const el = status();
          const name = el?.getAttribute('data-execution') ?? '';
          const text = el?.textContent.trim() ?? '';
          if (name && name !== before && /^(SUCCEEDED|FAILED|TIMED_OUT|ABORTED)$/.test(text)) {
            const ms = performance.now() - t0;
            // Long tasks are reported after they end: give the observer a moment.
            setTimeout(() => ok({ ms, text, longest: window.__longest }), 200);
          } else if (performance.now() - t0 > 300000) {
            fail(new Error('no end in 300 s'));
          } else {
            requestAnimationFrame(tick);
          }
        };
        requestAnimationFrame(tick);
      }));
      if (r.text !== 'SUCCEEDED') {
        const why = await page.locator(byId('execution-error')).textContent().catch(() => '');
        throw new Error(`${row.count} rows: ${r.text}: ${why}`);
      }
      if (k > 0) { times.push(r.ms); longest.push(r.longest); }
    }
    await browser.close();
    const children = row.batched ? Math.ceil(row.count / 1000) : row.count;
    out.push({ ...row, children, ms: median(times), longest: median(longest) });
    console.error(`${row.count} rows${row.batched ? '' : ' unbatched'}: ${median(times).toFixed(0)} ms, longest task ${median(longest).toFixed(0)} ms`);
  }
} finally {
  served.server.close();
}

console.log(`Machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; load average ${loadavg()[0].toFixed(2)} at the end.\n`);
console.log('| CSV rows | child executions | clicked → SUCCEEDED | per 1,000 rows | longest main-thread task |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of out) {
  console.log(`| ${r.count.toLocaleString('en-US')} | ${r.children.toLocaleString('en-US')}${r.batched ? ' (batches of 1,000)' : ' (one per row)'} | ${r.ms.toFixed(0)} ms | ${(r.ms / (r.count / 1000)).toFixed(1)} ms | ${r.longest.toFixed(0)} ms |`);
}
