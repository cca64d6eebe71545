// A tolerant outline of a definition's text, JSON or YAML: the objects, arrays and scalars
// with their offsets, built even while the text is half typed (missing commas, an unclosed
// string, a key without its colon). The editor's completion, hover and quick fixes read it.
//
// Nodes:
//   { type: "object", from, to, entries: [{ key, keyFrom, keyTo, keyQuoted, colon, value }] }
//   { type: "array", from, to, items: [node] }
//   { type: "scalar", from, to, text, quote, closed }  (quote: '"', "'" or "")
// Offsets are string indices (UTF-16, as CodeMirror counts).

const MAX_DEPTH = 200;
/** Characters that end a bare word in JSON (besides whitespace). */
const STOP = new Set([",", ":", "[", "]", "{", "}", '"']);

/** Parses JSON text (or a YAML flow collection) tolerantly, starting at `start`. */
export function parseJson(text, start = 0) {
  let i = start;
  const len = text.length;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (i < len && c > 127 && /\s/.test(text[i])) i++;
      else return;
    }
  };
  const string = () => {
    const from = i;
    const quote = text[i];
    i++;
    let out = "";
    let closed = false;
    // the common case, no escapes: one slice
    let j = i;
    for (;;) {
      const c = text.charCodeAt(j);
      if (j >= len || c === 10 || c === 92 || text[j] === quote) break;
      j++;
    }
    if (j >= len || text[j] !== "\\") {
      out = text.slice(i, j);
      i = j;
      if (i < len && text[i] === quote) {
        closed = true;
        i++;
      }
      return { type: "scalar", from, to: i, text: out, quote, closed };
    }
    while (i < len) {
      const c = text[i];
      if (c === "\\" && quote === '"' && i + 1 < len) {
        const n = text[i + 1];
        const simple = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" }[n];
        if (n === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          out += simple ?? n;
          i += 2;
        }
        continue;
      }
      if (c === quote) {
        closed = true;
        i++;
        break;
      }
      if (c === "\n") break;
      out += c;
      i++;
    }
    return { type: "scalar", from, to: i, text: out, quote, closed };
  };
  const word = () => {
    const from = i;
    while (i < len && !STOP.has(text[i]) && !/\s/.test(text[i])) i++;
    return { type: "scalar", from, to: i, text: text.slice(from, i), quote: "", closed: true };
  };
  const value = (depth) => {
    ws();
    if (i >= len) return null;
    const c = text[i];
    if (depth > MAX_DEPTH) return null;
    if (c === "{") return object(depth);
    if (c === "[") return array(depth);
    if (c === '"' || c === "'") return string();
    if (/[,:\]}]/.test(c)) return null;
    return word();
  };
  const object = (depth) => {
    const node = { type: "object", from: i, to: len, entries: [] };
    i++;
    for (;;) {
      ws();
      if (i >= len) break;
      const c = text[i];
      if (c === "}") {
        i++;
        node.to = i;
        break;
      }
      if (c === "]") break;
      if (c === ",") {
        i++;
        continue;
      }
      let key;
      if (c === '"' || c === "'") key = string();
      else if (c === ":" || c === "{" || c === "[") key = { from: i, to: i, text: "", quote: "" };
      else key = word();
      const entry = {
        key: key.text,
        keyFrom: key.from,
        keyTo: key.to,
        keyQuoted: Boolean(key.quote),
        colon: -1,
        value: null,
      };
      node.entries.push(entry);
      ws();
      if (text[i] === ":") {
        entry.colon = i;
        i++;
        const save = i;
        ws();
        // a value on a later line after a bare colon is taken only if it is not a key
        entry.value = value(depth + 1);
        if (entry.value === null) i = Math.max(i, save);
      } else if (key.to === key.from) {
        i++;
      }
    }
    return node;
  };
  const array = (depth) => {
    const node = { type: "array", from: i, to: len, items: [] };
    i++;
    for (;;) {
      ws();
      if (i >= len) break;
      const c = text[i];
      if (c === "]") {
        i++;
        node.to = i;
        break;
      }
      if (c === "}") break;
      if (c === "," || c === ":") {
        i++;
        continue;
      }
      const v = value(depth + 1);
      if (v) node.items.push(v);
      else i++;
    }
    return node;
  };
  const root = value(0);
  return { root, end: i };
}

/** The lines of a text: start offset, indentation and content (comments dropped). */
function lines(text) {
  const out = [];
  let start = 0;
  for (const raw of text.split("\n")) {
    const indent = raw.length - raw.trimStart().length;
    out.push({ start, raw, indent });
    start += raw.length + 1;
  }
  return out;
}

