//! All JavaScript interop of the app: the CodeMirror editor, localStorage, the handler
//! Worker and its sandbox, the service worker's updates (offline), small browser facts (time, randomness) and the benchmark page's engine-only entry
//! point. Nothing else calls into JS.

pub mod bench;
pub mod browser;
pub mod editor;
pub mod offline;
pub mod sandbox;
pub mod storage;
pub mod worker;
