// Node tests of the definition editor's assistance: run with `node --test web/src/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { contextAt, completionsAt, hoverAt } from "./asl-assist.js";
import { fixesFor, closest, missingFunctionMarks } from "./asl-fixes.js";
import { outline } from "./asl-outline.js";

// A small model in the shape of asl::language::editor_model().
const model = {
  stateTypes: ["Pass", "Task", "Choice", "Succeed"],
  queryLanguages: ["JSONPath", "JSONata"],
  stateFields: {
    Pass: { JSONPath: ["Type", "Comment", "Next", "End", "Result"], JSONata: ["Type", "Comment", "Next", "End", "Output"] },
    Task: { JSONPath: ["Type", "Resource", "Retry", "Catch", "Next", "End", "Parameters"], JSONata: ["Type", "Resource", "Retry", "Arguments", "Next", "End"] },
    Choice: { JSONPath: ["Type", "Choices", "Default"], JSONata: ["Type", "Choices", "Default"] },
    Succeed: { JSONPath: ["Type"], JSONata: ["Type"] },
  },
  machineFields: { top: ["StartAt", "States", "Comment"], branch: ["StartAt", "States"], processor: ["StartAt", "States", "ProcessorConfig"] },
  retrierFields: ["ErrorEquals", "MaxAttempts"],
  catcherFields: { JSONPath: ["ErrorEquals", "Next", "ResultPath"], JSONata: ["ErrorEquals", "Next", "Output"] },
  choiceRuleFields: { JSONPath: ["Variable", "StringEquals", "Next"], JSONata: ["Condition", "Next"] },
  docs: {
    Next: { summary: "The state after this one.", url: "https://docs.aws.amazon.com/step-functions/latest/dg/x.html" },
    Retry: { summary: "Retriers.", url: "https://docs.aws.amazon.com/step-functions/latest/dg/y.html" },
  },
  errors: [{ name: "States.ALL", summary: "any" }, { name: "States.TaskFailed", summary: "task" }],
  intrinsics: [{ name: "States.Format", params: "(template, value…)", summary: "fmt", url: "u" }],
  jsonata: [{ name: "$uppercase", params: "(str)", summary: "up", url: "u" }],
};

const labels = (r) => (r ? r.options.map((o) => o.label) : []);
const at = (s) => {
  const pos = s.indexOf("|");
  return [s.slice(0, pos) + s.slice(pos + 1), pos];
};

test("a Task state is offered its fields, without those it has", () => {
  const [text, pos] = at('{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "x", "|"}}}');
  const r = completionsAt(model, text, "json", pos);
  assert.ok(labels(r).includes("Retry"));
  assert.ok(!labels(r).includes("Resource"));
  assert.ok(!labels(r).includes("Result"));
  const retry = r.options.find((o) => o.label === "Retry");
  const t = text.slice(0, retry.apply.from) + retry.apply.insert + text.slice(retry.apply.to);
  assert.match(t, /"Retry": \}/);
});

test("JSONata states are offered JSONata fields", () => {
  const [text, pos] = at('{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Task", "Ar|"}}}');
  assert.ok(labels(completionsAt(model, text, "json", pos)).includes("Arguments"));
  assert.ok(!labels(completionsAt(model, text, "json", pos)).includes("Parameters"));
});

test("Next, Default and StartAt offer the state names of the scope", () => {
  const [text, pos] = at('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "|"}, "B": {"Type": "Succeed"}}}');
  assert.deepEqual(labels(completionsAt(model, text, "json", pos)), ["B"]);
  const [t2, p2] = at('{"StartAt": |, "States": {"A": {"Type": "Pass", "End": true}, "B": {"Type": "Succeed"}}}');
  const r = completionsAt(model, t2, "json", p2);
  assert.deepEqual(labels(r), ["A", "B"]);
  assert.equal(r.options[0].apply.insert, '"A"');
});

