//! The diagram's own styles, inside the SVG itself, so an exported file looks the same on
//! its own.

/// The diagram's own styles (literal colours: they travel with an exported file).
pub const STYLE: &str = r#"
.g-root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.g-box { fill: #ffffff; stroke: #9aa5b4; stroke-width: 1.4; }
.g-head { fill: #f4f6f9; stroke: none; }
.g-name { font-size: 13px; font-weight: 600; fill: #16191f; }
.g-type { font-size: 9.5px; letter-spacing: 0.06em; fill: #6b7685; }
.g-term rect { fill: #1f2a37; }
.g-term text { font-size: 12px; font-weight: 600; fill: #ffffff; }
.g-branch rect { fill: #fbfcfd; stroke: #b9c2ce; stroke-width: 1; stroke-dasharray: 4 3; }
.g-branch text { font-size: 10.5px; fill: #8d99a8; }
.g-container .g-box { fill: #fcfdfe; stroke-dasharray: 6 3; }
.st-in-progress .g-box { fill: #e8f2fd; stroke: #0972d3; stroke-width: 2; }
.st-succeeded .g-box { fill: #e9f7ea; stroke: #2e8b47; }
.st-failed .g-box { fill: #fdeeee; stroke: #d91515; stroke-width: 2; }
.st-caught .g-box { fill: #fff1e3; stroke: #c76a08; stroke-width: 2; }
.st-retried .g-box { fill: #f3ecfd; stroke: #7c4dcc; stroke-width: 2; }
.g-container.st-in-progress .g-box, .g-container.st-succeeded .g-box,
.g-container.st-failed .g-box, .g-container.st-caught .g-box { fill-opacity: 0.35; }
.st-in-progress .g-head { fill: #d3e6fb; } .st-succeeded .g-head { fill: #d5efd8; }
.st-failed .g-head { fill: #fadada; } .st-caught .g-head { fill: #ffe3c4; }
.g-bar { fill: #c4ccd6; }
.st-in-progress .g-bar { fill: #0972d3; } .st-succeeded .g-bar { fill: #2e8b47; }
.st-failed .g-bar { fill: #d91515; } .st-caught .g-bar { fill: #c76a08; } .st-retried .g-bar { fill: #7c4dcc; }
.g-selected .g-box { stroke: #0972d3; stroke-width: 2.5; }
.g-ring { fill: none; stroke: #7c4dcc; stroke-width: 2.5; stroke-dasharray: 5 3; }
.g-badge rect { fill: #7c4dcc; } .g-badge text { font-size: 10px; font-weight: 700; fill: #ffffff; }
.g-edge { fill: none; stroke: #6b7685; stroke-width: 1.4; }
.g-edge.k-catch { stroke: #c76a08; stroke-dasharray: 5 4; }
.g-edge.back { stroke-dasharray: 2 3; }
.g-edge.k-catch.back { stroke-dasharray: 5 4; }
.g-arrow { fill: #6b7685; } .g-arrow-catch { fill: #c76a08; }
.g-label { font-size: 11px; fill: #3d4754; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
.g-label.k-catch { fill: #a65805; }
.g-label.k-default { fill: #6b7685; font-style: italic; }
.bp circle { fill: #ffffff; stroke: #c4ccd6; stroke-width: 1.5; }
.bp:hover circle { stroke: #d91515; fill: #fbe3e3; }
.bp.on circle { fill: #d91515; stroke: #ffffff; }
.graph-state { cursor: pointer; outline: none; }
.graph-state:focus-visible .g-box { stroke: #0972d3; stroke-width: 3; }
"#;
