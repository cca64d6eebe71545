// The page's code editor: CodeMirror 6 behind a small class, bundled by esbuild into
// web/dist/editor.js (an IIFE that sets `globalThis.AslEditor = { Editor }`). The Rust side
// binds it with `#[wasm_bindgen(js_namespace = AslEditor)]` (src/bindings/editor.rs).
//
// Positions are UTF-16 offsets (CodeMirror's); the Rust side converts its byte spans.

import { EditorView, basicSetup } from "codemirror";
import { Annotation, Compartment, EditorState, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { json } from "@codemirror/lang-json";
import { javascript } from "@codemirror/lang-javascript";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { jsonataHighlight } from "./jsonata-highlight.js";

/** Marks transactions made by `setDoc`, so they do not call `onChange` back. */
const programmatic = Annotation.define();

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13px", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": {
    fontFamily:
      'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
    lineHeight: "1.5",
  },
  ".cm-gutters": { backgroundColor: "#f7f8fa", borderRight: "1px solid #e4e7ec", color: "#8a94a6" },
  ".cm-activeLineGutter": { backgroundColor: "#eef1f5" },
  ".cm-activeLine": { backgroundColor: "#f5f8ff" },
  // JSONata inside {% %} (jsonata-highlight.js; its marks have the highest precedence, so they
  // sit inside the JSON/YAML string's own span and their colours win)
  ".cm-jsonata, .cm-jsonata-fn, .cm-jsonata-var, .cm-jsonata-string, .cm-jsonata-number, .cm-jsonata-keyword, .cm-jsonata-op":
    { backgroundColor: "#f3f0ff" },
  ".cm-jsonata-delim": { color: "#7c3aed", fontWeight: "600", backgroundColor: "#ede9fe" },
  ".cm-jsonata-fn": { color: "#1d4ed8" },
  ".cm-jsonata-var": { color: "#b45309" },
  ".cm-jsonata-string": { color: "#047857" },
  ".cm-jsonata-number": { color: "#be123c" },
  ".cm-jsonata-keyword": { color: "#7c3aed" },
  ".cm-jsonata-op": { color: "#475569" },
});

function languageExtension(language) {
  switch (language) {
    case "javascript":
      return javascript();
    case "yaml":
      return [yaml(), Prec.highest(jsonataHighlight)];
    case "json":
      return [json(), Prec.highest(jsonataHighlight)];
    default:
      return [];
  }
}

function severityOf(s) {
  return s === "warning" || s === "info" || s === "hint" ? s : "error";
}

/** A CodeMirror 6 view with line numbers, undo history, bracket matching and a lint gutter. */
export class Editor {
  /**
   * @param {HTMLElement} parent element to mount into
   * @param {string} doc initial text
   * @param {string} language "json" | "javascript" | "yaml"
   * @param {(text: string) => void} onChange called with the whole text after each user edit
   */
  constructor(parent, doc, language, onChange) {
    this.onChange = typeof onChange === "function" ? onChange : () => {};
    this.language = new Compartment();
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: String(doc ?? ""),
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          indentUnit.of("  "),
          EditorState.tabSize.of(2),
          this.language.of(languageExtension(language)),
          language === "javascript" ? EditorView.lineWrapping : [],
          lintGutter(),
          theme,
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            if (update.transactions.some((tr) => tr.annotation(programmatic))) return;
            this.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
  }

  /** Replaces the whole text (does not call onChange). */
  setDoc(doc) {
    const text = String(doc ?? "");
    if (text === this.view.state.doc.toString()) return;
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      annotations: programmatic.of(true),
    });
  }

  /** The whole text. */
  getDoc() {
    return this.view.state.doc.toString();
  }

  /** Switches the language ("json" | "javascript" | "yaml"). */
  setLanguage(language) {
    this.view.dispatch({ effects: this.language.reconfigure(languageExtension(language)) });
  }

  /**
   * Shows lint markers. `diagnostics` is an array of {from, to, severity, message} with UTF-16
   * offsets; out-of-range offsets are clamped.
   */
  setDiagnostics(diagnostics) {
    const len = this.view.state.doc.length;
    const list = Array.isArray(diagnostics) ? diagnostics : [];
    const clean = list.map((d) => {
      const from = Math.max(0, Math.min(len, Number(d.from) || 0));
      const to = Math.max(from, Math.min(len, Number(d.to) || from));
      return { from, to, severity: severityOf(d.severity), message: String(d.message ?? "") };
    });
    this.view.dispatch(setDiagnostics(this.view.state, clean));
  }

  /** Selects the UTF-16 range [from, to], scrolls it into view and focuses the editor. */
  reveal(from, to) {
    const len = this.view.state.doc.length;
    const a = Math.max(0, Math.min(len, Number(from) || 0));
    const b = Math.max(a, Math.min(len, Number(to) || a));
    this.view.dispatch({
      selection: { anchor: a, head: b },
      effects: EditorView.scrollIntoView(a, { y: "center" }),
    });
    this.view.focus();
  }

  /** Gives the editor keyboard focus. */
  focus() {
    this.view.focus();
  }

  /** Removes the view from the page. */
  destroy() {
    this.view.destroy();
  }
}

globalThis.AslEditor = { Editor };
