//! All JavaScript interop of the app: the CodeMirror editor, localStorage, the handler
//! Worker, and small browser facts (time, randomness). Nothing else calls into JS.

pub mod browser;
pub mod editor;
pub mod storage;
pub mod worker;
