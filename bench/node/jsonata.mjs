// The reference side of bench/src/jsonata_bench.rs: reads the workloads (JSON array of
// {id, expression, input}) on stdin, times parse + evaluate with jsonata-js (the npm package,
// 2.0.6) in batches after a warm-up, and prints {id: {seconds, result}} on stdout.
// Usage: node bench/node/jsonata.mjs SECONDS < workloads.json
import jsonata from 'jsonata';

const seconds = Number(process.argv[2] || 1);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const workloads = JSON.parse(Buffer.concat(chunks).toString('utf8'));

async function once(w) {
  const result = await jsonata(w.expression).evaluate(w.input, { states: { input: w.input } });
  return result === undefined ? null : result;
}

const out = {};
const batch = (seconds / 5) * 1000;
for (const w of workloads) {
  const result = await once(w);
  let start = performance.now();
  while (performance.now() - start < batch) await once(w);
  const per = [];
  for (let b = 0; b < 5; b++) {
    start = performance.now();
    let n = 0;
    while (performance.now() - start < batch) {
      await once(w);
      n++;
    }
    per.push((performance.now() - start) / 1000 / n);
  }
  per.sort((a, b) => a - b);
  out[w.id] = { seconds: per[2], result: JSON.parse(JSON.stringify(result)) };
}
process.stdout.write(JSON.stringify(out));