/** Where a YAML comment starts in `s` (after position `from`), or s.length. */
function commentAt(s, from) {
  let quote = "";
  for (let k = from; k < s.length; k++) {
    const c = s[k];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (k === 0 || /\s/.test(s[k - 1]))) return k;
  }
  return s.length;
}

/** Parses YAML block text tolerantly (mappings, sequences, scalars, flow collections). */
export function parseYaml(text) {
  const ls = lines(text);
  // `col[k]`: where line k's content starts when a "- " item moved it right
  const col = new Map();
  let k = 0;
  const startOf = (n) => (col.has(n) ? col.get(n) : ls[n].indent);
  const blank = (n) => {
    const s = ls[n].raw.slice(startOf(n));
    return s.trim() === "" || s.trimStart().startsWith("#") || /^(---|\.\.\.)\s*$/.test(s);
  };
  const skipBlank = () => {
    while (k < ls.length && blank(k)) k++;
  };
  const isItem = (n) => /^-(\s|$)/.test(ls[n].raw.slice(startOf(n)));
  const lineEnd = (n) => ls[n].start + ls[n].raw.length;

  const scalarAt = (n, from) => {
    const raw = ls[n].raw;
    const end = commentAt(raw, from);
    const s = raw.slice(from, end).trimEnd();
    const abs = ls[n].start + from;
    if (s.startsWith("[") || s.startsWith("{")) {
      const { root, end: stop } = parseJson(text, abs);
      // a flow collection may span lines: skip the lines it covered
      while (k + 1 < ls.length && ls[k + 1].start < stop) k++;
      return root;
    }
    if (s.startsWith('"') || s.startsWith("'")) {
      const { root } = parseJson(text.slice(0, lineEnd(n)), abs);
      return root;
    }
    if (s.startsWith("|") || s.startsWith(">")) {
      const base = ls[n].indent;
      let last = n;
      while (last + 1 < ls.length && (ls[last + 1].raw.trim() === "" || ls[last + 1].indent > base)) last++;
      k = last;
      const body = text.slice(lineEnd(n) + 1, lineEnd(last));
      return { type: "scalar", from: abs, to: lineEnd(last), text: body, quote: "", closed: true };
    }
    return { type: "scalar", from: abs, to: abs + s.length, text: s, quote: "", closed: true };
  };

  const block = (minIndent) => {
    skipBlank();
    if (k >= ls.length || startOf(k) < minIndent) return null;
    return isItem(k) ? sequence(startOf(k)) : mapping(startOf(k));
  };

  const sequence = (indent) => {
    const node = { type: "array", from: ls[k].start + indent, to: ls[k].start + indent, items: [] };
    while (k < ls.length) {
      skipBlank();
      if (k >= ls.length || startOf(k) !== indent || !isItem(k)) break;
      const raw = ls[k].raw;
      let c = indent + 1;
      while (c < raw.length && raw[c] === " ") c++;
      let item;
      if (c >= commentAt(raw, c)) {
        k++;
        item = block(indent + 1);
      } else if (isKeyLine(raw, c)) {
        col.set(k, c);
        item = mapping(c);
      } else {
        item = scalarAt(k, c);
        k++;
      }
      if (item) {
        node.items.push(item);
        node.to = item.to;
      } else {
        node.to = lineEnd(k - 1);
      }
    }
    return node;
  };

  const mapping = (indent) => {
    const node = { type: "object", from: ls[k].start + indent, to: ls[k].start + indent, entries: [] };
    while (k < ls.length) {
      skipBlank();
      if (k >= ls.length || startOf(k) !== indent || isItem(k)) break;
      const n = k;
      const raw = ls[n].raw;
      const key = keyAt(raw, indent);
      const entry = {
        key: key.text,
        keyFrom: ls[n].start + indent,
        keyTo: ls[n].start + key.end,
        keyQuoted: key.quoted,
        colon: key.colon < 0 ? -1 : ls[n].start + key.colon,
        value: null,
      };
      node.entries.push(entry);
      col.delete(n);
      if (key.colon < 0) {
        k++;
        node.to = entry.keyTo;
        continue;
      }
      let c = key.colon + 1;
      while (c < raw.length && raw[c] === " ") c++;
      if (c >= commentAt(raw, c)) {
        k++;
        skipBlank();
        // a sequence may sit at the key's own indentation
        if (k < ls.length && startOf(k) === indent && isItem(k)) entry.value = sequence(indent);
        else entry.value = block(indent + 1);
      } else {
        entry.value = scalarAt(n, c);
        k++;
      }
      node.to = entry.value ? entry.value.to : lineEnd(n);
    }
    return node;
  };

  const root = block(0);
  return { root, end: text.length };
}

