// What the definition editor knows about the place under the cursor, and what it offers
// there: completions and explanations (quick fixes are in asl-fixes.js). Pure functions over
// the text and the interpreter's model of the language (asl::language::editor_model, passed
// in once as JSON), so node tests run them without a browser.

import { outline, walk, stateNames, memberText } from "./asl-outline.js";

export { outline };

/** A character no definition contains, put at the cursor to find its place. */
const MARK = "\u0001";

/**
 * The place at offset `pos` of `text`: null, or
 * { role: "key" | "value" | "item", token: {from, to, text, quote, closed}, prefix,
 *   info (walk info of the container), container, key (the member, for a value),
 *   states (names of the states in scope), root }.
 */
export function contextAt(text, language, pos) {
  const marked = text.slice(0, pos) + MARK + text.slice(pos);
  const root = outline(marked, language);
  if (!root) return null;
  const fix = (o) => (o > pos ? o - 1 : o);
  let found = null;
  // the mark is at `pos` of the marked text: the token holding it spans that index
  const holds = (from, to) => from <= pos && pos < to;
  walk(
    root,
    (node, info) => {
      if (found) return;
      if (node.type === "object") {
        for (const e of node.entries) {
          if (holds(e.keyFrom, e.keyTo)) {
            found = { role: "key", container: node, info, entry: e, token: keyToken(e, marked) };
            return;
          }
          const v = e.value;
          if (v && v.type === "scalar" && holds(v.from, v.to)) {
            found = { role: "value", container: node, info, entry: e, key: e.key, token: v };
            return;
          }
        }
      } else if (node.type === "array") {
        for (const v of node.items) {
          if (v.type === "scalar" && holds(v.from, v.to)) {
            found = { role: "item", container: node, info, token: v };
            return;
          }
        }
      }
    },
    (node) => !found && node.from <= pos && pos <= node.to,
  );
  if (!found) return null;
  const t = found.token;
  const open = t.quote ? 1 : 0;
  const token = {
    from: fix(t.from),
    to: fix(t.to),
    text: t.text.replace(MARK, ""),
    quote: t.quote,
    closed: t.closed,
    contentFrom: fix(t.from) + open,
  };
  // the container's own role is in the walk info of its children: find it
  const role = roleOf(root, found.container);
  return {
    role: found.role,
    token,
    prefix: text.slice(token.contentFrom, pos),
    key: found.key,
    container: found.container,
    containerRole: role.role,
    ql: role.ql,
    stateType: role.role === "state" ? memberText(found.container, "Type")?.replace(MARK, "") : undefined,
    listKey: found.role === "item" ? role.key : undefined,
    states: stateNames(role.statesForNames).map((n) => n.replace(MARK, "")).filter((n) => n !== ""),
    root,
    pos,
  };
}

function keyToken(e, marked) {
  return {
    type: "scalar",
    from: e.keyFrom,
    to: e.keyTo,
    text: e.key,
    quote: e.keyQuoted ? marked[e.keyFrom] : "",
    closed: !e.keyQuoted || (e.keyTo - e.keyFrom >= 2 && marked[e.keyTo - 1] === marked[e.keyFrom]),
  };
}

/** The walk info of `target` (role, query language, …) and the States its names come from. */
function roleOf(root, target) {
  let out = { role: "other", ql: "JSONPath" };
  walk(root, (node, info) => {
    if (node !== target) return;
    let ql = info.ql;
    if (info.role.startsWith("machine") || info.role === "state") {
      const q = memberText(node, "QueryLanguage");
      if (q === "JSONata" || q === "JSONPath") ql = q;
    }
    let statesForNames = info.states;
    if (info.role.startsWith("machine")) {
      const s = node.entries.find((e) => e.key === "States");
      statesForNames = s ? s.value : undefined;
    }
    out = { role: info.role, ql, key: info.key, statesForNames };
  }, (node) => node.from <= target.from && target.to <= node.to);
  return out;
}

