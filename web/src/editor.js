// The page's code editor: CodeMirror 6 behind a small class, bundled by esbuild into
// web/dist/editor.js (an IIFE that sets `globalThis.AslEditor = { Editor }`). The Rust side
// binds it with `#[wasm_bindgen(js_namespace = AslEditor)]` (src/bindings/editor.rs).
//
// Positions are UTF-16 offsets (CodeMirror's); the Rust side converts its byte spans.

import { EditorView, basicSetup } from "codemirror";
import { Annotation, Compartment, EditorState, Prec } from "@codemirror/state";
import { hoverTooltip, keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { json } from "@codemirror/lang-json";
import { javascript } from "@codemirror/lang-javascript";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { jsonataHighlight } from "./jsonata-highlight.js";
import { completionsAt, hoverAt, outline } from "./asl-assist.js";
import { fixesFor, missingFunctionMarks } from "./asl-fixes.js";

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
  // the definition editor's explanations (asl-assist.js)
  ".cm-asl-hover": { maxWidth: "26rem", padding: "6px 8px", fontSize: "12px", lineHeight: "1.45" },
  ".cm-asl-hover-title": { fontFamily: "ui-monospace, monospace", fontWeight: "600", marginBottom: "2px" },
  ".cm-asl-hover a": { color: "#1d4ed8" },
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

/** The diagnostic codes that have quick fixes (asl-fixes.js `fixesFor`). */
const FIXABLE = new Set(["NO_TRANSITION", "MISSING_TRANSITION_TARGET", "MISSING_FUNCTION", "UNKNOWN_FIELD"]);

/**
 * A definition's syntax as the app decides it (src/state/workspace.rs `is_json`): JSON when
 * it starts with `{` or `[`, else YAML. Read from the text itself, so the assistance is right
 * even before the app has switched the editor's highlighting.
 */
function syntaxOf(text) {
  return /^\s*([{[]|$)/.test(text) ? "json" : "yaml";
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
    this.onAction = () => {};
    // the definition editor's assistance: off until setAssist gives it the language model
    this.model = null;
    this.extras = { functions: [], missing: [] };
    this.diagnostics = [];
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
          this.assistExtension(),
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

  /** Completion and hover, active once `setAssist` gave a model. */
  assistExtension() {
    const text = (state) => state.doc.toString();
    const lang = (state) => syntaxOf(text(state));
    const source = (cx) => {
      if (!this.model) return null;
      const r = completionsAt(this.model, text(cx.state), lang(cx.state), cx.pos, this.extras);
      if (!r) return null;
      return {
        from: r.from,
        options: r.options.map((o) => ({
          label: o.label,
          detail: o.detail,
          info: o.info,
          type: o.type,
          apply: (view) =>
            view.dispatch({
              changes: o.apply,
              selection: { anchor: o.apply.from + o.apply.insert.length },
              userEvent: "input.complete",
            }),
        })),
      };
    };
    const hover = hoverTooltip((view, pos) => {
      if (!this.model) return null;
      const h = hoverAt(this.model, text(view.state), lang(view.state), pos);
      if (!h) return null;
      return {
        pos: h.from,
        end: h.to,
        above: true,
        create() {
          const dom = document.createElement("div");
          dom.className = "cm-asl-hover";
          dom.setAttribute("data-testid", "definition-hover");
          const title = dom.appendChild(document.createElement("div"));
          title.className = "cm-asl-hover-title";
          title.textContent = h.title;
          dom.appendChild(document.createElement("div")).textContent = h.summary;
          if (h.url) {
            const a = dom.appendChild(document.createElement("a"));
            a.href = h.url;
            a.target = "_blank";
            a.rel = "noopener noreferrer";
            a.textContent = "AWS Step Functions Developer Guide";
          }
          return { dom };
        },
      };
    });
    return [EditorState.languageData.of(() => [{ autocomplete: source }]), hover];
  }

  /**
   * Turns on completion, hover explanations and quick fixes for a state machine definition.
   * `model` is asl::language::editor_model() (an object or its JSON text); `onAction` is
   * called with {kind, name} when a quick fix needs the app (kind "createFunction").
   */
  setAssist(model, onAction) {
    this.model = typeof model === "string" ? JSON.parse(model) : model;
    if (typeof onAction === "function") this.onAction = onAction;
  }

  /**
   * What the definition's assistance needs from the app, given again after each change:
   * `{functions: [{name, arn}], missing: [name]}` (the workspace's functions, and the
   * functions the definition calls that the workspace lacks).
   */
  setContext(context) {
    const c = context || {};
    this.extras = {
      functions: Array.isArray(c.functions) ? c.functions : [],
      missing: Array.isArray(c.missing) ? c.missing : [],
    };
    if (this.model) this.setDiagnostics(this.diagnostics);
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
    this.diagnostics = list;
    const text = this.view.state.doc.toString();
    const lang = syntaxOf(text);
    // one outline of the text serves every diagnostic's quick fixes
    const root = this.model ? outline(text, lang) : null;
    const marks = this.model
      ? missingFunctionMarks(text, lang, this.extras.missing, root).map((m) => ({
          ...m,
          code: "MISSING_FUNCTION",
          severity: "info",
          message: `The workspace has no function ${m.function}`,
        }))
      : [];
    const clean = list.concat(marks).map((d) => {
      const from = Math.max(0, Math.min(len, Number(d.from) || 0));
      const to = Math.max(from, Math.min(len, Number(d.to) || from));
      const out = { from, to, severity: severityOf(d.severity), message: String(d.message ?? "") };
      if (this.model && d.code && FIXABLE.has(d.code)) {
        const fixes = fixesFor(text, lang, { code: d.code, from, to, function: d.function }, root, this.model);
        if (fixes.length > 0) out.actions = fixes.map((f) => this.action(d, f));
      }
      return out;
    });
    this.view.dispatch(setDiagnostics(this.view.state, clean));
  }

  /**
   * A lint action applying a quick fix; the fix is worked out again on the text as it is
   * when applied, at the diagnostic's range as edits since have moved it.
   */
  action(d, fix) {
    return {
      name: fix.name,
      apply: (view, from, to) => {
        if (fix.command) {
          this.onAction(fix.command);
          return;
        }
        const text = view.state.doc.toString();
        const now = fixesFor(text, syntaxOf(text), { code: d.code, from, to, function: d.function }, undefined, this.model);
        const same = now.find((f) => f.name === fix.name && f.changes);
        if (same) view.dispatch({ changes: same.changes, userEvent: "input.fix" });
      },
    };
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