/** Whether the YAML line `raw` holds `key:` at column `c`. */
function isKeyLine(raw, c) {
  return keyAt(raw, c).colon >= 0;
}

/** The key starting at column `c` of a YAML line: its text, end and colon column (-1: none). */
function keyAt(raw, c) {
  const q = raw[c];
  if (q === '"' || q === "'") {
    const { root } = parseJson(raw, c);
    const end = root ? root.to : raw.length;
    let d = end;
    while (d < raw.length && raw[d] === " ") d++;
    return { text: root ? root.text : "", end, quoted: true, colon: raw[d] === ":" ? d : -1 };
  }
  const stop = commentAt(raw, c);
  for (let d = c; d < stop; d++) {
    if (raw[d] === ":" && (d + 1 >= raw.length || /\s/.test(raw[d + 1]))) {
      return { text: raw.slice(c, d).trimEnd(), end: c + raw.slice(c, d).trimEnd().length, quoted: false, colon: d };
    }
  }
  const s = raw.slice(c, stop).trimEnd();
  return { text: s, end: c + s.length, quoted: false, colon: -1 };
}

/** The outline of a definition's text: `language` is "json" or "yaml". */
export function outline(text, language) {
  const trimmed = text.trimStart();
  const json = language === "json" || (language !== "yaml" && /^[{[]/.test(trimmed));
  return (json ? parseJson(text) : parseYaml(text)).root;
}

/** The member of an object named `key`, or undefined. */
export function member(node, key) {
  if (!node || node.type !== "object") return undefined;
  const e = node.entries.find((x) => x.key === key);
  return e ? e.value : undefined;
}

/** A scalar member's text, or undefined. */
export function memberText(node, key) {
  const v = member(node, key);
  return v && v.type === "scalar" ? v.text : undefined;
}

/**
 * Walks the outline and gives each container a role, from the definition's structure:
 * calls `visit(node, info)` for every node, where info = { role, ql, states (the States
 * object of the state's machine), state (the enclosing state object), key (the member name
 * it is the value of, or the array index), parent }. Roles: machine-top, machine-branch,
 * machine-processor, states, state, retrier, catcher, rule, rule-nested, other. `enter(node)`
 * false skips a container's children (to look only where an offset is).
 */
export function walk(root, visit, enter = () => true) {
  const go = (node, info) => {
    if (!node) return;
    visit(node, info);
    if (!enter(node)) return;
    if (node.type === "object") {
      let ql = info.ql;
      if (info.role.startsWith("machine") || info.role === "state") {
        const q = memberText(node, "QueryLanguage");
        if (q === "JSONata" || q === "JSONPath") ql = q;
      }
      for (const e of node.entries) {
        const child = { role: "other", ql, states: info.states, state: info.state, key: e.key, parent: node, entry: e };
        if (info.role.startsWith("machine") && e.key === "States") {
          child.role = "states";
          child.states = e.value;
        } else if (info.role === "states") {
          child.role = "state";
          child.state = e.value;
          child.name = e.key;
        } else if (info.role === "state") {
          if (e.key === "ItemProcessor" || e.key === "Iterator") child.role = "machine-processor";
          else if (e.key === "Not") child.role = "other";
        } else if (info.role === "rule" || info.role === "rule-nested") {
          if (e.key === "Not") child.role = "rule-nested";
        }
        if (child.role === "other" && info.role === "state") {
          if (["Branches", "Retry", "Catch", "Choices"].includes(e.key)) child.role = "list:" + e.key;
        }
        if (child.role === "other" && (info.role === "rule" || info.role === "rule-nested")) {
          if (e.key === "And" || e.key === "Or") child.role = "list:rules";
        }
        go(e.value, child);
      }
    } else if (node.type === "array") {
      const itemRole = {
        "list:Branches": "machine-branch",
        "list:Retry": "retrier",
        "list:Catch": "catcher",
        "list:Choices": "rule",
        "list:rules": "rule-nested",
      }[info.role];
      node.items.forEach((item, index) => {
        go(item, { role: itemRole ?? "other", ql: info.ql, states: info.states, state: info.state, key: index, parent: node });
      });
    }
  };
  go(root, { role: "machine-top", ql: "JSONPath", states: undefined, state: undefined, key: undefined, parent: undefined });
}

/** The names of the states in a States object. */
export function stateNames(states) {
  return states && states.type === "object" ? states.entries.map((e) => e.key).filter((k) => k !== "") : [];
}
