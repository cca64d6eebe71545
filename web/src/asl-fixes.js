// The definition editor's quick fixes: what repairs a diagnostic (add `End: true`, rename to
// the closest state or field, create the missing state or function), worked out on the text's
// tolerant outline. Pure functions, tested by node (asl-assist.test.mjs).

import { outline, walk, stateNames, memberText } from "./asl-outline.js";
import { fieldsFor, literal } from "./asl-assist.js";

/** Levenshtein distance (for "did you mean"). */
export function distance(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest name to `name` among `names` (ties: the first), or undefined. */
export function closest(name, names) {
  let best;
  let bestD = Infinity;
  for (const n of names) {
    const d = distance(name.toLowerCase(), n.toLowerCase());
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return best;
}

/** The indentation (spaces) of the line holding offset `at`. */
function indentAt(text, at) {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))[0];
}

/** Inserts members after the last entry of an object: JSON or YAML, indented like it. */
function appendMembers(text, language, object, members) {
  const last = object.entries[object.entries.length - 1];
  if (!last) return null;
  const indent = indentAt(text, last.keyFrom);
  const end = last.value ? last.value.to : last.keyTo;
  const body = members(indent, "  ");
  if (language === "yaml") return { from: end, to: end, insert: "\n" + body.yaml };
  return { from: end, to: end, insert: ",\n" + body.json };
}

/** The state (its object, name and the States it is in) whose key or value holds `pos`. */
export function stateAt(root, pos) {
  let best = null;
  walk(root, (node, info) => {
    if (info.role !== "state" || !info.entry) return;
    const e = info.entry;
    const inside = (e.keyFrom <= pos && pos <= e.keyTo) || (node.from <= pos && pos <= node.to);
    if (inside) best = { node, name: info.name, states: info.states, parent: info.parent };
  });
  return best;
}

/** The query language of an object the walk reached with `info`. */
function qlOf(node, info) {
  if (info.role.startsWith("machine") || info.role === "state") {
    const q = memberText(node, "QueryLanguage");
    if (q === "JSONata" || q === "JSONPath") return q;
  }
  return info.ql;
}

/** The member whose key holds `pos`: { entry, node (its object), info (the object's walk info) }. */
function keyAt(root, pos) {
  let best = null;
  walk(
    root,
    (node, info) => {
      if (node.type !== "object") return;
      const entry = node.entries.find((e) => e.keyFrom <= pos && pos <= e.keyTo);
      if (entry) best = { entry, node, info };
    },
    (node) => node.from <= pos && pos <= node.to,
  );
  return best;
}

/** The scalar whose span holds `pos`, with the walk info of its member. */
function scalarAt(root, pos) {
  let best = null;
  walk(root, (node, info) => {
    if (node.type === "scalar" && node.from <= pos && pos <= node.to) best = { node, info };
  });
  return best;
}

/**
 * The quick fixes for a diagnostic: [{ name, changes } | { name, command }], where changes is
 * a {from, to, insert} and command asks the app to act ({ kind: "createFunction", name }).
 * `d` = { code, from, to, message }; `root` is the text's outline, when already made;
 * `model` (the language model) lets an unknown field be renamed to the closest allowed one.
 */
export function fixesFor(text, language, d, root = outline(text, language), model = undefined) {
  if (!root) return [];
  if (d.code === "NO_TRANSITION") {
    const state = stateAt(root, d.from);
    if (!state || state.node.type !== "object") return [];
    const change = appendMembers(text, language, state.node, (indent) => ({
      json: `${indent}"End": true`,
      yaml: `${indent}End: true`,
    }));
    return change ? [{ name: "Add End: true", changes: change }] : [];
  }
  if (d.code === "MISSING_TRANSITION_TARGET") {
    const hit = scalarAt(root, d.from + 1) || scalarAt(root, d.from);
    if (!hit) return [];
    const target = hit.node.text;
    // the States the name must be in: the machine's (StartAt) or the state's siblings
    let states = hit.info.states;
    if (hit.info.key === "StartAt") {
      const m = hit.info.parent;
      states = m?.entries.find((e) => e.key === "States")?.value;
    }
    const names = stateNames(states);
    const fixes = [];
    const near = closest(target, names);
    if (near !== undefined && near !== target) {
      const tok = hit.node;
      const change = tok.quote
        ? { from: tok.from + 1, to: tok.closed ? tok.to - 1 : tok.to, insert: near }
        : { from: tok.from, to: tok.to, insert: literal(near, language) };
      fixes.push({ name: `Rename to ${near}`, changes: change });
    }
    if (states && states.type === "object" && states.entries.length > 0) {
      const change = appendMembers(text, language, states, (indent, step) => ({
        json: `${indent}${JSON.stringify(target)}: {\n${indent}${step}"Type": "Pass",\n${indent}${step}"End": true\n${indent}}`,
        yaml: `${indent}${literal(target, "yaml")}:\n${indent}${step}Type: Pass\n${indent}${step}End: true`,
      }));
      if (change) fixes.push({ name: `Create state ${target}`, changes: change });
    }
    return fixes;
  }
  if (d.code === "UNKNOWN_FIELD" && model) {
    const hit = keyAt(root, d.from);
    if (!hit) return [];
    const { entry, node, info } = hit;
    const ctx = {
      containerRole: info.role,
      ql: qlOf(node, info),
      stateType: info.role === "state" ? memberText(node, "Type") : undefined,
    };
    const present = new Set(node.entries.map((e) => e.key));
    const allowed = fieldsFor(model, ctx).filter((f) => !present.has(f));
    const near = closest(entry.key, allowed);
    if (near === undefined || distance(entry.key.toLowerCase(), near.toLowerCase()) > Math.max(2, entry.key.length / 3)) {
      return [];
    }
    const change = entry.keyQuoted
      ? { from: entry.keyFrom + 1, to: entry.keyTo - 1, insert: near }
      : { from: entry.keyFrom, to: entry.keyTo, insert: near };
    return [{ name: `Rename to ${near}`, changes: change }];
  }
  if (d.code === "MISSING_FUNCTION" && d.function) {
    return [{ name: `Create function ${d.function}`, command: { kind: "createFunction", name: d.function } }];
  }
  return [];
}

/**
 * Lint marks for Resource values naming a function the workspace lacks: [{ from, to,
 * function }] for each of `missing` (function names or mock resource ARNs). `root` is the
 * text's outline, when already made.
 */
export function missingFunctionMarks(text, language, missing, root) {
  if (!missing || missing.length === 0) return [];
  if (root === undefined) root = outline(text, language);
  const out = [];
  walk(root, (node, info) => {
    if (node.type !== "scalar" || !info.entry) return;
    if (info.key !== "Resource" && info.key !== "FunctionName") return;
    const value = node.text;
    for (const name of missing) {
      const m = /function:([^:]+)/.exec(value);
      const fn = m ? m[1] : value.split(":")[0];
      if (value === name || fn === name || value.startsWith(name + ".")) {
        out.push({ from: node.from, to: node.to, function: name });
        return;
      }
    }
  });
  return out;
}