test("YAML: keys without a colon, values and list items", () => {
  const yaml = "StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: x\n    Re|\n  B:\n    Type: Succeed\n";
  const [text, pos] = at(yaml);
  const r = completionsAt(model, text, "yaml", pos);
  assert.ok(labels(r).includes("Retry"));
  assert.equal(r.options.find((o) => o.label === "Retry").apply.insert, "Retry: ");
  const [t2, p2] = at("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: |\n  B:\n    Type: Succeed\n");
  assert.deepEqual(labels(completionsAt(model, t2, "yaml", p2)), ["B"]);
  const [t3, p3] = at("StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: x\n    Retry:\n      - ErrorEquals:\n          - |\n    End: true\n");
  assert.deepEqual(labels(completionsAt(model, t3, "yaml", p3)), ["States.ALL", "States.TaskFailed"]);
  const [t4, p4] = at("StartAt: A\nStates:\n  A:\n    Type: Pass\n    |\n");
  assert.ok(labels(completionsAt(model, t4, "yaml", p4)).includes("Next"));
});

test("ErrorEquals, Type, intrinsics, JSONata functions, Resource", () => {
  const [t1, p1] = at('{"StartAt": "A", "States": {"A": {"Type": "Task", "Catch": [{"ErrorEquals": ["|"]}]}}}');
  assert.deepEqual(labels(completionsAt(model, t1, "json", p1)), ["States.ALL", "States.TaskFailed"]);
  const [t2, p2] = at('{"StartAt": "A", "States": {"A": {"Type": "|"}}}');
  assert.ok(labels(completionsAt(model, t2, "json", p2)).includes("Choice"));
  const [t3, p3] = at('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.F|"}}}}');
  assert.deepEqual(labels(completionsAt(model, t3, "json", p3)), ["States.Format"]);
  const [t6, p6] = at('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Array(1, S|"}}}}');
  assert.deepEqual(labels(completionsAt(model, t6, "json", p6)), ["States.Format"]);
  const [t7, p7] = at('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "$.Su|"}}}}');
  assert.equal(completionsAt(model, t7, "json", p7), null);
  const [t4, p4] = at('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $up| %}"}}}');
  const r4 = completionsAt(model, t4, "json", p4);
  assert.deepEqual(labels(r4), ["$uppercase"]);
  assert.equal(r4.from, p4 - 3);
  const [t5, p5] = at('{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "|"}}}');
  const r5 = completionsAt(model, t5, "json", p5, { functions: [{ name: "F", arn: "arn:aws:lambda:us-east-1:1:function:F" }] });
  assert.deepEqual(labels(r5), ["arn:aws:lambda:us-east-1:1:function:F"]);
});

test("the context survives half-typed text", () => {
  const [text, pos] = at('{"StartAt": "A", "States": {"A": {"Type": "Task" "Resource": "x"\n "Ne|');
  const ctx = contextAt(text, "json", pos);
  assert.equal(ctx.role, "key");
  assert.equal(ctx.containerRole, "state");
  assert.equal(ctx.stateType, "Task");
  assert.equal(ctx.prefix, "Ne");
});

test("hover explains fields and functions", () => {
  const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "Parameters": {"x.$": "States.Format(\'{}\', $.a)"}}}}';
  const h = hoverAt(model, text, "json", text.indexOf("Next") + 1);
  assert.equal(h.title, "Next");
  assert.match(h.url, /^https:\/\/docs\.aws\.amazon\.com\/step-functions\//);
  const f = hoverAt(model, text, "json", text.indexOf("Format"));
  assert.equal(f.title, "States.Format(template, value…)");
  assert.equal(hoverAt(model, text, "json", text.indexOf('"x.$"') + 1), null);
  const retry = '{"StartAt": "A", "States": {"A": {"Type": "Task", "Retry": [{"ErrorEquals": ["States.ALL"]}]}}}';
  assert.equal(hoverAt(model, retry, "json", retry.indexOf("ALL")).summary, "any");
  const yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n";
  assert.equal(hoverAt(model, yaml, "yaml", yaml.indexOf("Next") + 2).title, "Next");
});

