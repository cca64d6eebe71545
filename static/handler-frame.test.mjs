// The handler sandbox frame's Content-Security-Policy (run: node --test static/): its inline
// script is allowed by its hash, and the policy forbids what handlers must not do. How the
// fence holds in Chromium is tested end to end by tests/e2e/isolation.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const html = readFileSync(new URL("./handler-frame.html", import.meta.url), "utf8");
const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
const directives = Object.fromEntries(
  policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]),
);

test("the frame's one script is allowed by its hash, and nothing else inline is", () => {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  const hash = createHash("sha256").update(scripts[0][1], "utf8").digest("base64");
  assert.ok(directives["script-src"].includes(`'sha256-${hash}'`),
    `script-src should name 'sha256-${hash}' (update it after editing the script): ${policy}`);
  assert.ok(!policy.includes("'unsafe-inline'"));
});

test("handlers get no network, no remote script, no frame, no form, no navigation target", () => {
  assert.deepEqual(directives["default-src"], ["'none'"]);
  assert.deepEqual(directives["connect-src"], ["'none'"]);
  assert.deepEqual(directives["worker-src"], ["blob:"]);
  for (const d of ["frame-src", "child-src", "object-src", "base-uri", "form-action", "img-src"]) {
    assert.deepEqual(directives[d], ["'none'"], d);
  }
  // Scripts: the frame's own (hash), Blob URLs made in the frame, code compiled at run time.
  assert.deepEqual(directives["script-src"].filter((s) => !s.startsWith("'sha256-")), ["blob:", "'unsafe-eval'"]);
});
