// Highlighting of JSONata inside ASL definitions: every `{% … %}` (the whole of a JSON or
// YAML string, as ASL writes JSONata) gets a tinted background, its delimiters are marked, and
// the expression's tokens are coloured: functions (`$name(`), variables (`$name`, `$`, `$$`),
// strings, numbers, keywords and operators. Within a JSON string a JSONata string literal is
// written with escaped quotes (`\"…\"`); those count as quotes.
//
// Only the visible lines are scanned, so long definitions cost nothing off screen.

import { Decoration, ViewPlugin } from "@codemirror/view";
import { RangeSetBuilder } from "@codemirror/state";

const mark = (cls) => Decoration.mark({ class: cls });
const marks = {
  region: mark("cm-jsonata"),
  delim: mark("cm-jsonata-delim"),
  fn: mark("cm-jsonata-fn"),
  variable: mark("cm-jsonata-var"),
  string: mark("cm-jsonata-string"),
  number: mark("cm-jsonata-number"),
  keyword: mark("cm-jsonata-keyword"),
  operator: mark("cm-jsonata-op"),
};

const KEYWORDS = new Set(["and", "or", "in", "true", "false", "null", "function"]);

/**
 * The tokens of one JSONata expression: [{from, to, kind}] with offsets relative to `text`.
 * Never throws; unknown characters are skipped.
 */
export function jsonataTokens(text) {
  const out = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    // A string: '…', "…", or \"…\" inside a JSON string.
    const escapedQuote = c === "\\" && text[i + 1] === '"';
    if (c === "'" || c === '"' || escapedQuote) {
      const start = i;
      const quote = escapedQuote ? '\\"' : c;
      i += quote.length;
      while (i < n && !text.startsWith(quote, i)) i += text[i] === "\\" && !escapedQuote ? 2 : 1;
      i = Math.min(n, i + quote.length);
      out.push({ from: start, to: i, kind: "string" });
      continue;
    }
    if (c === "$") {
      const start = i;
      i++;
      if (text[i] === "$") i++;
      while (i < n && /[\w]/.test(text[i])) i++;
      let j = i;
      while (j < n && text[j] === " ") j++;
      out.push({ from: start, to: i, kind: text[j] === "(" ? "fn" : "variable" });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i));
      out.push({ from: i, to: i + m[0].length, kind: "number" });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(text.slice(i));
      if (KEYWORDS.has(m[0])) out.push({ from: i, to: i + m[0].length, kind: "keyword" });
      i += m[0].length;
      continue;
    }
    const op = /^(:=|~>|!=|<=|>=|\?\?|\?:|\.\.|\*\*|[-+*/%&=<>?:^#@|!~])/.exec(text.slice(i));
    if (op) {
      out.push({ from: i, to: i + op[0].length, kind: "operator" });
      i += op[0].length;
      continue;
    }
    i++;
  }
  return out;
}

function decorate(view) {
  const builder = new RangeSetBuilder();
  const doc = view.state.doc;
  for (const { from, to } of view.visibleRanges) {
    const start = doc.lineAt(from).from;
    const end = doc.lineAt(to).to;
    const text = doc.sliceString(start, end);
    const re = /\{%([\s\S]*?)%\}/g;
    let m;
    while ((m = re.exec(text))) {
      const at = start + m.index;
      const inner = at + 2;
      const stop = at + m[0].length;
      builder.add(at, inner, marks.delim);
      // The region mark spans the inner text; token marks nest inside it.
      const tokens = jsonataTokens(m[1]);
      let last = inner;
      for (const t of tokens) {
        if (inner + t.from > last) builder.add(last, inner + t.from, marks.region);
        builder.add(inner + t.from, inner + t.to, marks[t.kind]);
        last = inner + t.to;
      }
      if (stop - 2 > last) builder.add(last, stop - 2, marks.region);
      builder.add(stop - 2, stop, marks.delim);
    }
  }
  return builder.finish();
}

/** The CodeMirror extension: JSONata highlighting inside `{% %}`. */
export const jsonataHighlight = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = decorate(view);
    }
    update(update) {
      if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view);
    }
  },
  { decorations: (v) => v.decorations },
);
