// Makes a built site work offline (docs/hosting.md, "Offline and updates"): lists every file of
// the build in DIR with its SHA-256, derives the build id from that list and the service
// worker's code, writes the id into index.html (`<meta name="asl-playground-build">`, which
// the page compares with the last visit's) and writes DIR/sw.js from static/sw.js with the id
// and the list.
//
//   node scripts/offline-manifest.mjs DIR
//
// Trunk's post_build hook (scripts/trunk-post-build) runs it on the staging directory of every
// `trunk build`. Running it again on a built dist/ (e.g. after adding files to it) is fine: the
// id does not depend on the id already written into index.html, nor on sw.js.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/offline-manifest.mjs DIR');
  process.exit(2);
}
const template = join(dirname(fileURLToPath(import.meta.url)), '..', 'static', 'sw.js');
const META = /(<meta name="asl-playground-build" content=")[^"]*(")/;

async function files(d) {
  const out = [];
  for (const entry of await readdir(d, { withFileTypes: true })) {
    const path = join(d, entry.name);
    if (entry.isDirectory()) out.push(...await files(path));
    else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
  }
  return out;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

const paths = (await files(dir)).filter((p) => p !== 'sw.js').sort();
if (!paths.includes('index.html')) throw new Error(`${dir}/index.html is missing`);
let page = await readFile(join(dir, 'index.html'), 'utf8');
if (!META.test(page)) throw new Error(`${dir}/index.html has no <meta name="asl-playground-build">`);
page = page.replace(META, '$1$2');

// The id: the hash of every file's path and content (index.html without the id), and of the
// worker's own code (a new worker is a new build: it must not share the old one's cache).
const worker = await readFile(template, 'utf8');
const hashes = {};
for (const p of paths) hashes[p] = sha256(p === 'index.html' ? page : await readFile(join(dir, p)));
const build = sha256(paths.map((p) => `${p}\0${hashes[p]}\n`).join('') + `sw.js\0${sha256(worker)}\n`)
  .slice(0, 20);

page = page.replace(META, `$1${build}$2`);
await writeFile(join(dir, 'index.html'), page);
hashes['index.html'] = sha256(page);

const line = /^\/\* MANIFEST \*\/.*$/m;
if (!line.test(worker)) throw new Error(`${template} has no /* MANIFEST */ line`);
const manifest = `/* MANIFEST */ const BUILD = ${JSON.stringify(build)}; const FILES = ${JSON.stringify(hashes, null, 1)};`;
await writeFile(join(dir, 'sw.js'), worker.replace(line, () => manifest));
console.log(`offline-manifest: build ${build}, ${paths.length} files precached by sw.js`);