/** The fields the model allows in a container of this role. */
export function fieldsFor(model, ctx) {
  const ql = ctx.ql === "JSONata" ? "JSONata" : "JSONPath";
  switch (ctx.containerRole) {
    case "machine-top":
      return model.machineFields.top;
    case "machine-branch":
      return model.machineFields.branch;
    case "machine-processor":
      return model.machineFields.processor;
    case "state": {
      const byType = model.stateFields[ctx.stateType];
      if (byType) return byType[ql];
      return ["Type"];
    }
    case "retrier":
      return model.retrierFields;
    case "catcher":
      return model.catcherFields[ql];
    case "rule":
      return model.choiceRuleFields[ql];
    case "rule-nested":
      return model.choiceRuleFields[ql].filter((f) => f !== "Next" && f !== "Assign");
    default:
      return [];
  }
}

/** How a value is written in this language: JSON always quotes, YAML only when it must. */
export function literal(value, language) {
  if (language === "yaml" && /^[A-Za-z_$][\w.$:\-/ ]*$/.test(value) && !/: |:$| $/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

/** The text a completion inserts to replace `token`: the new text, quoted as it needs. */
function replacement(value, token, language, { isKey = false, hasColon = false, raw = false } = {}) {
  const suffix = isKey && !hasColon ? ": " : "";
  if (token.quote) {
    return { from: token.contentFrom, to: token.to, insert: value + token.quote + suffix };
  }
  return { from: token.from, to: token.to, insert: (raw ? value : literal(value, language)) + suffix };
}

/**
 * What to offer at the cursor: null, or { from, options: [{ label, detail, info, type,
 * apply: {from, to, insert} }] }. `extras` = { functions: [{ name, arn }] } from the app.
 */
export function completionsAt(model, text, language, pos, extras = {}) {
  const ctx = contextAt(text, language, pos);
  if (!ctx) return null;
  const { token } = ctx;
  const docs = model.docs || {};
  const options = [];
  const add = (label, o) => options.push({ label, ...o });

  // inside a string value: intrinsics and JSONata functions
  if (ctx.role === "value" || ctx.role === "item") {
    const jsonataOpen = ctx.prefix.lastIndexOf("{%") > ctx.prefix.lastIndexOf("%}");
    if (jsonataOpen) {
      const m = /\$[A-Za-z0-9_]*$/.exec(ctx.prefix);
      if (!m) return null;
      const from = pos - m[0].length;
      for (const f of model.jsonata) {
        add(f.name, { type: "function", detail: f.params, info: f.summary, apply: { from, to: pos, insert: f.name + "(" } });
      }
      return { from, options };
    }
    const intrinsicPlace = ctx.role === "value" && typeof ctx.key === "string" && ctx.key.endsWith(".$");
    // a call starts the value or is an argument of another call
    const m = /(?:^|[(,\s])(States\.?[A-Za-z0-9]*|S[a-z]*)$/.exec(ctx.prefix);
    if (intrinsicPlace && m && ctx.ql !== "JSONata") {
      const from = pos - m[1].length;
      for (const f of model.intrinsics) {
        add(f.name, { type: "function", detail: f.params, info: f.summary, apply: { from, to: pos, insert: f.name + "(" } });
      }
      return { from, options };
    }
  }

  if (ctx.role === "key") {
    const present = new Set(ctx.container.entries.map((e) => e.key));
    const hasColon = ctx.container.entries.some((e) => e.keyFrom === ctx.token.from && e.colon >= 0);
    for (const f of fieldsFor(model, ctx)) {
      if (present.has(f) && f !== ctx.token.text) continue;
      add(f, {
        type: "property",
        detail: ctx.containerRole === "state" ? `${ctx.stateType ?? "state"} field` : "field",
        info: docs[f]?.summary,
        apply: replacement(f, token, language, { isKey: true, hasColon }),
      });
    }
  } else if (ctx.role === "value") {
    const k = ctx.key;
    const inState = ctx.containerRole === "state";
    const transition =
      ((k === "Next") && ["state", "catcher", "rule"].includes(ctx.containerRole)) ||
      (k === "Default" && inState) ||
      (k === "StartAt" && ctx.containerRole.startsWith("machine"));
    if (transition) {
      const own = inState ? stateNameOf(ctx) : undefined;
      for (const name of ctx.states) {
        if (name === own) continue;
        add(name, { type: "variable", detail: "state", apply: replacement(name, token, language) });
      }
    } else if (k === "Type" && inState) {
      for (const t of model.stateTypes) add(t, { type: "class", detail: "state type", info: docs[t]?.summary, apply: replacement(t, token, language) });
    } else if (k === "QueryLanguage") {
      for (const q of model.queryLanguages) add(q, { type: "constant", apply: replacement(q, token, language) });
    } else if (k === "End" && inState) {
      add("true", { type: "constant", apply: replacement("true", token, language, { raw: true }) });
    } else if (k === "Resource" && inState) {
      for (const f of extras.functions || []) {
        add(f.arn, { type: "function", detail: f.name, info: "A function of the workspace", apply: replacement(f.arn, token, language) });
      }
    } else if (k === "JitterStrategy" && ctx.containerRole === "retrier") {
      for (const j of model.jitterStrategies || []) add(j, { type: "constant", apply: replacement(j, token, language) });
    }
  } else if (ctx.role === "item" && ctx.listKey === "ErrorEquals") {
    for (const e of model.errors) add(e.name, { type: "constant", detail: "error", info: e.summary, apply: replacement(e.name, token, language) });
  }
  if (options.length === 0) return null;
  return { from: token.quote ? token.contentFrom : token.from, options };
}

/** The name of the state whose object `ctx.container` is. */
function stateNameOf(ctx) {
  let name;
  const target = ctx.container;
  walk(
    ctx.root,
    (node, info) => {
      if (node === target && info.role === "state") name = info.name;
    },
    (node) => node.from <= target.from && target.to <= node.to,
  );
  return name?.replace(MARK, "");
}

/** The function name under `pos` in `s` (offset `base`), matching `re` (global). */
function wordAt(s, base, pos, re) {
  for (const m of s.matchAll(re)) {
    const from = base + m.index;
    if (from <= pos && pos <= from + m[0].length) return { from, to: from + m[0].length, word: m[0] };
  }
  return null;
}

/**
 * The explanation under `pos`: null, or { from, to, title, summary, url }. Fields (by their
 * key), state types, functions (inside string values) and error names in `ErrorEquals` are
 * explained.
 */
export function hoverAt(model, text, language, pos) {
  const root = outline(text, language);
  if (!root) return null;
  let out = null;
  walk(root, (node, info) => {
    if (out) return;
    if (node.type === "array" && info.key === "ErrorEquals") {
      for (const v of node.items) {
        const e = v.type === "scalar" && v.from <= pos && pos <= v.to && (model.errors || []).find((x) => x.name === v.text);
        if (e) out = { from: v.from, to: v.to, title: e.name, summary: e.summary, url: model.docs.ErrorEquals?.url };
      }
      return;
    }
    if (node.type !== "object") return;
    let ql = info.ql;
    if (info.role.startsWith("machine") || info.role === "state") {
      const q = memberText(node, "QueryLanguage");
      if (q === "JSONata" || q === "JSONPath") ql = q;
    }
    for (const e of node.entries) {
      if (e.keyFrom <= pos && pos <= e.keyTo) {
        const ctx = { containerRole: info.role, ql, stateType: info.role === "state" ? memberText(node, "Type") : undefined };
        const allowed = fieldsFor(model, ctx);
        const doc = model.docs[e.key];
        if (doc && allowed.includes(e.key)) {
          out = { from: e.keyFrom, to: e.keyTo, title: e.key, summary: doc.summary, url: doc.url };
        }
        return;
      }
      const v = e.value;
      if (v && v.type === "scalar" && v.quote && v.from < pos && pos < v.to) {
        const s = text.slice(v.from, v.to);
        const fn = wordAt(s, v.from, pos, /States\.[A-Za-z0-9]+|\$[A-Za-z0-9_]+/g);
        if (fn) {
          const list = fn.word.startsWith("$") ? model.jsonata : model.intrinsics;
          const f = list.find((x) => x.name === fn.word);
          if (f) out = { from: fn.from, to: fn.to, title: f.name + f.params, summary: f.summary, url: f.url };
        } else if (e.key === "Type" && info.role === "state" && model.docs[v.text]) {
          out = { from: v.from, to: v.to, title: `${v.text} state`, summary: model.docs[v.text].summary, url: model.docs[v.text].url };
        }
        return;
      }
      if (v && v.type === "scalar" && !v.quote && e.key === "Type" && info.role === "state" && v.from <= pos && pos <= v.to && model.docs[v.text]) {
        out = { from: v.from, to: v.to, title: `${v.text} state`, summary: model.docs[v.text].summary, url: model.docs[v.text].url };
        return;
      }
    }
  });
  return out;
}
