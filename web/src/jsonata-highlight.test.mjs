// Tokens of the JSONata highlighter (jsonata-highlight.js): run by `node --test web/src/`.
import test from "node:test";
import assert from "node:assert/strict";
import { jsonataTokens } from "./jsonata-highlight.js";

const show = (text) => jsonataTokens(text).map((t) => `${t.kind}:${text.slice(t.from, t.to)}`);

test("functions, variables, operators, numbers", () => {
  assert.deepEqual(show("$sum($states.input.items.(price * 2))"), [
    "fn:$sum",
    "variable:$states",
    "operator:*",
    "number:2",
  ]);
});

test("strings in JSONata quotes and in a JSON string's escaped quotes", () => {
  assert.deepEqual(show(`'a' & \\"b\\" & "c"`), [
    "string:'a'",
    "operator:&",
    'string:\\"b\\"',
    "operator:&",
    'string:"c"',
  ]);
});

test("keywords, bindings, lambdas, $ and $$", () => {
  assert.deepEqual(show("($x := function($v){ $v > 1 and $ in $$ }; $x)"), [
    "variable:$x",
    "operator::=",
    "keyword:function",
    "variable:$v",
    "variable:$v",
    "operator:>",
    "number:1",
    "keyword:and",
    "variable:$",
    "keyword:in",
    "variable:$$",
    "variable:$x",
  ]);
});

test("never throws on unterminated input", () => {
  for (const text of ["'abc", '\\"abc', "/* open", "$", "1e", "{%", ""]) {
    assert.ok(Array.isArray(jsonataTokens(text)), text);
  }
});