test("quick fixes: End, rename, create state, create function", () => {
  const text = '{\n  "StartAt": "A",\n  "States": {\n    "A": {\n      "Type": "Pass",\n      "Next": "Bee"\n    },\n    "Be": {\n      "Type": "Pass"\n    }\n  }\n}';
  const apply = (t, c) => t.slice(0, c.from) + c.insert + t.slice(c.to);
  const be = text.indexOf('"Be"');
  const end = fixesFor(text, "json", { code: "NO_TRANSITION", from: be, to: be + 4 });
  const fixedEnd = apply(text, end[0].changes);
  assert.doesNotThrow(() => JSON.parse(fixedEnd));
  assert.equal(JSON.parse(fixedEnd).States.Be.End, true);
  const bee = text.indexOf('"Bee"');
  const fixes = fixesFor(text, "json", { code: "MISSING_TRANSITION_TARGET", from: bee, to: bee + 5 });
  assert.deepEqual(fixes.map((f) => f.name), ["Rename to Be", "Create state Bee"]);
  assert.equal(JSON.parse(apply(text, fixes[0].changes)).States.A.Next, "Be");
  assert.deepEqual(JSON.parse(apply(text, fixes[1].changes)).States.Bee, { Type: "Pass", End: true });
  assert.deepEqual(fixesFor(text, "json", { code: "MISSING_FUNCTION", function: "F", from: 0, to: 1 })[0].command, { kind: "createFunction", name: "F" });
  assert.equal(closest("Hallo", ["World", "Hello"]), "Hello");
});

test("quick fixes in YAML", () => {
  const text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Bx\n  B:\n    Type: Pass\n";
  const apply = (t, c) => t.slice(0, c.from) + c.insert + t.slice(c.to);
  const b = text.indexOf("  B:") + 2;
  const end = fixesFor(text, "yaml", { code: "NO_TRANSITION", from: b, to: b + 1 });
  assert.equal(apply(text, end[0].changes), "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Bx\n  B:\n    Type: Pass\n    End: true\n");
  const bx = text.indexOf("Bx");
  const fixes = fixesFor(text, "yaml", { code: "MISSING_TRANSITION_TARGET", from: bx, to: bx + 2 });
  assert.match(apply(text, fixes[0].changes), /Next: B\n/);
  assert.match(apply(text, fixes[1].changes), /  Bx:\n    Type: Pass\n    End: true\n$/);
});

test("a Resource naming a missing function is marked", () => {
  const text = '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Hello:1", "End": true}}}';
  const marks = missingFunctionMarks(text, "json", ["Hello"]);
  assert.equal(marks.length, 1);
  assert.equal(text.slice(marks[0].from, marks[0].to), '"arn:aws:lambda:us-east-1:123456789012:function:Hello:1"');
});

test("YAML outline: nested sequences of mappings", () => {
  const root = outline("A:\n  - x: 1\n    y: [a, b]\n  - z\n", "yaml");
  const seq = root.entries[0].value;
  assert.equal(seq.type, "array");
  assert.deepEqual(seq.items[0].entries.map((e) => e.key), ["x", "y"]);
  assert.equal(seq.items[0].entries[1].value.items.length, 2);
  assert.equal(seq.items[1].text, "z");
});

test("an unknown field is renamed to the closest field its place allows", () => {
  const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxet": "B"}, "B": {"Type": "Succeed"}}}';
  const at = text.indexOf('"Nxet"');
  const fixes = fixesFor(text, "json", { code: "UNKNOWN_FIELD", from: at, to: at + 6 }, undefined, model);
  assert.deepEqual(fixes.map((f) => f.name), ["Rename to Next"]);
  const c = fixes[0].changes;
  assert.equal(JSON.parse(text.slice(0, c.from) + c.insert + text.slice(c.to)).States.A.Next, "B");
  const far = text.replace("Nxet", "Zzzzzz");
  const at2 = far.indexOf('"Zzzzzz"');
  assert.deepEqual(fixesFor(far, "json", { code: "UNKNOWN_FIELD", from: at2, to: at2 + 8 }, undefined, model), []);
  const yaml = "StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: x\n    Retyr: []\n    End: true\n";
  const y = yaml.indexOf("Retyr");
  const yf = fixesFor(yaml, "yaml", { code: "UNKNOWN_FIELD", from: y, to: y + 5 }, undefined, model);
  assert.equal(yf[0].name, "Rename to Retry");
});
